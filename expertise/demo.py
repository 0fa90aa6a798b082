"""Demo data for review cases: one case ready for the head to assign and ~30 DEMO archive opinions
(a plausible, invented distribution, labelled demo) so the statistics page has something to show."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.utils import timezone

from expertise.models import Opinion, RegulatoryBasis, ReviewCase
from pmis.accounts.models import Organization

DEMO_TITLES = [
    "Строительство школы на 1200 мест (ДЕМО)",
    "Реконструкция магистрали (ДЕМО)",
    "Поликлиника на 500 посещений (ДЕМО)",
    "Закупка автобусов на газе (ДЕМО)",
    "Детский сад на 320 мест (ДЕМО)",
    "Ливневая канализация (ДЕМО)",
    "Спортивный комплекс (ДЕМО)",
    "Освещение парков ГЧП (ДЕМО)",
]
KINDS = ["investment_proposal", "feasibility_study", "fin_econ_evaluation", "ppp_documentation"]


PPP_TITLE = "ГЧП: энергоэффективное освещение парков (ДЕМО)"


def _load_ppp_case_in_review(users: dict[str, Any], department: Organization, today: datetime.date) -> None:
    """A PPP case already with its expert: a financial model appraised, default scenarios and an open remark, so
    the model page (results, scenarios, value for money, fiscal commitments, limit check) can be tried at once."""
    from decimal import Decimal as D

    from expertise.services.cases import case_deadline, experts_assign, remark_add
    from expertise.services.models_fin import LineInput, financial_model_save, scenarios_seed_defaults

    if ReviewCase.objects.filter(title=PPP_TITLE).exists():
        return
    basis = (
        RegulatoryBasis.objects.filter(act__icontains="ГЧП", in_force_to__isnull=True).order_by("pk").first()
    )
    if basis is None:
        raise RegulatoryBasis.DoesNotExist("the demo needs the reference data's PPP regulatory basis")
    case = ReviewCase.objects.create(
        number=f"ЭК-{today.year}-0002",
        kind="ppp_documentation",
        title=PPP_TITLE,
        applicant=department,
        budget_program_administrator="Управление городской мобильности",
        regulatory_basis=basis,
        received_on=today - datetime.timedelta(days=12),
        created_by=users["expert"],
        checklist=dict.fromkeys(
            ["application", "main_document", "financial_model", "cost_estimates", "approvals"], True
        ),
        status=ReviewCase.Status.COMPLETENESS_CHECK,
    )
    case.deadline = case_deadline(case)
    case.save(update_fields=["deadline"])
    experts_assign(case=case, actor=users["expertise_head"], lead=users["expert"], members=[])
    periods = 12
    capex = [D(-1_800_000_000), D(-900_000_000)] + [D(0)] * (periods - 2)
    opex = [D(0), D(0)] + [D(-95_000_000)] * (periods - 2)
    savings = [D(0), D(0)] + [D(420_000_000)] * (periods - 2)
    availability = [D(0), D(0)] + [D(310_000_000)] * (periods - 2)
    safety = [D(0), D(0)] + [D(60_000_000)] * (periods - 2)
    residual = [D(0)] * (periods - 1) + [D(250_000_000)]
    financial_model_save(
        case=case,
        actor=users["expert"],
        params={
            "financial_rate": D("0.1"),
            "social_rate": D("0.05"),
            "price_basis": "real",
            "base_year": today.year,
            "periods": periods,
        },
        lines=[
            LineInput("Строительство и оборудование", "capex", D("0.9"), capex),
            LineInput("Эксплуатация и обслуживание", "opex", D("0.9"), opex),
            LineInput("Экономия электроэнергии", "revenue", D(1), savings),
            LineInput("Плата за доступность (бюджет)", "transfer", D(1), availability),
            LineInput("Безопасность в парках", "benefit", D(1), safety),
            LineInput("Остаточная стоимость", "residual", D(1), residual),
        ],
    )
    scenarios_seed_defaults(case=case)
    remark_add(
        case=case,
        actor=users["expert"],
        section="Финансовая модель",
        severity="major",
        text="Обоснуйте тариф на электроэнергию, принятый для расчёта экономии, ссылкой на утверждённый тариф.",
    )


def load(ctx: dict[str, Any]) -> None:
    users = ctx["users"]
    basis = RegulatoryBasis.objects.filter(in_force_to__isnull=True).order_by("pk").first()
    if basis is None:
        raise RegulatoryBasis.DoesNotExist("the demo needs the reference data's regulatory bases")
    old_basis = RegulatoryBasis.objects.filter(in_force_to__isnull=False).order_by("pk").first() or basis
    department = Organization.objects.get(code="dep-mobility")
    from expertise.services.cases import case_deadline

    today = timezone.localdate()
    case, created = ReviewCase.objects.get_or_create(
        number=f"ЭК-{today.year}-0001",
        defaults={
            "kind": "feasibility_study",
            "title": "ТЭО: выделенные полосы для автобусов на пр. Абая (ДЕМО)",
            "applicant": department,
            "budget_program_administrator": "Управление городской мобильности",
            "regulatory_basis": basis,
            "received_on": today - datetime.timedelta(days=3),
            "checklist": dict.fromkeys(
                ["application", "main_document", "financial_model", "cost_estimates", "approvals"], True
            ),
            "status": ReviewCase.Status.COMPLETENESS_CHECK,
            "created_by": users["expert"],
        },
    )
    if created:
        case.deadline = case_deadline(case)
        case.save(update_fields=["deadline"])

    _load_ppp_case_in_review(users, department, today)

    rng = random.Random(2010)
    applicants = list(Organization.objects.filter(kind=Organization.Kind.DEPARTMENT).order_by("code")[:8])
    for i in range(30):
        year = 2010 + i % 13
        sequence = 90 + i  # demo numbers, clearly apart from the office's own
        if Opinion.objects.filter(year=year, sequence=sequence).exists():
            continue
        outcome = "negative" if i % 11 == 3 else "returned_for_revision" if i % 11 == 7 else "positive"
        received = datetime.date(year, 1 + i % 11, 1 + i % 27)
        days = rng.randint(12, 60)
        archived = ReviewCase.objects.create(
            number=f"ДЕМО-{year}-{sequence:04d}",
            kind=KINDS[i % 4],
            title=DEMO_TITLES[i % len(DEMO_TITLES)],
            applicant=applicants[i % len(applicants)] if applicants else department,
            regulatory_basis=old_basis,
            status=ReviewCase.Status.CLOSED,
            received_on=received,
            is_historical=True,
        )
        Opinion.objects.create(
            case=archived,
            version=1,
            year=year,
            sequence=sequence,
            number=f"{sequence:02d}/{year}",
            outcome=outcome,
            status=Opinion.Status.ISSUED,
            issued_on=received + datetime.timedelta(days=days),
            days_to_opinion=days,
            regulatory_basis=old_basis,
            is_historical=True,
        )

    from expertise.tariffs.demo import load as load_tariffs

    load_tariffs(ctx)
