"""Checklist versions: a new version copies the one in use as a draft, a draft's items are edited (texts,
weight > 0, pre-check from the fixed list, add, remove), publishing retires the previous version, audits keep
theirs, a version in use or retired is never edited; history on every change; flat query counts."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from audits.checklist_start import START
from audits.models import ChecklistItem, ChecklistVersion
from audits.services.checklists import (
    checklist_item_remove,
    checklist_item_save,
    checklist_new_version,
    checklist_note_save,
    checklist_publish,
)
from tests.audits.factories import AuditFactory, checklist_v1
from tests.conftest import assert_num_queries, login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Any, settings: Any) -> Iterator[None]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def v1(db: None) -> ChecklistVersion:
    return checklist_v1()


def _item_post(**changes: Any) -> dict[str, Any]:
    data = {
        "code": "site_visit",
        "text_ru": "Проведён осмотр объекта.",
        "text_kk": "Объект тексерілді.",
        "text_en": "The site was visited.",
        "weight": "2",
        "precheck": "",
        "applies_to": "construction",
    }
    data.update(changes)
    return data


def test_version_one_is_seeded_and_in_use(client: Any, auditor: Any, v1: ChecklistVersion) -> None:
    assert v1.status == ChecklistVersion.Status.ACTIVE
    assert v1.items.count() == len(START) == 14
    login(client, auditor)
    body = client.get(reverse("audits:checklist-detail", args=[v1.pk])).content.decode()
    assert "Passport approved and current" in body
    assert reverse("audits:checklist-item-add", args=[v1.pk]) not in body


def test_new_version_copies_the_active_one_as_a_draft(
    client: Any, auditor: Any, v1: ChecklistVersion
) -> None:
    login(client, auditor)
    response = client.post(reverse("audits:checklist-create"))
    draft = ChecklistVersion.objects.get(version=2)
    assert response["Location"] == reverse("audits:checklist-detail", args=[draft.pk])
    assert draft.status == ChecklistVersion.Status.DRAFT
    assert draft.created_by == auditor
    copied = list(draft.items.values_list("number", "code", "weight", "precheck", "applies_to"))
    original = list(v1.items.values_list("number", "code", "weight", "precheck", "applies_to"))
    assert copied == original
    assert ChecklistItem.history.filter(version_id=draft.pk, history_type="+").count() == 14
    again = client.post(reverse("audits:checklist-create"), follow=True)
    assert "still a draft" in again.content.decode()
    assert ChecklistVersion.objects.count() == 2


def test_edit_add_remove_items_of_a_draft(client: Any, auditor: Any, v1: ChecklistVersion) -> None:
    draft = checklist_new_version(actor=auditor)
    login(client, auditor)
    item = draft.items.get(number=5)
    url = reverse("audits:checklist-item-edit", args=[draft.pk, item.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _item_post(code="reports", text_ru=item.text_ru, weight="3", precheck="reports", applies_to=""),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.weight == Decimal("3")
    assert item.history.first().history_user == auditor
    added = client.post(reverse("audits:checklist-item-add", args=[draft.pk]), _item_post())
    assert added.status_code == 302
    new = draft.items.get(code="site_visit")
    assert new.number == 15
    assert new.applies_to == "construction"
    removed = client.post(
        reverse("audits:checklist-item-remove", args=[draft.pk, draft.items.get(number=2).pk])
    )
    assert removed.status_code == 302
    assert list(draft.items.order_by("number").values_list("number", flat=True)) == list(range(1, 15))
    assert draft.items.get(code="site_visit").number == 14
    assert ChecklistItem.history.filter(version_id=draft.pk, history_type="-").count() == 1
    assert v1.items.count() == 14  # the version in use is untouched
    history = client.get(reverse("audits:checklist-history", args=[draft.pk]))
    assert history.status_code == 200
    assert "Removed" in history.content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weight": "0"}, "weight"),
        ({"weight": "-1"}, "weight"),
        ({"weight": "abc"}, "weight"),
        ({"precheck": "astrology"}, "precheck"),
        ({"code": "Bad Code"}, "code"),
        ({"code": "passport"}, "code"),
        ({"text_ru": ""}, "text_ru"),
        ({"applies_to": "spaceport"}, "applies_to"),
    ],
)
def test_bad_item_input_is_refused_with_nothing_written(
    client: Any, auditor: Any, v1: ChecklistVersion, changes: dict[str, str], field: str
) -> None:
    draft = checklist_new_version(actor=auditor)
    login(client, auditor)
    response = client.post(reverse("audits:checklist-item-add", args=[draft.pk]), _item_post(**changes))
    assert response.status_code == 200
    assert f'id="id_{field}"' in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert draft.items.count() == 14


def test_weight_and_precheck_checked_by_the_service(auditor: Any, v1: ChecklistVersion) -> None:
    draft = checklist_new_version(actor=auditor)
    base = {"code": "x1", "text_ru": "Текст", "precheck": "", "applies_to": ""}
    with pytest.raises(ValidationError) as exc:
        checklist_item_save(version=draft, actor=auditor, weight=Decimal(0), **base)
    assert "weight" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        checklist_item_save(version=draft, actor=auditor, weight=Decimal(1), **{**base, "precheck": "gps"})
    assert "precheck" in exc.value.message_dict
    assert draft.items.count() == 14


def test_active_and_retired_versions_are_never_edited(
    client: Any, auditor: Any, v1: ChecklistVersion
) -> None:
    item = v1.items.get(number=1)
    with pytest.raises(ValidationError, match="in use"):
        checklist_item_save(
            version=v1, actor=auditor, item=item, code="passport", text_ru="x", weight=Decimal(5)
        )
    with pytest.raises(ValidationError, match="in use"):
        checklist_item_remove(item=item, actor=auditor)
    login(client, auditor)
    response = client.post(
        reverse("audits:checklist-item-edit", args=[v1.pk, item.pk]), _item_post(code="passport"), follow=True
    )
    assert "create a new version" in response.content.decode()
    assert client.post(reverse("audits:checklist-item-remove", args=[v1.pk, item.pk])).status_code == 302
    item.refresh_from_db()
    assert item.weight == Decimal(1)
    assert v1.items.count() == 14
    draft = checklist_new_version(actor=auditor)
    checklist_note_save(version=draft, actor=auditor, note="Веса")
    checklist_publish(version=draft, actor=auditor)
    v1.refresh_from_db()
    with pytest.raises(ValidationError, match="retired"):
        checklist_note_save(version=v1, actor=auditor, note="x")


def test_publish_puts_the_draft_in_use_and_retires_the_previous(
    client: Any, auditor: Any, v1: ChecklistVersion
) -> None:
    started = AuditFactory(checklist=v1)
    draft = checklist_new_version(actor=auditor)
    login(client, auditor)
    refused = client.post(reverse("audits:checklist-publish", args=[draft.pk]), follow=True)
    assert "Say what changed" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == ChecklistVersion.Status.DRAFT
    assert client.post(reverse("audits:checklist-edit", args=[draft.pk]), {"note": "Веса"}).status_code == 302
    assert client.post(reverse("audits:checklist-publish", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    v1.refresh_from_db()
    assert draft.status == ChecklistVersion.Status.ACTIVE
    assert draft.published_at is not None
    assert v1.status == ChecklistVersion.Status.RETIRED
    assert ChecklistVersion.objects.filter(status=ChecklistVersion.Status.ACTIVE).count() == 1
    started.refresh_from_db()
    assert started.checklist == v1  # an audit keeps the version it started with
    assert v1.history.first().history_user == auditor
    assert draft.history.first().history_user == auditor


def test_others_read_but_do_not_change(client: Any, pmo: Any, officer: Any, v1: ChecklistVersion) -> None:
    login(client, pmo)
    assert client.get(reverse("audits:checklist-list")).status_code == 200
    assert client.get(reverse("audits:checklist-detail", args=[v1.pk])).status_code == 200
    assert client.post(reverse("audits:checklist-create")).status_code == 403
    login(client, officer)
    assert client.get(reverse("audits:checklist-list")).status_code == 403
    assert client.get(reverse("audits:checklist-detail", args=[v1.pk])).status_code == 403
    assert ChecklistVersion.objects.count() == 1


def test_list_filter_export_and_flat_queries(client: Any, auditor: Any, v1: ChecklistVersion) -> None:
    login(client, auditor)
    url = reverse("audits:checklist-list")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    first = len(ctx.captured_queries)
    for _ in range(4):
        draft = checklist_new_version(actor=auditor)
        checklist_note_save(version=draft, actor=auditor, note="n")
        checklist_publish(version=draft, actor=auditor)
    with assert_num_queries(first):
        client.get(url)
    body = client.get(url, {"status": "active"}).content.decode()
    assert "Version 5" in body
    assert "Version 4" not in body
    export = client.get(url, {"export": "xlsx"})
    assert export.status_code == 200
    from pmis.core.excel import read_rows

    assert len(list(read_rows(export.content))) == 6


def test_detail_queries_flat_and_item_export(client: Any, auditor: Any, v1: ChecklistVersion) -> None:
    draft = checklist_new_version(actor=auditor)
    login(client, auditor)
    url = reverse("audits:checklist-detail", args=[draft.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    first = len(ctx.captured_queries)
    for n in range(5):
        checklist_item_save(
            version=draft, actor=auditor, code=f"extra_{n}", text_ru="Доп.", weight=Decimal(1)
        )
    with assert_num_queries(first):
        client.get(url)
    export = client.get(url, {"export": "xlsx"})
    from pmis.core.excel import read_rows

    rows = list(read_rows(export.content))
    assert len(rows) == 20
    assert rows[1][1] == "passport"
