"""Monitoring job benchmarks: the city aggregate in the ORM and in hand-written SQL (same run), the lag scan,
and the import of 50,000 actual values."""

from __future__ import annotations

import statistics
import time
from typing import Any


def _best_of(func: Any, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(ctx: dict[str, Any]) -> list[str]:
    from monitoring.selectors import city_aggregate_orm, city_aggregate_sql
    from monitoring.services.scan import run_scan
    from projects.models.policy import RagPolicy

    lines = []
    cap = RagPolicy.current().achievement_cap
    city_aggregate_orm(cap), city_aggregate_sql(cap)  # warm-up
    orm_times, sql_times = [], []
    for _ in range(15):  # interleaved, so both see the same cache and load
        orm_times.append(_best_of(lambda: city_aggregate_orm(cap), repeat=1))
        sql_times.append(_best_of(lambda: city_aggregate_sql(cap), repeat=1))
    orm, sql = statistics.median(orm_times), statistics.median(sql_times)
    lines.append(f"BENCH monitoring.aggregate_orm seconds={orm:.4f}")
    lines.append(f"BENCH monitoring.aggregate_sql seconds={sql:.4f} orm_over_sql={orm / sql:.2f}")

    start = time.perf_counter()
    stats = run_scan()
    lines.append(f"BENCH monitoring.scan seconds={time.perf_counter() - start:.1f} ratings={stats['ratings']} "
                 f"opened={stats['opened']} closed={stats['closed']}")
    start = time.perf_counter()
    again = run_scan()
    lines.append(f"BENCH monitoring.rescan seconds={time.perf_counter() - start:.1f} opened={again['opened']}")
    lines.append(_import())
    return lines


def _import() -> str:
    from monitoring.models import Actual, Indicator
    from monitoring.services.imports import parse, template_headers, write_values
    from pmis.accounts.models import User
    from pmis.core.excel import write_xlsx

    user = User.objects.get(username="bench")
    codes = list(Indicator.objects.filter(code__startswith="B-").order_by("pk").values_list("code", flat=True)[:12500])
    rows = [("", code, "", "%", 2028, q, 100, 95 + q, "bench", "") for code in codes for q in (1, 2, 3, 4)][:50000]
    data = write_xlsx(template_headers(), rows)
    start = time.perf_counter()
    parsed = parse(data, user)
    parse_s = time.perf_counter() - start
    written = write_values(parsed.valid, user)
    total = time.perf_counter() - start
    # clean up without per-row delete signals (simple-history would write 50,000 "deleted" records)
    Actual.history.filter(year=2028)._raw_delete(Actual.objects.db)
    Actual.objects.filter(year=2028)._raw_delete(Actual.objects.db)
    return (f"BENCH monitoring.import rows={written} rows_per_s={written / total:.0f} seconds={total:.1f} "
            f"parse_seconds={parse_s:.1f} errors={len(parsed.errors)}")
