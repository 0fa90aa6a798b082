"""Audit pages measured by `make bench` (the bench user holds every role, auditor included, so it sees every
audit): the list and the page of the audit with the most rows behind it."""

from __future__ import annotations

from typing import Any


def cases(ctx: dict[str, Any]) -> list[tuple[str, str]]:
    from audits.models import Audit

    found = [("audits.list", "/audits/")]
    audit = Audit.objects.filter(number__startswith="AUD-2024-").order_by("pk").first()
    if audit is None:
        audit = Audit.objects.order_by("pk").first()
    if audit is not None:
        found.append(("audits.audit", f"/audits/{audit.pk}/"))
    return found
