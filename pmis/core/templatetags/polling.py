"""`{% hx_poll url target %}`: the one way a page asks the server again while a background job runs."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# Seconds between two asks for a running job's status: quick enough to follow a progress bar, and the same on
# every page, so the load a watched job puts on the server is known.
POLL_SECONDS = 1


@register.simple_tag
def hx_poll(url: str, target: str) -> SafeString:
    """The attributes that fetch `url` every POLL_SECONDS and put the answer in place of the element #`target`
    (the container of the fragment `url` returns; the poll stops when the answer no longer polls)."""
    return format_html(
        ' hx-get="{}" hx-trigger="every {}s" hx-target="#{}" hx-swap="outerHTML"', url, POLL_SECONDS, target
    )
