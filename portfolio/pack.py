"""The agenda pack: one body of HTML (cover, agenda, a brief per item) rendered to PDF and kept as HTML,
versioned per meeting and language, with the list of what changed since the previous version.

Data for all items is read in a fixed number of queries (not per item), so a 20-item pack stays fast.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pmis.core import svg
from pmis.core.texts import msg
from portfolio.models import AgendaItem, AgendaPack, Attendance, Meeting
from projects.models import BudgetLine, Milestone, Risk


def _indicator_charts(series: dict[int, dict[str, Any]]) -> dict[int, str]:
    """Per project, the line chart (plan vs verified actual) of its first indicator, as server-side SVG, in the
    active language."""
    return {
        project_id: svg.line_chart(
            data["labels"],
            [
                svg.Series(_("Plan"), data["plan"], "#0d6efd", dashed=True),
                svg.Series(_("Actual (verified)"), data["actual"], "#198754"),
            ],
            title=data["title"],
            width=600,
            height=220,
        )
        for project_id, data in series.items()
    }


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
    for totals in (
        BudgetLine.objects.filter(project_id__in=project_ids)
        .values("project_id", "year")
        .annotate(plan=Sum("plan"), allocated=Sum("allocated"), disbursed=Sum("disbursed"))
        .order_by("project_id", "year")
    ):
        row: dict[str, Any] = dict(totals)
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
    from monitoring.selectors_portfolio import first_indicator_series

    charts = _indicator_charts(first_indicator_series(project_ids))
    briefs = []
    for item in items:
        sub = item.submission
        project_id = item.project_id or 0  # 0: an item without a project, which no per-project row has
        briefs.append(
            {
                "item": item,
                "project": item.project,
                "submission": sub,
                "budget": budget.get(project_id, []),
                "milestones": milestones.get(project_id, []),
                "risks": risks.get(project_id, []),
                "chart": charts.get(project_id, ""),
                "request": "\n\n".join(p for p in (sub.request, sub.reason_text) if p)
                if sub
                else (item.carried_assignment.description if item.carried_assignment else item.materials),
                "screening_note": sub.screening_note if sub else "",
                "pmo_note": sub.pmo_note if sub else "",
                "opinions": list(item.opinions.all()),
                "draft_decision": item.draft_decision_text or (sub.draft_decision if sub else ""),
                "confidential": item.project is not None and item.project.is_confidential,
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
    return {
        "title": item.display_title,
        "hash": hashlib.sha256(text.encode()).hexdigest()[:16],
        "confidential": brief["confidential"],
    }


def redacted(snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    """The snapshot as the public edition lists it: confidential items without their titles."""
    if not snapshot:
        return snapshot
    items = {
        key: {**row, "title": _("Item about a confidential project")} if row.get("confidential") else row
        for key, row in snapshot.get("items", {}).items()
    }
    return {**snapshot, "items": items}


def redacted_briefs(briefs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The public edition: a confidential item keeps its place and number, nothing of its content."""
    return [{"item": b["item"], "redacted": True} if b["confidential"] else b for b in briefs]


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


def _edition(
    meeting: Meeting,
    briefs: list[dict[str, Any]],
    *,
    version: int,
    language: str,
    changes: list[str],
    suffix: str = "",
) -> tuple[str, bytes]:
    """One edition of the pack: its HTML body and its PDF (in the active language)."""
    from pmis.core.pdf import render_pdf

    body = pack_body(meeting, briefs, version=version, changes=changes)
    pdf = render_pdf(
        "portfolio/pdf/agenda_pack.html",
        {"body": body, "meeting": meeting},
        document_number=f"{meeting.number or meeting.pk}-v{version}-{language}{suffix}",
        language=language,
    )
    return body, pdf


