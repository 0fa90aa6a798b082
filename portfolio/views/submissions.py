"""The review queue and the submissions moving through it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmis.core.excel import xlsx_response
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx
from pmis.reference.models import Direction
from portfolio import permissions as perms
from portfolio import selectors, services
from portfolio.forms import NoteForm, ResubmitForm, ScheduleForm, ScreenForm, SubmissionForm
from portfolio.models import Submission
from portfolio.views.common import form_action, paginate, params
from projects.permissions import editable_ids


def _list(request: AuthedHtmxRequest, *, mine: bool) -> HttpResponse:
    qs = selectors.submission_list(request.user, mine=mine, params=params(request))
    if wants_xlsx(request):
        return xlsx_response(
            "submissions.xlsx",
            [
                _("Project"),
                _("Title"),
                _("Kind"),
                _("Direction"),
                _("Status"),
                _("Step deadline"),
                _("Overdue"),
                _("Submitted"),
            ],
            [
                (
                    s.project.code,
                    s.display_title,
                    s.get_kind_display(),
                    s.direction.number,
                    s.get_status_display(),
                    s.step_due,
                    _("yes") if s.is_overdue else "",
                    timezone.localtime(s.submitted_at),
                )
                for s in qs[:EXPORT_LIMIT]
            ],
            title=_("Submissions"),
        )
    page = paginate(request, qs)
    context = {
        "page": page,
        "query": query_without_page(request),
        "mine": mine,
        "params": params(request),
        "statuses": Submission.Status.choices,
        "kinds": Submission.Kind.choices,
        "directions": Direction.objects.order_by("number"),
    }
    return render_list(request, "portfolio/submission_list.html", context, fragments=["submission-table"])


@login_required
@require_GET
def queue(request: AuthedHtmxRequest) -> HttpResponse:
    """What waits on me: coordinators see their directions' screening, the Project Office its checks and agenda."""
    return _list(request, mine=True)


@login_required
@require_GET
def submission_list(request: AuthedHtmxRequest) -> HttpResponse:
    return _list(request, mine=False)


@login_required
@require_http_methods(["GET", "POST"])
def submission_create(request: AuthedHtmxRequest) -> HttpResponse:
    """A project's manager, its department's officers or the Project Office file a submission for the project."""
    projects = perms.submittable_projects(request.user)
    form = SubmissionForm(
        request.POST or None, projects=projects, initial={"project_code": request.GET.get("project", "")[:20]}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.submission_create(
                project=data["project"],
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                request=data["request"],
                change_request=data["change_request"],
                gate=data.get("gate") or "",
                passport=data["passport"],
                other_directions=data.get("other_directions") or (),
                draft_decision=data.get("draft_decision") or "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Submitted to the direction coordinator."))
            return hx_redirect(request, submission)
    # a short list of the user's own projects to pick from (the Project Office types the code)
    suggestions = (
        []
        if perms.submits_for_any_project(request.user)
        else list(projects.order_by("code").values_list("code", "title_ru")[:50])
    )
    form.fields["project_code"].widget.attrs["list"] = "project-codes"
    return render(request, "portfolio/submission_form.html", {"form": form, "suggestions": suggestions})


@login_required
@require_GET
def submission_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    submission = perms.access_submission(request.user, pk)
    user = request.user
    can_screen = submission.status == Submission.Status.AT_COORDINATOR and perms.submission_allows(
        user, submission, perms.SCREEN
    )
    can_check = submission.status == Submission.Status.AT_PMO and perms.submission_allows(
        user, submission, perms.CHECK
    )
    can_resubmit = submission.status == Submission.Status.RETURNED and perms.submission_allows(
        user, submission, perms.RESUBMIT
    )
    items = list(submission.agenda_items.select_related("meeting").order_by("-meeting__starts_at"))
    return render(
        request,
        "portfolio/submission_detail.html",
        {
            "submission": submission,
            "items": items,
            "openable_items": perms.visible_ids(perms.items_visible_to(user), items),
            "other_directions": list(submission.other_directions.all()),
            "can_screen": can_screen,
            "can_check": can_check,
            "can_resubmit": can_resubmit,
            "screen_form": ScreenForm(initial={"action": "forward"}) if can_screen else None,
            "schedule_form": ScheduleForm(meetings=selectors.schedulable_meetings()) if can_check else None,
            "return_form": NoteForm() if can_check else None,
            "resubmit_form": ResubmitForm(initial={"request": submission.request}) if can_resubmit else None,
            "history": history_rows(submission),
            "can_edit_project": bool(editable_ids(user, [submission.project])),
        },
    )


def _rerender(request: AuthedHtmxRequest, submission: Submission, **forms: object) -> HttpResponse:
    """Re-render the detail page with the failing form (status 200 so htmx swaps it)."""
    user = request.user
    items = list(submission.agenda_items.select_related("meeting"))
    context = {
        "submission": submission,
        "items": items,
        "openable_items": perms.visible_ids(perms.items_visible_to(user), items),
        "other_directions": list(submission.other_directions.all()),
        "history": history_rows(submission),
        "can_screen": "screen_form" in forms,
        "can_check": "schedule_form" in forms or "return_form" in forms,
        "can_resubmit": "resubmit_form" in forms,
    }
    if context["can_check"]:
        forms.setdefault("schedule_form", ScheduleForm(meetings=selectors.schedulable_meetings()))
        forms.setdefault("return_form", NoteForm())
    context.update(forms)
    context["can_edit_project"] = bool(editable_ids(user, [submission.project]))
    return render(request, "portfolio/submission_detail.html", context)


@login_required
@require_POST
def submission_screen(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    submission = perms.access_submission(request.user, pk, perm=perms.SCREEN)
    return form_action(
        request,
        ScreenForm(request.POST),
        lambda data: services.submission_screen(
            submission=submission, actor=request.user, forward=data["action"] == "forward", note=data["note"]
        ),
        success=lambda data: (
            _("Forwarded to the Project Office.")
            if data["action"] == "forward"
            else _("Returned with remarks.")
        ),
        done=submission,
        failed=lambda form: _rerender(request, submission, screen_form=form),
    )


@login_required
@require_POST
def submission_schedule(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    submission = perms.access_submission(request.user, pk, perm=perms.CHECK)
    return form_action(
        request,
        ScheduleForm(request.POST, meetings=selectors.schedulable_meetings()),
        lambda data: services.submission_schedule(
            submission=submission,
            actor=request.user,
            meeting=data["meeting"],
            note=data["note"],
            draft_decision=data.get("draft_decision") or "",
        ),
        success=_("Placed on the agenda."),
        done=lambda item: item.meeting,
        failed=lambda form: _rerender(request, submission, schedule_form=form),
    )


@login_required
@require_POST
def submission_return(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    submission = perms.access_submission(request.user, pk, perm=perms.CHECK)
    return form_action(
        request,
        NoteForm(request.POST),
        lambda data: services.submission_return_by_pmo(
            submission=submission, actor=request.user, note=data["note"]
        ),
        success=_("Returned with remarks."),
        done=submission,
        failed=lambda form: _rerender(request, submission, return_form=form),
    )


@login_required
@require_POST
def submission_resubmit(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    submission = perms.access_submission(request.user, pk, perm=perms.RESUBMIT)
    return form_action(
        request,
        ResubmitForm(request.POST),
        lambda data: services.submission_resubmit(
            submission=submission, actor=request.user, request=data["request"]
        ),
        success=_("Submitted to the direction coordinator."),
        done=submission,
        failed=lambda form: _rerender(request, submission, resubmit_form=form),
    )
