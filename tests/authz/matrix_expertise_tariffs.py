"""Tariff verification URLs: expertise staff and administrators see cases, everyone else gets 404.

The assigned expert (persona `expert`) edits; the head of expertise and administrators open cases and
assign experts but do not edit another expert's figures (403).
"""

from __future__ import annotations

from typing import Any

from expertise.tariffs import engine
from tests.authz import LOGIN, Entry
from tests.expertise.factories_tariffs import CostLineFactory, case_with_routes, create_norms


def setup(world: Any) -> None:
    world.tariff_norm = create_norms()[0]
    world.tariff_case = case_with_routes(1, assigned_expert=world.users["expert"])
    world.tariff_data = world.tariff_case.route_data.get()
    world.tariff_line = CostLineFactory(
        case=world.tariff_case, route=world.tariff_data.route, item=engine.OTHER
    )


STAFF = {"anonymous": LOGIN, "expert": 200, "expertise_head": 200, "admin": 200, "*": 404}
MANAGERS = {"anonymous": LOGIN, "expertise_head": 200, "admin": 200, "expert": 403, "*": 404}
ASSIGNED = {"anonymous": LOGIN, "expert": 200, "expertise_head": 403, "admin": 403, "*": 404}
ASSIGNED_POST = {"anonymous": LOGIN, "expert": 302, "expertise_head": 403, "admin": 403, "*": 404}


def case(world: Any) -> list[Any]:
    return [world.tariff_case.pk]


STAFF_REDIRECT = {"anonymous": LOGIN, "expert": 302, "expertise_head": 302, "admin": 302, "*": 404}


def _ref(kind: str, attr: str) -> Any:
    return lambda w: [kind, _REF_OBJECTS[attr](w).pk]


_REF_OBJECTS = {
    "carriers": lambda w: w.tariff_case.contract.carrier,
    "routes": lambda w: w.tariff_data.route,
    "contracts": lambda w: w.tariff_case.contract,
    "norms": lambda w: w.tariff_norm,
}

REFERENCE_ENTRIES = [
    entry
    for kind in ("carriers", "routes", "contracts", "norms")
    for entry in (
        Entry("expertise:tariff-ref-list", args=lambda w, k=kind: [k], expect=STAFF, note=f"{kind} list"),
        Entry(
            "expertise:tariff-ref-list",
            args=lambda w, k=kind: [k],
            query="export=xlsx",
            expect=STAFF,
            note=f"{kind} Excel export",
        ),
        Entry("expertise:tariff-ref-create", args=lambda w, k=kind: [k], expect=STAFF, note=f"new {kind}"),
        Entry("expertise:tariff-ref-edit", args=_ref(kind, kind), expect=STAFF, note=f"edit {kind}"),
        Entry("expertise:tariff-ref-history", args=_ref(kind, kind), expect=STAFF, note=f"{kind} history"),
    )
]

ENTRIES = [
    *REFERENCE_ENTRIES,
    Entry("expertise:tariff-norm-version", args=lambda w: [_REF_OBJECTS["norms"](w).pk], expect=STAFF),
    Entry("expertise:tariff-cost-edit", args=lambda w: [w.tariff_case.pk, w.tariff_line.pk], expect=ASSIGNED),
    Entry(
        "expertise:tariff-cost-edit",
        method="POST",
        args=lambda w: [w.tariff_case.pk, w.tariff_line.pk],
        data=lambda w: {
            f"line-{w.tariff_line.pk}-route": w.tariff_data.route_id,
            f"line-{w.tariff_line.pk}-item": engine.OTHER,
            f"line-{w.tariff_line.pk}-amount": "10",
        },
        expect=ASSIGNED_POST,
    ),
    Entry(
        "expertise:tariff-cost-row",
        args=lambda w: [w.tariff_case.pk, w.tariff_line.pk],
        expect=STAFF_REDIRECT,
        note="without htmx the row redirects to the case page",
    ),
    Entry("expertise:tariff-list", expect=STAFF),
    Entry("expertise:tariff-list", query="export=xlsx", expect=STAFF, note="Excel export of the list"),
    Entry("expertise:tariff-create", expect=MANAGERS),
    Entry("expertise:tariff-detail", args=case, expect=STAFF),
    Entry("expertise:tariff-update", args=case, expect=ASSIGNED),
    Entry("expertise:tariff-assign", args=case, expect=MANAGERS),
    Entry("expertise:tariff-route-add", args=case, expect=ASSIGNED),
    Entry(
        "expertise:tariff-route-edit", args=lambda w: [w.tariff_case.pk, w.tariff_data.pk], expect=ASSIGNED
    ),
    Entry(
        "expertise:tariff-route-delete",
        method="POST",
        args=lambda w: [w.tariff_case.pk, w.tariff_data.pk],
        expect=ASSIGNED_POST,
    ),
    Entry("expertise:tariff-cost-add", args=case, expect=ASSIGNED),
    Entry(
        "expertise:tariff-cost-delete",
        method="POST",
        args=lambda w: [w.tariff_case.pk, w.tariff_line.pk],
        expect=ASSIGNED_POST,
    ),
    Entry(
        "expertise:tariff-transition",
        method="POST",
        args=case,
        data=lambda w: {"action": "submit"},
        expect=ASSIGNED_POST,
    ),
    Entry(
        "expertise:tariff-report",
        method="POST",
        args=case,
        expect={"anonymous": LOGIN, "expert": 302, "expertise_head": 302, "admin": 302, "*": 404},
    ),
    Entry("expertise:tariff-history", args=case, expect=STAFF),
]
