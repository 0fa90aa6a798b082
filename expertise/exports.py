"""Files out of the expertise app: the opinion PDF and the Excel lists (rows in, bytes out; no request, no perms)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from expertise.models import Opinion, ReviewCase
from pmis.core.excel import write_xlsx
from pmis.core.numbers import parse_decimal
from pmis.core.pdf import render_pdf


def metrics(results: dict[str, Any] | None) -> dict[str, Any]:
    """The headline figures of a stored appraisal, ready for templates (IRR only when it is unique)."""
    if not results:
        return {}
    firr = results.get("firr_roots") or []
    eirr = results.get("eirr_roots") or []
    return {
        "fnpv": parse_decimal(results.get("fnpv")),
        "enpv": parse_decimal(results.get("enpv")),
        "firr": firr[0] if results.get("firr_flag") == "unique" and firr else None,
        "firr_flag": results.get("firr_flag"),
        "firr_roots": firr,
        "eirr": eirr[0] if results.get("eirr_flag") == "unique" and eirr else None,
        "eirr_flag": results.get("eirr_flag"),
        "mirr": results.get("mirr"),
        "payback": parse_decimal(results.get("payback")),
        "discounted_payback": parse_decimal(results.get("discounted_payback")),
        "fbcr": parse_decimal(results.get("fbcr")),
        "ebcr": parse_decimal(results.get("ebcr")),
        "financial_rate": parse_decimal(results.get("financial_rate")),
        "social_rate": parse_decimal(results.get("social_rate")),
    }


def opinion_pdf_context(opinion: Opinion) -> dict[str, Any]:
    from expertise.services.opinions import sections_for

    case = ReviewCase.objects.select_related("applicant", "project", "regulatory_basis").get(
        pk=opinion.case_id
    )
    documents = list(case.documents.order_by("round", "doc_type", "version"))
    last_round = case.rounds.order_by("-number").first()
    remarks = list(last_round.remarks.select_related("carried_from").all()) if last_round else []
    results = opinion.appraisal.results if opinion.appraisal is not None else None
    ppp: dict[str, Any] = {}
    if opinion.appraisal is not None and case.kind == "ppp_documentation":
        from expertise.models import PppAnalysis

        for analysis in PppAnalysis.objects.filter(model_id=opinion.appraisal.model_id).order_by(
            "-created_at", "-id"
        ):
            ppp.setdefault(analysis.kind, analysis)
    sections = [
        {
            "key": key,
            "label": label,
            "text": (opinion.sections.get(key) or {}).get("text", ""),
            "author": (opinion.sections.get(key) or {}).get("author", ""),
        }
        for key, label in sections_for(case)
    ]
    return {
        "opinion": opinion,
        "case": case,
        "documents": documents,
        "remarks": remarks,
        "remarks_round": last_round,
        "sections": sections,
        "m": metrics(results),
        "sensitivity": (results or {}).get("sensitivity", []),
        "appraisal": opinion.appraisal,
        "ppp": ppp,
        "title": _("Expert opinion No. %(number)s") % {"number": opinion.number or "—"},
    }


def render_opinion_pdf(opinion: Opinion) -> bytes:
    """The opinion in its own document language (chosen at issue), whoever asks for it and in whatever language
    they read: the context and the template are both built inside that language, and only there."""
    language = opinion.language or "ru"
    with translation.override(language):
        context = opinion_pdf_context(opinion)
    return render_pdf(
        "expertise/pdf/opinion.html", context, document_number=opinion.number, language=language
    )


def cases_xlsx(cases: Iterable[ReviewCase]) -> bytes:
    headers = [
        _("Case number"),
        _("Kind"),
        _("Title"),
        _("Applicant department"),
        _("Status"),
        _("Received on"),
        _("Deadline"),
        _("Experts"),
    ]
    rows = (
        [
            c.number,
            c.get_kind_display(),
            c.title,
            str(c.applicant),
            c.get_status_display(),
            c.received_on,
            c.deadline,
            ", ".join(str(a.expert) for a in c.assignments.all()),
        ]
        for c in cases
    )
    return write_xlsx(headers, rows, title=_("Cases"), column_widths=[16, 30, 60, 40, 20, 12, 12, 40])


def opinions_xlsx(opinions: Iterable[Opinion]) -> bytes:
    headers = [
        _("Opinion number"),
        _("Date of issue"),
        _("Outcome"),
        _("Case number"),
        _("Kind"),
        _("Title"),
        _("Applicant department"),
        _("Days from receipt to opinion"),
        _("Archive"),
    ]
    rows = (
        [
            o.number,
            o.issued_on,
            o.get_outcome_display(),
            o.case.number,
            o.case.get_kind_display(),
            o.case.title,
            str(o.case.applicant),
            o.days_to_opinion,
            _("yes") if o.is_historical else "",
        ]
        for o in opinions
    )
    return write_xlsx(headers, rows, title=_("Opinions"), column_widths=[14, 12, 22, 16, 30, 60, 40, 12, 8])
