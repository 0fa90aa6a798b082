"""Platform plumbing benchmarks: Excel export throughput and PDF rendering time."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any


def run(ctx: dict[str, Any]) -> list[str]:
    from pmis.core.excel import write_xlsx
    from pmis.core.pdf import render_pdf

    rows = [
        (
            i,
            f"Project {i}",
            '=HYPERLINK("x")',
            Decimal("1250000.50") + i,
            "2026-03-15",
            "green",
            "Direction 3",
            i % 7,
        )
        for i in range(min(max(ctx["scale"], 1000), 20000))
    ]
    write_xlsx(["warm-up"], [(1,)])  # imports openpyxl: time the writing, not the import
    start = time.perf_counter()
    write_xlsx(["No.", "Name", "Note", "Budget", "Date", "RAG", "Direction", "Stage"], rows, title="Bench")
    excel_seconds = time.perf_counter() - start

    render_pdf(
        "pdf/base.html", {"title": "Bench"}, document_number="BENCH-1", language="ru"
    )  # warm-up: imports, fonts
    start = time.perf_counter()
    render_pdf("pdf/base.html", {"title": "Bench"}, document_number="BENCH-2", language="kk")
    pdf_seconds = time.perf_counter() - start
    return [
        f"BENCH platform.excel_export rows_per_s={len(rows) / excel_seconds:.0f}",
        f"BENCH platform.pdf_page seconds={pdf_seconds:.3f}",
    ]
