"""Excel in and out for the register: export rows, the import template and the import parser.

Rows in, file out: nothing here knows about requests or permissions. Every cell written goes through
pmis.core.excel (formula neutralisation); every file read goes through its checks (size, zip bomb, type).
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from pmis.core.excel import ExcelError, neutralise, read_rows, write_xlsx
from projects.models import Project, Rag

# Export


def export_headers() -> list[str]:
    return [
        _("Code"),
        _("Title"),
        _("Basic direction"),
        _("Department"),
        _("Program item"),
        _("Stage"),
        _("Type"),
        _("Priority"),
        _("RAG"),
        _("Planned start"),
        _("Planned finish"),
        _("Forecast finish"),
        _("Actual finish"),
        _("Planned budget, ₸"),
        _("Confidential"),
        _("Project manager"),
    ]


EXPORT_WIDTHS = [18, 60, 36, 36, 14, 22, 20, 12, 12, 14, 14, 14, 14, 18, 12, 28]


def export_rows(values: Iterable[Sequence[Any]], language: str) -> Iterator[list[Any]]:
    """Turn `selectors.register.EXPORT_FIELDS` tuples into the sheet's rows, in the job's language."""
    lang = language[:2] if language[:2] in ("ru", "kk", "en") else "ru"
    stages, types = dict(Project.Stage.choices), dict(Project.Type.choices)
    priorities, rags = dict(Project.Priority.choices), dict(Rag.choices)
    labels = {
        "stage": {k: str(v) for k, v in stages.items()},
        "type": {k: str(v) for k, v in types.items()},
        "priority": {k: str(v) for k, v in priorities.items()},
        "rag": {k: str(v) for k, v in rags.items()},
    }
    yes, no = _("Yes"), _("No")
    pick = {"ru": 0, "kk": 1, "en": 2}[lang]
    for (
        code,
        t_ru,
        t_kk,
        t_en,
        d_num,
        d_ru,
        d_kk,
        d_en,
        o_ru,
        o_kk,
        o_en,
        program,
        stage,
        ptype,
        priority,
        rag,
        p_start,
        p_finish,
        f_finish,
        a_finish,
        budget,
        confidential,
        m_last,
        m_first,
        m_user,
    ) in values:
        title = (t_ru, t_kk, t_en)[pick] or t_ru
        direction = (d_ru, d_kk, d_en)[pick] or d_ru
        department = (o_ru, o_kk, o_en)[pick] or o_ru
        manager = f"{m_last or ''} {m_first or ''}".strip() or (m_user or "")
        yield [
            code,
            title,
            f"{d_num}. {direction}" if d_num else "",
            department,
            program or "",
            labels["stage"].get(stage, stage),
            labels["type"].get(ptype, ptype),
            labels["priority"].get(priority, priority),
            labels["rag"].get(rag, rag),
            p_start,
            p_finish,
            f_finish,
            a_finish,
            budget if budget is not None else Decimal("0"),
            yes if confidential else no,
            manager,
        ]


def export_workbook(rows: Iterable[Sequence[Any]]) -> bytes:
    return write_xlsx(export_headers(), rows, title=_("Projects"), column_widths=EXPORT_WIDTHS)


# Import: the template's columns (stable keys in the first row, so any language of the template reads back)

IMPORT_COLUMNS: list[tuple[str, str]] = [
    ("title_ru", gettext_noop("Title (Russian)")),
    ("title_kk", gettext_noop("Title (Kazakh)")),
    ("title_en", gettext_noop("Title (English)")),
    ("summary_ru", gettext_noop("Summary (Russian)")),
    ("direction", gettext_noop("Basic direction number")),
    ("department", gettext_noop("Department code")),
    ("program_item", gettext_noop("Program item code")),
    ("stage", gettext_noop("Stage")),
    ("type", gettext_noop("Type")),
    ("priority", gettext_noop("Priority")),
    ("planned_start", gettext_noop("Planned start")),
    ("planned_finish", gettext_noop("Planned finish")),
    ("districts", gettext_noop("District codes, comma-separated")),
    ("sdgs", gettext_noop("SDG numbers, comma-separated")),
    ("confidential", gettext_noop("Confidential (yes/no)")),
    ("manager", gettext_noop("Project manager username")),
]
REQUIRED_COLUMNS = ("title_ru", "summary_ru", "direction", "department")
MAX_IMPORT_ROWS = 2000


def import_template(reference: dict[str, list[tuple[str, str]]]) -> bytes:
    """The import template: keys in row 1, translated labels in row 2, data from row 3; a reference sheet."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Projects")[:31])
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    keys, labels = [], []
    for index, (key, label) in enumerate(IMPORT_COLUMNS):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index + 1)].width = 24
        cell = WriteOnlyCell(sheet, value=key)
        cell.font = bold
        keys.append(cell)
        text = _(label) + (" *" if key in REQUIRED_COLUMNS else "")
        hint = WriteOnlyCell(sheet, value=neutralise(text))
        hint.fill = grey
        labels.append(hint)
    sheet.append(keys)
    sheet.append(labels)
    ref = workbook.create_sheet(title=_("Reference")[:31])
    ref.column_dimensions["A"].width = 28
    ref.column_dimensions["B"].width = 28
    ref.column_dimensions["C"].width = 70
    ref.append([_("Reference list"), _("Value to enter"), _("Meaning")])
    for section, items in reference.items():
        for value, meaning in items:
            ref.append([neutralise(section), neutralise(str(value)), neutralise(str(meaning))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class ParsedRow:
    """One data row of an import file: its sheet row number, raw values by key, and parse errors."""

    number: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y")
_LIST_SPLIT = re.compile(r"[,;\s]+")


def parse_date(value: Any) -> datetime.date | None:
    """A date cell or text (2026-03-15, 15.03.2026); None when empty; ValueError when unreadable."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(text)


_YES = {"yes", "y", "true", "1", "да", "д", "иә", "ия", "+"}
_NO = {"no", "n", "false", "0", "нет", "н", "жоқ", "-", ""}


def parse_yes_no(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(text)


def parse_list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return [part for part in _LIST_SPLIT.split(str(value).strip()) if part]


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without '.0', dates in ISO form, everything stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    return str(value).strip()


def choice_lookup(choices: Sequence[tuple[str, Any]]) -> Callable[[Any], str | None]:
    """Accept a choice's code or its label in Russian, Kazakh or English (case-insensitive)."""
    table: dict[str, str] = {}
    for code, label in choices:
        table[str(code).lower()] = code
        for lang in ("ru", "kk", "en"):
            with override(lang):
                table[str(label).strip().lower()] = code

    def lookup(value: Any) -> str | None:
        return table.get(cell_text(value).lower())

    return lookup


def parse_import(data: bytes, *, max_rows: int = MAX_IMPORT_ROWS) -> list[ParsedRow]:
    """Read the template's sheet into rows keyed by column; raises ExcelError for a file we cannot use."""
    rows = read_rows(data, max_rows=max_rows + 3)
    try:
        header = next(rows)
    except StopIteration as exc:
        raise ExcelError(_("The workbook is empty.")) from exc
    keys = [cell_text(c).lower() for c in header]
    known = {key for key, _label in IMPORT_COLUMNS}
    missing = [key for key in REQUIRED_COLUMNS if key not in keys]
    if missing:
        raise ExcelError(
            _(
                "This is not the project import template: the first row lacks the columns %(cols)s. Download the template and fill it in."
            )
            % {"cols": ", ".join(missing)}
        )
    positions = {key: i for i, key in enumerate(keys) if key in known}
    parsed: list[ParsedRow] = []
    label_texts = {_(label).lower() for _key, label in IMPORT_COLUMNS} | {
        label.lower() for _key, label in IMPORT_COLUMNS
    }
    for number, row in enumerate(rows, start=2):
        values = {key: (row[i] if i < len(row) else None) for key, i in positions.items()}
        texts = [cell_text(v) for v in values.values()]
        if not any(texts):
            continue  # blank line
        if all(t.rstrip(" *").lower() in label_texts or not t for t in texts):
            continue  # the template's label row
        parsed.append(ParsedRow(number=number, values=values))
        if len(parsed) > max_rows:
            raise ExcelError(
                _("The file has more than %(n)s projects. Split it into several files.") % {"n": max_rows}
            )
    return parsed


# Risks and issues of one project (the card's "Risks and issues" tab)

RISK_WIDTHS = [48, 12, 12, 10, 16, 28, 60, 14]
ISSUE_WIDTHS = [48, 14, 16, 28, 14, 60]


def risk_export_workbook(risks: Iterable[Any], progress: Callable[[int], None] | None = None) -> bytes:
    """The risks given (already filtered, sorted and visible to the requester) as a workbook."""
    headers = [
        _("Title"),
        _("Probability"),
        _("Impact"),
        _("Score"),
        _("Status"),
        _("Owner"),
        _("Response"),
        _("Review date"),
    ]

    def rows() -> Iterator[list[Any]]:
        for index, r in enumerate(risks):
            if progress is not None:
                progress(index)
            yield [
                r.title,
                r.probability,
                r.impact,
                r.score,
                r.get_status_display(),
                str(r.owner or ""),
                r.response,
                r.review_date,
            ]

    return write_xlsx(headers, rows(), title=_("Risks"), column_widths=RISK_WIDTHS)


def issue_export_workbook(issues: Iterable[Any], progress: Callable[[int], None] | None = None) -> bytes:
    """The issues given (already filtered, sorted and visible to the requester) as a workbook."""
    headers = [_("Title"), _("Severity"), _("Status"), _("Owner"), _("Due date"), _("Description")]

    def rows() -> Iterator[list[Any]]:
        for index, i in enumerate(issues):
            if progress is not None:
                progress(index)
            yield [
                i.title,
                i.get_severity_display(),
                i.get_status_display(),
                str(i.owner or ""),
                i.due_date,
                i.description,
            ]

    return write_xlsx(headers, rows(), title=_("Issues"), column_widths=ISSUE_WIDTHS)
