"""Audit views: checklist versions (list, one version's items, new version, edit a draft's items, publish)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audits import selectors_programme as selectors
from audits.forms_programme import ChecklistFilterForm, ChecklistItemForm, ChecklistNoteForm
from audits.models import ChecklistVersion
from audits.permissions import (
    access_checklist,
    access_checklist_item,
    is_auditor,
    require_audit_function,
    require_auditor,
)
from audits.services import checklists as svc
from pmis.core.excel import xlsx_response
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx

PAGE_SIZE = 25


def _detail_url(version: ChecklistVersion) -> str:
    return reverse("audits:checklist-detail", args=[version.pk])


def _refusal(request: AuthedHtmxRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_GET
def checklist_list(request: AuthedHtmxRequest) -> HttpResponse:
    """Checklist versions with their status, items and audits, filtered, sorted, paged, exportable."""
    require_audit_function(request.user)
    form = ChecklistFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_valid() else {}
    qs = selectors.checklist_list(request.user, params)
    if wants_xlsx(request):
        return xlsx_response(
            "audit-checklists.xlsx",
            [_("Version"), _("Status"), _("Items"), _("Audits"), _("Published"), _("What changed")],
            [
                (
                    v.version,
                    v.get_status_display(),
                    v.item_count,
                    v.audit_count,
                    v.published_at.date() if v.published_at else "",
                    v.note,
                )
                for v in cast(Iterable[Any], qs[:EXPORT_LIMIT])  # annotated: the counts
            ],
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "can_create": is_auditor(request.user),
        "section": "checklist",
    }
    return render_list(request, "audits/checklist/list.html", context, fragments=["checklist-table"])


@login_required
@require_GET
def checklist_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """One version: its items, weights, the pre-check each uses and the project types it applies to."""
    version = access_checklist(request.user, pk)
    rows = selectors.checklist_items(version)
    if wants_xlsx(request):
        return xlsx_response(
            f"audit-checklist-v{version.version}.xlsx",
            [
                _("Number"),
                _("Code"),
                _("Text (Russian)"),
                _("Text (Kazakh)"),
                _("Text (English)"),
                _("Weight"),
                _("Share of the weight"),
                _("Automatic pre-check"),
                _("Applies to"),
            ],
            [
                (
                    r.item.number,
                    r.item.code,
                    r.item.text_ru,
                    r.item.text_kk,
                    r.item.text_en,
                    r.item.weight,
                    round(r.share, 4),
                    r.precheck,
                    r.applies_to,
                )
                for r in rows
            ],
        )
    is_draft = version.status == ChecklistVersion.Status.DRAFT
    context: dict[str, Any] = {
        "version": version,
        "rows": rows,
        "total_weight": sum((r.item.weight for r in rows), 0),
        "can_edit": is_auditor(request.user) and is_draft,
        "can_create": is_auditor(request.user),
        "section": "checklist",
    }
    return render(request, "audits/checklist/detail.html", context)


@login_required
@require_POST
def checklist_create(request: AuthedHtmxRequest) -> HttpResponse:
    """A new draft version, copied from the version in use."""
    require_auditor(request.user)
    try:
        version = svc.checklist_new_version(actor=request.user)
    except ValidationError as exc:
        _refusal(request, exc)
        return redirect("audits:checklist-list")
    messages.success(
        request, _("Checklist version %(version)s created as a draft.") % {"version": version.version}
    )
    return redirect(_detail_url(version))


@login_required
@require_http_methods(["GET", "POST"])
def checklist_edit(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """What changed in a draft version (its items are edited one by one)."""
    version = access_checklist(request.user, pk, edit=True)
    try:
        svc.ensure_checklist_editable(version)
    except ValidationError as exc:
        _refusal(request, exc)
        return redirect(_detail_url(version))
    form = ChecklistNoteForm(request.POST or None, initial={"note": version.note})
    if request.method == "POST" and form.is_valid():
        try:
            svc.checklist_note_save(version=version, actor=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Checklist version %(version)s saved.") % {"version": version.version}
            )
            return hx_redirect(request, _detail_url(version))
    context = {"form": form, "version": version, "section": "checklist"}
    return render(request, "audits/checklist/note_form.html", context)


def _item_form_page(
    request: AuthedHtmxRequest, version: ChecklistVersion, form: ChecklistItemForm, item: Any = None
) -> HttpResponse:
    context = {"form": form, "version": version, "item": item, "section": "checklist"}
    return render(request, "audits/checklist/item_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def checklist_item_add(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Add an item at the end of a draft version."""
    version = access_checklist(request.user, pk, edit=True)
    try:
        svc.ensure_checklist_editable(version)
    except ValidationError as exc:
        _refusal(request, exc)
        return redirect(_detail_url(version))
    form = ChecklistItemForm(request.POST or None, initial={"weight": 1})
    if request.method == "POST" and form.is_valid():
        try:
            item = svc.checklist_item_save(version=version, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Item %(number)s added.") % {"number": item.number})
            return hx_redirect(request, _detail_url(version))
    return _item_form_page(request, version, form)


@login_required
@require_http_methods(["GET", "POST"])
def checklist_item_edit(request: AuthedHtmxRequest, pk: int, item: int) -> HttpResponse:
    """Change one item of a draft version: texts, weight, pre-check, the project type it applies to."""
    obj = access_checklist_item(request.user, pk, item, edit=True)
    version = obj.version
    try:
        svc.ensure_checklist_editable(version)
    except ValidationError as exc:
        _refusal(request, exc)
        return redirect(_detail_url(version))
    initial = {
        name: getattr(obj, name)
        for name in ("code", "text_ru", "text_kk", "text_en", "weight", "precheck", "applies_to")
    }
    form = ChecklistItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.checklist_item_save(version=version, actor=request.user, item=obj, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Item %(number)s saved.") % {"number": obj.number})
            return hx_redirect(request, _detail_url(version))
    return _item_form_page(request, version, form, obj)


@login_required
@require_POST
def checklist_item_remove(request: AuthedHtmxRequest, pk: int, item: int) -> HttpResponse:
    """Remove an item of a draft version (the items after it move up one number)."""
    obj = access_checklist_item(request.user, pk, item, edit=True)
    version = obj.version
    try:
        svc.checklist_item_remove(item=obj, actor=request.user)
    except ValidationError as exc:
        _refusal(request, exc)
    else:
        messages.success(request, _("Item %(number)s removed.") % {"number": obj.number})
    return redirect(_detail_url(version))


@login_required
@require_POST
def checklist_publish(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Put a draft in use for new audits; the version in use so far is retired (audits keep theirs)."""
    version = access_checklist(request.user, pk, edit=True)
    try:
        svc.checklist_publish(version=version, actor=request.user)
    except ValidationError as exc:
        _refusal(request, exc)
    else:
        messages.success(
            request,
            _("Checklist version %(version)s is now in use for new audits.") % {"version": version.version},
        )
    return redirect(_detail_url(version))


@login_required
@require_GET
def checklist_history(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The version's own history and every change to its items (one query for the items)."""
    version = access_checklist(request.user, pk)
    context = {
        "version": version,
        "history": history_rows(version),
        "item_changes": selectors.checklist_item_history(version),
        "section": "checklist",
    }
    return render(request, "audits/checklist/history.html", context)


urlpatterns: list[URLPattern] = [
    path("checklists/", checklist_list, name="checklist-list"),
    path("checklists/new/", checklist_create, name="checklist-create"),
    path("checklists/<int:pk>/", checklist_detail, name="checklist-detail"),
    path("checklists/<int:pk>/edit/", checklist_edit, name="checklist-edit"),
    path("checklists/<int:pk>/items/new/", checklist_item_add, name="checklist-item-add"),
    path("checklists/<int:pk>/items/<int:item>/edit/", checklist_item_edit, name="checklist-item-edit"),
    path("checklists/<int:pk>/items/<int:item>/remove/", checklist_item_remove, name="checklist-item-remove"),
    path("checklists/<int:pk>/publish/", checklist_publish, name="checklist-publish"),
    path("checklists/<int:pk>/history/", checklist_history, name="checklist-history"),
]
