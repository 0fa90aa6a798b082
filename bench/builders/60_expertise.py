"""Expertise part of the synthetic city: 20,000 archive opinions (with their cases) for the statistics page."""

from __future__ import annotations

import datetime
from typing import Any


def build(scale: int, stdout: Any) -> None:
    from expertise.models import Opinion, RegulatoryBasis, ReviewCase
    from pmis.accounts.models import Organization

    basis = RegulatoryBasis.objects.order_by("pk").first()
    departments = list(Organization.objects.filter(kind=Organization.Kind.DEPARTMENT).order_by("pk"))
    kinds = ["investment_proposal", "feasibility_study", "fin_econ_evaluation", "ppp_documentation"]
    total = 20000
    per_year: dict[int, int] = {}
    cases = []
    for i in range(total):
        year = 2010 + i % 17
        per_year[year] = per_year.get(year, 0) + 1
        cases.append(ReviewCase(
            number=f"BENCH-{i:06d}", kind=kinds[i % 4], title=f"Bench case {i}", applicant=departments[i % len(departments)],
            regulatory_basis=basis, status=ReviewCase.Status.CLOSED, received_on=datetime.date(year, 1 + i % 12, 1 + i % 28),
            is_historical=True,
        ))
    cases = ReviewCase.objects.bulk_create(cases, batch_size=2000)
    seq: dict[int, int] = {}
    opinions = []
    for i, case in enumerate(cases):
        year = case.received_on.year
        seq[year] = seq.get(year, 0) + 1
        days = 10 + (i * 7) % 50
        outcome = "negative" if i % 23 == 0 else "returned_for_revision" if i % 23 == 1 else "positive"
        opinions.append(Opinion(
            case=case, version=1, year=year, sequence=seq[year], number=f"{seq[year]:02d}/{year}", outcome=outcome,
            status=Opinion.Status.ISSUED, issued_on=case.received_on + datetime.timedelta(days=days), days_to_opinion=days,
            regulatory_basis=basis, is_historical=True,
        ))
    Opinion.objects.bulk_create(opinions, batch_size=2000)
    stdout.write(f"expertise: {total} archive opinions\n")
