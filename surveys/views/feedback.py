"""Citizen feedback inside PMIS: the Project Office's moderation queue (filters, counts, pages), one message
(full text, the photo through an access-checked download, the e-mail for the Project Office only, history),
moderation and the answer (POST), the department's list of routed messages, the statistics and the Excel
export (no e-mail addresses). Every view goes through the door in surveys/permissions.py.

This module's `urlpatterns` is included by surveys/urls.py.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pmis.core.charts import month_label
from pmis.core.excel import xlsx_response
from pmis.core.files import file_response
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page
from surveys import permissions
from surveys import selectors_feedback as selectors
from surveys.forms_feedback import AnswerForm, FeedbackFilterForm, ModerateForm
from surveys.models import Feedback
from surveys.personal_data import mask
from surveys.selectors_feedback import department_choices, feedback_counts, feedback_queue, routed_to
from surveys.services import feedback as services

PAGE_SIZE = 25
SECTION = "feedback"


def _filters(form: FeedbackFilterForm) -> dict[str, Any]:
    return dict(form.cleaned_data) if form.is_valid() else {}


@login_required
@require_GET
def feedback_list(request: AuthedHtmxRequest) -> HttpResponse:
    """The Project Office's queue: what waits for moderation first, then the nearest deadlines."""
    permissions.require_feedback_moderator(request.user)
    today = timezone.localdate()
    form = FeedbackFilterForm(request.GET or None, departments=department_choices())
    base = permissions.feedback_visible_to(request.user)
    page = Paginator(feedback_queue(base, _filters(form), today=today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "rows": list(page.object_list),
        "counts": feedback_counts(base, today=today),
        "query": query_without_page(request),
        "today": today,
        "section": SECTION,
    }
    return render_list(request, "surveys/feedback/list.html", context, fragments=["feedback-table"])


def _detail_context(
    request: AuthedHtmxRequest,
    feedback: Feedback,
    *,
    moderate_form: ModerateForm | None = None,
    answer_form: AnswerForm | None = None,
) -> dict[str, Any]:
    user = request.user
    moderator = permissions.moderates_feedback(user)
    can_moderate = moderator and feedback.status == Feedback.Status.PENDING
    can_answer = permissions.can_answer_feedback(user, feedback)
    if can_moderate and moderate_form is None:
        moderate_form = ModerateForm(
            initial={"decision": "accept", "public_text": services.default_public_text(feedback)}
        )
    if moderate_form is not None:  # the citizen's own text, in the language they wrote in
        moderate_form.fields["public_text"].widget.attrs["lang"] = feedback.language
    if can_answer and answer_form is None:
        answer_form = AnswerForm()
    from projects.permissions import projects_visible_to
    from surveys.personal_data import may_contain_personal_data

    issue_url = ""
    if feedback.issue_id and projects_visible_to(user).filter(pk=feedback.project_id).exists():
        issue_url = reverse("projects:risks", args=[feedback.project_id])  # the project's issue log
    return {
        "issue_url": issue_url,
        "feedback": feedback,
        "moderate_form": moderate_form if can_moderate else None,
        "answer_form": answer_form if can_answer else None,
        "shows_email": permissions.sees_feedback_email(user),
        "personal": may_contain_personal_data(feedback.text),
        "history": history_rows(feedback),
        "overdue": feedback.status == Feedback.Status.ROUTED
        and feedback.due_date is not None
        and feedback.due_date < timezone.localdate(),
        "public_url": reverse("public:feedback-detail", args=[feedback.reference]),
        "section": SECTION,
    }


@login_required
@require_GET
def feedback_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    feedback = permissions.access_feedback(request.user, pk)
    return render(request, "surveys/feedback/detail.html", _detail_context(request, feedback))


@login_required
@require_GET
def feedback_photo(request: AuthedHtmxRequest, pk: int) -> FileResponse:
    """The citizen's photo, for the readers of the message only (it is never published)."""
    feedback = permissions.access_feedback(request.user, pk)
    extension = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}.get(
        feedback.photo_content_type, ""
    )
    return file_response(
        feedback.photo,
        filename=f"{feedback.reference}{extension}",
        content_type=feedback.photo_content_type or None,
    )


