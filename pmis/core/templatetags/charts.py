"""`{% chart_scripts %}`: what a page with Chart.js charts loads, so every chart writes numbers as the server does."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, json_script
from django.utils.safestring import SafeString

from pmis.core.charts import browser_locale, month_label

register = template.Library()


@register.simple_tag
def chart_scripts() -> SafeString:
    """The page language's number conventions (pmis.core.charts), Chart.js and static/js/charts.js, in that order."""
    return format_html(
        '{}<script src="{}"></script><script src="{}"></script>',
        json_script(browser_locale(), "pmis-chart-locale"),
        static("vendor/chartjs/chart.umd.min.js"),
        static("js/charts.js"),
    )


@register.simple_tag
def month_name(year: int, month: int) -> str:
    """`{% month_name 2026 3 %}`: a month named in the page's language ("март 2026 г.", "2026 ж. нау.", "Mar 2026")."""
    try:
        return month_label(int(year), int(month))
    except (TypeError, ValueError):
        return "—"
