"""The verifiable draw over the whole bench city: freeze + seed + run of a stratified, risk-weighted draw
(`BENCH audits.draw seconds=`, goal ≤ 1 s) and `audit_verify` on that draw's JSON file (`BENCH audits.verify
seconds=`, goal ≤ 1 s). Uses the programme and policy of bench/builders/70_audits.py."""

from __future__ import annotations

import io
import json
import tempfile
import time
from pathlib import Path
from typing import Any

DICE = "31415926535897932384626433832795"


def run(ctx: dict[str, Any]) -> list[str]:
    from django.core.management import call_command
    from django.utils import timezone

    from audits.models import AuditDraw, AuditProgramme
    from audits.services import draws as svc
    from pmis.accounts.models import User

    user = User.objects.get(username="bench")
    programme = AuditProgramme.objects.get(year=timezone.localdate().year)
    policy = programme.policies.order_by("-version").first()
    taken = set(AuditDraw.objects.filter(programme=programme).values_list("quarter", flat=True))
    free = [q for q in (1, 2, 3, 4) if q not in taken]
    if policy is None or not free:
        return ["# audits.draw skipped: no bench programme/policy or every quarter drawn"]
    started = time.perf_counter()
    draw = svc.draw_freeze(
        programme=programme, quarter=free[0], policy=policy, cutoff=timezone.localdate(), actor=user
    )
    frozen = time.perf_counter()
    svc.draw_seed_dice(draw=draw, digits=DICE, witnesses=["Bench witness"], actor=user)
    draw = svc.draw_run(draw=draw, actor=user)
    seconds = time.perf_counter() - started
    items = draw.result["items"]
    lines = [
        f"BENCH audits.draw seconds={seconds:.2f} freeze_seconds={frozen - started:.2f} "
        f"population={len(draw.population)} drawn={len(items)}"
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{draw.number}.json"
        path.write_text(json.dumps(svc.draw_document(draw), ensure_ascii=False), encoding="utf-8")
        out = io.StringIO()
        started = time.perf_counter()
        call_command("audit_verify", str(path), stdout=out)
        seconds = time.perf_counter() - started
    lines.append(f"BENCH audits.verify seconds={seconds:.2f} outcome={out.getvalue().strip()}")
    return lines
