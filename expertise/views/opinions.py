"""Opinion pages: drafting by sections, sending to the head, return or issue, corrections, the PDF."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from expertise.exports import metrics
from expertise.forms import DraftForm, IssueForm, ReturnForm, SectionForm, SubmitForm
from expertise.models import Opinion, PppAnalysis
from expertise.permissions import EDIT, MANAGE, access_case, access_opinion, case_perms
from expertise.services import opinions as svc
from pmis.core.files import file_response
from pmis.core.forms import add_service_errors
from pmis.core.htmx import hx_redirect


def _sections(opinion: Opinion, form: DraftForm | None = None) -> list[dict[str, object]]:
    """Each section with its saved text and author (and, on the draft page, its form fields)."""
    rows: list[dict[str, object]] = []
    for key, label in svc.sections_for(opinion.case):
        saved = opinion.sections.get(key) or {}
        row: dict[str, object] = {
            "key": key,
            "label": label,
            "text": saved.get("text", ""),
            "author": saved.get("author", ""),
        }
        if form is not None:
            row["field"] = form[f"section_{key}"]
            row["base"] = form[f"base_{key}"]
        rows.append(row)
    return rows


def _limit_override(case: Any, opinion: Opinion) -> str:
    """The reason given at the latest limit check above the limit, as the head's starting text."""
    if opinion.override_reason or case.kind != "ppp_documentation":
        return opinion.override_reason
    check = (
        PppAnalysis.objects.filter(model__case=case, kind=PppAnalysis.Kind.LIMIT)
        .order_by("-created_at", "-id")
        .first()
    )
    return check.override_reason if check else ""


