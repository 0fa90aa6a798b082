"""The demo tariff cases load, are idempotent and reproduce the Omsk reference values on the page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from expertise.tariffs.demo import load
from expertise.tariffs.models import TariffCase
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_demo_cases(client: Any, expert: Any) -> None:
    load({"users": {"expert": expert}})
    load({"users": {"expert": expert}})  # a second run changes nothing
    assert TariffCase.objects.count() == 3
    login(client, expert)
    omsk = TariffCase.objects.get(contract__number="OMSK-2015")
    result = client.get(reverse("expertise:tariff-detail", args=[omsk.pk])).context["result"]
    assert result.subsidy.quantize(Decimal(1)) == Decimal(263634)
    assert (-sum(r.need for r in result.routes)).quantize(Decimal(1)) == Decimal(475132)
    almaty = TariffCase.objects.get(contract__number="ALA-2025-092", period_start__month=1)
    assert almaty.status == TariffCase.Status.VERIFIED  # the first quarter is issued, its norms frozen
    assert almaty.issued_basis
    assert almaty.checks.filter(passed=False).exists()
    page = client.get(reverse("expertise:tariff-detail", args=[almaty.pk]))
    route = page.context["result"].routes[0]
    assert Decimal(280) < route.tariff.per_trip < Decimal(340)
    assert route.fare == Decimal(100)
    failed = {c["check"].code for c in page.context["live_checks"] if not c["check"].passed}
    assert failed >= {"km", "passengers", "wages", "non_route"}
