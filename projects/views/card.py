"""The project card: create/update, the tab shell and the overview, passport, documents, team and history tabs."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_stubs_ext import StrOrPromise

from pmis.accounts.models import Organization
from pmis.core import portal
from pmis.core.files import file_response
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import HTMX_VARY, hx_redirect, is_swap
from pmis.core.jobs import job_create
from pmis.core.pdf import document_language
from projects import permissions
from projects.forms.card import (
    DocumentForm,
    GateDecisionForm,
    MemberForm,
    PassportForm,
    ProjectForm,
    TemplatePublishForm,
)
from projects.models import PassportVersion, Project
from projects.selectors import card as selectors
from projects.services import documents as document_services
from projects.services import project as services

# (key, URL name, label). plan/budget/risks/changes/reports belong to the plan-and-registers views;
# until their URLs exist the tab is shown disabled.
TABS: list[tuple[str, str, StrOrPromise]] = [
    ("overview", "projects:detail", gettext_lazy("Overview")),
    ("passport", "projects:passport", gettext_lazy("Passport")),
    ("plan", "projects:plan", gettext_lazy("Plan and timeline")),
    ("budget", "projects:budget", gettext_lazy("Budget")),
    ("risks", "projects:risks", gettext_lazy("Risks and issues")),
    ("changes", "projects:changes", gettext_lazy("Changes")),
    ("reports", "projects:reports", gettext_lazy("Status reports")),
    ("documents", "projects:documents", gettext_lazy("Documents")),
    ("team", "projects:team", gettext_lazy("Team")),
    ("history", "projects:history", gettext_lazy("History")),
]


def card_tabs(project: Project, user: Any = None) -> list[dict[str, Any]]:
    """The card's own tabs, plus those other apps register (pmis.core.portal.register_card_tab)."""
    entries = list(TABS)
    for extra in portal.card_tabs_extra(user, project):
        keys = [key for key, _url_name, _label in entries]
        at = keys.index(extra.after) + 1 if extra.after in keys else len(entries)
        entries.insert(at, (extra.key, extra.url_name, extra.label))
    tabs = []
    for key, url_name, label in entries:
        try:
            url = reverse(url_name, args=[project.pk])
        except NoReverseMatch:
            url = ""
        tabs.append({"key": key, "url": url, "label": label})
    return tabs


def card_context(request: Any, project: Project, tab: str, **extra: Any) -> dict[str, Any]:
    """What every tab of the card renders around its body: header, tabs, edit flags, the layout."""
    can_edit = permissions.can_edit_project(request.user, project)
    return {
        "project": project,
        "tab": tab,
        "tabs": card_tabs(project, request.user),
        "card_actions": portal.card_actions_for(request.user, project),
        "can_edit": can_edit,
        "can_decide": permissions.can_decide_for_project(request.user, project),
        "layout": "projects/card/_bare.html" if is_swap(request) else "base.html",
        **extra,
    }


