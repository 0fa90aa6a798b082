"""Draw pages measured by `make bench` over the 10,000-project city: the list, the detail of the quarter-4 draw
built by bench/builders/70_audits.py (thousands of codes in its population) and its public page (signed in, so
not served from the anonymous cache)."""

from __future__ import annotations

from typing import Any


def cases(ctx: dict[str, Any]) -> list[tuple[str, str]]:
    from audits.models import AuditDraw

    draw = AuditDraw.objects.filter(status=AuditDraw.Status.DRAWN).only("pk", "number").order_by("pk").first()
    found = [("audits.draws", "/audits/draws/"), ("audits.sample_size", "/audits/sample-size/")]
    if draw is not None:
        found += [
            ("audits.draw", f"/audits/draws/{draw.pk}/"),
            ("audits.draw_public", f"/audits/draws/{draw.number}/public/"),
        ]
    return found
