"""Files out of the analytics page: one table as a workbook, the yearly summary as a PDF with SVG charts (rows
in, bytes out; the figures come from audits.selectors_analytics, the same rows the page shows)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from audits.selectors_analytics import Table, analytics_tables
from pmis.core.excel import write_xlsx
from pmis.core.pdf import document_language, render_pdf
from pmis.core.svg import Series, bar_chart, line_chart
from pmis.reference.models import Direction


def table_xlsx(table: Table) -> bytes:
    return write_xlsx(
        table.headers, table.rows, title=table.title, column_widths=[60] + [16] * (len(table.headers) - 1)
    )


def analytics_charts(tables: list[Table], language: str | None = None) -> dict[str, Any]:
    """The page's charts as SVG for the PDF: compliance by direction, over time, open actions by age."""
    by_key = {t.key: t for t in tables}
    charts: dict[str, Any] = {}
    direction = by_key["direction"].chart
    if direction.get("labels"):
        charts["direction"] = mark_safe(  # noqa: S308 - pmis.core.svg escapes every label it draws
            bar_chart(
                direction["labels"],
                [Series(_("Average score, %"), direction["values"])],
                title=by_key["direction"].title,
                language=language,
            )
        )
    time = by_key["time"].chart
    if time.get("labels"):
        charts["time"] = mark_safe(  # noqa: S308
            line_chart(
                time["labels"],
                [Series(_("Average score, %"), time["values"])],
                title=by_key["time"].title,
                language=language,
            )
        )
    actions = by_key["actions"].chart
    if any(actions.get("values") or []):
        charts["actions"] = mark_safe(  # noqa: S308
            bar_chart(
                actions["labels"],
                [Series(_("Open corrective actions"), actions["values"], color="#dc3545")],
                title=_("Open corrective actions by days overdue"),
                language=language,
            )
        )
    return charts


def render_analytics_pdf(user: Any, *, year: Any, direction: Any, language: str) -> bytes:
    """The yearly summary, as `user` sees the figures, built and rendered in the document language."""
    language = document_language(language, "ru")
    direction_obj = Direction.objects.filter(pk=direction).first() if direction else None
    year_value = int(year) if year else None

    def context() -> dict[str, Any]:
        tables = analytics_tables(user, year=year_value, direction=direction_obj)
        return {
            "tables": tables,
            "charts": analytics_charts(tables, language),
            "year": year_value,
            "direction": direction_obj,
            "generated": timezone.localtime(),
            "title": _("Audit analytics %(year)s") % {"year": year_value or _("all years")},
        }

    with translation.override(language):
        number = _("Audit analytics %(year)s") % {"year": year_value or _("all years")}
    return render_pdf("audits/pdf/analytics.html", context, document_number=number, language=language)
