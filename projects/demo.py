"""Demo programs and projects for `manage.py load_demo` (never used by tests)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from pmis.accounts.models import Organization
from pmis.reference.models import Direction, District, SustainableDevelopmentGoal
from projects.models import BudgetLine, Milestone, PassportVersion, Program, Project, Risk
from projects.services.project import department_officer_add, project_create, project_member_add
from projects.services.reports import project_rag_refresh

PROGRAMS = [
    # code, parent code, kind, level, name_ru, name_kk, name_en, start, end
    (
        "ADP-2025",
        None,
        "development_program",
        "program",
        "Программа развития города Алматы на 2021–2025 годы",
        "Алматы қаласын дамытудың 2021–2025 жылдарға арналған бағдарламасы",
        "Almaty Development Program 2021–2025",
        2021,
        2025,
    ),
    (
        "ADP-2025.1",
        "ADP-2025",
        "development_program",
        "goal",
        "Цель 1. Удобный и доступный транспорт",
        "1-мақсат. Ыңғайлы және қолжетімді көлік",
        "Goal 1. Convenient and accessible transport",
        2021,
        2025,
    ),
    (
        "ADP-2025.1.1",
        "ADP-2025.1",
        "development_program",
        "task",
        "Задача 1.1. Развитие общественного транспорта",
        "1.1-міндет. Қоғамдық көлікті дамыту",
        "Task 1.1. Public transport development",
        2021,
        2025,
    ),
    (
        "ADP-2025.1.2",
        "ADP-2025.1",
        "development_program",
        "task",
        "Задача 1.2. Безопасность дорожного движения",
        "1.2-міндет. Жол қозғалысының қауіпсіздігі",
        "Task 1.2. Road safety",
        2021,
        2025,
    ),
    (
        "ADP-2025.2",
        "ADP-2025",
        "development_program",
        "goal",
        "Цель 2. Зелёный и чистый город",
        "2-мақсат. Жасыл және таза қала",
        "Goal 2. A green and clean city",
        2021,
        2025,
    ),
    (
        "ADP-2025.2.1",
        "ADP-2025.2",
        "development_program",
        "task",
        "Задача 2.1. Снижение загрязнения воздуха",
        "2.1-міндет. Ауаның ластануын азайту",
        "Task 2.1. Reducing air pollution",
        2021,
        2025,
    ),
    (
        "NP-COMFORT",
        None,
        "national_project",
        "program",
        "Национальный проект «Комфортная среда»",
        "«Жайлы орта» ұлттық жобасы",
        "National project “Comfortable environment”",
        2022,
        2026,
    ),
]

PROJECTS = [
    # title_ru, title_en, direction code, department code, program code, stage, type, confidential, manager?
    (
        "Выделенные полосы для автобусов",
        "Dedicated bus lanes",
        "transport",
        "dep-mobility",
        "ADP-2025.1.1",
        "execution",
        "construction",
        False,
        True,
    ),
    (
        "Модернизация светофорных объектов",
        "Traffic light modernisation",
        "transport",
        "dep-mobility",
        "ADP-2025.1.2",
        "execution",
        "digital",
        False,
        True,
    ),
    (
        "Обновление троллейбусного парка",
        "Trolleybus fleet renewal",
        "transport",
        "dep-mobility",
        "ADP-2025.1.1",
        "planning",
        "ppp",
        False,
        True,
    ),
    (
        "Ночные маршруты общественного транспорта",
        "Night public transport routes",
        "transport",
        "dep-mobility",
        None,
        "initiation",
        "organisational",
        False,
        False,
    ),
    (
        "Реконструкция транспортной развязки",
        "Interchange reconstruction",
        "transport",
        "dep-mobility",
        "ADP-2025.1.2",
        "approved",
        "construction",
        True,
        True,
    ),
    (
        "Перевод ТЭЦ-2 на газ",
        "Conversion of CHP-2 to gas",
        "green",
        "dep-energy",
        "ADP-2025.2.1",
        "execution",
        "construction",
        False,
        False,
    ),
    (
        "Озеленение берегов рек",
        "Greening of river banks",
        "green",
        "dep-ecology",
        "ADP-2025.2.1",
        "execution",
        "social",
        False,
        False,
    ),
    (
        "Станции мониторинга воздуха",
        "Air quality monitoring stations",
        "green",
        "dep-ecology",
        None,
        "idea",
        "digital",
        False,
        False,
    ),
    (
        "Благоустройство дворов",
        "Courtyard improvement",
        "polycentric",
        "dep-urban",
        "NP-COMFORT",
        "execution",
        "construction",
        False,
        False,
    ),
    (
        "Единая платформа городских данных",
        "City data platform",
        "smart-city",
        "dep-digital",
        None,
        "planning",
        "digital",
        True,
        False,
    ),
    (
        "Ситуационный центр безопасности",
        "Safety situation centre",
        "safe-city",
        "dep-safety",
        None,
        "execution",
        "digital",
        True,
        False,
    ),
    (
        "Инклюзивные остановки",
        "Inclusive bus stops",
        "inclusive",
        "dep-mobility",
        "NP-COMFORT",
        "closure",
        "construction",
        False,
        True,
    ),
]


def load(ctx: dict[str, Any]) -> None:
    users = ctx["users"]
    programs: dict[str, Program] = {}
    for code, parent, kind, level, ru, kk, en, start_year, end_year in PROGRAMS:
        programs[code], _ = Program.objects.update_or_create(
            code=code,
            defaults={
                "parent": programs.get(parent) if parent else None,
                "kind": kind,
                "level": level,
                "name_ru": ru,
                "name_kk": kk,
                "name_en": en,
                "start_year": start_year,
                "end_year": end_year,
            },
        )
    mobility = Organization.objects.get(code="dep-mobility")
    department_officer_add(user=users["officer"], department=mobility)
    districts = list(District.objects.all())
    sdgs = {g.number: g for g in SustainableDevelopmentGoal.objects.all()}
    directions = {d.code: d for d in Direction.objects.all()}
    for index, (ru, en, direction_code, dept_code, program_code, stage, ptype, secret, managed) in enumerate(
        PROJECTS
    ):
        if Project.objects.filter(title_ru=ru).exists():
            continue
        direction = directions.get(direction_code) or next(iter(directions.values()))
        start = datetime.date(2025, 1 + index % 12, 1)
        project = project_create(
            actor=users["officer"],
            project=Project(
                title_ru=ru,
                title_en=en,
                summary_ru=f"{ru}: проект городской программы.",
                summary_en=f"{en}: a city programme project.",
                direction=direction,
                department=Organization.objects.get(code=dept_code),
                program_item=programs.get(program_code) if program_code else None,
                manager=users["manager"] if managed else None,
                curator=users["head"],
                stage=stage,
                project_type=ptype,
                is_confidential=secret,
                priority=("high", "medium", "low")[index % 3],
                planned_start=start,
                planned_finish=start.replace(year=start.year + 2),
                latitude=Decimal("43.238949") if index % 2 == 0 else None,
                longitude=Decimal("76.889709") if index % 2 == 0 else None,
            ),
            districts=districts[index % len(districts) : index % len(districts) + 2] if districts else [],
            sdgs=[sdgs[n] for n in (11, 9 if ptype == "digital" else 13) if n in sdgs],
        )
        if managed:
            project_member_add(project=project, user=users["officer"], role="member", actor=users["manager"])
        for m in range(4):
            planned = start + datetime.timedelta(days=90 * (m + 1))
            Milestone.objects.create(
                project=project,
                title=f"Контрольная точка {m + 1}",
                planned_date=planned,
                forecast_date=planned + datetime.timedelta(days=15 * (m % 3)),
                is_critical=(m == 3),
                order=m,
                actual_date=planned if m == 0 else None,
            )
        for year in (2025, 2026, 2027):
            for source in ("local", "republican"):
                plan = Decimal(150_000_000 + 25_000_000 * index)
                BudgetLine.objects.create(
                    project=project,
                    year=year,
                    source=source,
                    budget_program_code=f"{year % 100}{index:02d}",
                    plan=plan,
                    allocated=plan if year < 2027 else Decimal(0),
                    # committed covers what is paid: monitoring's demo pays up to ~87 % of the 2026 lines
                    committed=plan * {2025: Decimal("0.6"), 2026: Decimal("0.9")}.get(year, Decimal(0)),
                    disbursed=plan * Decimal("0.45") if year == 2025 else Decimal(0),
                )
        project.total_budget_plan = sum(project.budget_lines.values_list("plan", flat=True), Decimal(0))
        project.save(update_fields=["total_budget_plan"])
        project_rag_refresh(project=project)  # computed from the milestones and lines, as the card shows it
        Risk.objects.create(
            project=project, title="Рост стоимости материалов", probability=3, impact=4, score=12
        )
        Risk.objects.create(project=project, title="Задержка согласований", probability=4, impact=4, score=16)
        PassportVersion.objects.create(
            project=project,
            version=1,
            status="approved" if stage not in ("idea", "initiation") else "draft",
            goals="Повысить качество городской среды.",
            expected_results="Результаты по плану проекта.",
            deliverables="Объекты введены в эксплуатацию.",
            scope="В пределах города Алматы.",
        )
    _load_methodology(users["pmo"])
    from projects.demo_delivery import load as load_delivery  # tasks, baselines, changes, reports

    load_delivery(ctx)
    from projects.demo_publication import load as load_publication  # six public pages (kk/ru/en, photo)

    load_publication(ctx.get("stdout"))


def _load_methodology(pmo: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from projects.models import MethodologyTemplate
    from projects.services.documents import methodology_template_create, methodology_template_version_publish

    for kind, ru, kk, en in [
        ("passport", "Шаблон паспорта проекта", "Жоба паспортының үлгісі", "Project passport template"),
        (
            "status_report",
            "Шаблон ежемесячного статус-отчёта",
            "Ай сайынғы мәртебе есебінің үлгісі",
            "Monthly status report template",
        ),
        (
            "change_request",
            "Шаблон запроса на изменение",
            "Өзгерту сұрауының үлгісі",
            "Change request template",
        ),
    ]:
        if MethodologyTemplate.objects.filter(kind=kind, title_ru=ru).exists():
            continue
        template = methodology_template_create(actor=pmo, kind=kind, title_ru=ru, title_kk=kk, title_en=en)
        body = f"{ru}\n\n1. ...\n2. ...\n".encode()
        methodology_template_version_publish(
            template=template,
            actor=pmo,
            uploaded_file=SimpleUploadedFile(f"{kind}.txt", body, content_type="text/plain"),
            notes="Первая редакция",
        )
