"""The open-data build over the published bench projects (issue 13 publishes 2,000 of the 10,000): the OC4IDS
package and the CSV, the package validated against the vendored schema, nothing stored.

`BENCH public.oc4ids seconds= projects= bytes= csv_bytes= validate_seconds= warm_seconds=` (goal: seconds ≤ 10
for 2,000 projects). `seconds` is the cold build: every project validated afresh; `validate_seconds` the
validation alone (cold); `warm_seconds` a rebuild when the projects' content was validated before (what a
publication or the nightly run costs once the first release exists)."""

from __future__ import annotations

import time
from typing import Any


def run(ctx: dict[str, Any]) -> list[str]:
    from portfolio.opendata import oc4ids
    from portfolio.opendata.services import build_files
    from projects.selectors.public import published_projects

    if not published_projects().exists():
        return [
            "# public.oc4ids skipped: no published project (the public-side bench builder publishes them)"
        ]
    started = time.perf_counter()
    files = build_files(memo=False)  # query, map, validate every project, CSV
    package = oc4ids.dumps(files.package) if files.package is not None else b""
    seconds = time.perf_counter() - started
    check = time.perf_counter()
    if files.package is not None:
        oc4ids.validation_errors(files.package, memo=False)
    validate_seconds = time.perf_counter() - check
    build_files()  # remember the valid projects
    warm = time.perf_counter()
    build_files()
    warm_seconds = time.perf_counter() - warm
    return [
        f"BENCH public.oc4ids seconds={seconds:.2f} projects={files.project_count} bytes={len(package)} "
        f"csv_bytes={len(files.csv)} validate_seconds={validate_seconds:.2f} warm_seconds={warm_seconds:.2f}"
    ]
