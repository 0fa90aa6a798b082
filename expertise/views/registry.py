"""The opinion registry, statistics and the import of archive opinions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from expertise import selectors
from expertise.exports import opinions_xlsx
from expertise.forms import ImportForm, OpinionFilterForm, StatsFilterForm
from expertise.models import HistoryImport
from expertise.permissions import access_import, can_import_history
from expertise.services import history
from expertise.views.cases import PAGE_SIZE, _filters
from pmis.core.excel import xlsx_download
from pmis.core.htmx import hx_redirect, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page


@login_required
@require_GET
def opinion_list(request: HttpRequest) -> HttpResponse:
    form = OpinionFilterForm(request.GET or None)
    page = Paginator(selectors.opinion_registry(request.user, _filters(form)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "query": query_without_page(request)}
    return render_list(request, "expertise/opinion_list.html", context, fragments=["opinion-table"])


@login_required
@require_GET
def opinion_export(request: HttpRequest) -> HttpResponse:
    form = OpinionFilterForm(request.GET or None)
    content = opinions_xlsx(selectors.opinion_registry(request.user, _filters(form))[:EXPORT_LIMIT])
    return xlsx_download(content, "opinions.xlsx")


@login_required
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    """Opinions by year × kind × outcome: counts, shares negative and returned, median days to opinion."""
    form = StatsFilterForm(request.GET or None)
    rows = selectors.opinion_stats(request.user, _filters(form))
    totals = selectors.stats_totals(rows)
    chart = {
        **totals["chart"],
        "label_positive": _("Positive"),
        "label_negative": _("Negative"),
        "label_returned": _("Returned for revision"),
    }
    return render(
        request, "expertise/stats.html", {"form": form, "rows": rows, "totals": totals, "chart": chart}
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    """Upload an archive workbook (checked by a job) and see the previous imports."""
    if not can_import_history(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = history.history_upload(actor=request.user, name=upload.name, data=upload.read())
        messages.success(request, _("The file is being checked."))
        return hx_redirect(request, record)
    imports = HistoryImport.objects.select_related("created_by")[:20]
    return render(request, "expertise/import_list.html", {"form": form, "imports": imports})


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    if not can_import_history(request.user):
        raise PermissionDenied
    return xlsx_download(history.template_xlsx(), "archive-opinions-template.xlsx")


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_import(request.user, pk)
    template = (
        "expertise/import_detail.html#import-status"
        if getattr(request, "htmx", False)
        else "expertise/import_detail.html"
    )
    return render(request, template, {"record": record})


@login_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    record = access_import(request.user, pk)
    if record.status != HistoryImport.Status.VALID:
        messages.error(request, _("Only a file that passed the check can be imported."))
        return redirect(record)
    history.history_confirm(record=record, actor=request.user)
    messages.success(request, _("The import has started."))
    return redirect(record)
