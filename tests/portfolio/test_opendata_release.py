"""Open-data releases: kept only when the content changed, never invalid, rebuilt after a publication change
(one refresh for a burst) and nightly; the CSV's columns and its neutralised cells."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache

from pmis.core import events
from portfolio.models import OpenDataRelease
from portfolio.opendata import oc4ids, services
from portfolio.opendata.csv import COLUMNS
from portfolio.tasks import opendata_refresh_task
from tests.portfolio.factories_opendata import publish, published_project, withdraw
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_queued_refresh() -> None:
    cache.delete(services.REFRESH_QUEUED_KEY)


def read(field: Any) -> bytes:
    field.open("rb")
    try:
        return bytes(field.read())
    finally:
        field.close()


def test_a_release_is_kept_only_when_the_content_changed() -> None:
    published_project()
    first = services.build_release()
    assert first.created
    release = first.release
    package, table = read(release.package), read(release.csv)
    assert release.etag == hashlib.sha256(package + table).hexdigest()
    assert (release.project_count, release.package_size, release.csv_size) == (1, len(package), len(table))
    again = services.build_release()
    assert not again.created
    assert again.release.pk == release.pk
    published_project(full=False)
    changed = services.build_release()
    assert changed.created
    assert changed.release.etag != release.etag
    assert changed.release.project_count == 2
    assert services.latest_release() == changed.release
    assert changed.release.history.count() == 1  # history on every change


def test_an_invalid_package_is_never_kept(monkeypatch: Any) -> None:
    published_project()
    kept = services.build_release().release
    published_project(full=False)
    real = oc4ids.project_release

    def broken(*args: Any, **kwargs: Any) -> dict[str, Any]:
        item = real(*args, **kwargs)
        item["status"] = "suspended"  # not in the closed codelist
        return item

    monkeypatch.setattr(oc4ids, "project_release", broken)
    with pytest.raises(services.OpenDataInvalid) as failure:
        services.build_release()
    text = failure.value.args[0]
    assert text.key.startswith("The open-data package does not validate against the OC4IDS schema")
    assert "status" in text.args["errors"]
    assert list(OpenDataRelease.objects.all()) == [kept]


def test_publish_and_withdraw_send_the_event_and_make_a_new_release(
    django_capture_on_commit_callbacks: Any,
) -> None:
    project = ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        publish(project, notify=True)
    release = services.latest_release()
    assert release is not None
    assert release.project_count == 1
    assert project.code in read(release.package).decode()
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(project)
    after = services.latest_release()
    assert after is not None
    assert after.pk != release.pk
    assert after.project_count == 0
    assert not after.package  # nothing published: no package at all
    assert project.code not in read(after.csv).decode("utf-8-sig")
    assert cache.get(services.REFRESH_QUEUED_KEY) is None  # the task cleared its mark


def test_a_burst_of_changes_queues_one_refresh(django_capture_on_commit_callbacks: Any) -> None:
    with (
        mock.patch.object(opendata_refresh_task, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for _ in range(5):
            events.publication_changed.send(sender="projects", project_id=1)
    assert delay.call_count == 1
    assert cache.get(services.REFRESH_QUEUED_KEY)
    services.refresh()  # the task starts: a later change queues again
    with (
        mock.patch.object(opendata_refresh_task, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        events.publication_changed.send(sender="projects", project_id=1)
    assert delay.call_count == 1


def test_a_broker_outage_does_not_break_the_publication(django_capture_on_commit_callbacks: Any) -> None:
    with (
        mock.patch.object(opendata_refresh_task, "delay", side_effect=ConnectionError),
        django_capture_on_commit_callbacks(execute=True),
    ):
        events.publication_changed.send(sender="projects", project_id=1)
    assert cache.get(services.REFRESH_QUEUED_KEY) is None  # the next change tries again


def test_nightly_task_is_scheduled_and_builds() -> None:
    from pmis.celery import app

    entry = app.conf.beat_schedule["portfolio.opendata_refresh"]
    assert entry["task"] == "portfolio.opendata_refresh" == opendata_refresh_task.name
    assert opendata_refresh_task.soft_time_limit
    assert opendata_refresh_task.time_limit
    published_project()
    result = opendata_refresh_task.delay().get()
    assert result["created"] is True
    assert result["projects"] == 1
    assert opendata_refresh_task.delay().get()["created"] is False  # nothing changed overnight


def test_unchanged_content_keeps_the_published_date() -> None:
    published_project()
    first = services.build_release().release
    date = json.loads(read(first.package))["publishedDate"]
    assert services.build_release().release.pk == first.pk
    assert json.loads(read(services.latest_release().package))["publishedDate"] == date  # type: ignore[union-attr]


def test_csv_columns_values_and_formula_neutralisation() -> None:
    project = published_project(title_ru='=HYPERLINK("http://evil")', title_en="+SUM(A1)", title_kk="Жол")
    ProjectFactory(title_ru="Не опубликован")
    content = read(services.build_release().release.csv)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for spreadsheets
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == [name for name, _help in COLUMNS]
    assert rows[0] == [
        "code", "title_kk", "title_ru", "title_en", "direction", "districts", "stage", "progress",
        "budget_plan", "budget_disbursed", "milestones_done", "milestones_planned", "forecast_finish",
        "latitude", "longitude", "url",
    ]  # fmt: skip
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["code"] == project.code
    assert row["title_ru"] == '\'=HYPERLINK("http://evil")'
    assert row["title_en"] == "'+SUM(A1)"
    assert row["title_kk"] == "Жол"
    assert row["direction"] == project.direction.name_ru
    assert row["districts"].count(";") == 1
    assert row["stage"] == "execution"
    assert row["progress"] == "33"  # one milestone of three met, no plan tasks
    assert row["budget_plan"] == "1500000.50"
    assert row["budget_disbursed"] == "250000.00"
    assert (row["milestones_done"], row["milestones_planned"]) == ("1", "3")
    assert row["forecast_finish"] == "2027-12-31"
    assert (row["latitude"], row["longitude"]) == ("43.238949", "76.889709")


def test_csv_with_nothing_published_has_the_header_only() -> None:
    ProjectFactory()
    content = read(services.build_release().release.csv).decode("utf-8-sig")
    assert content.strip() == ",".join(name for name, _help in COLUMNS)


def test_old_releases_are_pruned_with_their_files(
    monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(services, "KEEP_RELEASES", 2)
    published_project()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.build_release().release
    storage, names = first.csv.storage, [first.package.name, first.csv.name]
    for _ in range(2):
        published_project(full=False)
        with django_capture_on_commit_callbacks(execute=True):
            services.build_release()
    assert OpenDataRelease.objects.count() == 2
    assert not OpenDataRelease.objects.filter(pk=first.pk).exists()
    assert not any(storage.exists(name) for name in names)
    assert first.history.filter(history_type="-").exists()  # the removal is in its history
