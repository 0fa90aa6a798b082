"""Excel in and out: hostile workbooks are refused with a clear message; exports never carry formulas."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.utils import translation

from pmis.core.excel import ExcelError, read_rows, write_xlsx

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _workbook(rows: list[list[object]] | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows or [["Code", "Name", "Budget"], ["P-001", "Бульвар", 1250000]]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _replace_part(data: bytes, name: str, writer) -> bytes:
    """Copy a workbook, replacing one part by what `writer(zip_file, name)` writes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == name:
                writer(target, name)
            else:
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


def _sheet_xml(body: str, prolog: str = "", dimension: str = "A1:C2") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"{prolog}"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    ).encode()


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>"
)
LAUGH_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    def write(target: zipfile.ZipFile, name: str) -> None:
        with target.open(name, "w", force_zip64=True) as handle:
            handle.write(_sheet_xml("").split(b"<sheetData>")[0] + b"<sheetData>")
            chunk = b" " * (1 << 20)
            for _ in range(200):
                handle.write(chunk)
            handle.write(b"</sheetData></worksheet>")

    return _replace_part(_workbook(), "xl/worksheets/sheet1.xml", write)


def _refused(data: bytes, **kwargs: object) -> str:
    started = time.monotonic()
    with pytest.raises(ExcelError) as info:
        list(read_rows(data, **kwargs))
    assert time.monotonic() - started < 2
    return str(info.value)


def test_a_normal_workbook_is_read():
    assert list(read_rows(_workbook())) == [("Code", "Name", "Budget"), ("P-001", "Бульвар", 1250000)]
    assert list(read_rows(io.BytesIO(_workbook()))) == [("Code", "Name", "Budget"), ("P-001", "Бульвар", 1250000)]


def test_zip_bomb_is_refused(zip_bomb):
    assert len(zip_bomb) < 1_000_000
    assert _refused(zip_bomb) == "The workbook expands to an unreasonable size and was refused."


def test_entity_bomb_in_the_sheet_is_refused():
    data = _replace_part(
        _workbook(), "xl/worksheets/sheet1.xml", lambda z, n: z.writestr(n, _sheet_xml(LAUGH_ROW, BILLION_LAUGHS))
    )
    assert _refused(data) == "The workbook contains forbidden XML declarations."


def test_entity_bomb_hidden_behind_a_long_comment_is_refused():
    prolog = "<!--" + "x" * 8000 + "-->" + BILLION_LAUGHS
    data = _replace_part(_workbook(), "xl/worksheets/sheet1.xml", lambda z, n: z.writestr(n, _sheet_xml(LAUGH_ROW, prolog)))
    message = _refused(data)
    assert message in {"The workbook contains forbidden XML declarations.", "The workbook is damaged or incomplete and cannot be read."}


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml", "_rels/.rels"])
def test_entity_bomb_in_any_other_part_is_refused(part):
    def write(target: zipfile.ZipFile, name: str) -> None:
        original = zipfile.ZipFile(io.BytesIO(_workbook())).read(name).decode()
        declaration, _sep, rest = original.partition("?>")
        target.writestr(name, declaration + "?>" + BILLION_LAUGHS + rest)

    assert _refused(_replace_part(_workbook(), part, write)) == "The workbook contains forbidden XML declarations."


def test_png_renamed_to_xlsx_is_refused():
    assert _refused(PNG) == "This is not an Excel .xlsx workbook."


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert _refused(out.getvalue()) == "This is not an Excel .xlsx workbook."


