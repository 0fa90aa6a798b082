"""Population shares: the Project Office enters a new version of a dimension (shares summing to 1), the SAC
reads; list with filters and export, detail, history with the acting user."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from pmis.accounts import roles
from surveys.models import PopulationReference, PopulationShare
from surveys.services.population import population_create
from tests.conftest import login
from tests.factories import DistrictFactory, UserFactory
from tests.surveys.factories import SurveyManagerFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 1)


def _sex(actor: Any, female: str = "0.52", male: str = "0.48") -> PopulationReference:
    return population_create(
        actor=actor, dimension="sex", valid_from=DAY, source="Census", shares={"female": female, "male": male}
    )


def test_versions_number_per_dimension_and_keep_history() -> None:
    pmo = SurveyManagerFactory()
    first = _sex(pmo)
    second = _sex(pmo, "0.5", "0.5")
    assert (first.version, second.version) == (1, 2)
    assert dict(second.shares.values_list("category", "share")) == {
        "female": Decimal("0.500000"),
        "male": Decimal("0.500000"),
    }
    assert first.history.get().history_user == pmo
    assert PopulationShare.history.filter(reference_id=second.pk, history_user=pmo).count() == 2


def test_shares_must_sum_to_one_and_nothing_is_half_written() -> None:
    pmo = SurveyManagerFactory()
    with pytest.raises(ValidationError) as exc:
        _sex(pmo, "0.5", "0.4")
    assert "add up to 1" in str(exc.value)
    assert "0.9" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        _sex(pmo, "abc", "0.4")
    assert "share_female" in exc.value.error_dict
    with pytest.raises(ValidationError):
        _sex(pmo, "1.5", "-0.5")
    with pytest.raises(ValidationError):
        population_create(actor=pmo, dimension="sex", valid_from=DAY, source="", shares={"female": "1"})
    assert not PopulationReference.objects.exists()
    # within the tolerance
    ref = _sex(pmo, "0.333334", "0.666667")
    assert ref.version == 1


def test_sac_reads_but_does_not_enter() -> None:
    sac = UserFactory(roles=[roles.SAC_ANALYST])
    with pytest.raises(PermissionDenied):
        _sex(sac)


def test_create_page_district_codes_and_errors_beside_fields(client: Any) -> None:
    DistrictFactory(code="pop-a", name_en="Alpha district")
    DistrictFactory(code="pop-b", name_en="Beta district")
    pmo = SurveyManagerFactory()
    login(client, pmo)
    url = reverse("surveys:population-create")
    page = client.get(url, {"dimension": "district"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Alpha district" in html
    assert 'name="share_pop-a"' in html
    from pmis.reference.models import District

    codes = list(District.objects.values_list("code", flat=True))
    data = {"dimension": "district", "shares_submitted": "1", "valid_from": "2026-01-01", "source": "Bureau"}
    bad = client.post(url, {**data, "share_pop-a": "0.5", "share_pop-b": "0.2"})
    assert bad.status_code == 200
    assert "The shares must add up to 1" in bad.content.decode()
    assert not PopulationReference.objects.exists()
    shares = {f"share_{c}": "0" for c in codes}
    shares.update({"share_pop-a": "0.6", "share_pop-b": "0.4"})
    good = client.post(url, {**data, **shares})
    ref = PopulationReference.objects.get()
    assert good.status_code == 302
    assert good.headers["Location"] == reverse("surveys:population-detail", args=[ref.pk])
    assert ref.dimension == "district"
    assert ref.created_by == pmo
    detail = client.get(good.headers["Location"]).content.decode()
    assert "Alpha district" in detail
    assert "0.6" in detail
    history = client.get(reverse("surveys:population-history", args=[ref.pk]))
    assert history.status_code == 200
    # an empty source is refused beside its field
    again = client.post(url, {**data, **shares, "source": ""})
    assert again.status_code == 200
    assert "is-invalid" in again.content.decode()


def test_list_filters_and_exports(client: Any) -> None:
    pmo = SurveyManagerFactory()
    _sex(pmo)
    population_create(
        actor=pmo,
        dimension="age_band",
        valid_from=DAY,
        source="Age survey",
        shares={"18-29": "0.25", "30-44": "0.25", "45-59": "0.25", "60+": "0.25"},
    )
    sac = UserFactory(roles=[roles.SAC_ANALYST])
    login(client, sac)
    url = reverse("surveys:population-list")
    page = client.get(url).content.decode()
    assert "Census" in page
    assert "Age survey" in page
    assert "population-create" not in page  # the SAC reads only
    only = client.get(url, {"dimension": "sex"}).content.decode()
    assert "Census" in only
    assert "Age survey" not in only
    found = client.get(url, {"q": "age"}).content.decode()
    assert "Age survey" in found
    assert "Census" not in found
    export = client.get(url, {"dimension": "sex", "export": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("surveys:population-create")).status_code == 403
    officer = UserFactory(roles=[roles.DEPARTMENT_OFFICER])
    login(client, officer)
    assert client.get(url).status_code == 403


def test_list_queries_are_flat(client: Any, django_assert_max_num_queries: Any) -> None:
    pmo = SurveyManagerFactory()
    login(client, pmo)
    _sex(pmo)
    url = reverse("surveys:population-list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _i in range(5):
        _sex(pmo)
    with django_assert_max_num_queries(len(one)):
        client.get(url)
