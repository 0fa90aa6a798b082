"""Stored texts are rendered in the reader's language, with arguments formatted for that language."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from pmis.core import texts


def test_a_stored_text_renders_in_each_readers_language() -> None:
    note = texts.msg("Project updated.")
    assert note.render("en") == "Project updated."
    assert note.render("ru") != "Project updated."
    assert texts.render(note.as_json()) == note.render(translation.get_language())


def test_arguments_are_formatted_per_language() -> None:
    make = texts.msg  # an alias: the test's pattern is no UI string for the catalogs
    stored = make(
        "%(a)s|%(b)s|%(c)s", a=texts.money(Decimal("1250000")), b=texts.date(datetime.date(2026, 3, 15)), c=7
    ).as_json()
    with translation.override("en"):
        assert texts.render(stored) == "₸1,250,000|15.03.2026|7"
    with translation.override("ru"):
        assert texts.render(stored) == "1\xa0250\xa0000\xa0₸|15.03.2026|7"


def test_nested_labels_and_lazy_strings_are_translated_for_the_reader() -> None:
    from django.utils.translation import gettext_lazy

    make = texts.msg
    stored = make("%(x)s", x=gettext_lazy("Project updated.")).as_json()
    assert stored["args"]["x"] == {"t": "msg", "key": "Project updated.", "args": {}}
    with translation.override("ru"):
        assert texts.render(stored) == translation.gettext("Project updated.")


def test_plural_forms_follow_the_count() -> None:
    stored = texts.nmsg("%(n)s project", "%(n)s projects", "n", n=5).as_json()
    with translation.override("en"):
        assert texts.render(stored) == "5 projects"
    stored = texts.nmsg("%(n)s project", "%(n)s projects", "n", n=1).as_json()
    with translation.override("en"):
        assert texts.render(stored) == "1 project"


def test_nothing_stored_gives_the_fallback() -> None:
    assert texts.render(None, "old title") == "old title"
    assert texts.render({}, "old title") == "old title"


def test_a_catalog_template_with_a_number_placeholder_renders() -> None:
    stored = texts.nmsg(
        "%(n)d new lag alert needs your attention", "%(n)d new lag alerts need your attention", "n", n=3
    ).as_json()
    with translation.override("en"):
        assert texts.render(stored) == "3 new lag alerts need your attention"


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_sentence_stored_rendered_gives_back_its_key_and_arguments(language: str) -> None:
    key = "Status report %(period)s of %(code)s awaits your review"
    with translation.override(language):
        stored = translation.gettext(key) % {"period": "12.2026", "code": "PRJ-2026-00011"}
    recovered = texts.recover(stored)
    assert recovered is not None
    assert recovered.as_json() == {"key": key, "args": {"period": "12.2026", "code": "PRJ-2026-00011"}}
    with translation.override("en"):
        assert (
            texts.render(recovered.as_json()) == "Status report 12.2026 of PRJ-2026-00011 awaits your review"
        )


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_plural_sentence_recovers_its_count(language: str) -> None:
    singular, plural = "%(n)d new lag alert needs your attention", "%(n)d new lag alerts need your attention"
    with translation.override(language):
        stored = translation.ngettext(singular, plural, 5) % {"n": 5}
    recovered = texts.recover(stored)
    assert recovered is not None
    assert recovered.as_json() == {"key": singular, "args": {"n": 5}, "plural": plural, "count": "n"}
    with translation.override("en"):
        assert recovered.render() == "5 new lag alerts need your attention"


def test_a_label_argument_is_recovered_as_a_label() -> None:
    with translation.override("ru"):
        stored = translation.gettext("Status changed to “%(status)s”.") % {
            "status": translation.gettext("Approved")
        }
    recovered = texts.recover(stored)
    assert recovered is not None
    assert recovered.args == {"status": {"t": "msg", "key": "Approved", "args": {}}}
    with translation.override("en"):
        assert recovered.render() == "Status changed to “Approved”."


def test_a_sentence_without_placeholders_is_recovered_exactly() -> None:
    with translation.override("kk"):
        stored = translation.gettext("Project updated.")
    recovered = texts.recover(stored)
    assert recovered == texts.Text(key="Project updated.")


def test_a_sentence_no_catalog_knows_is_not_recovered() -> None:
    assert texts.recover("Новое поручение от руководителя") is None
    assert texts.recover("") is None
