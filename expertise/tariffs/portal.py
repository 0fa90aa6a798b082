"""Navigation and home panel of tariff verification (imported by expertise/portal.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmis.core.portal import NavItem, Panel, PanelItem, register_home_panel, register_nav


def _sees_tariffs(user: Any) -> bool:
    from expertise.tariffs.permissions import is_tariff_staff

    return is_tariff_staff(user)


register_nav(
    NavItem(
        key="expertise-tariffs",
        label=gettext_lazy("Tariffs"),
        url_name="expertise:tariff-list",
        icon="bus-front",
        order=51,
        visible=_sees_tariffs,
    )
)


@register_home_panel(order=31)
def tariff_work(user: Any) -> Panel | None:
    """Experts: their tariff cases in draft or review. Head and administrators: cases with no expert."""
    from expertise.tariffs.models import TariffCase
    from expertise.tariffs.permissions import can_manage_tariff_cases, is_tariff_staff

    if not is_tariff_staff(user):
        return None
    open_statuses = [TariffCase.Status.DRAFT, TariffCase.Status.IN_REVIEW]
    if can_manage_tariff_cases(user):
        cases = TariffCase.objects.with_parties().filter(
            status__in=open_statuses, assigned_expert__isnull=True
        )
        title = _("Tariff cases without an expert")
    else:
        cases = TariffCase.objects.with_parties().filter(status__in=open_statuses, assigned_expert=user)
        title = _("My tariff cases")
    rows = list(cases.order_by("period_start", "pk")[:6])
    return Panel(
        key="expertise-tariffs",
        title=title,
        items=[PanelItem(text=str(c), url=c.get_absolute_url(), badge=c.get_status_display()) for c in rows],
        empty_text=_("No tariff cases need you now."),
        more_url=reverse("expertise:tariff-list"),
    )
