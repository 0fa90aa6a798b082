"""Portfolio pages measured by `make bench` (goal: portfolio.direction and portfolio.city p95 ≤ 600 ms)."""

from __future__ import annotations

from typing import Any


def cases(ctx: dict[str, Any]) -> list[tuple[str, str]]:
    from pmis.reference.models import Direction
    from portfolio.models import Meeting

    found = [("portfolio.city", "/portfolio/"), ("portfolio.queue", "/portfolio/queue/"),
             ("portfolio.meetings", "/portfolio/meetings/"), ("portfolio.assignments", "/portfolio/assignments/?overdue=1"),
             ("portfolio.execution", "/portfolio/assignments/execution/"), ("portfolio.committee", "/portfolio/committee/")]
    direction = Direction.objects.order_by("number").first()
    if direction is not None:
        found.append(("portfolio.direction", f"/portfolio/directions/{direction.pk}/"))
    meeting = Meeting.objects.filter(number="BENCH-PACK").first()
    if meeting is not None:
        found.append(("portfolio.meeting", f"/portfolio/meetings/{meeting.pk}/"))
    return found
