"""The authorization matrix: every URL pattern, every persona, the expected status.

Each app adds `tests/authz/matrix_<app>.py` with:
    def setup(world): ...            # create the objects its URLs need; store them on `world`
    ENTRIES = [Entry("projects:detail", args=lambda w: [w.project.pk], expect={...}), ...]

`expect` maps persona → status; the key "*" gives the default for personas not named. Anonymous users
normally get 302 (to the sign-in page). A URL pattern with no entry fails the test suite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LOGIN = 302


@dataclass(frozen=True)
class Entry:
    name: str
    expect: dict[str, int]
    args: Callable[[Any], list[Any]] = lambda world: []
    method: str = "GET"
    data: Callable[[Any], dict[str, Any]] = lambda world: {}
    query: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def status_for(self, persona: str) -> int:
        return self.expect.get(persona, self.expect.get("*", 200))
