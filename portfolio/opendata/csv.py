"""The CSV of the published projects: the same projects as the OC4IDS package, one row per project.

UTF-8 with a byte-order mark (so spreadsheet programs read Kazakh and Russian correctly), comma-separated,
the header row names the columns below. Every text cell is neutralised against formula injection
(`pmis.core.excel.neutralise`: a cell that could start a formula gets a leading apostrophe). Numbers are
plain (a dot before the decimals), dates are ISO 8601 (YYYY-MM-DD), empty cells mean "not known".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from pmis.core.excel import neutralise
from portfolio.opendata.oc4ids import public_url
from projects.selectors.public import PublicFacts

# (column, what it holds) — the open-data page lists them for the reader
COLUMNS: list[tuple[str, Any]] = [
    ("code", _("The project's code in the register (stable).")),
    ("title_kk", _("Title in Kazakh.")),
    ("title_ru", _("Title in Russian.")),
    ("title_en", _("Title in English.")),
    ("direction", _("The city's basic direction the project belongs to (its name in Russian).")),
    (
        "districts",
        _("The districts of the city the project is in (names in Russian, separated by semicolons)."),
    ),
    (
        "stage",
        _("The project's stage, as one of these codes:"),
    ),
    (
        "progress",
        _("Work done, in per cent, computed from the project plan (empty when there is no plan yet)."),
    ),
    ("budget_plan", _("Planned budget, tenge (KZT).")),
    ("budget_disbursed", _("Budget disbursed so far, tenge (KZT).")),
    ("milestones_done", _("Milestones reached.")),
    ("milestones_planned", _("Milestones planned.")),
    ("forecast_finish", _("Forecast finish date (YYYY-MM-DD).")),
    ("latitude", _("Latitude of the project's location (WGS 84).")),
    ("longitude", _("Longitude of the project's location (WGS 84).")),
    ("url", _("The project's public page.")),
]
# the codes a column holds, listed under its description on the open-data page
COLUMN_VALUES: dict[str, list[str]] = {
    "stage": [
        "idea",
        "initiation",
        "approved",
        "planning",
        "execution",
        "closure",
        "post_project",
        "suspended",
        "terminated",
    ]
}


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def row(project: Any, facts: PublicFacts) -> list[Any]:
    districts = "; ".join(d.name_ru for d in sorted(project.districts.all(), key=lambda d: d.code))
    return [
        project.code,
        project.title_kk,
        project.title_ru,
        project.title_en,
        project.direction.name_ru,
        districts,
        facts.stage,
        "" if facts.progress is None else facts.progress,
        money(facts.budget_plan),
        money(facts.budget_disbursed),
        facts.milestones_done,
        facts.milestones_planned,
        facts.forecast_finish.isoformat() if facts.forecast_finish else "",
        "" if project.latitude is None else project.latitude,
        "" if project.longitude is None else project.longitude,
        public_url("public:project", project.code) or "",
    ]


def build_csv(projects: Sequence[Any], facts: dict[int, PublicFacts]) -> bytes:
    """The CSV file of `projects` (bytes, UTF-8 with BOM); a header only when there are none."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _help in COLUMNS])
    for project in projects:
        writer.writerow(
            ["" if value is None else neutralise(value) for value in row(project, facts[project.pk])]
        )
    return out.getvalue().encode("utf-8-sig")
