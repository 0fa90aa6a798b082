"""The project's one PDF renderer: WeasyPrint, fed only our own static files.

Templates extend `pdf/base.html`, which declares the DejaVu fonts (Kazakh and Russian glyphs) with
@font-face and puts the document number and "page x of y" in the page margins.

A document's language is a property of the document, not of whoever reads the page that ordered it:

    content = render_pdf(
        "expertise/pdf/opinion.html",
        lambda: {"opinion": opinion, "rows": opinion_rows(opinion)},   # built inside the document language
        document_number=opinion.number,
        language=document_language(opinion.language),                  # "kk" / "ru" / "en"; anything else → default
    )

Everything translated while the context is built (labels, gettext in selectors, texts.render) and while the
template renders comes out in `language`; the active language is restored afterwards and the request's
session and cookie are never touched (never call translation.activate() for a document).
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger("pmis.pdf")

BASE_URL = "https://pmis.invalid/"


class StaticOnlyFetcher:
    """Serves /static/... from our static folders; refuses file://, the network and everything else."""

    _fail_on_errors = False  # WeasyPrint reads this when a fetch fails: warn and go on, do not abort

    def __init__(self) -> None:
        from weasyprint.urls import URLFetcher

        self._base = URLFetcher()
        self.refused: list[str] = []

    def __call__(self, url: str) -> Any:  # WeasyPrint 70 calls the fetcher object itself
        return self.fetch(url)

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        from weasyprint.urls import URLFetcherResponse, URLFetchingError

        if url.startswith("data:"):
            return self._base.fetch(url, headers)
        parts = urlsplit(url)
        prefix = urlsplit(BASE_URL)
        static_prefix = settings.STATIC_URL
        if (
            parts.scheme == prefix.scheme
            and parts.netloc == prefix.netloc
            and parts.path.startswith(static_prefix)
        ):
            relative = unquote(parts.path[len(static_prefix) :])
            if ".." not in Path(relative).parts:
                found = finders.find(relative)
                if found:
                    path = Path(found)
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})
        self.refused.append(url)
        logger.warning("pdf: refused to fetch %s", url)
        raise URLFetchingError(f"Refused to fetch {url}")


def document_language(requested: str | None, default: str | None = None) -> str:
    """A document language from user input or a stored field: one of settings.LANGUAGES, else `default`
    (else the active language), so a tampered value never reaches translation.override."""
    codes = [code for code, _name in settings.LANGUAGES]
    for candidate in (requested, default, translation.get_language(), settings.LANGUAGE_CODE):
        code = (candidate or "")[:2]
        if code in codes:
            return code
    return codes[0]


def render_pdf(
    template_name: str,
    context: dict[str, Any] | Callable[[], dict[str, Any]],
    *,
    document_number: str = "",
    language: str | None = None,
) -> bytes:
    """Render a template to PDF bytes in the document's `language` (default: the active one), fetching nothing
    outside our static files. Pass the context as a callable to build it inside the document language too."""
    from weasyprint import HTML

    with translation.override(document_language(language)):
        data = context() if callable(context) else context
        html = render_to_string(template_name, {**data, "document_number": document_number})
        fetcher = StaticOnlyFetcher()
        pdf: bytes = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
        return pdf