def agenda_pack_build(
    *,
    meeting: Meeting,
    actor: Any,
    languages: tuple[str, ...] | None = None,
    progress: Callable[[int, Any], None] = lambda pct, msg: None,
) -> list[AgendaPack]:
    """Compile, store and publish the next version of the meeting's agenda pack in every language at once, and
    notify each member once, in their own language, with a link to the pack in that language.

    The pack is a document: each language renders inside translation.override(language) (the reader's session is
    not touched). When an item concerns a confidential project, each language also gets a public edition in which
    that item is one redacted line; readers who may not open such a project only ever get the public edition
    (HTML and PDF: see permissions.pack_is_redacted_for)."""
    from pmis.notifications.services import notify

    languages = languages or tuple(code for code, _name in settings.LANGUAGES)
    progress(5, msg("Reading the agenda"))
    version = (AgendaPack.objects.filter(meeting=meeting).aggregate(v=Max("version"))["v"] or 0) + 1
    files: list[tuple[AgendaPack, bytes, bytes | None]] = []
    for n, language in enumerate(languages):
        progress(10 + 80 * n // len(languages), msg("Rendering the PDF"))
        with translation.override(language):
            briefs = pack_items(meeting)  # labels, units and chart text in this language (a few queries each)
            confidential = sorted({b["item"].project_id for b in briefs if b["confidential"]})
            snapshot = {
                "items": {str(b["item"].pk): _fingerprint(b) for b in briefs},
                "order": [b["item"].pk for b in briefs],
                "meeting": f"{meeting.starts_at.isoformat()}|{meeting.location}|{meeting.title}",
                "confidential": confidential,
            }
            previous = (
                AgendaPack.objects.filter(meeting=meeting, language=language).order_by("-version").first()
            )
            before = previous.snapshot if previous else None
            changes = pack_changes(before, snapshot)
            body, pdf = _edition(meeting, briefs, version=version, language=language, changes=changes)
            public_body, public_pdf = "", None
            if confidential:
                public_body, public_pdf = _edition(
                    meeting,
                    redacted_briefs(briefs),
                    version=version,
                    language=language,
                    changes=pack_changes(redacted(before), redacted(snapshot) or {}),
                    suffix="-public",
                )
        pack = AgendaPack(
            meeting=meeting,
            version=version,
            language=language,
            html=body,
            redacted_html=public_body,
            snapshot=snapshot,
            changes=changes,
            published_by=actor,
            published_at=timezone.now(),
        )
        files.append((pack, pdf, public_pdf))
    progress(90, msg("Publishing"))
    with transaction.atomic():
        packs = []
        for pack, pdf, public_pdf in files:
            name = f"agenda-pack-{meeting.pk}-v{version}-{pack.language}"
            pack.file.save(f"{name}.pdf", ContentFile(pdf), save=False)
            if public_pdf is not None:
                pack.redacted_file.save(f"{name}-public.pdf", ContentFile(public_pdf), save=False)
            pack.save()
            packs.append(pack)
        by_language = {p.language: p for p in packs}
        members = [
            a.user
            for a in meeting.attendances.select_related("user")
            if a.role in (*Attendance.VOTING, Attendance.Role.EXPERT)
        ]
        if meeting.kind == Meeting.Kind.STEERING:
            from pmis.accounts.models import User
            from pmis.accounts.roles import COMMITTEE_MEMBER

            members += list(User.objects.filter(groups__name=COMMITTEE_MEMBER, is_active=True))
        seen: set[int] = set()
        for member in members:
            if member.pk in seen:
                continue
            seen.add(member.pk)
            pack = by_language.get(member.language) or packs[0]
            title = (
                msg("Agenda pack for %(meeting)s published (version %(v)s)", meeting=str(meeting), v=version)
                if version == 1
                else msg(
                    "Agenda pack for %(meeting)s republished (version %(v)s)", meeting=str(meeting), v=version
                )
            )
            notify(recipients=[member], title=title, url=pack.get_absolute_url())
    return packs


def pack_item_count(meeting: Meeting) -> int:
    return AgendaItem.objects.filter(meeting=meeting).count()
