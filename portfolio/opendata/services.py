"""Open-data releases: build the OC4IDS package and the CSV, validate, keep a release when the content changed.

`build_release()` is the only writer of OpenDataRelease. It runs in the `portfolio.opendata_refresh` task
(after every publication change, collapsed, and nightly) and, once, in the first request when there is no
release yet. A package that does not validate against the vendored schema is never kept: the run fails with
`OpenDataInvalid` (a message key) and the previous release stays served.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from pmis.core import publiccache
from pmis.core.jobs import JobError
from pmis.core.texts import msg
from portfolio.models import OpenDataRelease
from portfolio.opendata import oc4ids
from portfolio.opendata.csv import build_csv
from projects.selectors.public import public_facts

logger = logging.getLogger("pmis.opendata")

# Set while a refresh is queued and not started yet: a burst of publication changes dispatches one refresh.
REFRESH_QUEUED_KEY = "opendata:refresh-queued"
REFRESH_QUEUED_SECONDS = 120
# Releases kept (with their files): the newest is served, the few before it let a consumer compare
KEEP_RELEASES = 30


class OpenDataInvalid(JobError):
    """The package built does not validate against the OC4IDS schema (nothing was kept)."""


@dataclass(frozen=True)
class ReleaseOutcome:
    release: OpenDataRelease
    created: bool  # False: the content had not changed, the current release stays


def latest_release() -> OpenDataRelease | None:
    """The newest open-data release (the one `/open-data/` serves), or None before the first build."""
    return OpenDataRelease.objects.order_by("-created_at", "-id").first()


def _read(field: Any) -> bytes | None:
    if not field:
        return b""
    try:
        field.open("rb")
        try:
            return bytes(field.read())
        finally:
            field.close()
    except OSError:
        return None  # the stored file is gone: build a new release


def _unchanged(current: OpenDataRelease, package: dict[str, Any] | None, csv_bytes: bytes) -> bool:
    """Whether the new files equal the current release's, the package's publishedDate aside (it is the date
    the content last changed, so an equal content keeps the old date)."""
    if _read(current.csv) != csv_bytes:
        return False
    old = _read(current.package)
    if package is None:
        return old == b""
    if not old:
        return False
    try:
        published = json.loads(old)["publishedDate"]
    except (ValueError, KeyError, TypeError):
        return False
    return oc4ids.dumps({**package, "publishedDate": published}) == old


@dataclass(frozen=True)
class OpenDataFiles:
    package: dict[str, Any] | None  # None: nothing published (the schema requires at least one project)
    csv: bytes
    project_count: int


def build_files(*, memo: bool = True) -> OpenDataFiles:
    """The validated package and the CSV of the published projects, nothing stored. Raises OpenDataInvalid
    when the package does not validate against the vendored schema (`memo`: see oc4ids.validation_errors)."""
    projects = [p for p in oc4ids.published_for_open_data() if oc4ids.live_of(p) is not None]
    facts = public_facts(projects)
    items = oc4ids.build_projects(projects, facts)
    csv_bytes = build_csv(projects, facts)
    package = oc4ids.build_package(items, published=timezone.now()) if items else None
    if package is not None:
        errors = oc4ids.validation_errors(package, memo=memo)
        if errors:
            logger.error("open data: the OC4IDS package does not validate: %s", "; ".join(errors))
            raise OpenDataInvalid(
                msg(
                    "The open-data package does not validate against the OC4IDS schema, so it was not published: %(errors)s",
                    errors="; ".join(errors[:3]),
                )
            )
    return OpenDataFiles(package=package, csv=csv_bytes, project_count=len(items))


def build_release() -> ReleaseOutcome:
    """Build and validate the package and the CSV of the published projects; keep a new release when they
    differ from the newest one. Raises OpenDataInvalid (keeping nothing) when the package is invalid."""
    started = time.perf_counter()
    files = build_files()
    package, csv_bytes, items = files.package, files.csv, files.project_count
    current = latest_release()
    if current is not None and _unchanged(current, package, csv_bytes):
        return ReleaseOutcome(release=current, created=False)
    package_bytes = oc4ids.dumps(package) if package is not None else b""
    release = OpenDataRelease(
        etag=hashlib.sha256(package_bytes + csv_bytes).hexdigest(),
        project_count=items,
        package_size=len(package_bytes),
        csv_size=len(csv_bytes),
    )
    if package_bytes:
        release.package.save("oc4ids.json", ContentFile(package_bytes), save=False)
    release.csv.save("projects.csv", ContentFile(csv_bytes), save=False)
    release.seconds = Decimal(f"{min(time.perf_counter() - started, 999999):.2f}")
    release._change_reason = "open data refreshed"
    with transaction.atomic():
        release.save()
        _prune()
        transaction.on_commit(publiccache.bump)  # the open-data page shows the release's date and count
    logger.info("open data: release %s, %s projects, %s bytes", release.pk, items, len(package_bytes))
    return ReleaseOutcome(release=release, created=True)


def _prune() -> None:
    """Keep the newest KEEP_RELEASES releases; older rows go (their history stays) and their files with them
    once the transaction commits."""
    old = list(OpenDataRelease.objects.order_by("-created_at", "-id")[KEEP_RELEASES:])
    if not old:
        return
    files = [(f.storage, f.name) for release in old for f in (release.package, release.csv) if f and f.name]
    for release in old:
        release._change_reason = "open data: older release removed"
        release.delete()

    def remove_files() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)


def current_or_build() -> OpenDataRelease | None:
    """The newest release; the first request ever builds one at once (None when that build fails)."""
    release = latest_release()
    if release is not None:
        return release
    try:
        return build_release().release
    except OpenDataInvalid:
        return None


def _dispatch() -> None:
    from portfolio.tasks import opendata_refresh_task

    try:
        opendata_refresh_task.delay()
    except Exception:  # broker down: the nightly run refreshes; never fail the publication that asked
        cache.delete(REFRESH_QUEUED_KEY)
        logger.exception("open data: the refresh could not be dispatched")


def request_refresh(**_: Any) -> None:
    """Receiver of `events.publication_changed`: queue one refresh once the transaction commits, unless one
    is already queued and not started (a burst of changes is served by one build)."""
    if cache.add(REFRESH_QUEUED_KEY, 1, timeout=REFRESH_QUEUED_SECONDS):
        transaction.on_commit(_dispatch)


def refresh() -> dict[str, Any]:
    """What the task runs: clear the "queued" mark first (a change from now on queues another refresh)."""
    cache.delete(REFRESH_QUEUED_KEY)
    outcome = build_release()
    return {
        "release": outcome.release.pk,
        "created": outcome.created,
        "projects": outcome.release.project_count,
    }
