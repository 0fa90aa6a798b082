"""Excel exports of a survey's answers, formula-safe through pmis.core.excel and free of personal data.

Raw answers: one row per response, one column per question key of the chosen versions (a multiple choice's
values joined with "; "), with the response's period, channel, language, basic direction / department /
district codes, age band and sex — never a user, an IP address, a token or a time. Free text appears only once
PUBLISHED, and masked (surveys.personal_data). Responses and answers are read in chunks of primary keys with
`values_list` (two queries per chunk), so the export's memory and query count do not grow with each row.

Texts: the published free-text answers with their themes, masked."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pmis.accounts.models import Organization
from pmis.core.excel import neutralise, write_xlsx
from pmis.reference.models import Direction, District
from surveys import personal_data
from surveys.models import Answer, Question, Response, Survey, TextReview
from surveys.selectors_texts import published_texts

CHUNK = 5000
MULTI_SEPARATOR = "; "
Progress = Callable[[int, int], None]


def base_headers() -> list[str]:
    return [
        _("Row"),
        _("Version"),
        _("Period"),
        _("Channel"),
        _("Language"),
        _("Basic direction"),
        _("Department"),
        _("District"),
        _("Age band"),
        _("Sex"),
    ]


def responses_of(survey: Survey, versions: Sequence[int] | None = None) -> QuerySet[Response]:
    qs = Response.objects.filter(survey=survey)
    if versions:
        qs = qs.filter(version__number__in=list(versions))
    return qs


def answers_count(survey: Survey, versions: Sequence[int] | None = None) -> int:
    return responses_of(survey, versions).count()


def question_keys(survey: Survey, versions: Sequence[int] | None = None) -> list[str]:
    """The question keys of the chosen versions (all when none is chosen), in the newest version's order,
    then the keys only older versions have."""
    qs = Question.objects.filter(version__survey=survey)
    if versions:
        qs = qs.filter(version__number__in=list(versions))
    keys: dict[str, None] = {}
    for key in qs.order_by("-version__number", "section__order", "order", "pk").values_list("key", flat=True):
        keys.setdefault(key, None)
    return list(keys)


def _codes(model: Any) -> dict[int, str]:
    return dict(model.objects.values_list("pk", "code"))


def answer_rows(
    survey: Survey,
    versions: Sequence[int] | None = None,
    *,
    keys: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Iterator[list[Any]]:
    """The raw-answer rows (without the header), read chunk by chunk."""
    keys = list(keys) if keys is not None else question_keys(survey, versions)
    position = {key: index for index, key in enumerate(keys)}
    width = len(keys)
    directions = _codes(Direction)
    districts = _codes(District)
    departments = _codes(Organization)
    channels = {value: str(label) for value, label in Response.Channel.choices}
    version_numbers = dict(survey.versions.values_list("pk", "number"))
    published = TextReview.Status.PUBLISHED
    text_kind = Question.Kind.TEXT
    mask = personal_data.mask
    total = answers_count(survey, versions) if progress else 0
    done = 0
    row_number = 0
    last_pk = 0
    base = responses_of(survey, versions).order_by("pk")
    while True:
        chunk = list(
            base.filter(pk__gt=last_pk).values_list(
                "pk",
                "version_id",
                "period_start",
                "channel",
                "language",
                "direction_id",
                "department_id",
                "district_id",
                "age_band",
                "sex",
            )[:CHUNK]
        )
        if not chunk:
            break
        lo, hi = chunk[0][0], chunk[-1][0]
        last_pk = hi
        cells: dict[int, list[Any]] = {r[0]: [None] * width for r in chunk}
        answers = (
            Answer.objects.filter(response_id__gte=lo, response_id__lte=hi, response__survey=survey)
            .order_by("response_id", "pk")
            .values_list(
                "response_id",
                "question_key",
                "question__kind",
                "value_int",
                "value_number",
                "choice_value",
                "text",
                "review__status",
            )
        )
        for response_id, key, kind, value_int, value_number, choice, text, status in answers.iterator(
            chunk_size=CHUNK * 4
        ):
            row = cells.get(response_id)
            index = position.get(key)
            if row is None or index is None:
                continue
            value: Any
            if kind == text_kind:
                if status != published or not text:
                    continue
                value = mask(text)
            elif value_int is not None:
                value = value_int
            elif value_number is not None:
                value = float(value_number)
            else:
                value = choice
            if row[index] is None or kind != Question.Kind.MULTIPLE:
                row[index] = value
            else:
                row[index] = f"{row[index]}{MULTI_SEPARATOR}{value}"
        for pk, version_id, period, channel, language, direction, department, district, age, sex in chunk:
            row_number += 1
            yield [
                row_number,
                version_numbers.get(version_id),
                period,
                channels.get(channel, channel),
                language,
                directions.get(direction, "") if direction else "",
                departments.get(department, "") if department else "",
                districts.get(district, "") if district else "",
                age,
                sex,
                *cells[pk],
            ]
        done += len(chunk)
        if progress:
            progress(done, total)


def answers_workbook(
    survey: Survey, versions: Sequence[int] | None = None, *, progress: Progress | None = None
) -> bytes:
    keys = question_keys(survey, versions)
    return stream_xlsx(
        base_headers() + keys,
        answer_rows(survey, versions, keys=keys, progress=progress),
        title=_("Answers"),
    )


# A streaming one-sheet writer for the raw answers: openpyxl's write-only mode writes ~3,000 such rows a second,
# short of the 10,000 the export must reach at 100,000 responses. Every value still goes through
# pmis.core.excel.neutralise (no cell can become a formula); text is written as inline strings.

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = date(1899, 12, 30)
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
# style 1: a date (built-in format 14), style 2: the bold header
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _text_cell(value: str, style: str = "") -> str:
    value = _ILLEGAL_XML.sub("", value)
    if "&" in value or "<" in value or ">" in value:
        value = escape(value)
    return f'<c t="inlineStr"{style}><is><t xml:space="preserve">{value}</t></is></c>'


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "<c/>"
    value = neutralise(value)
    cls = value.__class__
    if cls is int or cls is float or cls is Decimal:
        return f"<c><v>{value}</v></c>"
    if cls is date:
        return f'<c s="1"><v>{(value - _EPOCH).days}</v></c>'
    if cls is bool:
        return f'<c t="b"><v>{int(value)}</v></c>'
    return _text_cell(str(value))


def stream_xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "Sheet1") -> bytes:
    """A one-sheet workbook (bold header row, then `rows`), every value neutralised."""
    sheet_name = escape(
        _ILLEGAL_XML.sub("", "".join(ch for ch in title if ch not in "[]:*?/\\"))[:31] or "Sheet1"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            head = "".join(_text_cell(str(neutralise(str(h))), ' s="2"') for h in headers)
            parts = [f'<row r="1">{head}</row>']
            cell = _cell
            for number, row in enumerate(rows, start=2):
                parts.append(f'<row r="{number}">{"".join([cell(v) for v in row])}</row>')
                if len(parts) >= 2000:
                    sheet.write("".join(parts).encode())
                    parts.clear()
            sheet.write("".join(parts).encode())
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def texts_headers() -> list[str]:
    return [
        _("Question key"),
        _("Question"),
        _("Period"),
        _("Channel"),
        _("Language"),
        _("Answer"),
        _("Themes"),
    ]


def text_rows(rows: Iterable[Mapping[str, Any]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [
            row["question_key"],
            row["question"],
            row["period"],
            row["channel"],
            row["language"],
            row["text"],
            ", ".join(row["themes"]),
        ]


def texts_workbook(
    survey: Survey, filters: Mapping[str, Any] | None = None, *, limit: int | None = None
) -> bytes:
    """The published free-text answers (masked) with their themes, under the queue's filters."""
    rows: Iterable[Mapping[str, Any]] = published_texts(survey, filters)
    if limit is not None:
        import itertools

        rows = itertools.islice(rows, limit)
    return write_xlsx(texts_headers(), text_rows(rows), title=_("Free-text answers"))
