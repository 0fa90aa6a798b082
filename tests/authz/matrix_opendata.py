"""Open data (portfolio): the OC4IDS package, the CSV and the page that explains them are public — no sign-in,
the same answer for everyone (anonymous included). The world publishes one project so that a package exists
(the schema requires at least one project); the first request builds the release."""

from __future__ import annotations

from typing import Any

from tests.authz import Entry

EVERYONE = {"*": 200}


def setup(world: Any) -> None:
    from tests.portfolio.factories_opendata import published_project

    world.opendata_project = published_project(full=False)


ENTRIES = [
    Entry("opendata:package", expect=EVERYONE, note="OC4IDS 0.9.5 project package of the published projects"),
    Entry("opendata:csv", expect=EVERYONE, note="the same projects as CSV"),
    Entry("public:open-data", expect=EVERYONE, note="what the files hold, the licence, the last release"),
]
