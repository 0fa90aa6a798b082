"""Meetings: agenda, attendees and quorum, minutes, decisions, votes, opinions, conflicts, agenda packs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmis.core.excel import xlsx_response
from pmis.core.files import file_response
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect, render_list
from pmis.core.jobs import job_create
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx
from pmis.core.models import current_language
from pmis.reference.models import Direction
from portfolio import permissions as perms
from portfolio import selectors, services
from portfolio.forms import (
    AgendaItemForm,
    AssignmentForm,
    AttendanceForm,
    ConflictForm,
    DecisionForm,
    MeetingForm,
    OpinionForm,
    VoteForm,
)
from portfolio.models import AgendaItem, Attendance, Meeting, Submission
from portfolio.views.common import form_action, paginate, params


@login_required
@require_GET
def meeting_list(request: AuthedHtmxRequest) -> HttpResponse:
    qs = selectors.meeting_list(request.user, params(request))
    if wants_xlsx(request):
        return xlsx_response(
            "meetings.xlsx",
            [_("Number"), _("Title"), _("Kind"), _("Direction"), _("Date and time"), _("Status"), _("Items")],
            [
                (
                    m.number,
                    m.title,
                    m.get_kind_display(),
                    m.direction.number if m.direction else "",
                    timezone.localtime(m.starts_at),
                    m.get_status_display(),
                    m.n_items,
                )
                for m in qs[:EXPORT_LIMIT]
            ],
            title=_("Meetings"),
        )
    page = paginate(request, qs)
    return render_list(
        request,
        "portfolio/meeting_list.html",
        {
            "page": page,
            "query": query_without_page(request),
            "params": params(request),
            "kinds": Meeting.Kind.choices,
            "statuses": Meeting.Status.choices,
            "can_create": perms.can_create_meeting(request.user),
        },
        fragments=["meeting-table"],
    )


def _meeting_form(request: AuthedHtmxRequest, instance: Meeting | None = None) -> MeetingForm:
    user = request.user
    pmo = perms.is_pmo(user)
    directions = Direction.objects.order_by("number")
    if not pmo:
        directions = directions.filter(pk__in=perms.coordinated_direction_ids(user))
    return MeetingForm(request.POST or None, instance=instance, directions=directions, steering_allowed=pmo)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthedHtmxRequest) -> HttpResponse:
    if not perms.can_create_meeting(request.user):
        raise PermissionDenied
    form = _meeting_form(request)
    return form_action(
        request,
        form,
        lambda data: services.meeting_save(meeting=form.instance, actor=request.user),
        success=_("Meeting scheduled."),
        done=lambda meeting: meeting,
        failed=lambda form: render(request, "portfolio/meeting_form.html", {"form": form}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_update(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    meeting = perms.access_meeting(request.user, pk, perm=perms.MANAGE)
    form = _meeting_form(request, meeting)
    return form_action(
        request,
        form,
        lambda data: services.meeting_save(
            meeting=form.instance, actor=request.user, fields=form.changed_data
        ),
        success=_("Meeting updated."),
        done=meeting,
        failed=lambda form: render(
            request, "portfolio/meeting_form.html", {"form": form, "meeting": meeting}
        ),
    )


@login_required
@require_POST
def meeting_hold(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Record that the meeting took place: decisions can be recorded from then on."""
    meeting = perms.access_meeting(request.user, pk, perm=perms.MANAGE)
    try:
        services.meeting_hold(meeting=meeting, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The meeting is recorded as held."))
    return hx_redirect(request, meeting)


@login_required
@require_GET
def meeting_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    meeting = perms.access_meeting(request.user, pk)
    can_manage = perms.can_manage_meeting(request.user, meeting)
    detail = selectors.meeting_detail(meeting, request.user)
    return render(
        request,
        "portfolio/meeting_detail.html",
        {
            "meeting": meeting,
            **detail,
            "openable_assignments": perms.visible_ids(
                perms.assignments_visible_to(request.user), detail["assignments"]
            ),
            "can_manage": can_manage,
            "attendance_form": AttendanceForm() if can_manage else None,
            "item_form": AgendaItemForm() if can_manage else None,
            "history": history_rows(meeting),
        },
    )


def _meeting_action(
    request: AuthedHtmxRequest,
    meeting: Meeting,
    form: forms.BaseForm,
    service: Callable[[dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    """A form posted from the meeting page: errors come back as a message on that page (it holds several forms)."""

    def failed(form: forms.BaseForm) -> HttpResponse:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return hx_redirect(request, meeting)

    return form_action(request, form, service, success=success, done=meeting, failed=failed)


@login_required
@require_POST
def attendee_add(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    meeting = perms.access_meeting(request.user, pk, perm=perms.MANAGE)
    return _meeting_action(
        request,
        meeting,
        AttendanceForm(request.POST),
        lambda data: services.attendance_save(
            meeting=meeting,
            user=data["username"],
            role=data["role"],
            present=data["present"],
            actor=request.user,
        ),
        _("Attendee saved."),
    )


@login_required
@require_POST
def attendee_remove(request: AuthedHtmxRequest, pk: int, attendance_pk: int) -> HttpResponse:
    meeting = perms.access_meeting(request.user, pk, perm=perms.MANAGE)
    attendance = Attendance.objects.filter(pk=attendance_pk, meeting=meeting).first()
    if attendance is not None:  # removing twice is not an error
        services.attendance_remove(attendance=attendance, actor=request.user)
        messages.success(request, _("Attendee removed."))
    return hx_redirect(request, meeting)


@login_required
@require_POST
def item_create(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    meeting = perms.access_meeting(request.user, pk, perm=perms.MANAGE)
    form = AgendaItemForm(request.POST, instance=AgendaItem(meeting=meeting))
    return _meeting_action(
        request,
        meeting,
        form,
        lambda data: services.agenda_item_save(item=form.instance, actor=request.user),
        _("Agenda item added."),
    )


def _item_context(request: AuthedHtmxRequest, item: AgendaItem, **forms: object) -> dict[str, object]:
    user = request.user
    meeting = item.meeting
    can_manage = perms.can_manage_meeting(user, meeting)
    can_vote = perms.can_vote(user, meeting) and not item.decision
    can_opinion = perms.can_give_opinion(user, meeting) and not item.decision
    detail = selectors.item_detail(item, user)
    linked = [item.carried_assignment, *detail["assignments"]]
    context: dict[str, object] = {
        "item": item,
        "meeting": meeting,
        **detail,
        # links only to what the reader may open (an invited expert does not see the submission)
        "submission_openable": bool(perms.visible_ids(perms.submissions_visible_to(user), [item.submission])),
        "openable_assignments": perms.visible_ids(perms.assignments_visible_to(user), linked),
        "can_manage": can_manage,
        "can_vote": can_vote,
        "can_opinion": can_opinion,
        "history": history_rows(item),
        "decision_form": DecisionForm(gate=_is_gate(item))
        if can_manage and not item.decision and meeting.status == Meeting.Status.HELD
        else None,
        "edit_form": AgendaItemForm(instance=item) if can_manage and not item.decision else None,
        "vote_form": VoteForm() if can_vote else None,
        "conflict_form": ConflictForm() if can_vote else None,
        "opinion_form": OpinionForm() if can_opinion else None,
        "assignment_form": AssignmentForm(
            initial={
                "owner_organization": item.project.department_id if item.project else None,
                "owner_username": item.project.manager.username
                if item.project and item.project.manager
                else "",
            }
        )
        if can_manage
        else None,
    }
    context.update(forms)
    return context


@login_required
@require_GET
def item_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    item = perms.access_item(request.user, pk)
    return render(request, "portfolio/item_detail.html", _item_context(request, item))


def _is_gate(item: AgendaItem) -> bool:
    return item.submission is not None and item.submission.kind == Submission.Kind.GATE


def _item_action(
    request: AuthedHtmxRequest,
    pk: int,
    *,
    perm: str,
    form_key: str,
    make_form: Callable[[AgendaItem], forms.BaseForm],
    service: Callable[[AgendaItem, dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    """access → form → service → redirect to the item; a failing form is shown again on the item's page."""
    item = perms.access_item(request.user, pk, perm=perm)
    return form_action(
        request,
        make_form(item),
        lambda data: service(item, data),
        success=success,
        done=item,
        failed=lambda form: render(
            request, "portfolio/item_detail.html", _item_context(request, item, **{form_key: form})
        ),
    )


@login_required
@require_POST
def item_update(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    def make_form(item: AgendaItem) -> forms.BaseForm:
        if item.decision:  # a decided item is the record of the meeting
            raise PermissionDenied
        return AgendaItemForm(request.POST, instance=item)

    return _item_action(
        request,
        pk,
        perm=perms.MANAGE,
        form_key="edit_form",
        make_form=make_form,
        service=lambda item, data: services.agenda_item_save(item=item, actor=request.user),
        success=_("Agenda item updated."),
    )


@login_required
@require_POST
def item_decide(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    return _item_action(
        request,
        pk,
        perm=perms.MANAGE,
        form_key="decision_form",
        make_form=lambda item: DecisionForm(request.POST, gate=_is_gate(item)),
        service=lambda item, data: services.item_decide(
            item=item,
            actor=request.user,
            decision=data["decision"],
            decision_text=data["decision_text"],
            conditions=data["conditions"],
            assignment_due=data.get("assignment_due"),
            gate_outcome=data.get("gate_outcome") or "",
        ),
        success=_("Decision recorded."),
    )


@login_required
@require_POST
def item_vote(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    return _item_action(
        request,
        pk,
        perm=perms.VOTE,
        form_key="vote_form",
        make_form=lambda item: VoteForm(request.POST),
        service=lambda item, data: services.vote_record(
            item=item, member=request.user, choice=data["choice"], comment=data["comment"]
        ),
        success=_("Your vote is recorded."),
    )


@login_required
@require_POST
def item_conflict(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    return _item_action(
        request,
        pk,
        perm=perms.VOTE,
        form_key="conflict_form",
        make_form=lambda item: ConflictForm(request.POST),
        service=lambda item, data: services.conflict_declare(
            item=item, member=request.user, has_conflict=data["has_conflict"], note=data["note"]
        ),
        success=_("Your declaration is recorded."),
    )


@login_required
@require_POST
def item_opinion(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    return _item_action(
        request,
        pk,
        perm=perms.OPINION,
        form_key="opinion_form",
        make_form=lambda item: OpinionForm(request.POST),
        service=lambda item, data: services.opinion_record(
            item=item, expert=request.user, recommendation=data["recommendation"], text=data["text"]
        ),
        success=_("Your opinion is recorded."),
    )


@login_required
@require_POST
def item_assignment(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    return _item_action(
        request,
        pk,
        perm=perms.MANAGE,
        form_key="assignment_form",
        make_form=lambda item: AssignmentForm(request.POST),
        service=lambda item, data: services.assignment_create(
            actor=request.user,
            title=data["title"],
            description=data["description"],
            owner_organization=data["owner_organization"],
            owner_person=data["owner_username"],
            due_date=data["due_date"],
            meeting=item.meeting,
            item=item,
            project=item.project,
        ),
        success=_("Assignment issued."),
    )


@login_required
@require_POST
def pack_publish(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Compile and publish the next version of the agenda pack, in every language (a job with progress)."""
    meeting = perms.access_meeting(request.user, pk, perm=perms.MANAGE)
    with transaction.atomic():
        job = job_create(
            kind="portfolio.agenda_pack",
            requested_by=request.user,
            target=meeting,
            language=current_language(),
            params={"meeting_id": meeting.pk},
        )
    return hx_redirect(request, job)


@login_required
@require_GET
def pack_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The published pack read in the browser: the same body the PDF was made of (the public edition for a
    reader who may not open a confidential project on the agenda)."""
    pack = perms.access_pack(request.user, pk)
    others = list(
        pack.meeting.packs.order_by("-version", "language").only("pk", "version", "language", "published_at")
    )
    body = pack.redacted_html if perms.pack_is_redacted_for(request.user, pack) else pack.html
    if not body:  # an older pack with a confidential item has no public edition: nothing to show this reader
        raise Http404
    return render(
        request,
        "portfolio/pack_detail.html",
        {"pack": pack, "meeting": pack.meeting, "others": others, "body": body},
    )


@login_required
@require_GET
def pack_download(request: AuthedHtmxRequest, pk: int) -> HttpResponseBase:
    pack = perms.access_pack(request.user, pk)
    public = perms.pack_is_redacted_for(request.user, pack)
    file = pack.redacted_file if public else pack.file
    name = pack.download_name.replace(".pdf", "-public.pdf") if public else pack.download_name
    return file_response(file, filename=name, content_type="application/pdf")
