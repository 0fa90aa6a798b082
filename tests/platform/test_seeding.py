"""Data seeded by migrations survives a flush (transactional tests, a reset database)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from expertise.models import Holiday, ReviewDeadlineRule
from monitoring.models import Indicator
from pmis.accounts import roles


def _seeded() -> dict[str, object]:
    pmo = Group.objects.filter(name=roles.PMO_STAFF).first()
    return {
        "roles": Group.objects.count(),
        "pmo_edits_projects": bool(pmo and pmo.permissions.filter(codename="change_project").exists()),
        "holidays": Holiday.objects.count(),
        "review_rules": ReviewDeadlineRule.objects.count(),
        "strategic": sorted(Indicator.objects.filter(code__startswith="S-").values_list("code", flat=True)),
    }


@pytest.mark.django_db(transaction=True)
def test_flush_brings_back_what_migrations_seeded() -> None:
    before = _seeded()
    assert before["roles"] >= len(roles.ROLES)
    assert before["pmo_edits_projects"] is True
    assert before["holidays"] > 0
    assert before["review_rules"] > 0
    assert before["strategic"] == ["S-01", "S-02"]

    call_command("flush", interactive=False, verbosity=0)

    assert _seeded() == before


@pytest.mark.django_db(transaction=True)
def test_reseeding_twice_creates_no_duplicates() -> None:
    call_command("flush", interactive=False, verbosity=0)
    once = _seeded()
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)  # nothing to apply: post_migrate runs the seeds again
    assert _seeded() == once
