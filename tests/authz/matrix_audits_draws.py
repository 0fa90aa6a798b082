"""Audit draws: auditors run the protocol (freeze, seed, commit-then-reveal, run); the Project Office reads the
draw pages and the sample-size calculator; nobody else inside (403: draws are not confidential, and the public
page shows everything anyway). The public page and its JSON file need no account."""

from __future__ import annotations

from typing import Any

from tests.authz import LOGIN, Entry

READ = {"anonymous": LOGIN, "auditor": 200, "pmo": 200, "*": 403}
OPERATE = {"anonymous": LOGIN, "auditor": 200, "*": 403}
PUBLIC = {"*": 200}


def setup(world: Any) -> None:
    from tests.audits.factories_draws import city, drawn_draw

    city(6, prefix="PRJ-AUTHZ-DRAW")
    # a year of its own: other audit areas set up programmes of their own years
    world.draw = drawn_draw(world.users["auditor"], year=2032)


def _draw(world: Any) -> list[Any]:
    return [world.draw.pk]


def _number(world: Any) -> list[Any]:
    return [world.draw.number]


ENTRIES = [
    Entry("audits:draw-list", expect=READ),
    Entry("audits:draw-freeze", expect=OPERATE),
    Entry("audits:draw-detail", args=_draw, expect=READ),
    # POSTs on the drawn draw: every step is refused by the service (or the empty form), re-rendered with 200
    Entry("audits:draw-seed", method="POST", args=_draw, note="empty form re-rendered", expect=OPERATE),
    Entry("audits:draw-commit", method="POST", args=_draw, note="empty form re-rendered", expect=OPERATE),
    Entry(
        "audits:draw-close-commitments",
        method="POST",
        args=_draw,
        note="refused: the draw is drawn",
        expect=OPERATE,
    ),
    Entry("audits:draw-reveal", method="POST", args=_draw, note="empty form re-rendered", expect=OPERATE),
    Entry("audits:draw-run", method="POST", args=_draw, note="refused: already drawn", expect=OPERATE),
    Entry("audits:draw-public", args=_number, expect=PUBLIC),
    Entry("audits:draw-inputs", args=_number, expect=PUBLIC),
    Entry("audits:draw-verifier", expect=PUBLIC),
    Entry("audits:sample-size", expect=READ),
]