def render_tab(request: Any, project: Project, tab: str, template: str, **extra: Any) -> HttpResponse:
    """A tab of the card: the tab links push their URL, so the response varies with the htmx headers."""
    response = render(request, template, card_context(request, project, tab, **extra))
    patch_vary_headers(response, HTMX_VARY)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: Any) -> HttpResponse:
    permissions.access_project_create(request.user)
    initial = {"department": request.user.organization_id}
    if permissions.proposes_self_as_manager(request.user):
        initial["manager"] = request.user.pk
    form = ProjectForm(
        request.POST or None, initial=initial, departments=permissions.registrable_departments(request.user)
    )
    cast(forms.ChoiceField, form.fields["stage"]).choices = [
        (k, v)
        for k, v in Project.Stage.choices
        if k not in (Project.Stage.SUSPENDED, Project.Stage.TERMINATED)
    ]
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                actor=request.user,
                project=form.instance,
                districts=form.cleaned_data["districts"],
                sdgs=form.cleaned_data["sdgs"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Project %(code)s registered.") % {"code": project.code})
            return hx_redirect(request, project.get_absolute_url())
    return render(request, "projects/card/project_form.html", {"form": form, "project": None})


@login_required
@require_http_methods(["GET", "POST"])
def project_update(request: Any, pk: int) -> HttpResponse:
    project = selectors.project_for_card(request.user, pk, perm=permissions.CHANGE_PROJECT)
    departments = permissions.registrable_departments(request.user) | Organization.objects.filter(
        pk=project.department_id
    )
    form = ProjectForm(request.POST or None, instance=project, departments=departments.distinct())
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update_details(
                project=project,
                actor=request.user,
                fields=form.changed_data,
                districts=form.cleaned_data["districts"],
                sdgs=form.cleaned_data["sdgs"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Project updated."))
            return hx_redirect(request, project.get_absolute_url())
    return render(request, "projects/card/project_form.html", {"form": form, "project": project})


@login_required
@require_GET
def project_detail(request: Any, pk: int) -> HttpResponse:
    """The card's overview tab."""
    project = selectors.project_for_card(request.user, pk)
    overview = selectors.project_overview(project)
    return render_tab(request, project, "overview", "projects/card/overview.html", overview=overview)


@login_required
@require_GET
def project_passport(request: Any, pk: int) -> HttpResponse:
    project = selectors.project_for_card(request.user, pk)
    passports, gates = selectors.project_passports(project)
    return render_tab(
        request,
        project,
        "passport",
        "projects/card/passport.html",
        passports=passports,
        gates=gates,
        next_stage=services.next_free_stage(project),
        allowed_gates=services.allowed_gates(project),
        open_passport=next((p for p in passports if not p.is_frozen), None),
    )


def _passport(project: Project, version_pk: int) -> PassportVersion:
    return get_object_or_404(project.passports, pk=version_pk)


@login_required
@require_POST
def passport_draft(request: Any, pk: int) -> HttpResponse:
    project = permissions.access_project(request.user, pk, perm=permissions.CHANGE_PROJECT)
    try:
        draft = services.passport_version_create_draft(project=project, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("projects:passport", project.pk)
    messages.success(request, _("Passport version %(v)s started.") % {"v": draft.version})
    return redirect("projects:passport-edit", project.pk, draft.pk)


@login_required
@require_http_methods(["GET", "POST"])
def passport_edit(request: Any, pk: int, version_pk: int) -> HttpResponse:
    project = selectors.project_for_card(request.user, pk, perm=permissions.CHANGE_PROJECT)
    passport = _passport(project, version_pk)
    if passport.is_frozen:
        messages.error(request, _("An approved passport version cannot be changed. Start a new version."))
        return redirect("projects:passport", project.pk)
    form = PassportForm(request.POST or None, instance=passport)
    if request.method == "POST" and form.is_valid():
        try:
            services.passport_version_update(passport=passport, actor=request.user, fields=form.changed_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Passport saved."))
            return hx_redirect(request, reverse("projects:passport", args=[project.pk]))
    return render_tab(
        request, project, "passport", "projects/card/passport_form.html", form=form, passport=passport
    )


@login_required
@require_POST
def passport_submit(request: Any, pk: int, version_pk: int) -> HttpResponse:
    project = permissions.access_project(request.user, pk, perm=permissions.CHANGE_PROJECT)
    try:
        services.passport_version_submit(passport=_passport(project, version_pk), actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Passport submitted for approval."))
    return redirect("projects:passport", project.pk)


@login_required
@require_POST
def passport_decide(request: Any, pk: int, version_pk: int) -> HttpResponse:
    """Approve (freeze) a submitted passport version, or return it to draft."""
    project = permissions.access_project_for_decision(request.user, pk)
    passport = _passport(project, version_pk)
    try:
        if request.POST.get("action") == "return":
            services.passport_version_return(passport=passport, actor=request.user)
            messages.success(request, _("Passport returned to draft."))
        else:
            services.passport_version_approve(passport=passport, actor=request.user)
            messages.success(request, _("Passport version %(v)s approved.") % {"v": passport.version})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("projects:passport", project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def gate_record(request: Any, pk: int) -> HttpResponse:
    project = permissions.access_project_for_decision(request.user, pk)
    project = selectors.project_for_card(request.user, pk)
    gates = services.allowed_gates(project)
    form = GateDecisionForm(request.POST or None, gates=gates)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.gate_decision_record(project=project, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Decision recorded. The project is now at the stage “%(stage)s”.")
                % {"stage": record.get_stage_after_display()},
            )
            return hx_redirect(request, reverse("projects:passport", args=[project.pk]))
    return render_tab(request, project, "passport", "projects/card/gate_form.html", form=form, gates=gates)


@login_required
@require_POST
def stage_advance(request: Any, pk: int) -> HttpResponse:
    project = permissions.access_project(request.user, pk, perm=permissions.CHANGE_PROJECT)
    try:
        project = services.project_stage_advance(project=project, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The project moved to the stage “%(stage)s”.") % {"stage": project.get_stage_display()}
        )
    return redirect("projects:passport", project.pk)


@login_required
@require_GET
def project_documents(request: Any, pk: int) -> HttpResponse:
    project = selectors.project_for_card(request.user, pk)
    form = DocumentForm(project=project) if permissions.can_edit_project(request.user, project) else None
    return render_tab(
        request,
        project,
        "documents",
        "projects/card/documents.html",
        documents=selectors.project_documents(project),
        form=form,
    )


@login_required
@require_POST
def document_upload(request: Any, pk: int) -> HttpResponse:
    project = selectors.project_for_card(request.user, pk, perm=permissions.CHANGE_PROJECT)
    form = DocumentForm(request.POST, request.FILES, project=project)
    if form.is_valid():
        data = form.cleaned_data
        try:
            document_services.document_upload(
                project=project,
                actor=request.user,
                uploaded_file=data["file"],
                doc_type=data["doc_type"],
                title=data["title"],
                version=data["version"],
                milestone=data["milestone"],
                template_version=data["template_version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field="file")
        else:
            messages.success(request, _("Document uploaded."))
            return hx_redirect(request, reverse("projects:documents", args=[project.pk]))
    return render_tab(
        request,
        project,
        "documents",
        "projects/card/documents.html",
        documents=selectors.project_documents(project),
        form=form,
    )


@login_required
@require_GET
def document_download(request: Any, pk: int, document_pk: int) -> FileResponse:
    project = permissions.access_project(request.user, pk)
    document = get_object_or_404(project.documents.select_related("project"), pk=document_pk)
    return file_response(
        document.file,
        filename=document_services.document_download_name(document),
        content_type=document.content_type or "application/octet-stream",
    )


@login_required
@require_GET
def project_team(request: Any, pk: int) -> HttpResponse:
    project = selectors.project_for_card(request.user, pk)
    form = MemberForm() if permissions.can_edit_project(request.user, project) else None
    return render_tab(
        request,
        project,
        "team",
        "projects/card/team.html",
        members=selectors.project_team(project),
        form=form,
    )


@login_required
@require_POST
def member_add(request: Any, pk: int) -> HttpResponse:
    project = selectors.project_for_card(request.user, pk, perm=permissions.CHANGE_PROJECT)
    form = MemberForm(request.POST)
    if form.is_valid():
        services.project_member_add(
            project=project,
            user=form.cleaned_data["user"],
            role=form.cleaned_data["role"],
            actor=request.user,
        )
        messages.success(request, _("Team member added."))
        return hx_redirect(request, reverse("projects:team", args=[project.pk]))
    return render_tab(
        request,
        project,
        "team",
        "projects/card/team.html",
        members=selectors.project_team(project),
        form=form,
    )


@login_required
@require_POST
def member_remove(request: Any, pk: int, member_pk: int) -> HttpResponse:
    project = permissions.access_project(request.user, pk, perm=permissions.CHANGE_PROJECT)
    membership = get_object_or_404(project.memberships.select_related("user", "project"), pk=member_pk)
    services.project_member_remove(membership=membership, actor=request.user)
    messages.success(request, _("Team member removed."))
    return redirect("projects:team", project.pk)


@login_required
@require_GET
def project_history(request: Any, pk: int) -> HttpResponse:
    project = selectors.project_for_card(request.user, pk)
    return render_tab(
        request, project, "history", "projects/card/history.html", history=history_rows(project)
    )


@login_required
@require_POST
def card_pdf(request: Any, pk: int) -> HttpResponse:
    """Start the printable project card, in the document language asked for, as a background job and send the
    user to its progress page (the page itself stays in the reader's language)."""
    project = permissions.access_project(request.user, pk)
    language = document_language(request.POST.get("language"))
    job = job_create(
        kind="projects.card_pdf",
        requested_by=request.user,
        params={"project_id": project.pk, "language": language},
        target=project,
    )
    return hx_redirect(request, job.get_absolute_url())


# The methodology library


@login_required
@require_GET
def methodology(request: Any) -> HttpResponse:
    return render(
        request,
        "projects/card/methodology.html",
        {
            "templates": selectors.methodology_library(),
            "can_manage": permissions.can_manage_methodology(request.user),
        },
    )


@login_required
@require_GET
def methodology_download(request: Any, version_pk: int) -> FileResponse:
    """Every internal user may download the published templates."""
    version = permissions.access_methodology_version(request.user, version_pk)
    return file_response(
        version.file,
        filename=document_services.template_download_name(version),
        content_type=version.content_type or "application/octet-stream",
    )


@login_required
@require_http_methods(["GET", "POST"])
def methodology_publish(request: Any) -> HttpResponse:
    permissions.access_methodology_manage(request.user)
    form = TemplatePublishForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                template = data["template"] or document_services.methodology_template_create(
                    actor=request.user,
                    kind=data["kind"],
                    title_ru=data["title_ru"],
                    title_kk=data["title_kk"],
                    title_en=data["title_en"],
                )
                version = document_services.methodology_template_version_publish(
                    template=template, actor=request.user, uploaded_file=data["file"], notes=data["notes"]
                )
        except ValidationError as exc:
            add_service_errors(form, exc, field="file")
        else:
            messages.success(
                request,
                _("Version %(v)s of “%(t)s” published.") % {"v": version.version, "t": template.title},
            )
            return hx_redirect(request, reverse("projects:methodology"))
    return render(request, "projects/card/methodology_form.html", {"form": form})
