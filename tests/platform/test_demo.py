"""`make run` loads the demo: every app's demo data goes in on a fresh database, and a second run is harmless."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import F

from pmis.accounts.models import User


@pytest.mark.django_db(transaction=True)
def test_load_demo_fills_every_area_and_can_run_again() -> None:
    from expertise.models import ReviewCase, TariffCase
    from monitoring.models import Alert, Indicator
    from portfolio.models import Meeting
    from projects.models import BudgetLine, Project

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Password for all demo users" in out.getvalue()
    for username in (
        "officer",
        "manager",
        "coordinator",
        "pmo",
        "sac",
        "committee",
        "expert",
        "expertise_head",
        "admin",
    ):
        assert User.objects.filter(username=username).exists(), username
    assert Project.objects.count() >= 10
    assert Indicator.objects.filter(project__isnull=False).exists()
    assert Alert.objects.filter(closed_at__isnull=True).exists()
    assert Meeting.objects.exists()
    assert ReviewCase.objects.exists()
    assert TariffCase.objects.exists()
    in_review = ReviewCase.objects.get(kind="ppp_documentation", status=ReviewCase.Status.IN_REVIEW)
    assert in_review.assignments.exists()
    assert (
        in_review.financial_models.get().results.get().results["fnpv"] is not None
    )  # appraised: the page shows metrics
    # monthly disbursements recorded by the monitoring demo show in the register's totals
    assert BudgetLine.objects.filter(year=2026, disbursed__gt=0).exists()
    # and never more than the line has committed (the card would flag it)
    assert not BudgetLine.objects.filter(disbursed__gt=F("committed")).exists()

    projects = Project.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Project.objects.count() == projects
