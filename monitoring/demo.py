"""Demo indicators, targets, actuals, cash plans, reporting periods, alerts and a recommendation (load_demo).

Runs after the projects demo (INSTALLED_APPS order). Idempotent-ish: update_or_create by natural keys.
Values are illustrative demo figures, not official statistics.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

D = Decimal

PROGRAM_INDICATORS = [
    # code, program code, direction code, name_ru, name_kk, name_en, unit, higher is better, targets 2025/2026, actuals 2025
    (
        "P-TR-01",
        "ADP-2025.1.1",
        "transport",
        "Доля поездок на общественном транспорте",
        "Қоғамдық көліктегі сапарлар үлесі",
        "Share of trips by public transport",
        "%",
        True,
        (D(38), D(41)),
        D(36),
    ),
    (
        "P-TR-02",
        "ADP-2025.1.2",
        "transport",
        "Число погибших в ДТП на 100 тыс. жителей",
        "100 мың тұрғынға шаққандағы ЖКО-дан қаза тапқандар саны",
        "Road deaths per 100,000 residents",
        "чел.",
        False,
        (D("4.5"), D("4.0")),
        D("5.1"),
    ),
    (
        "P-GR-01",
        "ADP-2025.2.1",
        "green",
        "Среднегодовая концентрация PM2.5",
        "PM2.5 орташа жылдық шоғырлануы",
        "Annual mean PM2.5 concentration",
        "мкг/м³",
        False,
        (D(30), D(25)),
        D(31),
    ),
]

STRATEGIC_SERIES = {
    # per strategic indicator: year, target, verified actual (None: not reported yet)
    "S-01": [(2023, D(75), D(77)), (2024, D(72), D(73)), (2025, D(70), D(74)), (2026, D(68), None)],
    "S-02": [(2023, D(60), D(58)), (2024, D(63), D(62)), (2025, D(66), D(61)), (2026, D(70), None)],
}


def load(ctx: dict[str, Any]) -> None:
    from monitoring.models import (
        Actual,
        CashPlan,
        Disbursement,
        Indicator,
        Recommendation,
        ReportingPeriod,
        Target,
    )
    from monitoring.services.budget import sync_line_disbursed
    from monitoring.services.periods import actuals_lock
    from monitoring.services.scan import run_scan
    from pmis.accounts.models import Organization
    from pmis.reference.models import Direction
    from projects.models import BudgetLine, Program, Project

    users = ctx["users"]
    sac = users["sac"]
    now = timezone.now()
    directions = {d.code: d for d in Direction.objects.all()}
    sac_org = Organization.objects.filter(kind=Organization.Kind.SAC).first()

    for code, series in STRATEGIC_SERIES.items():
        ind = Indicator.objects.filter(code=code).first()
        if ind is None:
            continue
        ind.responsible_organization, ind.responsible_person = sac_org, sac
        ind.save(update_fields=["responsible_organization", "responsible_person", "updated_at"])
        for year, target, actual in series:
            Target.objects.update_or_create(indicator=ind, year=year, period=1, defaults={"value": target})
            if actual is not None:
                Actual.objects.update_or_create(
                    indicator=ind,
                    year=year,
                    period=1,
                    defaults={
                        "value": actual,
                        "status": Actual.Status.VERIFIED,
                        "verified_by": sac,
                        "verified_at": now,
                        "source": ind.source,
                        # published statistics loaded as history: nobody entered them here, SAC verified them
                        # (four eyes: whoever enters a value never verifies it)
                        "entered_by": None,
                    },
                )

    strategic = Indicator.objects.filter(code="S-02").first()
    for code, program_code, dcode, ru, kk, en, unit, hib, (t25, t26), a25 in PROGRAM_INDICATORS:
        ind, _ = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "level": Indicator.Level.PROGRAM,
                "program_item": Program.objects.filter(code=program_code).first(),
                "direction": directions.get(dcode),
                "name_ru": ru,
                "name_kk": kk,
                "name_en": en,
                "unit": unit,
                "higher_is_better": hib,
                "frequency": "annual",
                "parent": strategic,
                "responsible_organization": sac_org,
                "source": "Бюро национальной статистики",
            },
        )
        Target.objects.update_or_create(indicator=ind, year=2025, period=1, defaults={"value": t25})
        Target.objects.update_or_create(indicator=ind, year=2026, period=1, defaults={"value": t26})
        Actual.objects.update_or_create(
            indicator=ind,
            year=2025,
            period=1,
            defaults={
                "value": a25,
                "status": Actual.Status.VERIFIED,
                "verified_by": sac,
                "verified_at": now,
                "entered_by": None,
            },
        )

    projects = Project.objects.filter(stage__in=["execution", "planning", "approved"]).select_related(
        "department", "manager"
    )
    for index, project in enumerate(projects.order_by("code")):
        for k, (ru, en, unit, hib, base) in enumerate(
            [
                ("Готовность объекта", "Construction readiness", "%", True, D(25)),
                ("Число жителей, получивших услугу", "Residents served", "тыс. чел.", True, D(40)),
            ]
        ):
            ind, _ = Indicator.objects.update_or_create(
                code=f"{project.code}-I{k + 1}",
                defaults={
                    "level": Indicator.Level.PROJECT,
                    "project": project,
                    "name_ru": ru,
                    "name_en": en,
                    "name_kk": ru,
                    "unit": unit,
                    "higher_is_better": hib,
                    "frequency": "quarterly",
                    "is_cumulative": True,
                    "responsible_organization": project.department,
                    "responsible_person": project.manager,
                    "national_project_code": "NP-KS-01" if k == 1 and index % 3 == 0 else "",
                    "parent": Indicator.objects.filter(code="P-TR-01").first()
                    if project.direction.code == "transport"
                    else None,
                },
            )
            for year in (2025, 2026):
                for q in (1, 2, 3, 4):
                    plan = base + D(10) * ((year - 2025) * 4 + q)
                    Target.objects.update_or_create(
                        indicator=ind, year=year, period=q, defaults={"value": plan}
                    )
            # 2025 verified; 2026 Q1 submitted (waits for SAC); performance differs by project so the scan finds laggards
            factor = (D("1.00"), D("0.90"), D("0.78"), D("0.97"))[(index + k) % 4]
            for year, q, status in [
                (2025, 1, "verified"),
                (2025, 2, "verified"),
                (2025, 3, "verified"),
                (2025, 4, "verified"),
                (2026, 1, "submitted"),
            ]:
                plan = base + D(10) * ((year - 2025) * 4 + q)
                Actual.objects.update_or_create(
                    indicator=ind,
                    year=year,
                    period=q,
                    defaults={
                        "value": (plan * factor).quantize(D("0.1")),
                        "status": status,
                        "source": "Отчёт управления",
                        "entered_by": users["officer"],
                        "verified_by": sac if status == "verified" else None,
                        "verified_at": now if status == "verified" else None,
                    },
                )
        today = timezone.localdate()
        for line in BudgetLine.objects.filter(project=project, year=2026).order_by("source"):
            for month in range(1, 13):
                CashPlan.objects.update_or_create(
                    budget_line=line,
                    year=2026,
                    month=month,
                    defaults={"amount": (line.plan / 12).quantize(D("0.01"))},
                )
                if month < today.month or today.year > 2026:
                    share = D("0.95") if index % 2 == 0 else D("0.55")
                    Disbursement.objects.update_or_create(
                        budget_line=line,
                        year=2026,
                        month=month,
                        defaults={"amount": (line.plan / 12 * share).quantize(D("0.01"))},
                    )
            sync_line_disbursed(line)

    ReportingPeriod.objects.update_or_create(
        year=2025,
        frequency="quarterly",
        period=4,
        defaults={
            "due_date": datetime.date(2026, 1, 20),
            "status": "closed",
            "closed_by": sac,
            "closed_at": now,
        },
    )
    ReportingPeriod.objects.update_or_create(
        year=2026, frequency="quarterly", period=1, defaults={"due_date": datetime.date(2026, 4, 20)}
    )
    actuals_lock(actuals=Actual.objects.filter(year=2025), actor=sac, reason="period closed")

    run_scan()
    from monitoring.models import Alert

    red = (
        Alert.objects.filter(closed_at__isnull=True, severity="red", project__isnull=False)
        .order_by("pk")
        .first()
    )
    if red is not None and not Recommendation.objects.filter(alerts=red).exists():
        rec = Recommendation.objects.create(
            kind=Recommendation.Kind.TIMELINE,
            project=red.project,
            indicator=red.indicator,
            drafted_by=sac,
            status=Recommendation.Status.SENT,
            text="Пересмотреть график работ на II квартал и усилить контроль подрядчика; "
            "представить в САЦ план ликвидации отставания.",
        )
        rec.alerts.add(red)
    # a second one the manager has answered: it waits for the direction coordinator's decision
    if red is not None and red.project is not None:
        other = (
            Alert.objects.filter(
                closed_at__isnull=True,
                severity="red",
                object_type="indicator",
                project__direction=red.project.direction,
            )
            .exclude(project=red.project)
            .order_by("pk")
            .first()
        )
        if other is not None and not Recommendation.objects.filter(alerts=other).exists():
            rec = Recommendation.objects.create(
                kind=Recommendation.Kind.RESOURCES,
                project=other.project,
                indicator=other.indicator,
                drafted_by=sac,
                status=Recommendation.Status.RESPONDED,
                text="Привлечь дополнительную бригаду на объект и перераспределить средства внутри проекта.",
                response="Бригада привлечена с 1 декабря; перераспределение согласовано с управлением финансов.",
                responded_by=other.project.manager if other.project else None,
                responded_at=now,
            )
            rec.alerts.add(other)

    # an indicator replaced by a better measure: retired, its values kept for the record
    first_project = projects.order_by("code").first()
    if first_project is not None:
        retired, created = Indicator.objects.get_or_create(
            code=f"{first_project.code}-I0",
            defaults={
                "level": Indicator.Level.PROJECT,
                "project": first_project,
                "name_ru": "Число жалоб (старая методика)",
                "name_en": "Complaints (old method)",
                "name_kk": "Шағымдар саны (ескі әдістеме)",
                "unit": "шт.",
                "higher_is_better": False,
                "frequency": "quarterly",
                "responsible_organization": first_project.department,
            },
        )
        if created:
            Target.objects.create(indicator=retired, year=2025, period=1, value=D(40))
            Actual.objects.create(
                indicator=retired,
                year=2025,
                period=1,
                value=D(38),
                status=Actual.Status.VERIFIED,
                verified_by=sac,
                verified_at=now,
                entered_by=users["officer"],
                is_locked=True,
            )
            from monitoring.services.indicators import indicator_retire

            indicator_retire(
                indicator=retired, actor=sac, reason="Заменён показателем удовлетворённости по опросу САЦ."
            )
