"""Projects part of the synthetic city: a program tree and `scale` projects (default 10,000), each with
about 5 milestones, 5 tasks, 6 budget lines, 3 risks and 3 status reports, districts and SDGs, and a
history row per project. Everything is written with bulk_create in batches (history through
simple_history's bulk_create_with_history), so 10,000 projects take well under five minutes.
"""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal
from typing import Any

BATCH = 2000
SEARCH_WORDS = ("мост", "школа", "парк", "дорога", "больница")  # bench/pages/projects.py searches the first

_VERBS_RU = ["Строительство", "Реконструкция", "Модернизация", "Капитальный ремонт", "Благоустройство", "Цифровизация"]
_OBJECTS_RU = ["моста", "школы", "парка", "дороги", "больницы", "сквера", "поликлиники", "остановок", "сетей водоснабжения"]
_OBJECTS_KK = ["көпір", "мектеп", "саябақ", "жол", "аурухана", "гүлзар", "емхана", "аялдама", "су құбыры"]
_OBJECTS_EN = ["bridge", "school", "park", "road", "hospital", "square", "clinic", "bus stops", "water mains"]
_STAGES = ["idea", "initiation", "approved", "planning", "execution", "execution", "execution", "closure", "post_project"]
_TYPES = ["construction", "ppp", "digital", "organisational", "social", "other"]
_RAGS = ["green", "green", "amber", "red", "none"]
_SOURCES = ["republican", "local", "national_fund", "ppp_private", "other"]


def _programs() -> list[Any]:
    from projects.models import Program

    tree = [("BENCH-ADP", None, "program", "Программа развития Алматы до 2025 года (синтетическая)")]
    for g in range(1, 6):
        tree.append((f"BENCH-ADP.{g}", "BENCH-ADP", "goal", f"Цель {g}"))
        for t in range(1, 5):
            tree.append((f"BENCH-ADP.{g}.{t}", f"BENCH-ADP.{g}", "task", f"Задача {g}.{t}"))
    by_code: dict[str, Any] = {}
    for code, parent, level, name in tree:
        by_code[code], _created = Program.objects.get_or_create(
            code=code,
            defaults={
                "kind": Program.Kind.DEVELOPMENT_PROGRAM, "level": level, "name_ru": name,
                "parent": by_code.get(parent) if parent else None, "start_year": 2021, "end_year": 2025,
            },
        )
    return [p for p in by_code.values() if p.level == "task"]


