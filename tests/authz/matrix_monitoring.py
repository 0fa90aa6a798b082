"""Monitoring URLs: every internal user reads official views; SAC verifies, scans and runs the calendar;
the Project Office edits the RAG policy; actuals come from the responsible organization or project editors."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from monitoring.models import Actual, Alert, ImportBatch, Indicator, Recommendation, ReportingPeriod, Target
from tests.authz import LOGIN, Entry
from tests.projects.factories import BudgetLineFactory, ProjectFactory

SAC_ONLY = {"anonymous": LOGIN, "sac": 200, "admin": 200, "*": 403}
SAC_POST = {"anonymous": LOGIN, "sac": 302, "admin": 302, "*": 403}


def setup(world: Any) -> None:
    u = world.users
    officer = u["officer"]
    direction = u["coordinator"].coordinated_directions.first()
    world.mon_project = ProjectFactory(
        direction=direction, department=officer.organization, manager=u["manager"]
    )
    world.mon_secret = ProjectFactory(
        direction=direction, department=u["outsider_officer"].organization, is_confidential=True
    )
    world.mon_line = BudgetLineFactory(project=world.mon_project, year=2026)
    world.mon_indicator = Indicator.objects.create(
        code="MON-P1",
        name_ru="Показатель",
        unit="%",
        level=Indicator.Level.PROJECT,
        project=world.mon_project,
        frequency="quarterly",
        responsible_organization=officer.organization,
    )
    world.mon_strategic = Indicator.objects.create(
        code="MON-ST1",
        name_ru="Стратегический",
        unit="место",
        level=Indicator.Level.STRATEGIC,
        frequency="annual",
    )
    world.mon_secret_indicator = Indicator.objects.create(
        code="MON-S1",
        name_ru="Секретный",
        unit="%",
        level=Indicator.Level.PROJECT,
        project=world.mon_secret,
        frequency="quarterly",
    )
    Target.objects.create(indicator=world.mon_indicator, year=2026, period=1, value=Decimal(100))
    world.mon_actual = Actual.objects.create(
        indicator=world.mon_indicator,
        year=2026,
        period=1,
        value=Decimal(80),
        status=Actual.Status.SUBMITTED,
        entered_by=officer,
    )
    world.mon_actual.evidence.save("evidence.pdf", ContentFile(b"%PDF-1.4"))
    world.mon_secret_actual = Actual.objects.create(
        indicator=world.mon_secret_indicator,
        year=2026,
        period=1,
        value=Decimal(80),
        status=Actual.Status.SUBMITTED,
        entered_by=u["outsider_officer"],
    )
    now = datetime.datetime.now(datetime.UTC)
    world.mon_alert = Alert.objects.create(
        object_type="indicator",
        object_id=world.mon_indicator.pk,
        year=2026,
        period=1,
        period_label="2026-Q1",
        severity="red",
        kind="indicator_lag",
        title="MON-P1",
        project=world.mon_project,
        indicator=world.mon_indicator,
        direction=direction,
        responsible=u["manager"],
        opened_at=now,
        lagging_since=now.date(),
    )
    world.mon_secret_alert = Alert.objects.create(
        object_type="indicator",
        object_id=world.mon_secret_indicator.pk,
        year=2026,
        period=1,
        period_label="2026-Q1",
        severity="red",
        kind="indicator_lag",
        title="MON-S1",
        project=world.mon_secret,
        indicator=world.mon_secret_indicator,
        direction=direction,
        opened_at=now,
        lagging_since=now.date(),
    )
    world.mon_rec = Recommendation.objects.create(
        kind="targets",
        text="Пересмотреть",
        project=world.mon_project,
        indicator=world.mon_indicator,
        drafted_by=u["sac"],
        status="sent",
    )
    world.mon_rec.alerts.add(world.mon_alert)
    world.mon_period = ReportingPeriod.objects.create(
        year=2026, frequency="quarterly", period=1, due_date=datetime.date(2026, 4, 15)
    )
    world.mon_batch = ImportBatch.objects.create(
        uploaded_by=officer, original_name="a.xlsx", status="checked"
    )
    world.mon_batch.file.save("a.xlsx", ContentFile(b"x"))


# who sees the confidential project: its department's officers (outsider), coordinators and head of its
# direction, Project Office, Committee, administrators; everyone else gets 404
SECRET = {
    "anonymous": LOGIN,
    "outsider_officer": 200,
    "coordinator": 200,
    "direction_head": 200,
    "pmo": 200,
    "committee": 200,
    "admin": 200,
    "*": 404,
}

INDICATOR_OWNERS = {"anonymous": LOGIN, "sac": 200, "pmo": 200, "admin": 200, "*": 403}
MANAGE_PROJECT_INDICATOR = {**INDICATOR_OWNERS, "officer": 200, "manager": 200}
PROJECT_EDITORS_OR_OWNERS = {**MANAGE_PROJECT_INDICATOR, "outsider_officer": 200}

ENTRIES = [
    Entry("monitoring:city", expect={"anonymous": LOGIN, "*": 200}),
    Entry("monitoring:city-pdf", method="POST", expect={"anonymous": LOGIN, "*": 302}),
    Entry(
        "monitoring:direction",
        args=lambda w: [w.mon_project.direction_id],
        expect={"anonymous": LOGIN, "*": 200},
    ),
    Entry("monitoring:project", args=lambda w: [w.mon_project.pk], expect={"anonymous": LOGIN, "*": 200}),
    Entry(
        "monitoring:project",
        args=lambda w: [w.mon_secret.pk],
        expect=SECRET,
        note="confidential project: IDOR",
    ),
    Entry("monitoring:situation", expect={"anonymous": LOGIN, "*": 200}),
    Entry("monitoring:indicators", expect={"anonymous": LOGIN, "*": 200}),
    Entry("monitoring:indicator", args=lambda w: [w.mon_indicator.pk], expect={"anonymous": LOGIN, "*": 200}),
    Entry("monitoring:indicator", args=lambda w: [w.mon_secret_indicator.pk], expect=SECRET, note="IDOR"),
    # actuals: the responsible organization (officer, manager share department A), project editors, SAC
    Entry(
        "monitoring:actual-enter",
        args=lambda w: [w.mon_indicator.pk],
        expect={
            "anonymous": LOGIN,
            "officer": 200,
            "manager": 200,
            "sac": 200,
            "admin": 200,
            "pmo": 200,
            "direction_head": 200,
            "*": 403,
        },
    ),
    Entry(
        "monitoring:actual-enter",
        args=lambda w: [w.mon_secret_indicator.pk],
        method="POST",
        expect={
            "anonymous": LOGIN,
            "outsider_officer": 200,
            "pmo": 200,
            "admin": 200,
            "coordinator": 403,
            "direction_head": 403,
            "committee": 403,
            "*": 404,
        },
        note="IDOR: invisible → 404",
    ),
    # indicator management: SAC / Project Office at every level, a project's editors for its indicators
    Entry("monitoring:indicator-create", expect=PROJECT_EDITORS_OR_OWNERS),
    Entry(
        "monitoring:indicator-update", args=lambda w: [w.mon_indicator.pk], expect=MANAGE_PROJECT_INDICATOR
    ),
    Entry(
        "monitoring:indicator-update",
        args=lambda w: [w.mon_strategic.pk],
        expect=INDICATOR_OWNERS,
        note="strategic indicators: SAC and the Project Office only",
    ),
    Entry(
        "monitoring:indicator-update",
        args=lambda w: [w.mon_secret_indicator.pk],
        expect={
            **SECRET,
            "outsider_officer": 200,
            "coordinator": 403,
            "direction_head": 403,
            "committee": 403,
        },
        note="IDOR: invisible → 404",
    ),
    Entry(
        "monitoring:indicator-retire", args=lambda w: [w.mon_indicator.pk], expect=MANAGE_PROJECT_INDICATOR
    ),
    Entry(
        "monitoring:indicator-retire",
        args=lambda w: [w.mon_strategic.pk],
        method="POST",
        expect={"anonymous": LOGIN, "sac": 200, "pmo": 200, "admin": 200, "*": 403},
        note="empty reason re-renders the form",
    ),
    Entry(
        "monitoring:indicator-reinstate",
        args=lambda w: [w.mon_indicator.pk],
        method="POST",
        expect={
            **MANAGE_PROJECT_INDICATOR,
            "officer": 302,
            "manager": 302,
            "sac": 302,
            "pmo": 302,
            "admin": 302,
        },
        note="not retired: a message, back to the indicator",
    ),
    Entry(
        "monitoring:indicator-targets",
        args=lambda w: [w.mon_indicator.pk],
        expect={"anonymous": LOGIN, "*": 200},
    ),
    Entry(
        "monitoring:indicator-targets",
        args=lambda w: [w.mon_indicator.pk],
        method="POST",
        data=lambda w: {"t-2026-1": "100"},
        expect={
            **MANAGE_PROJECT_INDICATOR,
            "officer": 302,
            "manager": 302,
            "sac": 302,
            "pmo": 302,
            "admin": 302,
        },
    ),
    Entry(
        "monitoring:indicator-targets", args=lambda w: [w.mon_secret_indicator.pk], expect=SECRET, note="IDOR"
    ),
    Entry(
        "monitoring:indicator-history",
        args=lambda w: [w.mon_indicator.pk],
        expect={"anonymous": LOGIN, "*": 200},
    ),
    Entry(
        "monitoring:indicator-history", args=lambda w: [w.mon_secret_indicator.pk], expect=SECRET, note="IDOR"
    ),
    # the project card's Indicators tab: access exactly as the card
    Entry(
        "monitoring:project-indicators",
        args=lambda w: [w.mon_project.pk],
        expect={"anonymous": LOGIN, "*": 200},
    ),
    Entry(
        "monitoring:project-indicators",
        args=lambda w: [w.mon_secret.pk],
        expect=SECRET,
        note="confidential project: IDOR",
    ),
    Entry(
        "monitoring:project-indicator-create",
        args=lambda w: [w.mon_project.pk],
        expect=MANAGE_PROJECT_INDICATOR,
    ),
    Entry(
        "monitoring:project-indicator-create",
        args=lambda w: [w.mon_secret.pk],
        expect={
            **SECRET,
            "outsider_officer": 200,
            "coordinator": 403,
            "direction_head": 403,
            "committee": 403,
        },
        note="IDOR: invisible → 404",
    ),
    Entry("monitoring:actual", args=lambda w: [w.mon_actual.pk], expect={"anonymous": LOGIN, "*": 200}),
    Entry(
        "monitoring:actual-evidence", args=lambda w: [w.mon_actual.pk], expect={"anonymous": LOGIN, "*": 200}
    ),
    Entry(
        "monitoring:actual",
        args=lambda w: [w.mon_actual.pk],
        method="POST",
        data=lambda w: {"action": "verify"},
        expect={"anonymous": LOGIN, "sac": 302, "admin": 302, "*": 403},
        note="four eyes: the officer entered it; the Project Office verifies confidential projects' values only",
    ),
    Entry("monitoring:actual", args=lambda w: [w.mon_secret_actual.pk], expect=SECRET, note="IDOR"),
    Entry(
        "monitoring:actual",
        args=lambda w: [w.mon_secret_actual.pk],
        method="POST",
        data=lambda w: {"action": "verify"},
        expect={
            **SECRET,
            "pmo": 302,
            "admin": 302,
            "outsider_officer": 403,
            "coordinator": 403,
            "direction_head": 403,
            "committee": 403,
        },
        note="a confidential project's value: the Project Office verifies (SAC may not see it); IDOR → 404",
    ),
    # SAC verifies ordinary values, the Project Office those of confidential projects
    Entry("monitoring:verify", expect={"anonymous": LOGIN, "sac": 200, "pmo": 200, "admin": 200, "*": 403}),
    Entry(
        "monitoring:verify-selected",
        method="POST",
        expect={"anonymous": LOGIN, "sac": 302, "pmo": 302, "admin": 302, "*": 403},
    ),
    Entry("monitoring:alerts", expect={"anonymous": LOGIN, "*": 200}),
    Entry("monitoring:alert", args=lambda w: [w.mon_alert.pk], expect={"anonymous": LOGIN, "*": 200}),
    Entry("monitoring:alert", args=lambda w: [w.mon_secret_alert.pk], expect=SECRET, note="IDOR"),
    Entry("monitoring:scan", method="POST", expect=SAC_POST),
    Entry("monitoring:recommendations", expect={"anonymous": LOGIN, "*": 200}),
    Entry("monitoring:recommendation-create", expect=SAC_ONLY),
    Entry("monitoring:recommendation", args=lambda w: [w.mon_rec.pk], expect={"anonymous": LOGIN, "*": 200}),
    Entry("monitoring:periods", expect={"anonymous": LOGIN, "*": 200}),
    Entry("monitoring:period", args=lambda w: [w.mon_period.pk], expect={"anonymous": LOGIN, "*": 200}),
    Entry("monitoring:period-remind", args=lambda w: [w.mon_period.pk], method="POST", expect=SAC_POST),
    Entry(
        "monitoring:period-close",
        args=lambda w: [w.mon_period.pk],
        method="POST",
        expect={"anonymous": LOGIN, "sac": 302, "admin": 302, "*": 403},
    ),
    Entry("monitoring:import-start", expect={"anonymous": LOGIN, "*": 200}),
    Entry("monitoring:import-template", expect={"anonymous": LOGIN, "*": 200}),
    Entry(
        "monitoring:import",
        args=lambda w: [w.mon_batch.pk],
        expect={"anonymous": LOGIN, "officer": 200, "admin": 200, "*": 404},
        note="own imports only",
    ),
    Entry(
        "monitoring:import-confirm",
        args=lambda w: [w.mon_batch.pk],
        method="POST",
        expect={"anonymous": LOGIN, "officer": 302, "admin": 302, "*": 404},
    ),
    Entry("monitoring:budget", expect={"anonymous": LOGIN, "*": 200}),
    Entry(
        "monitoring:budget-project", args=lambda w: [w.mon_project.pk], expect={"anonymous": LOGIN, "*": 200}
    ),
    Entry(
        "monitoring:budget-project",
        args=lambda w: [w.mon_project.pk],
        method="POST",
        data=lambda w: {
            "budget_line": w.mon_line.pk,
            "kind": "paid",
            "year": 2026,
            "month": 1,
            "amount": "5",
        },
        expect={"anonymous": LOGIN, "officer": 302, "manager": 302, "pmo": 302, "admin": 302, "*": 403},
    ),
    Entry("monitoring:policy", expect={"anonymous": LOGIN, "*": 200}),
    Entry(
        "monitoring:policy",
        method="POST",
        expect={"anonymous": LOGIN, "pmo": 200, "admin": 200, "*": 403},
        note="invalid empty form re-renders for the Project Office",
    ),
]
