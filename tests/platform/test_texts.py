"""Stored texts are rendered in the reader's language, with arguments formatted for that language."""

from __future__ import annotations

import datetime
from decimal import Decimal

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


def test_integer_arguments_keep_their_type_for_d_placeholders() -> None:
    make = texts.nmsg
    stored = make("%(n)d item", "%(n)d items", "n", n=3).as_json()
    with translation.override("en"):
        assert texts.render(stored) == "3 items"
