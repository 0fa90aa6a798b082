"""Navigation entry and home panels of the monitoring app (what needs the persona's attention)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitoring import permissions as perms
from pmis.core.portal import (
    CardTab,
    NavItem,
    Panel,
    PanelItem,
    register_card_tab,
    register_home_panel,
    register_indicator_intake,
    register_nav,
    register_section_nav,
)

register_nav(
    NavItem(
        key="monitoring",
        label=gettext_lazy("Monitoring"),
        url_name="monitoring:city",
        icon="speedometer2",
        order=30,
        visible=perms.is_internal,
    )
)

# Monitoring's section menu: each entry shown to those its page's door lets in.
for _order, (_key, _label, _url, _visible) in enumerate(
    [
        ("city", gettext_lazy("City KPI"), "monitoring:city", perms.is_internal),
        ("situation", gettext_lazy("Situation"), "monitoring:situation", perms.is_internal),
        ("indicators", gettext_lazy("Indicators"), "monitoring:indicators", perms.is_internal),
        ("alerts", gettext_lazy("Alerts"), "monitoring:alerts", perms.is_internal),
        ("recommendations", gettext_lazy("Recommendations"), "monitoring:recommendations", perms.is_internal),
        ("periods", gettext_lazy("Reporting calendar"), "monitoring:periods", perms.is_internal),
        ("import", gettext_lazy("Import actuals"), "monitoring:import-start", perms.can_import),
        ("verify", gettext_lazy("Verification"), "monitoring:verify", perms.can_verify),
        ("budget", gettext_lazy("Budget execution"), "monitoring:budget", perms.is_internal),
        ("policy", gettext_lazy("RAG policy"), "monitoring:policy", perms.is_internal),
    ]
):
    register_section_nav(
        "monitoring", NavItem(key=_key, label=_label, url_name=_url, order=_order, visible=_visible)
    )
register_card_tab(
    CardTab(
        key="indicators",
        label=gettext_lazy("Indicators"),
        url_name="monitoring:project-indicators",
        after="budget",
    )
)

_BADGE = {"amber": "text-bg-warning", "red": "text-bg-danger"}


@register_home_panel(order=25)
def my_alerts(user: Any) -> Panel | None:
    """Open lag alerts the user is responsible for."""
    from monitoring.models import Alert

    if not user.is_authenticated:
        return None
    qs = Alert.objects.filter(responsible=user, closed_at__isnull=True)
    rows = list(qs.order_by("-severity", "lagging_since")[:5])
    if not rows:
        return None
    return Panel(
        key="my-alerts",
        title=_("Lag alerts for me"),
        items=[
            PanelItem(
                text=a.title,
                url=a.get_absolute_url(),
                meta=a.period_label,
                badge=a.get_severity_display(),
                badge_class=_BADGE.get(a.severity, "text-bg-secondary"),
            )
            for a in rows
        ],
        count=qs.count(),
        more_url=reverse("monitoring:alerts") + "?mine=1",
    )


@register_home_panel(order=26)
def my_recommendations(user: Any) -> Panel | None:
    """Recommendations waiting for this user's response (manager) or decision (coordinator)."""
    from django.db.models import Q

    from monitoring.models import Recommendation

    if not user.is_authenticated:
        return None
    waiting = Recommendation.objects.filter(
        Q(status=Recommendation.Status.SENT, project__manager=user)
        | Q(
            status__in=[Recommendation.Status.SENT, Recommendation.Status.RESPONDED],
            project__direction__coordinators=user,
        )
    ).distinct()
    rows = list(waiting.select_related("project").order_by("-created_at")[:5])
    if not rows:
        return None

    def item(r: Recommendation) -> PanelItem:
        respond = (
            r.status == Recommendation.Status.SENT
            and r.project is not None
            and r.project.manager_id == user.pk
        )
        text = r.text if len(r.text) <= 90 else r.text[:89] + "…"
        return PanelItem(
            text=text,
            url=r.get_absolute_url(),
            meta=" · ".join(filter(None, [str(r.get_kind_display()), r.project.code if r.project else ""])),
            badge=_("Your response") if respond else _("Your decision"),
            badge_class="text-bg-primary" if respond else "text-bg-warning",
        )

    return Panel(
        key="my-recommendations",
        title=_("Recommendations waiting for me"),
        items=[item(r) for r in rows],
        count=waiting.count(),
        more_url=reverse("monitoring:recommendations"),
    )


@register_home_panel(order=27)
def values_to_verify(user: Any) -> Panel | None:
    """SAC (and the Project Office for confidential projects): submitted values waiting for this verifier."""
    from monitoring.permissions import can_verify, verifiable_actuals

    if not can_verify(user):
        return None
    count = verifiable_actuals(user).count()
    if not count:
        return None
    return Panel(
        key="to-verify",
        title=_("Values waiting for verification"),
        items=[
            PanelItem(
                text=_("Open the verification queue"), url=reverse("monitoring:verify"), badge=str(count)
            )
        ],
        count=count,
        more_url=reverse("monitoring:verify"),
    )


import monitoring.facts_escalations  # noqa: E402,F401  (registers its project facts)
import monitoring.facts_indicators  # noqa: E402,F401  (project facts for the audit function)


def _indicator_intake(
    code: str, year: int, period: int, value: Any, *, actor: Any, source: str = "", comment: str = ""
) -> Any:
    """Actuals measured elsewhere (the city-wide survey) enter like any other: submitted for the SAC's check."""
    from django.core.exceptions import ValidationError

    from monitoring.models import Indicator
    from monitoring.services.actuals import actual_save

    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise ValidationError(_("There is no indicator %(code)s.") % {"code": code})
    return actual_save(
        indicator=indicator,
        actor=actor,
        year=year,
        period=period,
        value=value,
        source=source,
        comment=comment,
        submit=True,
    )


register_indicator_intake(_indicator_intake)
