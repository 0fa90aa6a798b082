"""Project register and card pages measured by `make bench` (goal: p95 ≤ 250 ms each)."""

from __future__ import annotations

from typing import Any


def cases(ctx: dict[str, Any]) -> list[tuple[str, str]]:
    from pmis.reference.models import Direction
    from projects.models import Project

    found: list[tuple[str, str]] = []
    direction = Direction.objects.order_by("number").first()
    if direction is not None:
        found.append(("register.list", f"/projects/?direction={direction.pk}&stage=execution"))
    found.append(("register.search", "/projects/?q=мост"))
    project = (
        Project.objects.filter(code__startswith="PRJ-BENCH-", stage="execution").order_by("code").values_list("pk", flat=True).first()
    )
    if project is not None:
        found.append(("project.card", f"/projects/{project}/"))
    return found
