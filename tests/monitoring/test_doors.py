"""One idiom for doors: monitoring's views ask monitoring.permissions (access_* / can_*), never decide access
themselves (no guardian, no roles, no project edit rule, no unscoped fetch of a monitoring object)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

VIEWS = sorted((Path(__file__).resolve().parents[2] / "monitoring" / "views").glob("*.py"))
FORBIDDEN = {
    "guardian": re.compile(r"\bguardian\b"),
    "roles": re.compile(r"\broles\."),
    "project edit rule": re.compile(r"\bcan_edit_project\b"),
    "unscoped monitoring fetch": re.compile(
        r"get_object_or_404\(\s*(Indicator|Actual|Alert|Recommendation|ReportingPeriod|ImportBatch|Escalation)\b"
    ),
}


def test_the_view_modules_are_found() -> None:
    assert len(VIEWS) >= 8


@pytest.mark.parametrize("path", VIEWS, ids=lambda p: p.name)
def test_monitoring_views_leave_access_rules_to_the_permissions_module(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert found == []
