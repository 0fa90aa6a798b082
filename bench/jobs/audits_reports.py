"""The audit report PDF benchmark: the final report of the bench audit with the most findings, rendered 5 times
(`BENCH audits.report_pdf seconds=<median>`; goal ≤ 2 s)."""

from __future__ import annotations

import statistics
import time
from typing import Any


def run(ctx: dict[str, Any]) -> list[str]:
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from audits.exports_reports import render_report_pdf
    from audits.models import Audit, AuditReport

    audit = (
        Audit.objects.filter(status=Audit.Status.ISSUED, number__startswith="BENCH-AUD-")
        .annotate(n=Count("findings"))
        .order_by("-n", "pk")
        .first()
    )
    if audit is None:
        return ["BENCH audits.report_pdf seconds=nan note=no-issued-audit"]
    report, _created = AuditReport.objects.get_or_create(
        number="99/2099",
        defaults={"audit": audit, "kind": AuditReport.Kind.FINAL, "language": "ru", "issued_by": audit.lead},
    )
    render_report_pdf(report, site_url="https://pmis.example/")  # warm-up: fonts, imports
    timings, queries = [], 0
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            render_report_pdf(report, site_url="https://pmis.example/")
            timings.append(time.perf_counter() - start)
        queries = len(captured.captured_queries)
    return [
        f"BENCH audits.report_pdf seconds={statistics.median(timings):.2f} max_seconds={max(timings):.2f} "
        f"queries={queries}"
    ]
