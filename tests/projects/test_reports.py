"""Status reports: computed RAG at the report level (MONITORING.md reference values), confidence rationale,
submit → return with remarks → resubmit → accept by the direction's coordinator only, frozen once accepted."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pmis.notifications.models import Notification
from projects import rag
from projects.models import Rag, RagPolicy, StatusReport
from projects.services import reports as services
from tests.conftest import assert_num_queries, login
from tests.projects.factories import BudgetLineFactory, MilestoneFactory, StatusReportFactory

pytestmark = pytest.mark.django_db
D = datetime.date
St = StatusReport.Status


def _report(project: Any, **kwargs: Any) -> StatusReport:
    kwargs.setdefault("period_year", 2026)
    kwargs.setdefault("period_month", 6)
    return StatusReport(project=project, narrative="Работы идут.", **kwargs)


@pytest.mark.parametrize(
    ("disbursed", "expected"),
    [("485000", Rag.GREEN), ("450000", Rag.AMBER), ("400000", Rag.RED)],  # E = 0.97, 0.90, 0.80
)
def test_finance_rag_reference_values_at_report_level(project_a: Any, manager: Any, disbursed: str, expected: str) -> None:
    # year plan 1,000,000; June report → planned to date = 6/12 = 500,000
    BudgetLineFactory(project=project_a, year=2026, plan=Decimal("1000000"), disbursed=Decimal(disbursed))
    report = services.status_report_save(report=_report(project_a), actor=manager, today=D(2026, 9, 1))
    assert report.rag_finance == expected
    assert report.rag_milestones == Rag.NONE
    assert report.rag_overall == expected
    assert report.rag_policy_version == RagPolicy.current().version == 1


def test_overall_is_the_worst_and_milestones_count(project_a: Any, manager: Any) -> None:
    BudgetLineFactory(project=project_a, year=2026, plan=Decimal("1200000"), disbursed=Decimal("600000"))  # Green
    MilestoneFactory(project=project_a, planned_date=D(2026, 6, 10), forecast_date=D(2026, 6, 30))  # 20 days: Amber
    report = services.status_report_save(report=_report(project_a), actor=manager, today=D(2026, 9, 1))
    assert (report.rag_finance, report.rag_milestones, report.rag_overall) == (Rag.GREEN, Rag.AMBER, Rag.AMBER)
    MilestoneFactory(project=project_a, planned_date=D(2026, 5, 1), is_critical=True)  # missed critical: Red
    report = services.status_report_save(report=report, actor=manager, today=D(2026, 9, 1))
    assert (report.rag_milestones, report.rag_overall) == (Rag.RED, Rag.RED)


def test_report_rag_is_computed_as_of_the_end_of_its_month(project_a: Any, manager: Any) -> None:
    MilestoneFactory(project=project_a, planned_date=D(2026, 7, 10))  # not yet due at the end of June
    report = services.status_report_save(report=_report(project_a), actor=manager, today=D(2026, 12, 1))
    assert report.rag_milestones == Rag.GREEN


def test_reference_value_matches_pure_function(project_a: Any) -> None:
    assert rag.indicator_rating(100, 97) == Rag.GREEN
    assert rag.indicator_rating(100, 90) == Rag.AMBER
    assert rag.indicator_rating(100, 80) == Rag.RED


def test_confidence_differing_from_rag_needs_a_rationale(project_a: Any, manager: Any) -> None:
    BudgetLineFactory(project=project_a, year=2026, plan=Decimal("1000000"), disbursed=Decimal("400000"))  # Red
    with pytest.raises(ValidationError) as exc:
        services.status_report_save(report=_report(project_a, confidence="green"), actor=manager, today=D(2026, 9, 1))
    assert "confidence_rationale" in exc.value.message_dict
    report = services.status_report_save(
        report=_report(project_a, confidence="green", confidence_rationale="Оплата прошла 1 июля"),
        actor=manager, today=D(2026, 9, 1),
    )
    assert report.confidence == "green"
    same = services.status_report_save(
        report=_report(project_a, period_month=9, confidence="amber_red"), actor=manager, today=D(2026, 9, 1)
    )
    assert same.confidence_rationale == ""  # Amber/Red agrees with a computed Red


def test_form_shows_rationale_error_next_to_the_field(client: Any, project_a: Any, manager: Any) -> None:
    BudgetLineFactory(project=project_a, year=2020, plan=Decimal("1000000"), disbursed=Decimal("0"))  # past year: Red
    login(client, manager)
    response = client.post(reverse("projects:report-create", args=[project_a.pk]), {
        "period_year": "2026", "period_month": "1", "narrative": "Итоги", "confidence": "green",
    })
    assert response.status_code == 200
    assert "confidence_rationale" in response.context["form"].errors
    assert not StatusReport.objects.exists()


def test_one_report_per_month(project_a: Any, manager: Any) -> None:
    services.status_report_save(report=_report(project_a), actor=manager)
    with pytest.raises(ValidationError) as exc:
        services.status_report_save(report=_report(project_a), actor=manager)
    assert "period_month" in exc.value.message_dict


def test_submit_return_resubmit_accept(
    client: Any, project_a: Any, manager: Any, coordinator: Any
) -> None:
    BudgetLineFactory(project=project_a, year=2026, plan=Decimal("1200000"), disbursed=Decimal("600000"))
    report = services.status_report_save(report=_report(project_a, confidence="green"), actor=manager)
    login(client, manager)
    client.post(reverse("projects:report-submit", args=[project_a.pk, report.pk]))
    report.refresh_from_db()
    assert report.status == St.SUBMITTED
    assert Notification.objects.filter(recipient=coordinator).count() == 1

    client.logout()
    login(client, coordinator)
    url = reverse("projects:report-review", args=[project_a.pk, report.pk, "return"])
    client.post(url, {"remarks": ""})
    report.refresh_from_db()
    assert report.status == St.SUBMITTED  # remarks are required to return
    client.post(url, {"remarks": "Уточните достижения"})
    report.refresh_from_db()
    assert (report.status, report.review_remarks, report.reviewed_by) == (St.RETURNED, "Уточните достижения", coordinator)
    assert Notification.objects.filter(recipient=manager, kind="warning").count() == 1

    client.logout()
    login(client, manager)
    response = client.post(reverse("projects:report-edit", args=[project_a.pk, report.pk]), {
        "narrative": "Работы идут.", "achievements": "Сдан первый участок", "confidence": "green",
    })
    assert response.status_code == 302
    client.post(reverse("projects:report-submit", args=[project_a.pk, report.pk]))
    client.logout()
    login(client, coordinator)
    client.post(reverse("projects:report-review", args=[project_a.pk, report.pk, "accept"]))
    report.refresh_from_db()
    assert report.status == St.ACCEPTED
    assert report.achievements == "Сдан первый участок"
    project_a.refresh_from_db()
    assert (project_a.rag, project_a.rag_policy_version, project_a.confidence) == (
        report.rag_overall, report.rag_policy_version, "green"
    )
    assert Notification.objects.filter(recipient=manager, kind="success").count() == 1


def test_accepted_report_is_frozen(client: Any, project_a: Any, manager: Any) -> None:
    report = StatusReportFactory(project=project_a, status=St.ACCEPTED, narrative="Итог")
    report.narrative = "Переписано"
    with pytest.raises(ValidationError):
        services.status_report_save(report=report, actor=manager)
    with pytest.raises(ValidationError):
        services.status_report_submit(report=report, actor=manager)
    report.refresh_from_db()
    assert report.narrative == "Итог"
    login(client, manager)
    response = client.post(reverse("projects:report-edit", args=[project_a.pk, report.pk]), {"narrative": "X"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.narrative == "Итог"
    page = client.get(reverse("projects:report-detail", args=[project_a.pk, report.pk])).content.decode()
    assert 'data-testid="report-frozen"' in page
    assert 'data-testid="report-edit"' not in page
    assert 'data-testid="report-submit"' not in page


def test_coordinator_of_another_direction_cannot_accept(
    client: Any, project_a: Any, manager: Any, other_direction: Any
) -> None:
    from pmis.accounts import roles
    from tests.factories import UserFactory

    stranger = UserFactory(username="coord2", roles=[roles.BDIG_COORDINATOR])
    other_direction.coordinators.add(stranger)
    report = StatusReportFactory(project=project_a, status=St.SUBMITTED, submitted_by=manager)
    login(client, stranger)
    response = client.post(reverse("projects:report-review", args=[project_a.pk, report.pk, "accept"]))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == St.SUBMITTED


def test_coordinator_of_another_direction_gets_404_on_a_confidential_project(
    client: Any, confidential_project: Any, other_direction: Any
) -> None:
    from pmis.accounts import roles
    from tests.factories import UserFactory

    stranger = UserFactory(username="coord3", roles=[roles.BDIG_COORDINATOR])
    other_direction.coordinators.add(stranger)
    report = StatusReportFactory(project=confidential_project, status=St.SUBMITTED)
    login(client, stranger)
    url = reverse("projects:report-review", args=[confidential_project.pk, report.pk, "accept"])
    assert client.post(url).status_code == 404


def test_manager_cannot_accept_own_report(client: Any, project_a: Any, manager: Any) -> None:
    report = StatusReportFactory(project=project_a, status=St.SUBMITTED, submitted_by=manager)
    login(client, manager)
    assert client.post(reverse("projects:report-review", args=[project_a.pk, report.pk, "accept"])).status_code == 403


@pytest.mark.parametrize("rows", [1, 50])
def test_reports_tab_queries_do_not_grow(client: Any, project_a: Any, manager: Any, coordinator: Any, rows: int) -> None:
    for i in range(rows):
        StatusReportFactory(
            project=project_a, period_year=2000 + i, period_month=1, submitted_by=manager, reviewed_by=coordinator
        )
    login(client, manager)
    client.get(reverse("projects:reports", args=[project_a.pk]))
    with assert_num_queries(10):
        response = client.get(reverse("projects:reports", args=[project_a.pk]))
    assert len(response.context["reports"]) == rows


def test_home_panel_lists_reports_waiting_for_the_coordinator(
    client: Any, project_a: Any, manager: Any, coordinator: Any
) -> None:
    from pmis.core.portal import panels_for

    StatusReportFactory(project=project_a, status=St.SUBMITTED, submitted_by=manager)
    StatusReportFactory(project=project_a, status=St.ACCEPTED)
    panel = next(p for p in panels_for(coordinator) if p.key == "reports-to-review")
    assert panel.count == 1
    assert all(p.key != "reports-to-review" for p in panels_for(manager))


def test_the_review_notification_is_in_the_coordinators_language_not_the_submitters(
    project_a: Any, manager: Any, coordinator: Any
) -> None:
    from django.utils import translation

    coordinator.language = "ru"
    coordinator.save(update_fields=["language"])
    BudgetLineFactory(project=project_a, year=2026, plan=Decimal("1200000"), disbursed=Decimal("600000"))
    report = services.status_report_save(report=_report(project_a, confidence="green"), actor=manager)
    with translation.override("en"):  # the manager works in English
        services.status_report_submit(report=report, actor=manager)
    note = Notification.objects.get(recipient=coordinator)
    with translation.override("ru"):
        title = note.title_text
    assert title.startswith("Отчёт о статусе за ")
    assert title.endswith(f"2026 г. по проекту {project_a.code} ожидает вашего рассмотрения")
    assert "06.2026" not in title  # the month is written out in the reader's language
    with translation.override("kk"):
        assert note.title_text.startswith(f"{project_a.code} жобасы бойынша")
    with translation.override("en"):
        assert note.title_text == f"Status report June 2026 of {project_a.code} awaits your review"
