"""The citizen pages over HTTP, anonymous (no session, no cookies): `BENCH public.home`, `BENCH public.list`,
`BENCH public.project` with p50/p95 of warm requests (served from the public cache, goal p95 ≤ 60 ms) and the
p95 of cold ones (`cold_p95_ms=`: each a first request, built from the database — a query string no one asked
for before makes a new cache key in every gunicorn worker, which a `publiccache.bump()` from this process would
not reach without a shared cache). The project pages are those of the bench's published projects
(bench/builders/45_publication.py); with nothing published, one line says the job was skipped."""

from __future__ import annotations

import statistics
import time
from typing import Any

WARMUP = 8  # enough for every gunicorn worker to hold the page (the cache is per process without Redis)


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _timed(session: Any, url: str) -> tuple[float, Any]:
    started = time.perf_counter()
    response = session.get(url, allow_redirects=False, timeout=60)
    return (time.perf_counter() - started) * 1000, response


def _case(name: str, base_url: str, paths: list[str], n: int) -> str:
    import requests

    warm: list[float] = []
    missed: list[float] = []
    cold: list[float] = []
    hits = 0
    failures = 0
    with requests.Session() as session:  # anonymous: never signed in, and cookies are dropped below
        for path in paths:
            for _ in range(WARMUP):
                session.get(f"{base_url}{path}", timeout=60)
        for i in range(n):
            session.cookies.clear()
            elapsed, response = _timed(session, f"{base_url}{paths[i % len(paths)]}")
            if response.status_code != 200:
                failures += 1
                continue
            # warm = served from the cache; a first visit to one of the gunicorn workers (each keeps its own
            # cache without Redis) is counted apart, as a miss
            if response.headers.get("X-Public-Cache") == "hit":
                hits += 1
                warm.append(elapsed)
            else:
                missed.append(elapsed)
        stamp = int(time.time())
        for i in range(n):
            session.cookies.clear()
            path = paths[i % len(paths)]
            joiner = "&" if "?" in path else "?"
            elapsed, response = _timed(session, f"{base_url}{path}{joiner}bench_cold={stamp}-{i}")
            if response.status_code != 200:
                failures += 1
                continue
            cold.append(elapsed)
    if not warm or not cold:
        return f"# {name} failed: no page answered 200 (failures={failures})"
    return (
        f"BENCH {name} p50_ms={statistics.median(warm):.1f} p95_ms={_p95(warm):.1f} n={len(warm)}"
        f" hits={hits} misses={len(missed)} cold_p50_ms={statistics.median(cold):.1f} cold_p95_ms={_p95(cold):.1f}"
        f" cold_n={len(cold)}" + (f" failures={failures}" if failures else "")
    )


def run(ctx: dict[str, Any]) -> list[str]:
    from projects.selectors.public import published_projects

    codes = list(published_projects().order_by("code").values_list("code", flat=True)[:20])
    if not codes:
        return ["# public.home, public.list, public.project skipped: no project is published"]
    base_url = ctx["base_url"]
    n = max(50, int(ctx.get("requests", 50)))
    return [
        _case("public.home", base_url, ["/kk/", "/ru/", "/en/"], n),
        _case("public.list", base_url, ["/kk/projects/", "/ru/projects/", "/ru/projects/?page=2"], n),
        _case("public.project", base_url, [f"/kk/projects/{code}/" for code in codes], n),
    ]
