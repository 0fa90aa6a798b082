"""Text the system generates and stores, kept as a message key plus arguments and rendered per reader.

Language belongs to the reader (DESIGN.md §3): a notification, a submission's title or a job's message is
stored as the English msgid and its arguments, never as a sentence in the language of whoever clicked.
Pages render it in the active language, e-mails inside `translation.override(recipient.language)`,
documents inside `translation.override(document_language)`.

    note = msg("Status report %(period)s of %(code)s awaits your review", period=month(d), code=p.code)
    Notification(title_msg=note.as_json())          # stored: {"key": ..., "args": {...}}
    render(note_row.title_msg)                      # "Отчёт о статусе 12.2026 по PRJ-… ожидает проверки"

`msg`, `pmsg` (with a msgctxt) and `nmsg` (plural) are xgettext keywords (see the makemessages command in
pmis.core), so their literal strings land in the catalogs like `gettext` calls do. Arguments are plain
strings and numbers, nested texts (a translated label: `label("Approved")`, `choice(obj, "status")`) or
typed values formatted in the reader's language: `money()`, `number()`, `percent()`, `date()`, `month()`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext, npgettext, pgettext

from pmis.core.templatetags.pmis import money as _money
from pmis.core.templatetags.pmis import number as _number
from pmis.core.templatetags.pmis import percent as _percent

JSONValue = Any


@dataclass(frozen=True)
class Text:
    """A message key (English msgid), optional msgctxt / plural form, and its arguments."""

    key: str
    args: dict[str, JSONValue] = field(default_factory=dict)
    context: str = ""
    plural: str = ""
    count: str = ""  # the argument that chooses the plural form

    def as_json(self) -> dict[str, JSONValue]:
        data: dict[str, JSONValue] = {"key": self.key, "args": self.args}
        if self.context:
            data["ctx"] = self.context
        if self.plural:
            data["plural"] = self.plural
            data["count"] = self.count
        return data

    def render(self, language: str | None = None) -> str:
        """The text in `language` (default: the active language)."""
        if language:
            with translation.override(language):
                return _render(self.as_json())
        return _render(self.as_json())

    def __str__(self) -> str:
        return self.render()


def msg(key: str, /, **args: Any) -> Text:
    """A stored sentence: `msg("Meeting %(number)s is scheduled", number=m.number)`."""
    return Text(key=key, args=_encode_args(args))


def pmsg(context: str, key: str, /, **args: Any) -> Text:
    """A stored sentence with a msgctxt, for msgids whose translation depends on where they stand."""
    return Text(key=key, args=_encode_args(args), context=context)


def nmsg(singular: str, plural: str, count: str, /, **args: Any) -> Text:
    """A stored sentence with plural forms chosen by the integer argument named `count`."""
    return Text(key=singular, args=_encode_args(args), plural=plural, count=count)


def label(key: str, context: str = "") -> dict[str, JSONValue]:
    """An argument that is itself translated: `msg("Decision: %(outcome)s", outcome=label("Approved"))`."""
    data: dict[str, JSONValue] = {"t": "msg", "key": key, "args": {}}
    if context:
        data["ctx"] = context
    return data


def choice(instance: models.Model, field_name: str) -> dict[str, JSONValue] | str:
    """The display label of a choices field as a translated argument (its English msgid, rendered per reader)."""
    value = getattr(instance, field_name)
    model_field = instance._meta.get_field(field_name)
    for option, text in model_field.flatchoices if isinstance(model_field, models.Field) else ():
        if option == value:
            return label(_msgid(text))
    return str(value)


def money(value: Any, digits: int = 0) -> dict[str, JSONValue]:
    return {"t": "money", "v": None if value is None else str(value), "d": digits}


def number(value: Any, digits: int = 0) -> dict[str, JSONValue]:
    return {"t": "number", "v": None if value is None else str(value), "d": digits}


def percent(value: Any, digits: int = 0) -> dict[str, JSONValue]:
    """A ratio (0.953) shown as a percentage ("95,3 %")."""
    return {"t": "percent", "v": None if value is None else str(value), "d": digits}


def date(value: datetime.date | None) -> dict[str, JSONValue]:
    return {"t": "date", "v": value.isoformat() if value else None}


def month(value: datetime.date | None) -> dict[str, JSONValue]:
    """A reporting month ("December 2026", "декабрь 2026")."""
    return {"t": "month", "v": value.isoformat() if value else None}


def render(data: Text | dict[str, JSONValue] | None, fallback: str = "") -> str:
    """A stored text (as_json form) in the active language; `fallback` when nothing is stored."""
    if data is None or data == {}:
        return fallback
    if isinstance(data, Text):
        return data.render()
    if not isinstance(data, dict) or "key" not in data:
        return fallback
    return _render(data)


def _render(data: dict[str, JSONValue]) -> str:
    key = str(data["key"])
    ctx = str(data.get("ctx") or "")
    args = {name: _format(value) for name, value in (data.get("args") or {}).items()}
    if data.get("plural"):
        raw = (data.get("args") or {}).get(str(data.get("count")), 0)
        n = int(raw) if isinstance(raw, int | str) and str(raw).lstrip("-").isdigit() else 0
        template = (
            npgettext(ctx, key, str(data["plural"]), n) if ctx else ngettext(key, str(data["plural"]), n)
        )
    else:
        template = pgettext(ctx, key) if ctx else gettext(key)
    if not args:
        return template
    try:
        return template % args
    except (KeyError, TypeError, ValueError):
        # a translation that names an argument the key did not: fall back to the English sentence
        try:
            return key % args
        except (KeyError, TypeError, ValueError):
            return key


def _format(value: JSONValue) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value  # stays a number for "%(n)d" and plural templates
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    kind = value.get("t")
    if kind == "msg":
        return _render(value)
    raw = value.get("v")
    if raw is None or raw == "":
        return "—"
    digits = int(value.get("d") or 0)
    if kind == "money":
        return _money(raw, digits)
    if kind == "number":
        return _number(raw, digits)
    if kind == "percent":
        return _percent(raw, digits)
    if kind == "date":
        return date_format(datetime.date.fromisoformat(str(raw)), "SHORT_DATE_FORMAT")
    if kind == "month":
        return date_format(datetime.date.fromisoformat(str(raw)), "YEAR_MONTH_FORMAT")
    return str(raw)


def _encode_args(args: dict[str, Any]) -> dict[str, JSONValue]:
    return {name: _encode(value) for name, value in args.items()}


def _encode(value: Any) -> JSONValue:
    if isinstance(value, Text):
        return {"t": "msg", **value.as_json()}
    if value is None or isinstance(value, str | int | dict):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal | float):
        return number(value, 2)
    if isinstance(value, datetime.datetime):
        return date(value.date())
    if isinstance(value, datetime.date):
        return date(value)
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "_proxy____cast"):  # a lazy translation: keep its msgid so each reader gets their own
        return label(_msgid(value))
    return str(value)


def _msgid(text: Any) -> str:
    """The English msgid behind a (lazy) label: rendered with no translation active."""
    with translation.override("en"):
        return str(text)
