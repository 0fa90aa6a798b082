"""Each automatic pre-check passed / failed / not checked, with real rows of the register, monitoring, expertise
and earlier audits, at the cut-off date; figures are stored sentences rendered in the reader's language."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django.utils.translation import override

from audits import prechecks
from audits.checklist_start import START as CHECKLIST
from pmis.core import portal
from pmis.core.texts import render
from tests.audits.factories import ActionFactory, AuditFactory, FindingFactory
from tests.projects.factories import (
    BaselineFactory,
    BudgetLineFactory,
    ChangeRequestFactory,
    DocumentFactory,
    MilestoneFactory,
    PassportVersionFactory,
    ProjectFactory,
    RiskFactory,
    StatusReportFactory,
)

pytestmark = pytest.mark.django_db

CUTOFF = datetime.date(2026, 4, 30)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def text(facts: list[Any]) -> str:
    with override("en"):
        return " | ".join(render(f.as_json()) for f in facts)


@pytest.fixture
def project() -> Any:
    return ProjectFactory()


def test_every_precheck_key_of_the_checklist_has_a_function() -> None:
    keys = {row["precheck"] for row in CHECKLIST if row["precheck"]}
    assert keys == set(prechecks.PRECHECKS)


def test_run_stores_json_and_a_blank_key_is_not_checked(project: Any) -> None:
    assert prechecks.run("", project, CUTOFF) == ("not_checked", [])
    status, facts = prechecks.run("passport", project, CUTOFF)
    assert status == "failed"
    assert facts == [{"key": "The project has no passport.", "args": {}}]


class TestPassport:
    def test_passed(self, project: Any) -> None:
        PassportVersionFactory(
            project=project, version=1, status="approved", approved_at=at(datetime.date(2026, 2, 1))
        )
        status, facts = prechecks.passport(project, CUTOFF)
        assert status == "passed"
        assert "version 1 approved on" in text(facts)

    def test_failed_when_a_newer_version_waits(self, project: Any) -> None:
        PassportVersionFactory(
            project=project, version=1, status="approved", approved_at=at(datetime.date(2026, 2, 1))
        )
        PassportVersionFactory(project=project, version=2, status="submitted")
        status, facts = prechecks.passport(project, CUTOFF)
        assert status == "failed"
        assert "newer version 2 is not approved" in text(facts)

    def test_an_approval_after_the_cutoff_does_not_count(self, project: Any) -> None:
        PassportVersionFactory(
            project=project, version=1, status="approved", approved_at=at(datetime.date(2026, 6, 1))
        )
        assert prechecks.passport(project, CUTOFF)[0] == "failed"


class TestIndicators:
    def test_passed_and_failed(self, project: Any) -> None:
        from tests.monitoring.factories import IndicatorFactory, TargetFactory

        good = IndicatorFactory(project=project, baseline_value=Decimal("10"), source="Акимат")
        TargetFactory(indicator=good)
        assert prechecks.indicators(project, CUTOFF)[0] == "passed"
        IndicatorFactory(project=project, source="")  # no baseline, targets or source
        status, facts = prechecks.indicators(project, CUTOFF)
        assert status == "failed"
        assert "1 of 2 indicators have a baseline." in text(facts)
        assert "1 of 2 indicators name their data source." in text(facts)

    def test_no_indicators_fails(self, project: Any) -> None:
        assert prechecks.indicators(project, CUTOFF)[0] == "failed"

    def test_not_checked_without_a_provider(self, project: Any, monkeypatch: Any) -> None:
        monkeypatch.delitem(portal._FACTS, "indicators")
        status, facts = prechecks.indicators(project, CUTOFF)
        assert status == "not_checked"
        assert "no application provides indicator data" in text(facts)


class TestPlan:
    def test_passed(self, project: Any, manager: Any) -> None:
        BaselineFactory(project=project, version=1)
        MilestoneFactory(project=project, owner=manager)
        status, facts = prechecks.plan(project, CUTOFF)
        assert status == "passed"
        assert "1 of 1 milestones have an owner." in text(facts)

    def test_failed(self, project: Any, manager: Any) -> None:
        MilestoneFactory(project=project, owner=manager)
        MilestoneFactory(project=project, owner=None)
        status, facts = prechecks.plan(project, CUTOFF)
        assert status == "failed"
        assert "no baseline" in text(facts)
        assert "1 of 2 milestones" in text(facts)


class TestBudget:
    def test_passed(self, project: Any) -> None:
        BudgetLineFactory(project=project)
        status, facts = prechecks.budget(project, CUTOFF)
        assert status == "passed"
        assert "1 of 1 budget lines carry a budget-program code." in text(facts)

    def test_failed(self, project: Any) -> None:
        BudgetLineFactory(
            project=project, budget_program_code="", committed=Decimal("100"), disbursed=Decimal("200")
        )
        status, facts = prechecks.budget(project, CUTOFF)
        assert status == "failed"
        assert "0 of 1 budget lines" in text(facts)
        assert "Disbursed exceeds the committed amount on 1" in text(facts)

    def test_no_lines_fails(self, project: Any) -> None:
        assert prechecks.budget(project, CUTOFF)[0] == "failed"


class TestReports:
    def _report(self, project: Any, month: int, submitted: datetime.date, **kwargs: Any) -> Any:
        return StatusReportFactory(
            project=project,
            period_year=2026,
            period_month=month,
            status="submitted",
            submitted_at=at(submitted),
            **kwargs,
        )

    def test_passed(self, project: Any) -> None:
        for month in (1, 2, 3):
            self._report(project, month, datetime.date(2026, month + 1, 5))
        status, facts = prechecks.reports(project, CUTOFF)
        assert status == "passed", text(facts)
        assert "3 of 3 status reports on time." in text(facts)
        assert "3 of 3 reported RAG ratings equal" in text(facts)

    def test_failed_late_missing_and_rag(self, project: Any) -> None:
        self._report(project, 1, datetime.date(2026, 2, 20))  # late
        self._report(project, 2, datetime.date(2026, 3, 5), rag_overall="green")  # RAG not from the data
        status, facts = prechecks.reports(project, CUTOFF)
        assert status == "failed"
        assert "1 of 3 status reports on time." in text(facts)
        assert "1 of 2 reported RAG ratings equal" in text(facts)
        assert "First late or missing report: January 2026" in text(facts)

    def test_not_checked_before_any_report_is_due(self, project: Any) -> None:
        status, facts = prechecks.reports(project, datetime.date(2026, 2, 1))
        assert status == "not_checked"
        assert "no status report was due" in text(facts)


class TestChanges:
    def test_passed_and_failed(self, project: Any, manager: Any) -> None:
        BaselineFactory(project=project, version=1)
        request = ChangeRequestFactory(
            project=project, status="approved", decided_at=at(datetime.date(2026, 2, 1))
        )
        baseline = BaselineFactory(project=project, version=2, change_request=request)
        request.resulting_baseline = baseline
        request.save()
        status, facts = prechecks.changes(project, timezone.localdate() + datetime.timedelta(days=1))
        assert status == "passed", text(facts)
        assert "1 of 1 baseline changes" in text(facts)
        BaselineFactory(project=project, version=3)  # re-baselined without a change request
        ChangeRequestFactory(project=project, status="approved", decided_at=at(datetime.date(2026, 3, 1)))
        status, facts = prechecks.changes(project, timezone.localdate() + datetime.timedelta(days=1))
        assert status == "failed"
        assert "1 of 2 baseline changes" in text(facts)
        assert "1 approved changes" in text(facts)


class TestRisks:
    def test_passed(self, project: Any, manager: Any) -> None:
        RiskFactory(
            project=project,
            probability=4,
            impact=4,
            owner=manager,
            response="Резерв",
            review_date=datetime.date(2026, 4, 20),
        )
        status, facts = prechecks.risks(project, CUTOFF)
        assert status == "passed", text(facts)

    def test_failed_stale_and_unowned(self, project: Any) -> None:
        RiskFactory(
            project=project, probability=4, impact=4, owner=None, review_date=datetime.date(2026, 1, 1)
        )
        status, facts = prechecks.risks(project, CUTOFF)
        assert status == "failed"
        assert "0 of 1 open risks reviewed within 45 days" in text(facts)
        assert "0 of 1 top risks (score 12 or more)" in text(facts)

    def test_empty_register_fails(self, project: Any) -> None:
        assert prechecks.risks(project, CUTOFF)[0] == "failed"


class TestExpertise:
    def _paid(self, project: Any, year: int, month: int) -> None:
        from monitoring.models import Disbursement

        line = BudgetLineFactory(project=project)
        Disbursement.objects.create(budget_line=line, year=year, month=month, amount=Decimal("1000"))

    def _opinion(self, project: Any, issued: datetime.date) -> None:
        from tests.expertise.factories import IssuedOpinionFactory, ReviewCaseFactory

        case = ReviewCaseFactory(project=project, received_on=datetime.date(2025, 12, 1), status="closed")
        IssuedOpinionFactory(case=case, year=issued.year, issued_on=issued, is_historical=False)

    def test_passed(self, project: Any) -> None:
        self._opinion(project, datetime.date(2026, 1, 20))
        self._paid(project, 2026, 3)
        status, facts = prechecks.expertise(project, CUTOFF)
        assert status == "passed", text(facts)
        assert "First disbursement in March 2026." in text(facts)

    def test_failed_when_paid_before_the_opinion(self, project: Any) -> None:
        self._opinion(project, datetime.date(2026, 4, 10))
        self._paid(project, 2026, 2)
        assert prechecks.expertise(project, CUTOFF)[0] == "failed"

    def test_not_checked_without_a_case(self, project: Any) -> None:
        self._paid(project, 2026, 2)
        status, facts = prechecks.expertise(project, CUTOFF)
        assert status == "not_checked"
        assert "no expertise case" in text(facts)

    def test_not_checked_without_a_provider(self, project: Any, monkeypatch: Any) -> None:
        monkeypatch.delitem(portal._FACTS, "expertise_opinions")
        assert prechecks.expertise(project, CUTOFF)[0] == "not_checked"


class TestDocuments:
    def test_passed_failed_not_checked(self, project: Any) -> None:
        assert prechecks.documents(project, CUTOFF)[0] == "not_checked"
        DocumentFactory(project=project)
        assert prechecks.documents(project, CUTOFF)[0] == "passed"
        DocumentFactory(project=project, sha256="")
        status, facts = prechecks.documents(project, CUTOFF)
        assert status == "failed"
        assert "1 of 2 documents carry a SHA-256." in text(facts)


class TestEarlierFindings:
    def _action(self, project: Any, **kwargs: Any) -> Any:
        earlier = AuditFactory(project=project, status="issued", issued_at=at(datetime.date(2025, 11, 1)))
        return ActionFactory(finding=FindingFactory(audit=earlier), **kwargs)

    def test_passed_without_earlier_findings(self, project: Any) -> None:
        assert prechecks.earlier_findings(project, CUTOFF)[0] == "passed"

    def test_passed_when_closed_in_time(self, project: Any) -> None:
        self._action(
            project,
            due_date=datetime.date(2026, 2, 1),
            status="verified",
            verified_at=at(datetime.date(2026, 1, 25)),
        )
        assert prechecks.earlier_findings(project, CUTOFF)[0] == "passed"

    def test_failed_when_late_or_open(self, project: Any) -> None:
        self._action(project, due_date=datetime.date(2026, 2, 1), status="open")
        status, facts = prechecks.earlier_findings(project, CUTOFF)
        assert status == "failed"
        assert "0 of 1 corrective actions" in text(facts)


def test_facts_render_in_russian(project: Any) -> None:
    _status, facts = prechecks.run("passport", project, CUTOFF)
    with override("ru"):
        assert render(facts[0])  # a key with no translation yet still renders (the English key)
