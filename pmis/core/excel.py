"""The project's one way in and out of Excel.

In: `read_rows`, after checking the file size, the zip structure, the total uncompressed size, the entry
count, forbidden XML declarations and the sheet dimensions; calamine reads the cells where installed,
openpyxl in read-only mode (defusedxml guards against entity expansion) otherwise.
Out: write-only workbooks; user text is neutralised so that no cell can become a formula. Views answer with
`xlsx_download(content, filename)` (or `xlsx_response(filename, headers, rows)` to write and answer at once).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_ENTRIES = 500
MAX_ROWS = 200_000
MAX_COLS = 200
MAX_RATIO = 200  # compressed → uncompressed ratio of any entry above this is a zip bomb

_DIMENSION_RE = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


class ExcelError(ValueError):
    """The file cannot be read as the workbook we expect; the message is for the user."""


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def check_xlsx(data: bytes, *, max_bytes: int = MAX_BYTES) -> None:
    """Reject anything that is not a plausible, bounded .xlsx before openpyxl parses it."""
    if len(data) > max_bytes:
        raise ExcelError(_("The file is too large (limit %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)})
    if not data.startswith(b"PK\x03\x04"):
        raise ExcelError(_("This is not an Excel .xlsx workbook."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ExcelError(_("The workbook is damaged or incomplete and cannot be read.")) from exc
    with archive:
        if len(infos) > MAX_ENTRIES:
            raise ExcelError(_("The workbook has too many parts to be a normal spreadsheet."))
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
            raise ExcelError(_("This is not an Excel .xlsx workbook."))
        total = 0
        for info in infos:
            total += info.file_size
            if (
                info.compress_size
                and info.file_size / max(info.compress_size, 1) > MAX_RATIO
                and info.file_size > 1_000_000
            ):
                raise ExcelError(_("The workbook expands to an unreasonable size and was refused."))
        if total > MAX_UNCOMPRESSED:
            raise ExcelError(_("The workbook expands to an unreasonable size and was refused."))
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                try:
                    with archive.open(info) as fh:
                        head = fh.read(4096)
                except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
                    raise ExcelError(_("The workbook is damaged or incomplete and cannot be read.")) from exc
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise ExcelError(_("The workbook contains forbidden XML declarations."))
                match = _DIMENSION_RE.search(head) if info.filename.startswith("xl/worksheets/") else None
                if (
                    match
                    and match.group(3)
                    and match.group(4)
                    and (int(match.group(4)) > MAX_ROWS or _col_index(match.group(3).decode()) > MAX_COLS)
                ):
                    raise ExcelError(_("The sheet is larger than %(rows)s rows.") % {"rows": MAX_ROWS})
        try:
            bad = archive.testzip() if total < 20 * 1024 * 1024 else None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
            raise ExcelError(_("The workbook is damaged or incomplete and cannot be read.")) from exc
        if bad:
            raise ExcelError(_("The workbook is damaged or incomplete and cannot be read."))


def read_rows(
    source: bytes | IO[bytes],
    *,
    sheet: str | None = None,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
) -> Iterator[tuple[Any, ...]]:
    """Yield the rows of a checked workbook's sheet as tuples of values (bounded; `check_xlsx` runs first).

    The one way the project reads Excel. Rows are read with calamine (Rust, python-calamine) where it is installed:
    openpyxl reads ~8,000 rows/s, which alone would miss monitoring's 5,000 values/s import target at 50,000 rows,
    while calamine reads the same file in ~0.3 s; openpyxl in read-only mode is the fallback. Both give the same
    values: empty cells and uncached formulas are None, whole numbers are int, dates are datetime, a row ends at
    its last non-empty cell (callers pad to the columns they expect) and the sheet at its last non-empty row."""
    data = source if isinstance(source, bytes) else source.read(max_bytes + 1)
    check_xlsx(data, max_bytes=max_bytes)
    try:
        import python_calamine
    except ImportError:  # pragma: no cover - exercised by the fallback test through _rows_openpyxl
        rows = _rows_openpyxl(data, sheet)
    else:
        rows = _rows_calamine(python_calamine, data, sheet)
    blank = 0  # empty rows are held back until a non-empty one follows: trailing empty rows are dropped
    for index, row in enumerate(rows):
        if index >= max_rows:
            raise ExcelError(_("The sheet is larger than %(rows)s rows.") % {"rows": max_rows})
        if not row:
            blank += 1
            continue
        yield from ((),) * blank
        blank = 0
        yield row


def _trimmed(row: Sequence[Any]) -> tuple[Any, ...]:
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return tuple(row[:end])


def _cell(value: Any) -> Any:
    """A calamine value as openpyxl gives it."""
    if value == "" and isinstance(value, str):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time.min)  # openpyxl's naive midnight for a date cell
    return value


def _no_sheet(sheet: str | None) -> ExcelError:
    return ExcelError(_("The workbook has no sheet named %(name)s.") % {"name": sheet or "1"})


def _rows_calamine(calamine: Any, data: bytes, sheet: str | None) -> Iterator[tuple[Any, ...]]:
    try:
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for malformed parts
        raise ExcelError(_("The workbook is damaged or incomplete and cannot be read.")) from exc
    try:
        if sheet is not None and sheet not in workbook.sheet_names:
            raise _no_sheet(sheet)
        if not workbook.sheet_names:
            raise _no_sheet(sheet)
        try:
            worksheet = workbook.get_sheet_by_name(sheet) if sheet else workbook.get_sheet_by_index(0)
        except Exception as exc:
            raise ExcelError(_("The workbook is damaged or incomplete and cannot be read.")) from exc
        # bounded before calamine materialises the grid (an unsized sheet escapes check_xlsx's dimension check)
        last_row, last_col = worksheet.end or (0, 0)
        if last_row >= MAX_ROWS or last_col >= MAX_COLS:
            raise ExcelError(_("The sheet is larger than %(rows)s rows.") % {"rows": MAX_ROWS})
        # anchored at A1 like openpyxl (and every caller), not at the used range's first cell
        for row in worksheet.to_python(skip_empty_area=False):
            # _cell inlined for the common types: this loop runs for every cell of a 50,000-row import
            yield _trimmed(
                [
                    None
                    if v == ""
                    else int(v)
                    if v.__class__ is float and v.is_integer()
                    else _cell(v)
                    if v.__class__ is date
                    else v
                    for v in row
                ]
            )
    except ExcelError:
        raise
    except Exception as exc:
        raise ExcelError(_("The workbook is damaged or incomplete and cannot be read.")) from exc
    finally:
        close = getattr(workbook, "close", None)
        if close is not None:
            close()


def _rows_openpyxl(data: bytes, sheet: str | None) -> Iterator[tuple[Any, ...]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for malformed parts
        raise ExcelError(_("The workbook is damaged or incomplete and cannot be read.")) from exc
    try:
        try:
            worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        except (KeyError, IndexError) as exc:
            raise _no_sheet(sheet) from exc
        try:
            width = getattr(worksheet, "max_column", None)
            max_col = min(MAX_COLS, width) if isinstance(width, int) and width > 0 else MAX_COLS
            for row in worksheet.iter_rows(values_only=True, max_col=max_col):
                yield _trimmed(row)
        except ExcelError:
            raise
        except Exception as exc:
            raise ExcelError(_("The workbook is damaged or incomplete and cannot be read.")) from exc
    finally:
        workbook.close()


def neutralise(value: Any) -> Any:
    """Make user text safe for a spreadsheet cell: text that could start a formula gets a leading quote."""
    if isinstance(value, str):
        if value.startswith(_FORMULA_START):
            return "'" + value
        return value
    if isinstance(value, (int, float, Decimal, date, datetime)) or value is None:
        if isinstance(value, datetime) and value.tzinfo is not None:
            from django.utils import timezone

            return timezone.localtime(value).replace(tzinfo=None)  # the wall-clock time users see, not UTC
        return value
    return neutralise(str(value))


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "Sheet1",
    column_widths: Sequence[int] | None = None,
) -> bytes:
    """Build a one-sheet workbook in write-only mode. Every cell value goes through `neutralise`."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Sheet1")
    for index, width in enumerate(column_widths or []):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index + 1)].width = width
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=neutralise(str(header)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_download(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download under a server-chosen file name."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    filename: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]], title: str = "PMIS"
) -> HttpResponse:
    """Write one sheet (headers, rows) and answer with it as a download."""
    return xlsx_download(write_xlsx([str(h) for h in headers], rows, title=title), filename)
