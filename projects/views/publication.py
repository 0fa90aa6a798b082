"""The publication tab of the project card and the Project Office's queue of public pages.

Every view gets its project through projects.permissions_publication (the door) and writes through
projects.services.publication; service refusals (ValidationError) are shown as messages or next to the field.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmis.core.excel import xlsx_response
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import hx_redirect
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx
from projects import permissions_publication as door
from projects.forms.publication import (
    PublicationForm,
    QueueFilterForm,
    ReturnForm,
    WithdrawForm,
    initial_from,
)
from projects.models import Project, Publication
from projects.selectors import publication as selectors
from projects.selectors.card import project_card_queryset
from projects.services import publication as services
from projects.views.card import render_tab

QUEUE_PAGE_SIZE = 25


def public_url(project: Project) -> str:
    """The project's public page (by URL name: the public pages are portfolio's, a floor above)."""
    return reverse("public:project", args=[project.code])


def _tab(request: Any, project: Project, **extra: Any) -> HttpResponse:
    tab = selectors.publication_tab(project)
    flags = door.publication_flags(request.user, project)
    wrote = bool(
        tab.submitted
        and flags["can_decide_publication"]
        and services.wrote_version(tab.submitted, request.user)
    )
    return render_tab(
        request,
        project,
        "publication",
        "projects/publication/tab.html",
        pub=tab,
        public_url=public_url(project) if tab.live else "",
        return_form=extra.pop("return_form", None) or ReturnForm(),
        withdraw_form=extra.pop("withdraw_form", None) or WithdrawForm(),
        wrote_submitted=wrote,
        **flags,
        **extra,
    )


@login_required
@require_GET
def publication_tab(request: Any, pk: int) -> HttpResponse:
    """Status, the live version, the draft and every version with a link to its history."""
    project = door.access_publication_tab(request.user, pk, queryset=project_card_queryset())
    return _tab(request, project)


@login_required
@require_http_methods(["GET", "POST"])
def publication_edit(request: Any, pk: int) -> HttpResponse:
    """The draft's form (kk / ru / en side by side, public photos and documents). GET writes nothing: the draft
    is created (copying the latest version) on the first save."""
    project = door.access_publication_edit(request.user, pk, queryset=project_card_queryset())
    if project.is_confidential:
        messages.error(request, _("A confidential project can never be published."))
        return redirect("projects:publication", project.pk)
    source = selectors.publication_source(project)
    if source is not None and source.status == Publication.Status.SUBMITTED:
        messages.error(
            request,
            _("Version %(v)s awaits the Project Office's decision. Wait for it before starting a new one.")
            % {"v": source.version},
        )
        return redirect("projects:publication", project.pk)
    photos, documents = selectors.publication_files(project)
    form = PublicationForm(
        request.POST or None, initial=initial_from(source), photos=photos, documents=documents
    )
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.publication_draft(project=project, actor=request.user)
            services.publication_save(draft=draft, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Draft of the public page saved (version %(v)s).") % {"v": draft.version}
            )
            if request.POST.get("then") == "submit":
                return _submit(request, project)
            return hx_redirect(request, reverse("projects:publication", args=[project.pk]))
    return render_tab(
        request,
        project,
        "publication",
        "projects/publication/edit.html",
        form=form,
        source=source,
    )


def _submit(request: Any, project: Project) -> HttpResponse:
    draft = selectors.publication_tab(project).draft
    try:
        if draft is None:
            raise ValidationError(_("There is no draft to submit. Write one first."))
        services.publication_submit(publication=draft, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The public page was sent to the Project Office for approval."))
    return redirect("projects:publication", project.pk)


@login_required
@require_POST
def publication_submit(request: Any, pk: int) -> HttpResponse:
    project = door.access_publication_edit(request.user, pk)
    return _submit(request, project)


@login_required
@require_POST
def publication_approve(request: Any, pk: int, version_pk: int) -> HttpResponse:
    project = door.access_publication_decide(request.user, pk)
    publication = door.publication_of(project, version_pk)
    try:
        services.publication_approve(publication=publication, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Version %(v)s is published.") % {"v": publication.version})
    return redirect("projects:publication", project.pk)


@login_required
@require_POST
def publication_return(request: Any, pk: int, version_pk: int) -> HttpResponse:
    project = door.access_publication_decide(request.user, pk, queryset=project_card_queryset())
    publication = door.publication_of(project, version_pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.publication_return(
                publication=publication, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field="note")
        else:
            messages.success(
                request, _("Version %(v)s was returned for revision.") % {"v": publication.version}
            )
            return redirect("projects:publication", project.pk)
    return _tab(request, project, return_form=form)


@login_required
@require_POST
def publication_withdraw(request: Any, pk: int) -> HttpResponse:
    project = door.access_publication_decide(request.user, pk, queryset=project_card_queryset())
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.publication_withdraw(
                project=project, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field="reason")
        else:
            messages.success(request, _("The public page was withdrawn."))
            if request.POST.get("next") == "queue":
                return redirect("projects:publication-queue")
            return redirect("projects:publication", project.pk)
    return _tab(request, project, withdraw_form=form)


@login_required
@require_GET
def publication_history(request: Any, pk: int, version_pk: int) -> HttpResponse:
    project = door.access_publication_tab(request.user, pk, queryset=project_card_queryset())
    publication = door.publication_of(project, version_pk)
    return render_tab(
        request,
        project,
        "publication",
        "projects/publication/history.html",
        publication=publication,
        history=history_rows(publication),
    )


@login_required
@require_GET
def publication_queue(request: Any) -> HttpResponse:
    """Project Office: versions awaiting approval and live pages, with filters and pages."""
    door.access_publication_queue(request.user)
    form = QueueFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    rows = selectors.publication_queue(**filters)
    if wants_xlsx(request):
        return xlsx_response(
            "public-pages.xlsx",
            [
                _("Project code"),
                _("Project"),
                _("Basic direction"),
                _("Department"),
                _("Version"),
                _("Status"),
                _("Author"),
                _("Submitted"),
                _("Published"),
            ],
            [
                (
                    p.project.code,
                    p.project.title,
                    p.project.direction.name,
                    p.project.department.name,
                    p.version,
                    p.get_status_display(),
                    str(p.author) if p.author else "",
                    localtime(p.submitted_at).replace(tzinfo=None) if p.submitted_at else None,
                    localtime(p.published_at).replace(tzinfo=None) if p.published_at else None,
                )
                for p in rows[:EXPORT_LIMIT]
            ],
            title=_("Public pages"),
        )
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/publication/queue.html",
        {"form": form, "page": page, "query": query_without_page(request), "filtered": bool(filters)},
    )
