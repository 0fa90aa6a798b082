"""The authorization matrix: every URL pattern, every persona, the expected status.

Each app adds `tests/authz/matrix_<app>.py` with:
    def setup(world): ...            # create the objects its URLs need; store them on `world`
    ENTRIES = [Entry("projects:detail", args=lambda w: [w.project.pk], expect={...}), ...]

`expect` maps persona → status; the key "*" gives the default for personas not named. Anonymous users
normally get 302 (to the sign-in page). A URL pattern with no entry fails the test suite.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
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


def matrix_modules() -> list[Any]:
    """The `matrix_*` modules of this package, in name order (a module may use what an earlier one set up)."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if info.name.startswith("matrix_")
    ]


def matrix_entries() -> list[Entry]:
    return [entry for module in matrix_modules() for entry in module.ENTRIES]


def build_world(users: dict[str, Any]) -> SimpleNamespace:
    """The matrix world: the personas and every module's objects."""
    world = SimpleNamespace(users=users)
    for module in matrix_modules():
        if hasattr(module, "setup"):
            module.setup(world)
    return world
