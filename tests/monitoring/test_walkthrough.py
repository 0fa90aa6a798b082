"""Gaps found walking issue 5 as SAC, department officer, manager and coordinator: evidence SAC can open, the
verification queue's period labels and achievement preview, corrections in the change log, the situational view's
"who" and "recommend" columns, and the recommendation's visible path."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from monitoring.models import Actual, Alert, Recommendation
from monitoring.portal import my_recommendations
from tests.monitoring.factories import TargetFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Any) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _enter(client: Any, indicator: Any, value: str, **extra: Any) -> Any:
    return client.post(
        reverse("monitoring:actual-enter", args=[indicator.pk]),
        {"year": 2026, "period": 2, "value": value, "source": "Department report", **extra},
    )


def test_sac_opens_the_evidence_and_sees_achievement_before_verifying(
    client: Any, login_as: Any, indicator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    TargetFactory(indicator=indicator, period=2, value=Decimal(100))
    login_as("officer")
    proof = SimpleUploadedFile("act.pdf", b"%PDF-1.4 signed act", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        assert _enter(client, indicator, "88", evidence=proof).status_code == 302
    actual = Actual.objects.get(indicator=indicator)
    login_as("sac")
    queue = client.get(reverse("monitoring:verify"))
    row = queue.context["page"].object_list[0]
    assert row.label == "2026-Q2"
    assert (row.achievement, row.rag) == (Decimal("0.8800"), "amber")
    body = queue.content.decode()
    assert reverse("monitoring:actual-evidence", args=[actual.pk]) in body
    detail = client.get(reverse("monitoring:actual", args=[actual.pk]))
    assert detail.context["label"] == "2026-Q2"
    assert detail.context["rag"] == "amber"
    download = client.get(reverse("monitoring:actual-evidence", args=[actual.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 signed act"
    assert download["Content-Disposition"].startswith("attachment")


def test_a_value_without_evidence_has_nothing_to_download(client: Any, login_as: Any, indicator: Any) -> None:
    actual = Actual.objects.create(
        indicator=indicator, year=2026, period=1, value=Decimal(1), status="submitted"
    )
    login_as("sac")
    assert client.get(reverse("monitoring:actual-evidence", args=[actual.pk])).status_code == 404


def test_evidence_of_a_confidential_project_stays_hidden(
    client: Any, login_as: Any, direction: Any, department_b: Any
) -> None:
    from tests.monitoring.factories import IndicatorFactory

    secret = ProjectFactory(direction=direction, department=department_b, is_confidential=True)
    actual = Actual.objects.create(
        indicator=IndicatorFactory(project=secret), year=2026, period=1, value=Decimal(1), status="submitted"
    )
    actual.evidence.save("x.pdf", SimpleUploadedFile("x.pdf", b"%PDF"))
    login_as("officer")
    assert client.get(reverse("monitoring:actual-evidence", args=[actual.pk])).status_code == 404


def test_a_correction_keeps_the_verified_value_in_the_change_log(
    client: Any, login_as: Any, indicator: Any, sac: Any, officer: Any
) -> None:
    TargetFactory(indicator=indicator, period=2, value=Decimal(100))
    login_as("officer")
    _enter(client, indicator, "97")
    login_as("sac")
    client.post(
        reverse("monitoring:verify-selected"),
        {"actual": [a.pk for a in Actual.objects.filter(indicator=indicator)]},
    )
    assert Actual.objects.get(indicator=indicator).status == Actual.Status.VERIFIED
    login_as("officer")
    _enter(client, indicator, "90")  # the department corrects a verified value
    actual = Actual.objects.get(indicator=indicator)
    assert actual.status == Actual.Status.SUBMITTED  # back to SAC
    log = client.get(reverse("monitoring:indicator-history", args=[indicator.pk])).context["log"]
    changes = [(r.who, c) for r in log if r.subject == "Actual value 2026-Q2" for c in r.changes]
    assert (str(officer), ("actual value", "97", "90")) in changes
    assert (str(officer), ("status", "Verified", "Submitted")) in changes
    assert (str(sac), ("status", "Submitted", "Verified")) in changes


def _alert(project: Any, *, responsible: Any = None, severity: str = "red") -> Alert:
    now = datetime.datetime.now(datetime.UTC)
    return Alert.objects.create(
        object_type="milestone",
        object_id=project.pk,
        year=2026,
        period=6,
        period_label="2026-06",
        severity=severity,
        kind="milestone_slip",
        title=f"{project.code}: milestone",
        project=project,
        direction=project.direction,
        responsible=responsible,
        opened_at=now,
        lagging_since=datetime.date(2026, 3, 1),
    )


def test_situation_names_who_answers_and_lets_sac_recommend(
    client: Any, login_as: Any, project: Any, direction: Any, department_a: Any
) -> None:
    unmanaged = ProjectFactory(direction=direction, department=department_a, manager=None)
    alert = _alert(unmanaged)
    login_as("sac")
    response = client.get(reverse("monitoring:situation"))
    row = next(a for a in response.context["oldest"] if a.pk == alert.pk)
    assert row.department == department_a
    body = response.content.decode()
    assert "no person named" in body
    assert f"{reverse('monitoring:recommendation-create')}?alert={alert.pk}" in body
    assert "period 2026-06" in body
    login_as("coordinator")
    assert "?alert=" not in client.get(reverse("monitoring:situation")).content.decode()


def test_recommendation_shows_its_path_and_readable_history(
    client: Any, login_as: Any, project: Any, manager: Any, coordinator: Any
) -> None:
    alert = _alert(project, responsible=manager)
    login_as("sac")
    client.post(
        reverse("monitoring:recommendation-create"),
        {"kind": "timeline", "text": "Shift the milestone", "alerts": [alert.pk], "send": "on"},
    )
    rec = Recommendation.objects.get()
    with translation.override("en"):
        assert my_recommendations(manager).items[0].badge == "Your response"
        assert my_recommendations(coordinator).items[0].badge == "Your decision"
    login_as("manager")
    page = client.get(reverse("monitoring:recommendation", args=[rec.pk]))
    assert page.context["waiting_for"] == "Waiting for the project manager's response."
    assert [s["done"] for s in page.context["steps"]] == [True, True, False, False, False]
    history_text = " ".join(c.new for row in page.context["history"] for c in row.changes)
    assert alert.title in history_text
    assert "'alert'" not in history_text
    client.post(
        reverse("monitoring:recommendation", args=[rec.pk]), {"action": "respond", "response": "Will do"}
    )
    login_as("coordinator")
    page = client.get(reverse("monitoring:recommendation", args=[rec.pk]))
    assert page.context["waiting_for"] == "Waiting for the direction coordinator's decision."
    client.post(
        reverse("monitoring:recommendation", args=[rec.pk]), {"action": "decide", "decision": "reject"}
    )
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.RESPONDED  # a rejection needs a reason
    client.post(
        reverse("monitoring:recommendation", args=[rec.pk]),
        {"action": "decide", "decision": "reject", "note": "Out of scope"},
    )
    page = client.get(reverse("monitoring:recommendation", args=[rec.pk]))
    assert "Rejected · " in page.content.decode()  # the decision, not the current status
    steps = page.context["steps"]
    assert steps[3]["label"] == "Rejected"
    assert steps[3]["rejected"] is True
    assert steps[3]["who"] == coordinator
    assert page.context["waiting_for"] == ""


def test_a_recommendation_started_from_an_alert_offers_only_its_projects_alerts(
    client: Any, login_as: Any, project: Any, direction: Any, department_a: Any
) -> None:
    first, second = _alert(project), _alert(project, severity="amber")
    other = _alert(ProjectFactory(direction=direction, department=department_a))
    login_as("sac")
    url = reverse("monitoring:recommendation-create")
    form = client.get(url, {"alert": first.pk}).context["form"]
    assert set(form.fields["alerts"].queryset) == {first, second}
    assert form.initial["alerts"] == [first.pk]
    response = client.post(
        url,
        {"for_alert": first.pk, "kind": "scope", "text": "Narrow the scope", "alerts": [first.pk, other.pk]},
    )
    assert "alerts" in response.context["form"].errors  # another project's alert is not on offer
    response = client.post(
        url,
        {"for_alert": first.pk, "kind": "scope", "text": "Narrow the scope", "alerts": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    assert set(Recommendation.objects.get().alerts.all()) == {first, second}


def test_entry_form_proposes_the_first_unreported_period_with_its_target(
    client: Any, login_as: Any, indicator: Any
) -> None:
    for q in (1, 2, 3):
        TargetFactory(indicator=indicator, year=2025, period=q, value=Decimal(10 * q))
    Actual.objects.create(indicator=indicator, year=2025, period=1, value=Decimal(9), status="verified")
    login_as("officer")
    url = reverse("monitoring:actual-enter", args=[indicator.pk])
    response = client.get(url)
    assert (response.context["form"].initial["year"], response.context["form"].initial["period"]) == (2025, 2)
    assert response.context["target"].value == Decimal(20)
    assert "Target for 2025-Q2: 20" in response.content.decode()
    asked = client.get(url, {"year": 2025, "period": 3}).context["form"].initial
    assert (asked["year"], asked["period"]) == (2025, 3)
    nonsense = client.get(url, {"year": "x", "period": 9}).context["form"].initial
    assert nonsense["period"] != 9
