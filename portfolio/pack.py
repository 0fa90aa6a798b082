"""The agenda pack: one body of HTML (cover, agenda, a brief per item) rendered to PDF and kept as HTML,
versioned per meeting and language, with the list of what changed since the previous version.

Data for all items is read in a fixed number of queries (not per item), so a 20-item pack stays fast.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pmis.core import svg
from pmis.core.models import localized
from portfolio.models import AgendaItem, AgendaPack, Attendance, Meeting
from projects.models import BudgetLine, Milestone, Risk


def _indicator_charts(project_ids: list[int]) -> dict[int, str]:
    """Per project, the line chart (plan vs verified actual) of its first indicator, as server-side SVG."""
    if not project_ids:
        return {}
    from monitoring.models import Actual, Indicator, Target
    from monitoring.selectors import chart_period_label

    indicators = {}
    for ind in Indicator.objects.filter(project_id__in=project_ids).order_by("project_id", "code"):
        indicators.setdefault(ind.project_id, ind)
    ids = [i.pk for i in indicators.values()]
    targets: dict[int, dict[tuple[int, int], Decimal]] = defaultdict(dict)
    for t in Target.objects.filter(indicator_id__in=ids).values("indicator_id", "year", "period", "value"):
        targets[t["indicator_id"]][(t["year"], t["period"])] = t["value"]
    actuals: dict[int, dict[tuple[int, int], Decimal]] = defaultdict(dict)
    for a in Actual.objects.filter(indicator_id__in=ids, status=Actual.Status.VERIFIED).values(
        "indicator_id", "year", "period", "value"
    ):
        actuals[a["indicator_id"]][(a["year"], a["period"])] = a["value"]
    charts = {}
    for project_id, ind in indicators.items():
        keys = sorted(set(targets[ind.pk]) | set(actuals[ind.pk]))[-8:]
        if not keys:
            continue
        charts[project_id] = svg.line_chart(
            [chart_period_label(ind.frequency, y, p) for y, p in keys],
            [
                svg.Series(_("Plan"), [targets[ind.pk].get(k) for k in keys], "#0d6efd", dashed=True),
                svg.Series(_("Actual (verified)"), [actuals[ind.pk].get(k) for k in keys], "#198754"),
            ],
            title=f"{ind.code} · {localized(ind, 'name')[:70]} ({ind.unit})",
            width=600,
            height=220,
        )
    return charts


def pack_items(meeting: Meeting) -> list[dict[str, Any]]:
    """A brief per agenda item: project card, indicator chart, budget, milestones, risks, request, notes, opinions."""
    items = list(
        meeting.items.select_related(
            "submission",
            "submission__screened_by",
            "project",
            "project__department",
            "project__manager",
            "project__direction",
            "presenter",
            "carried_assignment",
            "carried_assignment__owner_organization",
        )
        .prefetch_related("opinions__expert")
        .order_by("order", "pk")
    )
    project_ids = sorted({i.project_id for i in items if i.project_id})
    budget: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        BudgetLine.objects.filter(project_id__in=project_ids)
        .values("project_id", "year")
        .annotate(plan=Sum("plan"), allocated=Sum("allocated"), disbursed=Sum("disbursed"))
        .order_by("project_id", "year")
    ):
        row["execution"] = (
            round(float(row["disbursed"]) / float(row["plan"]) * 100, 1) if row["plan"] else None
        )
        budget[row["project_id"]].append(row)
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for m in Milestone.objects.filter(project_id__in=project_ids).order_by(
        "project_id", "planned_date", "pk"
    ):
        if len(milestones[m.project_id]) < 8:
            milestones[m.project_id].append(m)
    risks: dict[int, list[Risk]] = defaultdict(list)
    for r in (
        Risk.objects.filter(project_id__in=project_ids)
        .exclude(status=Risk.Status.CLOSED)
        .order_by("project_id", "-score", "pk")
    ):
        if len(risks[r.project_id]) < 5:
            risks[r.project_id].append(r)
    charts = _indicator_charts(project_ids)
    briefs = []
    for item in items:
        sub = item.submission
        briefs.append(
            {
                "item": item,
                "project": item.project,
                "submission": sub,
                "budget": budget.get(item.project_id, []),
                "milestones": milestones.get(item.project_id, []),
                "risks": risks.get(item.project_id, []),
                "chart": charts.get(item.project_id, ""),
                "request": sub.request
                if sub
                else (item.carried_assignment.description if item.carried_assignment else item.materials),
                "screening_note": sub.screening_note if sub else "",
                "pmo_note": sub.pmo_note if sub else "",
                "opinions": list(item.opinions.all()),
                "draft_decision": item.draft_decision or (sub.draft_decision if sub else ""),
            }
        )
    return briefs


def _fingerprint(brief: dict[str, Any]) -> dict[str, str]:
    item = brief["item"]
    text = "|".join(
        str(v)
        for v in (
            brief["request"],
            brief["screening_note"],
            brief["draft_decision"],
            item.materials,
            item.presenter_id,
            item.starts_at,
            [o.text for o in brief["opinions"]],
        )
    )
    return {"title": item.title, "hash": hashlib.sha256(text.encode()).hexdigest()[:16]}


def pack_changes(previous: dict[str, Any] | None, current: dict[str, Any]) -> list[str]:
    """Human-readable differences between two pack snapshots (items added, removed, changed)."""
    if not previous:
        return []
    before, after = previous.get("items", {}), current.get("items", {})
    changes = []
    for key, row in after.items():
        if key not in before:
            changes.append(_("Item added: %(title)s") % {"title": row["title"]})
        elif before[key]["hash"] != row["hash"] or before[key]["title"] != row["title"]:
            changes.append(_("Item changed: %(title)s") % {"title": row["title"]})
    changes += [
        _("Item removed: %(title)s") % {"title": row["title"]}
        for key, row in before.items()
        if key not in after
    ]
    if previous.get("order") != current.get("order") and not changes:
        changes.append(_("The order of the items changed."))
    if previous.get("meeting") != current.get("meeting"):
        changes.append(_("The date, time or place of the meeting changed."))
    return changes


def pack_body(meeting: Meeting, briefs: list[dict[str, Any]], *, version: int, changes: list[str]) -> str:
    attendances = list(meeting.attendances.select_related("user").order_by("role", "user__last_name"))
    return render_to_string(
        "portfolio/pdf/_pack_body.html",
        {
            "meeting": meeting,
            "briefs": briefs,
            "version": version,
            "changes": changes,
            "attendances": attendances,
            "generated": timezone.localtime(),
        },
    )


def agenda_pack_build(
    *,
    meeting: Meeting,
    actor: Any,
    language: str,
    progress: Callable[[int, str], None] = lambda pct, msg: None,
) -> AgendaPack:
    """Compile, store and publish the next version of the meeting's agenda pack; notify the members."""
    from pmis.core.pdf import render_pdf
    from pmis.notifications.services import notify

    with translation.override(language):
        progress(5, _("Reading the agenda"))
        briefs = pack_items(meeting)
        progress(40, _("Composing the briefs"))
        snapshot = {
            "items": {str(b["item"].pk): _fingerprint(b) for b in briefs},
            "order": [b["item"].pk for b in briefs],
            "meeting": f"{meeting.starts_at.isoformat()}|{meeting.location}|{meeting.title}",
        }
        previous = AgendaPack.objects.filter(meeting=meeting, language=language).order_by("-version").first()
        version = (
            AgendaPack.objects.filter(meeting=meeting, language=language).aggregate(v=Max("version"))["v"]
            or 0
        ) + 1
        changes = pack_changes(previous.snapshot if previous else None, snapshot)
        body = pack_body(meeting, briefs, version=version, changes=changes)
        progress(60, _("Rendering the PDF"))
        pdf = render_pdf(
            "portfolio/pdf/agenda_pack.html",
            {"body": body, "meeting": meeting},
            document_number=f"{meeting.number or meeting.pk}-v{version}-{language}",
            language=language,
        )
        progress(90, _("Publishing"))
        with transaction.atomic():
            pack = AgendaPack(
                meeting=meeting,
                version=version,
                language=language,
                html=body,
                snapshot=snapshot,
                changes=changes,
                published_by=actor,
                published_at=timezone.now(),
            )
            pack.file.save(
                f"agenda-pack-{meeting.pk}-v{version}-{language}.pdf", ContentFile(pdf), save=False
            )
            pack.save()
            members = [
                a.user
                for a in meeting.attendances.select_related("user")
                if a.role in (*Attendance.VOTING, Attendance.Role.EXPERT)
            ]
            if meeting.kind == Meeting.Kind.STEERING:
                from pmis.accounts.models import User
                from pmis.accounts.roles import COMMITTEE_MEMBER

                members += list(User.objects.filter(groups__name=COMMITTEE_MEMBER, is_active=True))
            title = (
                _("Agenda pack for %(meeting)s published (version %(v)s)")
                if version == 1
                else _("Agenda pack for %(meeting)s republished (version %(v)s)")
            ) % {"meeting": str(meeting), "v": version}
            notify(recipients=members, title=title, body="\n".join(changes), url=pack.get_absolute_url())
    return pack


def pack_item_count(meeting: Meeting) -> int:
    return AgendaItem.objects.filter(meeting=meeting).count()