def build(scale: int, stdout: Any) -> None:
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from pmis.accounts.models import Organization, User
    from pmis.reference.models import Direction, District, SustainableDevelopmentGoal
    from projects.models import BudgetLine, Milestone, Project, Risk, StatusReport, Task

    started = time.perf_counter()
    rng = random.Random(20261127)
    directions = list(Direction.objects.order_by("number"))
    departments = list(Organization.objects.filter(kind__in=["department", "district_akimat"]).order_by("pk"))
    districts = list(District.objects.values_list("pk", flat=True))
    sdgs = list(SustainableDevelopmentGoal.objects.values_list("pk", flat=True))
    managers = list(User.objects.filter(username__startswith="bench-user-").values_list("pk", flat=True)) or [None]
    tasks = _programs()
    actor = User.objects.filter(username="bench").first()
    year = timezone.localdate().year
    base = datetime.date(2022, 1, 1)

    projects = []
    for i in range(scale):
        v, o = rng.randrange(len(_VERBS_RU)), rng.randrange(len(_OBJECTS_RU))
        word = SEARCH_WORDS[i % len(SEARCH_WORDS)]
        code = f"PRJ-BENCH-{i + 1:05d}"
        title_ru = f"{_VERBS_RU[v]} {_OBJECTS_RU[o]} №{i + 1}"
        title_kk = f"{_OBJECTS_KK[o]} №{i + 1} жобасы"
        title_en = f"{_OBJECTS_EN[o].capitalize()} project No. {i + 1}"
        summary_ru = f"Синтетический проект для замера производительности: {word}, район, благоустройство."
        start = base + datetime.timedelta(days=rng.randrange(0, 1500))
        finish = start + datetime.timedelta(days=rng.randrange(180, 1500))
        project = Project(
            code=code, title_ru=title_ru, title_kk=title_kk, title_en=title_en, summary_ru=summary_ru,
            direction=directions[i % len(directions)], department=departments[i % len(departments)],
            program_item=tasks[i % len(tasks)] if i % 7 else None, manager_id=managers[i % len(managers)],
            stage=_STAGES[i % len(_STAGES)], project_type=_TYPES[i % len(_TYPES)], rag=_RAGS[i % len(_RAGS)],
            priority=("high", "medium", "low")[i % 3], is_confidential=(i % 20 == 0),
            planned_start=start, planned_finish=finish, forecast_finish=finish + datetime.timedelta(days=rng.randrange(0, 90)),
            total_budget_plan=Decimal(rng.randrange(10, 50_000)) * 100_000,
        )
        project.search_document = project.build_search_document()
        projects.append(project)
    for offset in range(0, len(projects), BATCH):
        bulk_create_with_history(
            projects[offset:offset + BATCH], Project, batch_size=BATCH, default_user=actor,
            default_change_reason="bench data",
        )
    ids = list(Project.objects.filter(code__startswith="PRJ-BENCH-").order_by("code").values_list("pk", "planned_start"))
    stdout.write(f"projects: {len(ids)} projects in {time.perf_counter() - started:.1f} s\n")

    district_links, sdg_links = Project.districts.through, Project.sdgs.through
    _bulk(district_links, (district_links(project_id=pk, district_id=districts[n % len(districts)]) for n, (pk, _s) in enumerate(ids)) if districts else ())
    _bulk(sdg_links, (sdg_links(project_id=pk, sustainabledevelopmentgoal_id=sdgs[n % len(sdgs)]) for n, (pk, _s) in enumerate(ids)) if sdgs else ())

    def milestones() -> Any:
        for pk, start in ids:
            for m in range(5):
                planned = start + datetime.timedelta(days=90 * (m + 1))
                yield Milestone(
                    project_id=pk, title=f"Контрольная точка {m + 1}", planned_date=planned, order=m,
                    actual_date=planned if m < 2 else None, is_critical=(m == 4),
                )

    def wbs() -> Any:
        for pk, start in ids:
            for t in range(5):
                yield Task(
                    project_id=pk, wbs_code=f"1.{t + 1}", title=f"Работа {t + 1}",
                    start=start + datetime.timedelta(days=60 * t), finish=start + datetime.timedelta(days=60 * t + 55),
                    progress=min(100, 20 * t),
                )

    def budget() -> Any:
        for n, (pk, _start) in enumerate(ids):
            for b in range(6):
                plan = Decimal(rng.randrange(1, 5000)) * 10_000
                yield BudgetLine(
                    project_id=pk, year=year - 1 + b // 2, source=_SOURCES[(n + b) % len(_SOURCES)],
                    budget_program_code=f"{100 + b}", plan=plan, allocated=plan * Decimal("0.8"),
                    committed=plan * Decimal("0.5"), disbursed=plan * Decimal("0.3"),
                )

    def risks() -> Any:
        for pk, _start in ids:
            for r in range(3):
                p, i = 1 + (pk + r) % 5, 1 + (pk * 3 + r) % 5
                yield Risk(project_id=pk, title=f"Риск {r + 1}", probability=p, impact=i, score=p * i)

    def reports() -> Any:
        for n, (pk, _start) in enumerate(ids):
            for month in (1, 2, 3):
                yield StatusReport(
                    project_id=pk, period_year=year, period_month=month, narrative="Работы идут по графику.",
                    rag_overall=_RAGS[(n + month) % len(_RAGS)], status="accepted" if month < 3 else "draft",
                )

    for model, rows in ((Milestone, milestones()), (Task, wbs()), (BudgetLine, budget()), (Risk, risks()),
                        (StatusReport, reports())):
        count = _bulk(model, rows)
        stdout.write(f"projects: {count} {model._meta.model_name} rows\n")
    stdout.write(f"projects: built in {time.perf_counter() - started:.1f} s\n")


def _bulk(model: Any, rows: Any) -> int:
    """bulk_create from a generator, BATCH rows at a time (memory stays flat)."""
    batch, total = [], 0
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch, batch_size=BATCH)
            total += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch, batch_size=BATCH)
        total += len(batch)
    return total
