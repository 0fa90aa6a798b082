"""The project's one way in and out of Excel.

In: openpyxl in read-only mode (defusedxml guards against entity expansion) after checking the file
size, the zip structure, the total uncompressed size, the entry count and the sheet dimensions.
Out: write-only workbooks; user text is neutralised so that no cell can become a formula.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.utils.translation import gettext as _

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
            if info.compress_size and info.file_size / max(info.compress_size, 1) > MAX_RATIO and info.file_size > 1_000_000:
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
    source: bytes | IO[bytes], *, sheet: str | None = None, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES
) -> Iterator[tuple[Any, ...]]:
    """Yield the rows of a checked workbook's sheet as tuples of values (read-only, bounded)."""
    import openpyxl

    data = source if isinstance(source, bytes) else source.read(max_bytes + 1)
    check_xlsx(data, max_bytes=max_bytes)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for malformed parts
        raise ExcelError(_("The workbook is damaged or incomplete and cannot be read.")) from exc
    try:
        try:
            worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        except (KeyError, IndexError) as exc:
            raise ExcelError(_("The workbook has no sheet named %(name)s.") % {"name": sheet or "1"}) from exc
        try:
            # as wide as the declared dimension; an unsized sheet (no <dimension>) loses trailing empty cells
            # instead of being padded to MAX_COLS
            width = getattr(worksheet, "max_column", None)
            sized = isinstance(width, int) and width > 0
            for index, row in enumerate(worksheet.iter_rows(values_only=True, max_col=min(MAX_COLS, width) if sized else MAX_COLS)):
                if index >= max_rows:
                    raise ExcelError(_("The sheet is larger than %(rows)s rows.") % {"rows": max_rows})
                if not sized:
                    end = len(row)
                    while end and row[end - 1] is None:
                        end -= 1
                    row = row[:end]
                yield row
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
