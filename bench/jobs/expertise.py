"""The opinion PDF benchmark: a 5-page opinion rendered 10 times (expertise.opinion_pdf p50/p95)."""

from __future__ import annotations

import statistics
import time
from decimal import Decimal
from typing import Any


def run(ctx: dict[str, Any]) -> list[str]:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from expertise.exports import render_opinion_pdf
    from expertise.models import Opinion, RegulatoryBasis, ReviewCase
    from expertise.services.cases import remark_add
    from expertise.services.models_fin import LineInput, financial_model_save
    from pmis.accounts.models import Organization

    user = get_user_model().objects.get(username="bench")
    paragraph = "Проект обоснован расчётами спроса, альтернатив и рисков; замечания сняты. " * 15
    with transaction.atomic():
        case = ReviewCase.objects.create(
            number="BENCH-PDF-1",
            kind="ppp_documentation",
            title="Бенчмарк: 5-страничное заключение",
            applicant=Organization.objects.filter(kind="department").first(),
            regulatory_basis=RegulatoryBasis.objects.first(),
            status=ReviewCase.Status.IN_REVIEW,
            received_on=__import__("datetime").date(2026, 3, 2),
        )
        case.rounds.create(number=1, opened_at=__import__("django.utils.timezone", fromlist=["now"]).now())
        for i in range(12):
            remark_add(
                case=case, actor=user, section=f"Раздел {i}", severity="major", text="Уточнить расчёт " * 5
            )
        lines = [
            LineInput(
                f"Line {i}",
                ["capex", "opex", "revenue", "benefit"][i % 4],
                Decimal(1),
                [Decimal(-1000 if i % 4 < 2 else 400)] * 30,
            )
            for i in range(20)
        ]
        model = financial_model_save(
            case=case,
            actor=user,
            params={
                "financial_rate": Decimal("0.08"),
                "social_rate": Decimal("0.05"),
                "price_basis": "real",
                "base_year": 2026,
                "periods": 30,
            },
            lines=lines,
        )
        opinion = Opinion.objects.create(
            case=case,
            version=1,
            year=2099,
            sequence=1,
            number="01/2099",
            outcome="positive",
            status="issued",
            issued_on=case.received_on,
            sections={
                k: {"text": paragraph}
                for k in (
                    "summary",
                    "strategic_fit",
                    "demand",
                    "alternatives",
                    "financial",
                    "economic",
                    "risks",
                    "institutional",
                    "ppp",
                    "conclusion",
                )
            },
            appraisal=model.results.first(),
            issued_by=user,
        )
    render_opinion_pdf(opinion)  # warm-up: fonts, imports
    timings, cpu, queries = [], [], 0
    for _ in range(10):
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            render_opinion_pdf(opinion)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        queries = len(captured.captured_queries)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    # cpu_p50_ms: the render's own CPU time; wall time above it is waiting for a CPU on a loaded machine
    return [
        f"BENCH expertise.opinion_pdf p50_ms={statistics.median(timings):.0f} p95_ms={p95:.0f} queries={queries} "
        f"cpu_p50_ms={statistics.median(cpu):.0f}"
    ]