def _limit_initial(case: Any, opinion: Opinion) -> dict[str, Any]:
    """The obligation fields of a PPP draft start from the latest limit check on the case's models."""
    if opinion.obligation_year is not None or case.kind != "ppp_documentation":
        return {}
    check = (
        PppAnalysis.objects.filter(model__case=case, kind=PppAnalysis.Kind.LIMIT)
        .order_by("-created_at", "-id")
        .first()
    )
    if check is None:
        return {}
    return {
        "obligation_year": check.inputs.get("year"),
        "existing_obligations": check.inputs.get("existing"),
        "new_obligations": check.inputs.get("new"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def opinion_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The working draft: every section and the proposal in one form, saved together ("save") or saved and sent
    to the head ("send"); GET creates the draft on first visit by an assigned expert."""
    case = access_case(request.user, pk, perm=EDIT)
    try:
        opinion = svc.opinion_start(case=case, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(case)
    editable = opinion.status in (Opinion.Status.DRAFT, Opinion.Status.RETURNED)
    sending = request.POST.get("action") != "save"
    data = request.POST if request.method == "POST" else None
    draft_form = DraftForm(data, sections=svc.sections_for(case), initial=_draft_initial(opinion))
    submit_form = SubmitForm(
        data,
        instance=opinion,
        case=case,
        sending=sending and data is not None,
        initial=_limit_initial(case, opinion),
    )
    if request.method == "POST" and editable and draft_form.is_valid() and submit_form.is_valid():
        fields = {k: v for k, v in submit_form.cleaned_data.items() if k != "outcome"}
        outcome = submit_form.cleaned_data["outcome"]
        try:
            opinion = svc.draft_save(
                opinion=opinion,
                actor=request.user,
                texts=draft_form.texts(),
                bases=draft_form.bases(),
                fields={**fields, "outcome": outcome or ""},
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):  # the service names sections; the form's fields are section_<key>
                exc = ValidationError({f"section_{key}": errors for key, errors in exc.error_dict.items()})
            add_service_errors(draft_form, exc)
            draft_form = _rebased(draft_form, opinion)
        else:
            if not sending:
                messages.success(request, _("The draft is saved."))
                return hx_redirect(request, reverse("expertise:opinion-draft", args=[case.pk]))
            try:
                svc.opinion_submit(opinion=opinion, actor=request.user, outcome=outcome, fields=fields)
            except ValidationError as exc:
                add_service_errors(submit_form, exc)
                messages.warning(request, _("The draft is saved but not sent to the head."))
            else:
                messages.success(request, _("The draft is sent to the head of expertise."))
                return hx_redirect(request, case)
    result = svc.latest_result(case)
    return render(
        request,
        "expertise/opinion_draft.html",
        {
            "case": case,
            "opinion": opinion,
            "sections": _sections(opinion, draft_form),
            "submit_form": submit_form,
            "draft_form": draft_form,
            "m": metrics(result.results if result else None),
            "result": result,
            "editable": editable,
        },
    )


def _draft_initial(opinion: Opinion) -> dict[str, str]:
    initial: dict[str, str] = {}
    for key, _label in svc.sections_for(opinion.case):
        text = (opinion.sections.get(key) or {}).get("text", "")
        initial[f"section_{key}"] = text
        initial[f"base_{key}"] = svc.section_digest(text)
    return initial


def _rebased(form: DraftForm, opinion: Opinion) -> DraftForm:
    """After a parallel edit: the typed texts stay, the bases move to what is saved now (saving again replaces it)."""
    opinion.refresh_from_db(fields=["sections"])
    data = cast(QueryDict, form.data).copy()  # a bound DraftForm's data is the request's POST
    for key in form.keys:
        data[f"base_{key}"] = svc.section_digest((opinion.sections.get(key) or {}).get("text", ""))
    rebased = DraftForm(data, sections=svc.sections_for(opinion.case))
    rebased.is_valid()
    for name, errors in form.errors.items():
        if name != "__all__":
            rebased.errors[name] = errors
    return rebased


@login_required
@require_POST
def opinion_section(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """Save one section (htmx swaps the section's card back in)."""
    case = access_case(request.user, pk, perm=EDIT)
    opinion = svc.working_opinion(case)
    if opinion is None:
        raise Http404
    form = SectionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            opinion = svc.section_save(
                opinion=opinion, actor=request.user, key=key, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(str(e) for e in form.errors.get("text", []))
    section = next((s for s in _sections(opinion) if s["key"] == key), None)
    if section is None:
        raise Http404
    if getattr(request, "htmx", False):
        return render(
            request,
            "expertise/opinion_draft.html#section-card",
            {
                "case": case,
                "opinion": opinion,
                "s": section,
                "error": error,
                "saved": not error,
                "editable": True,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Section saved."))
    return redirect("expertise:opinion-draft", pk=case.pk)


@login_required
@require_GET
def opinion_detail(request: HttpRequest, pk: int, opinion: int) -> HttpResponse:
    case = access_case(request.user, pk)
    obj = access_opinion(request.user, case, opinion)
    can = case_perms(request.user, case)
    return render(
        request,
        "expertise/opinion_detail.html",
        {
            "case": case,
            "opinion": obj,
            "sections": _sections(obj),
            "can": can,
            "m": metrics(obj.appraisal.results if obj.appraisal is not None else None),
            "issue_form": IssueForm(
                initial={
                    "outcome": obj.outcome,
                    "language": obj.language,
                    "override_reason": _limit_override(case, obj),
                }
            ),
            "return_form": ReturnForm(),
            "utilisation": obj.limit_utilisation if obj.is_issued else _safe_check(obj),
        },
    )


def _safe_check(opinion: Opinion) -> object:
    try:
        return svc.obligation_check(opinion)[0]
    except ValidationError:
        return None


@login_required
@require_POST
def opinion_return(request: HttpRequest, pk: int, opinion: int) -> HttpResponse:
    case = access_case(request.user, pk, perm=MANAGE)
    obj = access_opinion(request.user, case, opinion)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            svc.opinion_return(opinion=obj, actor=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The draft is returned to the experts."))
            return hx_redirect(request, case)
    return render(
        request,
        "expertise/opinion_decision.html",
        {"case": case, "opinion": obj, "return_form": form, "issue_form": IssueForm()},
    )


@login_required
@require_POST
def opinion_issue(request: HttpRequest, pk: int, opinion: int) -> HttpResponse:
    case = access_case(request.user, pk, perm=MANAGE)
    obj = access_opinion(request.user, case, opinion)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            svc.opinion_issue(opinion=obj, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Opinion %(number)s issued; its PDF is being prepared.") % {"number": obj.number}
            )
            return hx_redirect(request, obj)
    return render(
        request,
        "expertise/opinion_decision.html",
        {"case": case, "opinion": obj, "issue_form": form, "return_form": ReturnForm()},
    )


@login_required
@require_POST
def opinion_correct(request: HttpRequest, pk: int, opinion: int) -> HttpResponse:
    case = access_case(request.user, pk, perm=MANAGE)
    obj = access_opinion(request.user, case, opinion)
    try:
        svc.opinion_correct(opinion=obj, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("A correction is opened as a new version of the opinion."))
    return redirect(case)


@login_required
@require_POST
def opinion_pdf_render(request: HttpRequest, pk: int, opinion: int) -> HttpResponse:
    """Render the PDF again (e.g. after a failed job); the number and content do not change."""
    case = access_case(request.user, pk, perm=MANAGE)
    obj = access_opinion(request.user, case, opinion)
    if not obj.is_issued or obj.is_historical:
        raise Http404
    job = svc.opinion_pdf_request(opinion=obj, actor=request.user)
    return redirect(job)


@login_required
@require_GET
def opinion_pdf(request: HttpRequest, pk: int, opinion: int) -> HttpResponseBase:
    case = access_case(request.user, pk)
    obj = access_opinion(request.user, case, opinion)
    return file_response(
        obj.pdf, filename=f"opinion-{obj.number.replace('/', '-')}.pdf", content_type="application/pdf"
    )
