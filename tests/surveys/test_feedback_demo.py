"""The feedback demo: every state on the published demo projects, idempotent, and a clear line without any."""

from __future__ import annotations

import io
from typing import Any

import pytest

from surveys import demo_feedback
from surveys.models import Feedback
from tests.surveys.factories_feedback import published_project

pytestmark = pytest.mark.django_db


def test_demo_without_published_projects_says_so() -> None:
    out = io.StringIO()
    demo_feedback.load(out)
    assert "no published project" in out.getvalue()
    assert not Feedback.objects.exists()


def test_demo_loads_every_state_once(pmo: Any) -> None:
    published_project()
    published_project()
    demo_feedback.load(io.StringIO())
    statuses = set(Feedback.objects.values_list("status", flat=True))
    assert statuses == {"pending", "rejected", "routed", "answered"}
    from django.utils import timezone

    assert Feedback.objects.filter(status="routed", due_date__lt=timezone.localdate()).exists()
    assert Feedback.objects.filter(status="routed", due_date__gte=timezone.localdate()).exists()
    count = Feedback.objects.count()
    demo_feedback.load(io.StringIO())
    assert Feedback.objects.count() == count
