"""Passport approval tells the people who act next: on submission the Project Office staff and the head of the
project's direction (who may approve or return it); on return or approval the project's manager and whoever
submitted the version. Nobody else (auditors, experts, the Committee) and never the actor."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pmis.notifications.models import Notification
from projects.models import PassportVersion
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _recipients(kind: str | None = None) -> set[str]:
    notes = Notification.objects.all() if kind is None else Notification.objects.filter(kind=kind)
    return set(notes.values_list("recipient__username", flat=True))


def _submit(client: Any, user: Any, passport: PassportVersion) -> None:
    login(client, user)
    response = client.post(reverse("projects:passport-submit", args=[passport.project_id, passport.pk]))
    assert response.status_code == 302
    passport.refresh_from_db()
    assert passport.status == PassportVersion.Status.SUBMITTED


def test_submission_return_and_approval_notify_who_acts_next(
    client: Any,
    project_a: Any,
    manager: Any,
    officer_a: Any,
    pmo: Any,
    direction_head: Any,
    coordinator: Any,
    auditor: Any,
    expert: Any,
    committee: Any,
) -> None:
    passport = PassportVersion.objects.create(
        project=project_a, version=1, goals="Сократить время в пути.", expected_results="Выделенные полосы."
    )
    _submit(client, officer_a, passport)
    assert _recipients() == {"pmo", "head"}
    note = Notification.objects.get(recipient=pmo)
    assert note.url == reverse("projects:passport", args=[project_a.pk])
    assert project_a.code in note.title

    Notification.objects.all().delete()
    login(client, pmo)
    client.post(reverse("projects:passport-decide", args=[project_a.pk, passport.pk]), {"action": "return"})
    passport.refresh_from_db()
    assert passport.status == PassportVersion.Status.DRAFT
    assert _recipients("warning") == {"manager", "officer"} == _recipients()

    Notification.objects.all().delete()
    _submit(client, manager, passport)
    assert _recipients() == {"pmo", "head"}  # the manager, who submitted, is not told of their own act

    Notification.objects.all().delete()
    login(client, direction_head)
    client.post(reverse("projects:passport-decide", args=[project_a.pk, passport.pk]), {"action": "approve"})
    passport.refresh_from_db()
    assert passport.status == PassportVersion.Status.APPROVED
    assert _recipients("success") == {"manager"} == _recipients()
