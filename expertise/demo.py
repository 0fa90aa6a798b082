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
    "Строительство школы на 1200 мест (ДЕМО)", "Реконструкция магистрали (ДЕМО)", "Поликлиника на 500 посещений (ДЕМО)",
    "Закупка автобусов на газе (ДЕМО)", "Детский сад на 320 мест (ДЕМО)", "Ливневая канализация (ДЕМО)",
    "Спортивный комплекс (ДЕМО)", "Освещение парков ГЧП (ДЕМО)",
]
KINDS = ["investment_proposal", "feasibility_study", "fin_econ_evaluation", "ppp_documentation"]


def load(ctx: dict[str, Any]) -> None:
    users = ctx["users"]
    basis = RegulatoryBasis.objects.filter(in_force_to__isnull=True).order_by("pk").first()
    old_basis = RegulatoryBasis.objects.filter(in_force_to__isnull=False).order_by("pk").first() or basis
    department = Organization.objects.get(code="dep-mobility")
    from expertise.services.cases import case_deadline

    today = timezone.localdate()
    case, created = ReviewCase.objects.get_or_create(
        number=f"ЭК-{today.year}-0001",
        defaults={
            "kind": "feasibility_study", "title": "ТЭО: выделенные полосы для автобусов на пр. Абая (ДЕМО)",
            "applicant": department, "budget_program_administrator": "Управление городской мобильности",
            "regulatory_basis": basis, "received_on": today - datetime.timedelta(days=3),
            "checklist": dict.fromkeys(["application", "main_document", "financial_model", "cost_estimates", "approvals"], True),
            "status": ReviewCase.Status.COMPLETENESS_CHECK, "created_by": users["expert"],
        },
    )
    if created:
        case.deadline = case_deadline(case)
        case.save(update_fields=["deadline"])

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
            number=f"ДЕМО-{year}-{sequence:04d}", kind=KINDS[i % 4], title=DEMO_TITLES[i % len(DEMO_TITLES)],
            applicant=applicants[i % len(applicants)] if applicants else department, regulatory_basis=old_basis,
            status=ReviewCase.Status.CLOSED, received_on=received, is_historical=True,
        )
        Opinion.objects.create(
            case=archived, version=1, year=year, sequence=sequence, number=f"{sequence:02d}/{year}", outcome=outcome,
            status=Opinion.Status.ISSUED, issued_on=received + datetime.timedelta(days=days), days_to_opinion=days,
            regulatory_basis=old_basis, is_historical=True,
        )

    from expertise.demo_tariffs import load as load_tariffs

    load_tariffs(ctx)
