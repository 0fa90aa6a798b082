"""Excel templates and the two-step import of actual values (check → confirm), both as jobs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from monitoring.forms import ImportForm
from monitoring.models import ImportBatch, Target
from monitoring.permissions import access_import, can_import, enterable_indicators
from monitoring.services.imports import template_headers
from pmis.core.excel import xlsx_response
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect
from pmis.core.jobs import job_create
from pmis.core.numbers import parse_int
from pmis.core.permissions import require


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: AuthedHtmxRequest) -> HttpResponse:
    require(can_import(request.user))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            batch = ImportBatch(uploaded_by=request.user, original_name=upload.name[:255])
            batch.file.save(upload.name, upload, save=False)
            batch.save()
            job = job_create(
                kind="monitoring.import_check",
                requested_by=request.user,
                params={"batch_id": batch.pk},
                target=batch,
            )
            batch.check_job = job
            batch.save(update_fields=["check_job", "updated_at"])
        return hx_redirect(request, batch)
    recent = ImportBatch.objects.filter(uploaded_by=request.user).order_by("-created_at")[:10]
    return render(request, "monitoring/import_start.html", {"form": form, "recent": recent})


@login_required
@require_GET
def import_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    batch = access_import(request.user, pk)
    job = batch.apply_job or batch.check_job
    context = {"batch": batch, "job": job, "errors": [e for e in batch.errors if e.get("message")][:1000]}
    if request.htmx:
        return render(request, "monitoring/import_detail.html#import-status", context)
    return render(request, "monitoring/import_detail.html", context)


@login_required
@require_POST
def import_confirm(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Nothing is written before this: the user confirms the checked rows."""
    batch = access_import(request.user, pk)
    if batch.status != ImportBatch.Status.CHECKED or batch.apply_job_id:
        messages.error(request, _("This import is not waiting for confirmation."))
        return hx_redirect(request, batch)
    with transaction.atomic():
        job = job_create(
            kind="monitoring.import_apply",
            requested_by=request.user,
            params={"batch_id": batch.pk},
            target=batch,
        )
        batch.apply_job = job
        batch.save(update_fields=["apply_job", "updated_at"])
    return hx_redirect(request, batch)


@login_required
@require_GET
def import_template(request: AuthedHtmxRequest) -> HttpResponse:
    """A workbook to fill: the user's indicators (department template) or national-project ones, with plans."""
    require(can_import(request.user))
    national = request.GET.get("kind") == "national"
    year = parse_int(request.GET.get("year"))
    period = parse_int(request.GET.get("period"))
    indicators = enterable_indicators(request.user)
    if national:
        indicators = indicators.exclude(national_project_code="")
    targets = Target.objects.filter(indicator__in=indicators).select_related("indicator")
    if year:
        targets = targets.filter(year=year)
    if period:
        targets = targets.filter(period=period)
    rows = (
        (
            t.indicator.national_project_code,
            t.indicator.code,
            t.indicator.name,
            t.indicator.unit,
            t.year,
            t.period,
            t.value,
            None,
            t.indicator.source,
            "",
        )
        for t in targets.order_by("indicator__code", "year", "period")[:50000]
    )
    name = "national-project-actuals.xlsx" if national else "actuals-template.xlsx"
    return xlsx_response(name, template_headers(), rows, title=_("Actual values"))
