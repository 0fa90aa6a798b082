"""One idiom for doors: portfolio views reach objects through portfolio.permissions' access_* functions; no view
calls guardian or grants a permission (DESIGN.md §4, CONVENTIONS "Permissions")."""

from __future__ import annotations

from pathlib import Path

import portfolio.views

VIEWS = sorted(Path(portfolio.views.__file__).parent.glob("*.py"))


def test_views_hold_no_guardian_call_and_no_grant():
    assert len(VIEWS) == 6
    offending = [
        (path.name, word)
        for path in VIEWS
        for word in ("guardian", "assign_perm", "remove_perm", "get_objects_for_user", "has_perm(")
        if word in path.read_text(encoding="utf-8")
    ]
    assert offending == []
