"""Anonymous citizen feedback posted over HTTP to a published project (`BENCH public.feedback p50_ms= p95_ms=
n=`, goal p95 ≤ 150 ms for a post). Each post is a new visitor (a fresh cookie jar: GET the form for its CSRF
token, then POST); only the POST is timed. All requests come from one address, so the bench settings raise
PMIS_FEEDBACK_RATE_LIMIT; the rate buckets are also cleared before the run and the posted rows deleted after
it. Without a published project (the publication bench builder publishes 2,000) the job says so and skips."""

from __future__ import annotations

import re
import statistics
import time
from typing import Any

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TEXTS = [
    "Когда закончат ремонт дороги возле школы? Детям приходится обходить по проезжей части.",
    "Жұмыстар қашан аяқталады? Аялдама жабық, автобус басқа жерде тоқтайды.",
    "Please add a pedestrian crossing near the new bus stop, the traffic is heavy in the morning.",
]


def run(ctx: dict[str, Any]) -> list[str]:
    import requests

    from projects.selectors.public import published_projects
    from surveys.models import Feedback, FeedbackRateBucket

    project = published_projects().order_by("code").first()
    if project is None:
        return ["# public.feedback skipped: no published project"]
    FeedbackRateBucket.objects.all().delete()
    before = set(Feedback.objects.filter(project=project).values_list("pk", flat=True))
    url = f"{ctx['base_url']}/kk/projects/{project.code}/feedback/"
    n = max(50, min(int(ctx.get("requests", 50)) * 2, 200))
    timings: list[float] = []
    failures = 0
    for i in range(n):
        with requests.Session() as visitor:
            page = visitor.get(url, timeout=30)
            found = TOKEN.search(page.text)
            if page.status_code != 200 or not found:
                failures += 1
                continue
            data = {
                "csrfmiddlewaretoken": found.group(1),
                "kind": ("question", "suggestion", "complaint")[i % 3],
                "text": TEXTS[i % len(TEXTS)],
                "consent": "on",
                "email": "",
                "website": "",
            }
            started = time.perf_counter()
            response = visitor.post(
                url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=30
            )
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 302:
                failures += 1
                continue
            timings.append(elapsed)
    Feedback.objects.filter(project=project).exclude(pk__in=before).delete()
    FeedbackRateBucket.objects.all().delete()
    if not timings:
        return [f"# public.feedback failed: no message accepted out of {n} (failures={failures})"]
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * (len(timings) - 1))))]
    return [
        f"BENCH public.feedback p50_ms={statistics.median(timings):.1f} p95_ms={p95:.1f} n={len(timings)}"
        + (f" failures={failures}" if failures else "")
    ]
