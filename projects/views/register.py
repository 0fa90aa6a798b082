"""The register list: filters, search, sorting, pages, saved filters, Excel export and import."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmis.core.excel import MAX_BYTES, ExcelError, check_xlsx, xlsx_download
from pmis.core.forms import StyledFormMixin
from pmis.core.htmx import render_list, swapped_fragment
from pmis.core.jobs import job_create
from pmis.core.models import Job
from projects import permissions
from projects.exports import MAX_IMPORT_ROWS, import_template
from projects.filters import PAGE_SIZES
from projects.permissions import REGISTER_IMPORT_KIND, access_register_import
from projects.selectors import register as selectors
from projects.services import register as services

IMPORT_KIND = REGISTER_IMPORT_KIND
COMMIT_KIND = "projects.register_import_commit"


class SavedFilterForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the filter"), max_length=120)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx)"),
        help_text=gettext_lazy("Up to 10 MB and 2,000 projects. Nothing is written until you confirm."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is too large (limit %(mb)s MB).") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        content = upload.read(MAX_BYTES + 1)
        try:
            check_xlsx(content)
        except ExcelError as exc:
            raise ValidationError(str(exc)) from exc
        self.content = content
        return upload


@login_required
@require_GET
def project_list(request: Any) -> HttpResponse:
    """The register: the whole page, or under htmx only the results (count, table, pages)."""
    register = selectors.register_page(request.user, request.GET)
    context = {
        "register": register,
        "filter": register.filterset,
        "page": register.page,
        "query": register.query,
        "page_sizes": PAGE_SIZES,
        "saved_filters": selectors.saved_filters_for(request.user),
        "can_import": permissions.can_create_projects(request.user),
    }
    context.update(_links(register))
    response = render_list(request, "projects/register/list.html", context, fragments=["register-results"])
    if swapped_fragment(request, ["register-results"]):
        # the address bar gets the clean, shareable URL (no empty fields), whatever htmx sent
        number = register.page.number
        response["HX-Push-Url"] = _with(register.query, page=number if number > 1 else None)
    return response


SORTABLE = (
    ("code", gettext_lazy("Code")),
    ("title", gettext_lazy("Title")),
    ("stage", gettext_lazy("Stage")),
    ("rag", gettext_lazy("RAG")),
    ("finish", gettext_lazy("Planned finish")),
    ("budget", gettext_lazy("Budget")),
)


def _with(query: str, **changes: Any) -> str:
    """The list URL for `query` with some keys replaced (None removes a key)."""
    from django.http import QueryDict

    data = QueryDict(query, mutable=True)
    for key, value in changes.items():
        data.pop(key, None)
        if value not in (None, ""):
            data[key] = str(value)
    return _list_url(data.urlencode())


def _links(register: Any) -> dict[str, Any]:
    """Header sort links (toggling direction), page links and page-size links, each a real URL."""
    current = register.filterset.sort_value
    sorts = []
    for key, label in SORTABLE:
        if current == key:
            state, target = "ascending", f"-{key}"
        elif current == f"-{key}":
            state, target = "descending", key
        else:
            state, target = "none", key
        sorts.append(
            {"key": key, "label": label, "url": _with(register.query, sort=target, page=None), "state": state}
        )
    page = register.page
    return {
        "sorts": sorts,
        "previous_url": _with(register.query, page=page.previous_page_number())
        if page.has_previous()
        else "",
        "next_url": _with(register.query, page=page.next_page_number()) if page.has_next() else "",
        "size_links": [(size, _with(register.query, per_page=size, page=None)) for size in PAGE_SIZES],
        "reset_url": _list_url(""),
    }


def _list_url(query: str) -> str:
    url = reverse("projects:list")
    return f"{url}?{query}" if query else url


@login_required
@require_POST
def saved_filter_create(request: Any) -> HttpResponse:
    form = SavedFilterForm(request.POST)
    if form.is_valid():
        query = selectors.clean_query(_parse(form.cleaned_data["query"]))
        try:
            services.saved_filter_save(user=request.user, name=form.cleaned_data["name"], query=query)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Filter “%(name)s” saved.") % {"name": form.cleaned_data["name"].strip()}
            )
        return redirect(_list_url(query))
    for errors in form.errors.values():
        for error in errors:
            # ErrorList yields each ValidationError's message (its __getitem__); the stubs type the stored items
            messages.error(request, error)  # type: ignore[arg-type]
    return redirect(_list_url(selectors.clean_query(_parse(request.POST.get("query", "")))))


def _parse(query: str) -> Any:
    from django.http import QueryDict

    return QueryDict(query[:2000])


@login_required
@require_GET
def saved_filter_apply(request: Any, filter_pk: int) -> HttpResponse:
    saved = selectors.saved_filter_for(request.user, filter_pk)
    return redirect(_list_url(selectors.clean_query(_parse(saved.query))))


@login_required
@require_POST
def saved_filter_delete(request: Any, filter_pk: int) -> HttpResponse:
    saved = selectors.saved_filter_for(request.user, filter_pk)
    services.saved_filter_delete(saved=saved, actor=request.user)
    messages.success(request, _("Filter “%(name)s” deleted.") % {"name": saved.name})
    return redirect(_list_url(selectors.clean_query(_parse(request.POST.get("query", "")))))


@login_required
@require_POST
def register_export(request: Any) -> HttpResponse:
    """Queue the Excel export of the posted query; the job re-applies filters and visibility for the user."""
    query = selectors.clean_query(_parse(request.POST.get("query", "")))
    with transaction.atomic():
        job = job_create(kind="projects.register_export", requested_by=request.user, params={"query": query})
    return redirect(job.get_absolute_url())


@login_required
@require_GET
def import_template_download(request: Any) -> HttpResponse:
    permissions.access_project_create(request.user)
    content = import_template(services.import_reference())
    return xlsx_download(content, "projects-import-template.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: Any) -> HttpResponse:
    """Upload a filled-in template; a job checks every row and the preview page shows the outcome."""
    permissions.access_project_create(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        path = default_storage.save(f"imports/projects/{uuid.uuid4().hex}.xlsx", _content_file(form.content))
        with transaction.atomic():
            job = job_create(
                kind=IMPORT_KIND,
                requested_by=request.user,
                params={"path": path, "name": form.cleaned_data["file"].name[:200]},
            )
        return redirect("projects:import-preview", job_pk=job.pk)
    recent = Job.objects.filter(requested_by=request.user, kind=IMPORT_KIND).order_by("-created_at")[:5]
    return render(
        request,
        "projects/register/import.html",
        {"form": form, "recent": list(recent), "max_rows": MAX_IMPORT_ROWS},
    )


def _content_file(content: bytes) -> Any:
    from django.core.files.base import ContentFile

    return ContentFile(content)


@login_required
@require_GET
def import_preview(request: Any, job_pk: int) -> HttpResponse:
    """The checked rows (valid and rejected) and, once confirmed, the progress of the import itself."""
    permissions.access_project_create(request.user)
    job = access_register_import(request.user, job_pk)
    commit = None
    commit_pk = (job.result or {}).get("commit_job")
    if commit_pk:
        commit = Job.objects.filter(pk=commit_pk, requested_by=request.user, kind=COMMIT_KIND).first()
    context = {
        "job": job,
        "commit": commit,
        "valid": (job.result or {}).get("valid", []),
        "rejected": (job.result or {}).get("rejected", []),
        "can_confirm": job.status == Job.Status.SUCCEEDED
        and bool((job.result or {}).get("valid"))
        and (commit is None or commit.status == Job.Status.FAILED),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "import-status":
        return render(request, "projects/register/import_preview.html#import-status", context)
    return render(request, "projects/register/import_preview.html", context)


@login_required
@require_POST
def import_confirm(request: Any, job_pk: int) -> HttpResponse:
    """Import the valid rows of a checked file (once: a second click does not import them again)."""
    permissions.access_project_create(request.user)
    access_register_import(request.user, job_pk)
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_pk)
        result = dict(job.result or {})
        commit_job = result.get("commit_job")
        previous = Job.objects.filter(pk=commit_job).first() if commit_job else None
        if job.status != Job.Status.SUCCEEDED or not result.get("valid"):
            messages.error(request, _("There are no valid rows to import."))
        elif previous is not None and previous.status != Job.Status.FAILED:
            messages.info(request, _("These rows are already being imported."))
        else:
            commit = job_create(kind=COMMIT_KIND, requested_by=request.user, params={"source_job": job.pk})
            result["commit_job"] = commit.pk
            job.result = result
            job.save(update_fields=["result", "updated_at"])
    return redirect("projects:import-preview", job_pk=job_pk)
