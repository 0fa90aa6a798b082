"""PDF rendering: Kazakh and Russian text, tables, SVG charts, page numbers, embedded fonts, no outside fetches."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from weasyprint.urls import URLFetchingError

from pmis.core.pdf import BASE_URL, StaticOnlyFetcher, render_pdf

ROWS = [
    {"year": 2025, "plan": Decimal("1250000"), "disbursed": Decimal("980000.40")},
    {"year": 2026, "plan": Decimal("2400000"), "disbursed": Decimal("2100000")},
]


def _bars() -> list[dict[str, object]]:
    top = max(row["disbursed"] for row in ROWS)
    bars = []
    for index, row in enumerate(ROWS):
        height = int(100 * row["disbursed"] / top)
        bars.append({"x": 60 + index * 80, "y": 130 - height, "height": height, "label_x": 85 + index * 80, "label": row["year"]})
    return bars


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory) -> Path:
    content = render_pdf(
        "pdf/selfcheck.html", {"rows": ROWS, "bars": _bars()}, document_number="PMIS-SC-2026-017", language="kk"
    )
    path = tmp_path_factory.mktemp("pdf") / "selfcheck.pdf"
    path.write_bytes(content)
    return path


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=30).stdout


def test_renders_a_valid_pdf(pdf_file):
    data = pdf_file.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    info = _run("pdfinfo", str(pdf_file))
    assert "Pages:" in info
    assert [line.split()[1] for line in info.splitlines() if line.startswith("Pages:")] == ["1"]


def test_text_is_extractable_in_kazakh_with_number_and_page_numbering(pdf_file):
    text = _run("pdftotext", "-enc", "UTF-8", str(pdf_file), "-")
    flat = " ".join(text.split())
    assert "Қазақстан Республикасы" in flat
    assert "ӘәҒғҚқҢңӨөҰұҮүҺһІі" in flat
    assert "Республика Казахстан" in flat
    assert "PMIS-SC-2026-017" in flat
    assert "Бет 1 / 1" in flat  # "Page 1 of 1" in Kazakh
    assert "Алматы қ. Жобалық кеңсесі" in flat
    assert "1 250 000 ₸" in flat.replace("\xa0", " ")
    assert "2025" in flat
    assert "2026" in flat


def test_fonts_are_embedded_and_are_only_our_dejavu_faces(pdf_file):
    """Every font is embedded and is the "PMIS Sans" family of pdf/base.html, i.e. static/fonts/DejaVuSans*.ttf
    (see the next test for proof that those files are what the fetcher serves); no system font sneaks in."""
    lines = _run("pdffonts", str(pdf_file)).splitlines()[2:]
    assert lines, "no fonts listed"
    names = set()
    for line in lines:
        name = line.split()[0].split("+", 1)[-1]
        names.add(name)
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], line  # embedded, subset, unicode map
    assert names == {"PMIS-Sans", "PMIS-Sans-Bold"}


def test_fonts_and_nothing_else_come_from_our_static_files(monkeypatch):
    """The @font-face fonts are really served by the fetcher (not a system fallback), and nothing is refused."""
    import pmis.core.pdf as pdf_module

    served: list[str] = []
    fetchers: list[StaticOnlyFetcher] = []

    class SpyFetcher(StaticOnlyFetcher):
        def __init__(self) -> None:
            super().__init__()
            fetchers.append(self)

        def fetch(self, url, headers=None):
            response = super().fetch(url, headers)
            served.append(url)
            return response

    monkeypatch.setattr(pdf_module, "StaticOnlyFetcher", SpyFetcher)
    render_pdf("pdf/selfcheck.html", {"rows": ROWS, "bars": _bars()}, document_number="X-1", language="ru")
    assert f"{BASE_URL}static/fonts/DejaVuSans.ttf" in served
    assert f"{BASE_URL}static/fonts/DejaVuSans-Bold.ttf" in served
    assert fetchers[0].refused == []


def test_russian_and_english_page_numbering():
    for language, expected in (("ru", "Страница 1 из 1"), ("en", "Page 1 of 1")):
        content = render_pdf("pdf/selfcheck.html", {"rows": ROWS, "bars": _bars()}, document_number="X-1", language=language)
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True, timeout=30
        ).stdout.decode()
        assert expected in " ".join(text.split())


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "http://127.0.0.1:8000/admin/",
        "https://example.com/x.png",
        f"{BASE_URL}static/../settings.py",
        f"{BASE_URL}static/css/../../../../etc/passwd",
        f"{BASE_URL}static/%2e%2e/%2e%2e/etc/passwd",
        f"{BASE_URL}media/jobs/secret.xlsx",
        "https://pmis.invalid.evil.example/static/css/pmis.css",
        f"{BASE_URL}static/css/does-not-exist.css",
    ],
)
def test_fetcher_refuses_everything_but_our_static_files(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(URLFetchingError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_our_static_css_and_data_urls():
    fetcher = StaticOnlyFetcher()
    response = fetcher.fetch(f"{BASE_URL}static/css/pmis.css")
    body = response.read()
    expected = (Path(__file__).resolve().parents[2] / "static" / "css" / "pmis.css").read_bytes()
    assert body == expected
    assert "text/css" in (response.content_type or response.info().get("Content-Type", ""))
    assert fetcher.fetch("data:text/plain;base64,b2s=").read() == b"ok"
    assert fetcher.refused == []


def test_a_document_pointing_outside_still_renders_without_fetching():
    from weasyprint import HTML

    fetcher = StaticOnlyFetcher()
    html = (
        '<link rel="stylesheet" href="/static/css/pmis.css">'
        '<img src="file:///etc/passwd"><img src="https://example.com/x.png"><p>ok</p>'
    )
    data = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    assert data.startswith(b"%PDF-")
    assert sorted(fetcher.refused) == ["file:///etc/passwd", "https://example.com/x.png"]
