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
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
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


def _format(value: JSONValue) -> str | int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value  # "%(n)d" in a catalog template needs the number itself
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


# --- recovering the key behind a sentence stored already rendered (data migrations) -------------------------

_PLACEHOLDER = re.compile(
    r"%\((?P<name>[A-Za-z_]\w*)\)[-#0 +]*(?:\d+)?(?:\.\d+)?[diouxXeEfFgGcrsa]|%%|%[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"
)


@dataclass(frozen=True)
class _Template:
    regex: re.Pattern[str]
    anchor: str  # the longest literal part: a cheap test before the regex
    specificity: int  # literal characters: the most specific template wins
    language: str
    key: str
    context: str
    plural: str


@dataclass(frozen=True)
class _Catalogs:
    exact: dict[str, tuple[str, str, str]]  # sentence -> (language, key, context)
    labels: dict[str, dict[str, tuple[str, str]]]  # language -> sentence -> (key, context)
    templates: list[_Template]


def recover(text: str) -> Text | None:
    """The message key and arguments behind `text`, a sentence stored already rendered in en, ru or kk.

    The sentence is matched against every msgid of our catalogs and its ru/kk translations (placeholders
    `%(name)s` become captures); the most specific template wins. An argument that is itself a catalog string
    (a status, a stage) comes back as a translated label. None when nothing matches: keep the old text."""
    text = (text or "").strip()
    if not text:
        return None
    catalogs = _catalogs()
    if text in catalogs.exact:
        _language, key, context = catalogs.exact[text]
        return Text(key=key, context=context)
    best: tuple[_Template, dict[str, str]] | None = None
    for template in catalogs.templates:
        if best is not None and template.specificity <= best[0].specificity:
            break  # sorted by specificity: nothing better follows
        if template.anchor not in text:
            continue
        found = template.regex.fullmatch(text)
        if found:
            best = (template, found.groupdict())
    if best is None:
        return None
    template, captured = best
    labels = catalogs.labels.get(template.language, {})
    args: dict[str, JSONValue] = {}
    count = ""
    for name, value in captured.items():
        compact = value.replace("\xa0", "").replace(" ", "")
        if template.plural and not count and compact.lstrip("-").isdigit():
            count = name
            args[name] = int(compact)
        elif value in labels:
            args[name] = label(*labels[value])
        else:
            args[name] = value
    if template.plural and not count:
        return None
    return Text(key=template.key, args=args, context=template.context, plural=template.plural, count=count)


def _template(pattern: str, *, language: str, key: str, context: str, plural: str) -> _Template | None:
    parts: list[str] = []
    literals: list[str] = []
    names: set[str] = set()
    position = 0
    for found in _PLACEHOLDER.finditer(pattern):
        literal = pattern[position : found.start()]
        parts.append(re.escape(literal))
        literals.append(literal)
        position = found.end()
        name = found.group("name")
        if found.group(0) == "%%":
            parts.append("%")
            literals.append("%")
        elif name is None:
            return None  # a positional %s cannot be named: such strings are never stored as texts
        elif name in names:
            parts.append(f"(?P={name})")
        else:
            names.add(name)
            parts.append(f"(?P<{name}>.+?)")
    literals.append(pattern[position:])
    parts.append(re.escape(pattern[position:]))
    literal_text = "".join(literals)
    if not names or not any(ch.isalpha() for ch in literal_text):
        return None  # "%(a)s: %(b)s" would match any sentence with a colon
    return _Template(
        regex=re.compile("".join(parts), re.DOTALL),
        anchor=max(literals, key=len),
        specificity=len(literal_text.strip()),
        language=language,
        key=key,
        context=context,
        plural=plural,
    )


@functools.cache
def _catalogs() -> _Catalogs:
    from babel.messages.mofile import read_mo
    from babel.messages.pofile import read_po
    from django.conf import settings

    exact: dict[str, tuple[str, str, str]] = {}
    labels: dict[str, dict[str, tuple[str, str]]] = {}
    templates: list[_Template] = []
    seen: set[tuple[str, str, str]] = set()

    def add(sentence: str, *, language: str, key: str, context: str, plural: str) -> None:
        if not sentence or (sentence, language, key) in seen:
            return
        seen.add((sentence, language, key))
        if "%" not in sentence:
            exact.setdefault(sentence, (language, key, context))
            labels.setdefault(language, {}).setdefault(sentence, (key, context))
            return
        template = _template(sentence, language=language, key=key, context=context, plural=plural)
        if template is not None:
            templates.append(template)

    for locale_path in settings.LOCALE_PATHS:
        for language in ("ru", "kk"):
            folder = Path(locale_path) / language / "LC_MESSAGES"
            if (folder / "django.mo").exists():
                with open(folder / "django.mo", "rb") as fp:
                    catalog = read_mo(fp)
            elif (folder / "django.po").exists():
                with open(folder / "django.po", "rb") as fp:
                    catalog = read_po(fp)
            else:
                continue
            for message in catalog:
                if not message.id:
                    continue
                context = message.context or ""
                if isinstance(message.id, list | tuple):
                    singular, plural = str(message.id[0]), str(message.id[1])
                    for form in (singular, plural):
                        add(form, language="en", key=singular, context=context, plural=plural)
                    for form in message.string or ():
                        add(str(form), language=language, key=singular, context=context, plural=plural)
                else:
                    add(str(message.id), language="en", key=str(message.id), context=context, plural="")
                    add(
                        str(message.string or ""),
                        language=language,
                        key=str(message.id),
                        context=context,
                        plural="",
                    )
    templates.sort(key=lambda t: (-t.specificity, t.language != "en", t.key))
    return _Catalogs(exact=exact, labels=labels, templates=templates)
