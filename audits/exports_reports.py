"""The audit report PDF: rows in, bytes out (no request, no permissions). Built and rendered inside the report's
own document language, whoever asked for it."""

from __future__ import annotations

from typing import Any

import segno
from django.db.models import Prefetch
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from audits import scoring
from audits.models import (
    Audit,
    AuditReport,
    AuditTeamMember,
    ChecklistAnswer,
    CorrectiveAction,
    Evidence,
    Finding,
)
from pmis.core import texts
from pmis.core.pdf import document_language, render_pdf


def qr_svg(text: str) -> SafeString:
    """An inline SVG QR code of `text` (segno writes only its own markup: no user HTML gets through)."""
    svg = segno.make(text, error="m").svg_inline(scale=2, dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308 - segno's own SVG of an escaped URL


def public_draw_url(audit: Audit, site_url: str) -> str:
    """The draw's public verification page, absolute when the site's address is known."""
    if audit.draw is None:
        return ""
    return site_url.rstrip("/") + audit.draw.get_public_url()


def report_context(report: AuditReport, *, site_url: str = "") -> dict[str, Any]:
    """Everything the report shows, read in a fixed number of queries (to be called in the document language)."""
    audit = Audit.objects.select_related(
        "project",
        "project__department",
        "project__direction",
        "programme",
        "draw",
        "checklist",
        "lead",
    ).get(pk=report.audit_id)
    team = list(AuditTeamMember.objects.filter(audit=audit).select_related("user"))
    answers = {
        a.item_id: a
        for a in ChecklistAnswer.objects.filter(audit=audit).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("project_document"))
        )
    }
    rows: list[dict[str, Any]] = []
    for item in audit.checklist.items.order_by("number"):
        answer = answers.get(item.pk)
        rows.append(
            {
                "item": item,
                "answer": answer,
                "facts": [
                    texts.render(f) for f in (answer.precheck_facts if answer else []) if isinstance(f, dict)
                ],
                "evidence": list(answer.evidence.all()) if answer else [],
            }
        )
    findings = list(
        Finding.objects.filter(audit=audit)
        .select_related("item", "responded_by")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=CorrectiveAction.objects.select_related("owner").order_by("due_date", "id"),
            )
        )
        .order_by("number")
    )
    url = public_draw_url(audit, site_url)
    is_final = report.kind == AuditReport.Kind.FINAL
    score = audit.score if is_final else None
    if not is_final:
        from audits.services.reports import audit_answers_score

        score = audit_answers_score(audit)
    rating = scoring.rating_for(score)
    title = (
        _("Audit report No. %(number)s") % {"number": report.number}
        if is_final
        else _("Draft audit report %(audit)s") % {"audit": audit.number}
    )
    return {
        "report": report,
        "audit": audit,
        "team": team,
        "rows": rows,
        "findings": findings,
        "actions": [a for f in findings for a in f.actions.all()],
        "evidence": [(row["item"].number, e) for row in rows for e in row["evidence"]],
        "draw": audit.draw,
        "draw_url": url,
        "draw_qr": qr_svg(url) if url else "",
        "population_size": len(audit.draw.population) if audit.draw else 0,
        "score": score,
        "score_pct": score * 100 if score is not None else None,
        "rating": rating,
        "rating_label": dict(Audit.Rating.choices).get(rating, ""),
        "bands": [label for _bound, _code, label in scoring.BANDS],
        "is_final": is_final,
        "title": title,
    }


def render_report_pdf(report: AuditReport, *, site_url: str = "") -> bytes:
    """The report in its own document language (chosen when it was sent or issued), never the reader's."""
    language = document_language(report.language, "ru")
    number = report.number or report.audit.number
    return render_pdf(
        "audits/pdf/report.html",
        lambda: report_context(report, site_url=site_url),
        document_number=number,
        language=language,
    )