def test_truncated_workbook_is_refused():
    data = _workbook()
    assert _refused(data[: len(data) // 2]) == "The workbook is damaged or incomplete and cannot be read."


def test_corrupted_entry_is_refused():
    data = bytearray(_workbook())
    start = data.find(b"xl/worksheets/sheet1.xml") + 60
    data[start : start + 40] = b"\x00" * 40
    message = _refused(bytes(data))
    assert message == "The workbook is damaged or incomplete and cannot be read."


def test_huge_dimensions_are_refused():
    data = _replace_part(
        _workbook(),
        "xl/worksheets/sheet1.xml",
        lambda z, n: z.writestr(n, _sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', dimension="A1:XFD1048576")),
    )
    assert _refused(data) == "The sheet is larger than 200000 rows."


def test_too_many_rows_are_refused():
    data = _workbook([[i, f"row {i}"] for i in range(60)])
    assert len(list(read_rows(data, max_rows=60))) == 60
    assert _refused(data, max_rows=50) == "The sheet is larger than 50 rows."


def test_too_large_a_file_is_refused():
    assert _refused(_workbook(), max_bytes=1000) == "The file is too large (limit 0 MB)."


def test_missing_sheet_is_refused():
    assert _refused(_workbook(), sheet="Бюджет") == "The workbook has no sheet named Бюджет."


def test_messages_are_translated():
    with translation.override("ru"):
        ru = _refused(PNG)
    with translation.override("kk"):
        kk = _refused(PNG)
    assert ru != "This is not an Excel .xlsx workbook."
    assert kk != "This is not an Excel .xlsx workbook."
    assert ru != kk


DANGEROUS = ["=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=x", "\r=x", "\n=x", '=HYPERLINK("http://evil.example")']


def test_write_xlsx_neutralises_formulas_and_keeps_numbers():
    when_utc = datetime(2026, 3, 15, 4, 30, tzinfo=UTC)  # as stored by Django
    when = when_utc.astimezone(ZoneInfo("Asia/Almaty")).replace(tzinfo=None)
    data = write_xlsx(
        ["Text", "Int", "Decimal", "Date", "Datetime", "Float", "Empty"],
        [[text, 42, Decimal("1250000.50"), date(2026, 3, 15), when_utc, 0.25, None] for text in DANGEROUS]
        + [["Бульвар Абая", -7, Decimal("-3.5"), date(2025, 1, 1), when_utc, -0.5, None]],
        title="Реестр",
    )
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook["Реестр"]
    rows = list(sheet.iter_rows(min_row=2))
    for text, row in zip(DANGEROUS, rows, strict=False):
        cell = row[0]
        assert cell.data_type == "s", text
        # the standard-library XML parser turns a bare CR into LF, lxml (when installed) keeps it
        assert cell.value in ("'" + text, "'" + text.replace("\r", "\n"))
    last = rows[-1]
    assert last[0].value == "Бульвар Абая"
    assert last[0].data_type == "s"
    for row in rows:
        assert row[1].data_type == "n"
        assert row[2].data_type == "n"
        assert row[3].is_date
        assert row[4].is_date
        assert row[5].data_type == "n"
        assert row[6].value is None
    assert rows[0][2].value == 1250000.5
    assert rows[-1][1].value == -7
    assert rows[-1][2].value == -3.5
    assert rows[0][3].value.date() == date(2026, 3, 15)
    assert rows[0][4].value == when  # local wall-clock time, not UTC
    assert when.hour != when_utc.hour
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_write_xlsx_neutralises_headers_and_odd_values():
    data = write_xlsx(["=cmd", "ok"], [[["=list"], "plain"]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "'=cmd"
    assert sheet["A2"].value == "['=list']"
    assert sheet["B2"].value == "plain"


def test_written_workbook_reads_back_through_read_rows():
    data = write_xlsx(["Code", "Sum"], [["P-1", Decimal("10.5")], ["=evil", 3]])
    assert list(read_rows(data)) == [("Code", "Sum"), ("P-1", 10.5), ("'=evil", 3)]


def test_rows_of_an_unsized_sheet_are_not_padded():
    data = _replace_part(
        _workbook(),
        "xl/worksheets/sheet1.xml",
        lambda z, n: z.writestr(
            n,
            _sheet_xml('<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>3</v></c></row><row r="2"><c r="B2"><v>2</v></c></row>')
            .replace(b'<dimension ref="A1:C2"/>', b""),
        ),
    )
    assert list(read_rows(data)) == [(1, None, 3), (None, 2)]


# spreadsheets hold naive wall-clock times
NOON_ISH = datetime(2026, 3, 15, 10, 30, tzinfo=UTC).replace(tzinfo=None)
MIDNIGHT = datetime(2026, 3, 15, tzinfo=UTC).replace(tzinfo=None)


def _mixed_workbook() -> bytes:
    """A sheet whose used range starts at B2, with every kind of value an import meets."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B2"], sheet["C2"], sheet["D2"] = "Code", "Sum", "Date"
    sheet["B3"], sheet["C3"], sheet["D3"], sheet["E3"] = "P-1", 10.5, date(2026, 3, 15), True
    sheet["B4"], sheet["C4"], sheet["D4"] = "P-2", 1250000, NOON_ISH
    sheet["C5"] = "=1+2"  # a formula without a cached value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MIXED_ROWS = [
    (),
    (None, "Code", "Sum", "Date"),
    (None, "P-1", 10.5, MIDNIGHT, True),
    (None, "P-2", 1250000, NOON_ISH),
]


@pytest.mark.parametrize("backend", ["calamine", "openpyxl"])
def test_both_readers_give_the_same_values(backend, monkeypatch):
    if backend == "openpyxl":
        monkeypatch.setitem(__import__("sys").modules, "python_calamine", None)  # import fails → fallback
    rows = list(read_rows(_mixed_workbook()))
    assert rows == MIXED_ROWS
    assert isinstance(rows[3][2], int)
    assert isinstance(rows[2][3], datetime)


@pytest.mark.parametrize("backend", ["calamine", "openpyxl"])
def test_both_readers_refuse_the_same_way(backend, monkeypatch):
    if backend == "openpyxl":
        monkeypatch.setitem(__import__("sys").modules, "python_calamine", None)
    assert _refused(PNG) == "This is not an Excel .xlsx workbook."
    assert _refused(_workbook(), sheet="Бюджет") == "The workbook has no sheet named Бюджет."
    assert _refused(_workbook([[i] for i in range(60)]), max_rows=50) == "The sheet is larger than 50 rows."
    assert list(read_rows(_workbook(), sheet="Sheet")) == [("Code", "Name", "Budget"), ("P-001", "Бульвар", 1250000)]


def test_reading_fifty_thousand_rows_is_fast():
    data = write_xlsx(["Code", "Year", "Value"], [(f"B-{i}", 2026, 95.5) for i in range(50_000)])
    start = time.perf_counter()
    assert sum(1 for _row in read_rows(data)) == 50_001
    assert time.perf_counter() - start < 5  # calamine: ~0.3 s; openpyxl alone took ~6 s


def test_xlsx_response_is_a_download_of_a_readable_neutralised_sheet():
    from pmis.core.excel import XLSX_CONTENT_TYPE, read_rows, xlsx_response

    response = xlsx_response("projects.xlsx", ["Code", "Title"], [["PRJ-1", "=HYPERLINK(1)"]], title="Register")
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="projects.xlsx"'
    rows = list(read_rows(response.content))
    assert rows[0] == ("Code", "Title")
    assert rows[1][0] == "PRJ-1"
    assert not str(rows[1][1]).startswith("=")
