"""Survey views: population. This module's `urlpatterns` is included by surveys/urls.py.

The population shares citizen results are weighted to: the list of versions per dimension, a new version of a
dimension (the Project Office), a version's shares and its history (the Project Office and the SAC read)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pmis.core.excel import xlsx_response
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx
from surveys import permissions
from surveys.forms_results import PopulationFilterForm, PopulationForm
from surveys.models import PopulationReference, PopulationShare
from surveys.services import population as svc

PAGE_SIZE = 25
SORTS = {
    "-valid_from": ["-valid_from", "dimension"],
    "valid_from": ["valid_from", "dimension"],
    "source": ["source"],
}


@login_required
@require_GET
def population_list(request: HttpRequest) -> HttpResponse:
    permissions.require_results_reader(request.user)
    form = PopulationFilterForm(request.GET or None)
    qs = PopulationReference.objects.select_related("created_by").annotate(categories=Count("shares"))
    sort = ""
    if form.is_valid():
        if q := form.cleaned_data.get("q"):
            qs = qs.filter(Q(source__icontains=q))
        if dimension := form.cleaned_data.get("dimension"):
            qs = qs.filter(dimension=dimension)
        sort = form.cleaned_data.get("sort") or ""
    qs = qs.order_by(*SORTS.get(sort, ["dimension", "-version"]), "pk")
    if wants_xlsx(request):
        return xlsx_response(
            "population-shares.xlsx",
            [_("Dimension"), _("Version"), _("Valid from"), _("Source"), _("Categories"), _("Entered by")],
            [
                (
                    r.get_dimension_display(),
                    r.version,
                    r.valid_from,
                    r.source,
                    r.categories,
                    str(r.created_by),
                )
                for r in qs[:EXPORT_LIMIT]
            ],
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "can_create": permissions.manages_surveys(request.user),
        "section": "population",
    }
    return render_list(request, "surveys/population/list.html", context, fragments=["population-table"])


@login_required
@require_http_methods(["GET", "POST"])
def population_create(request: HttpRequest) -> HttpResponse:
    permissions.require_manager(request.user)
    source = request.POST if request.method == "POST" else request.GET
    dimension = source.get("dimension") or PopulationReference.Dimension.DISTRICT
    if dimension not in PopulationReference.Dimension.values:
        dimension = PopulationReference.Dimension.DISTRICT
    categories = svc.categories(dimension)
    latest = PopulationReference.objects.filter(dimension=dimension).order_by("-version").first()
    if request.method == "POST" and "shares_submitted" in request.POST:
        form = PopulationForm(request.POST, categories=categories)
        if form.is_valid():
            try:
                ref = svc.population_create(
                    actor=request.user,
                    dimension=form.cleaned_data["dimension"],
                    valid_from=form.cleaned_data["valid_from"],
                    source=form.cleaned_data["source"],
                    shares=form.shares(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Version %(version)s of the %(dimension)s shares is entered.")
                    % {"version": ref.version, "dimension": ref.get_dimension_display()},
                )
                return redirect("surveys:population-detail", ref.pk)
    else:
        initial: dict[str, Any] = {"dimension": dimension}
        if latest is not None:
            initial.update({f"share_{s.category}": s.share for s in latest.shares.all()})
        form = PopulationForm(initial=initial, categories=categories)
    context = {"form": form, "dimension": dimension, "latest": latest, "section": "population"}
    return render(request, "surveys/population/form.html", context)


@login_required
@require_GET
def population_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ref = permissions.access_population(request.user, pk)
    labels = dict(svc.categories(ref.dimension))
    shares = [
        (labels.get(s.category, s.category), s.category, s.share) for s in ref.shares.order_by("category")
    ]
    versions = list(PopulationReference.objects.filter(dimension=ref.dimension).order_by("-version"))
    context = {
        "ref": ref,
        "shares": shares,
        "total": sum((s[2] for s in shares), 0),
        "versions": versions,
        "can_create": permissions.manages_surveys(request.user),
        "section": "population",
    }
    return render(request, "surveys/population/detail.html", context)


@login_required
@require_GET
def population_history(request: HttpRequest, pk: int) -> HttpResponse:
    ref = permissions.access_population(request.user, pk)
    history = history_rows(ref)
    share_rows = [
        row for share in PopulationShare.objects.filter(reference=ref) for row in history_rows(share)
    ]
    context = {"ref": ref, "history": sorted([*history, *share_rows], key=lambda r: r.when, reverse=True)}
    context["section"] = "population"
    return render(request, "surveys/population/history.html", context)


urlpatterns: list[URLPattern] = [
    path("population/", population_list, name="population-list"),
    path("population/new/", population_create, name="population-create"),
    path("population/<int:pk>/", population_detail, name="population-detail"),
    path("population/<int:pk>/history/", population_history, name="population-history"),
]
