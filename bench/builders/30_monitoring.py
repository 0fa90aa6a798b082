"""Monitoring part of the synthetic city: 2 quarterly indicators per project (10,000 projects → 20,000 indicators),
targets and actuals for 10 quarters (200,000 actual values at scale 10,000), monthly cash plans and payments for
the current year, then one rating computation. Projects are made here only if no earlier builder made enough."""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal
from typing import Any

QUARTERS = [(2024, 3), (2024, 4), (2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3), (2026, 4)]


def _ensure_projects(scale: int, stdout: Any) -> None:
    from pmis.accounts.models import Organization, User
    from pmis.reference.models import Direction
    from projects.models import BudgetLine, Project

    missing = scale - Project.objects.count()
    if missing <= 0:
        return
    directions = list(Direction.objects.all())
    departments = list(Organization.objects.filter(kind=Organization.Kind.DEPARTMENT)) or list(Organization.objects.all())
    managers = list(User.objects.filter(username__startswith="bench-user-")[:200]) or [None]
    start = datetime.date(2025, 1, 1)
    rows = [
        Project(
            code=f"BM-{i:06d}", title_ru=f"Синтетический проект {i}", title_en=f"Synthetic project {i}",
            summary_ru="Синтетический проект для замеров.", direction=directions[i % len(directions)],
            department=departments[i % len(departments)], manager=managers[i % len(managers)],
            stage="execution", planned_start=start, planned_finish=datetime.date(2027, 12, 31),
        )
        for i in range(missing)
    ]
    Project.objects.bulk_create(rows, batch_size=2000)
    ids = list(Project.objects.filter(code__startswith="BM-").values_list("pk", flat=True))
    BudgetLine.objects.bulk_create(
        [BudgetLine(project_id=pk, year=2026, source="local", plan=Decimal(120_000_000), allocated=Decimal(0),
                    committed=Decimal(0), disbursed=Decimal(0)) for pk in ids],
        batch_size=5000,
    )
    stdout.write(f"monitoring: made {missing} projects (no projects builder ran before)\n")


def build(scale: int, stdout: Any) -> None:
    from monitoring.models import Actual, CashPlan, Disbursement, Indicator, Target
    from monitoring.services.ratings import compute_ratings
    from projects.models import BudgetLine, Project

    _ensure_projects(scale, stdout)
    rng = random.Random(42)
    projects = list(Project.objects.order_by("pk").values_list("pk", "department_id", "manager_id")[:scale])
    indicators = [
        Indicator(code=f"B-{pk}-{k}", name_ru=f"Показатель {k} проекта {pk}", name_en=f"Indicator {k} of project {pk}",
                  unit="%", level="project", project_id=pk, frequency="quarterly", higher_is_better=(k == 1),
                  responsible_organization_id=dept, responsible_person_id=manager)
        for pk, dept, manager in projects for k in (1, 2)
    ]
    Indicator.objects.bulk_create(indicators, batch_size=5000)
    ids = list(Indicator.objects.filter(code__startswith="B-").values_list("pk", "higher_is_better"))
    targets, actuals = [], []
    for pk, hib in ids:
        for n, (year, q) in enumerate(QUARTERS):
            plan = Decimal(50 + 5 * n) if hib else Decimal(100 - 3 * n)
            targets.append(Target(indicator_id=pk, year=year, period=q, value=plan))
            factor = Decimal(str(rng.choice((1.0, 0.97, 0.9, 0.8, 1.1))))
            value = (plan * factor) if hib else (plan / factor)
            actuals.append(Actual(indicator_id=pk, year=year, period=q, value=value.quantize(Decimal("0.01")),
                                  status="verified" if n < 8 else "submitted"))
    Target.objects.bulk_create(targets, batch_size=10000)
    Actual.objects.bulk_create(actuals, batch_size=10000)
    lines = list(BudgetLine.objects.filter(year=2026).values_list("pk", "plan")[: scale])
    plans, paid = [], []
    for pk, plan in lines:
        for month in range(1, 13):
            plans.append(CashPlan(budget_line_id=pk, year=2026, month=month, amount=(plan / 12).quantize(Decimal("0.01"))))
            if month <= 6:
                paid.append(Disbursement(budget_line_id=pk, year=2026, month=month,
                                         amount=(plan / 12 * Decimal(str(rng.choice((1.0, 0.9, 0.6))))).quantize(Decimal("0.01"))))
    CashPlan.objects.bulk_create(plans, batch_size=10000)
    Disbursement.objects.bulk_create(paid, batch_size=10000)
    start = time.perf_counter()
    rated = compute_ratings()
    stdout.write(
        f"monitoring: {len(ids)} indicators, {len(actuals)} actual values, {len(plans)} cash-plan rows, "
        f"{rated} ratings in {time.perf_counter() - start:.1f}s\n"
    )
    _analyze(stdout)


def _analyze(stdout: Any) -> None:
    """Refresh the planner statistics of the tables the monitoring pages and the scan read, as autovacuum would
    have done on a live database long before anyone looks: right after a bulk build the planner still believes
    the tables are nearly empty (it estimated ~100 budget lines of 60,000) and picks nested loops."""
    from django.db import connection

    from monitoring.models import Actual, Alert, CashPlan, Disbursement, Indicator, IndicatorRating, Target
    from projects.models import BudgetLine, Milestone, Project

    start = time.perf_counter()
    with connection.cursor() as cursor:
        for model in (Project, BudgetLine, Milestone, Indicator, Target, Actual, IndicatorRating, CashPlan,
                      Disbursement, Alert):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    stdout.write(f"monitoring: planner statistics refreshed in {time.perf_counter() - start:.1f}s\n")
