"""Tariff verification URLs: expertise staff and administrators see cases, everyone else gets 404.

The assigned expert (persona `expert`) edits; the head of expertise and administrators open cases and
assign experts but do not edit another expert's figures (403).
"""

from __future__ import annotations

from typing import Any

from expertise import tariffs as engine
from tests.authz import LOGIN, Entry
from tests.expertise.factories_tariffs import CostLineFactory, case_with_routes, create_norms


def setup(world: Any) -> None:
    create_norms()
    world.tariff_case = case_with_routes(1, assigned_expert=world.users["expert"])
    world.tariff_data = world.tariff_case.route_data.get()
    world.tariff_line = CostLineFactory(case=world.tariff_case, route=world.tariff_data.route, item=engine.OTHER)


STAFF = {"anonymous": LOGIN, "expert": 200, "expertise_head": 200, "admin": 200, "*": 404}
MANAGERS = {"anonymous": LOGIN, "expertise_head": 200, "admin": 200, "expert": 403, "*": 404}
ASSIGNED = {"anonymous": LOGIN, "expert": 200, "expertise_head": 403, "admin": 403, "*": 404}
ASSIGNED_POST = {"anonymous": LOGIN, "expert": 302, "expertise_head": 403, "admin": 403, "*": 404}


def case(world: Any) -> list[Any]:
    return [world.tariff_case.pk]


ENTRIES = [
    Entry("expertise:tariff-list", expect=STAFF),
    Entry("expertise:tariff-list", query="export=xlsx", expect=STAFF, note="Excel export of the list"),
    Entry("expertise:tariff-create", expect=MANAGERS),
    Entry("expertise:tariff-detail", args=case, expect=STAFF),
    Entry("expertise:tariff-update", args=case, expect=ASSIGNED),
    Entry("expertise:tariff-assign", args=case, expect=MANAGERS),
    Entry("expertise:tariff-route-add", args=case, expect=ASSIGNED),
    Entry("expertise:tariff-route-edit", args=lambda w: [w.tariff_case.pk, w.tariff_data.pk], expect=ASSIGNED),
    Entry("expertise:tariff-route-delete", method="POST", args=lambda w: [w.tariff_case.pk, w.tariff_data.pk],
          expect=ASSIGNED_POST),
    Entry("expertise:tariff-cost-add", args=case, expect=ASSIGNED),
    Entry("expertise:tariff-cost-delete", method="POST", args=lambda w: [w.tariff_case.pk, w.tariff_line.pk],
          expect=ASSIGNED_POST),
    Entry("expertise:tariff-transition", method="POST", args=case, data=lambda w: {"action": "submit"},
          expect=ASSIGNED_POST),
    Entry("expertise:tariff-report", method="POST", args=case,
          expect={"anonymous": LOGIN, "expert": 302, "expertise_head": 302, "admin": 302, "*": 404}),
    Entry("expertise:tariff-history", args=case, expect=STAFF),
]