@login_required
@require_POST
def feedback_moderate(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Accept (publish and route to the department) or reject a message waiting for moderation."""
    feedback = permissions.access_feedback(request.user, pk, moderate=True)
    form = ModerateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                services.feedback_accept(
                    feedback=feedback,
                    actor=request.user,
                    theme=data["theme"],
                    public_text=data["public_text"],
                )
                messages.success(request, _("The message is published and sent to the department."))
            else:
                services.feedback_reject(feedback=feedback, actor=request.user, reason=data["reason"])
                messages.success(request, _("The message will not be published."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("surveys:feedback-list")
    feedback.refresh_from_db()
    context = _detail_context(request, feedback, moderate_form=form)
    return render(request, "surveys/feedback/detail.html", context, status=400)


@login_required
@require_POST
def feedback_answer(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The department's (or the Project Office's) answer, published under the question."""
    feedback = permissions.access_feedback(request.user, pk)
    if not permissions.can_answer_feedback(request.user, feedback):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_answer(
                feedback=feedback, actor=request.user, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The answer is published on the project's public page."))
            return redirect("surveys:feedback-detail", feedback.pk)
    feedback.refresh_from_db()
    context = _detail_context(request, feedback, answer_form=form)
    return render(request, "surveys/feedback/detail.html", context, status=400)


@login_required
@require_GET
def feedback_mine(request: AuthedHtmxRequest) -> HttpResponse:
    """Citizen messages waiting for an answer from the reader's department or projects, overdue first."""
    today = timezone.localdate()
    rows = list(routed_to(request.user)[:200])
    return render(
        request,
        "surveys/feedback/mine.html",
        {"rows": rows, "today": today, "section": "feedback-mine"},
    )


@login_required
@require_GET
def feedback_stats(request: AuthedHtmxRequest) -> HttpResponse:
    permissions.require_feedback_moderator(request.user)
    stats = selectors.feedback_stats(today=timezone.localdate())
    charts = {
        "months": {
            "labels": [month_label(d.year, d.month) for d, _n in stats.by_month],
            "values": [n for _d, n in stats.by_month],
        },
        "kinds": {"labels": [k for k, _n in stats.by_kind], "values": [n for _k, n in stats.by_kind]},
        "themes": {"labels": [t for t, _n in stats.by_theme], "values": [n for _t, n in stats.by_theme]},
    }
    return render(
        request,
        "surveys/feedback/stats.html",
        {"stats": stats, "charts": charts, "section": "feedback-stats"},
    )


@login_required
@require_GET
def feedback_export(request: AuthedHtmxRequest) -> HttpResponse:
    """The queue as filtered, as Excel (formula-safe; never the citizen's e-mail address or photo)."""
    permissions.require_feedback_moderator(request.user)
    form = FeedbackFilterForm(request.GET or None, departments=department_choices())
    today = timezone.localdate()
    rows = feedback_queue(permissions.feedback_visible_to(request.user), _filters(form), today=today)[
        :EXPORT_LIMIT
    ]
    headers = [
        _("Reference number"),
        _("Received"),
        _("Project"),
        _("Kind"),
        _("Status"),
        _("Theme"),
        _("Department"),
        _("Text (personal data masked)"),
        _("Text as published"),
        _("Answer due"),
        _("Answered"),
        _("Answer"),
        _("Language"),
    ]
    data = (
        [
            f.reference,
            f.created_at,
            f.project.code,
            f.get_kind_display(),
            f.get_status_display(),
            f.get_theme_display() if f.theme else "",
            str(f.department) if f.department else "",
            mask(f.text),
            f.public_text,
            f.due_date,
            f.answered_at,
            f.answer,
            f.language,
        ]
        for f in rows
    )
    return xlsx_response(f"feedback-{today:%Y%m%d}.xlsx", headers, data, title=_("Citizen feedback"))


urlpatterns: list[URLPattern] = [
    path("feedback/", feedback_list, name="feedback-list"),
    path("feedback/mine/", feedback_mine, name="feedback-mine"),
    path("feedback/stats/", feedback_stats, name="feedback-stats"),
    path("feedback/export/", feedback_export, name="feedback-export"),
    path("feedback/<int:pk>/", feedback_detail, name="feedback-detail"),
    path("feedback/<int:pk>/photo/", feedback_photo, name="feedback-photo"),
    path("feedback/<int:pk>/moderate/", feedback_moderate, name="feedback-moderate"),
    path("feedback/<int:pk>/answer/", feedback_answer, name="feedback-answer"),
]
