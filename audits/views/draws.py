"""Audit views: draws (list, freeze, detail with the seed forms and the run, the public page and its JSON) and the
attribute sample-size calculator."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audits import sampling
from audits import selectors_draws as selectors
from audits.forms_draws import (
    CommitForm,
    DiceSeedForm,
    DrawFilterForm,
    DrawFreezeForm,
    RevealForm,
    SampleSizeForm,
)
from audits.models import AuditDraw
from audits.permissions import access_draw, is_auditor, public_draw, require_audit_function
from audits.services import draws as svc
from pmis.core.excel import write_xlsx, xlsx_download
from pmis.core.forms import add_service_errors
from pmis.core.htmx import hx_redirect, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx

PAGE_SIZE = 25
# the public page and its file are the same for every anonymous reader of a language: cached a minute
PUBLIC_CACHE_SECONDS = 60


def _filters(form: forms.Form) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if v not in (None, "")} if form.is_valid() else {}


def cached_for_anonymous(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous readers from the cache (per URL and language); signed-in readers get a fresh page, so
    their menu never lands in a page served to someone else."""
    cached = cache_page(PUBLIC_CACHE_SECONDS)(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return cached(request, *args, **kwargs)

    return wrapper


def draws_xlsx(draws: Any) -> bytes:
    headers = [
        _("Number"),
        _("Programme"),
        _("Quarter"),
        _("Policy version"),
        _("Status"),
        _("Population as of"),
        _("Projects in the population"),
        _("Population SHA-256"),
        _("Seed"),
        _("Drawn"),
    ]
    rows = (
        [
            d.number,
            d.programme.year,
            d.quarter,
            d.policy.version,
            d.get_status_display(),
            d.cutoff_date,
            d.population_size,
            d.population_sha256,
            d.seed,
            d.drawn_at,
        ]
        for d in draws
    )
    return write_xlsx(headers, rows, title=_("Draws"), column_widths=[14, 10, 8, 10, 24, 12, 10, 66, 66, 18])


@login_required
@require_GET
def draw_list(request: HttpRequest) -> HttpResponse:
    """Draws with filters (programme, year, status), search, sorting, pages and the Excel export of the list."""
    require_audit_function(request.user)
    form = DrawFilterForm(request.GET or None)
    draws = selectors.draw_list(request.user, _filters(form))
    if wants_xlsx(request):
        return xlsx_download(draws_xlsx(draws[:EXPORT_LIMIT]), "audit-draws.xlsx")
    page = Paginator(draws, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "can_freeze": is_auditor(request.user),
        "section": "draws",
    }
    return render_list(request, "audits/draw_list.html", context, fragments=["draw-table"])


@login_required
@require_http_methods(["GET", "POST"])
def draw_freeze(request: HttpRequest) -> HttpResponse:
    """Freeze a quarter's population under a policy (which becomes fixed)."""
    require_audit_function(request.user)
    if not is_auditor(request.user):
        raise PermissionDenied
    form = DrawFreezeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draw = svc.draw_freeze(
                programme=form.cleaned_data["programme"],
                quarter=form.cleaned_data["quarter"],
                policy=form.cleaned_data["policy"],
                cutoff=form.cleaned_data["cutoff"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Population of draw %(number)s frozen: %(n)d projects.")
                % {"number": draw.number, "n": len(draw.population)},
            )
            return hx_redirect(request, draw)
    return render(request, "audits/draw_form.html", {"form": form, "section": "draws"})


def _detail(request: HttpRequest, draw: AuditDraw, **forms_: forms.Form) -> HttpResponse:
    operate = is_auditor(request.user)
    run_form = forms_.get("run_form")
    context = {
        "draw": draw,
        "section": "draws",
        "can_operate": operate,
        "strata": selectors.draw_strata(draw),
        "certainty": selectors.certainty_rows(draw),
        "drawn": selectors.drawn_rows(draw) if draw.status == AuditDraw.Status.DRAWN else [],
        "commitments": selectors.draw_commitments(draw),
        "dice_form": forms_.get("dice_form") or DiceSeedForm(),
        "commit_form": forms_.get("commit_form") or CommitForm(),
        "reveal_form": forms_.get("reveal_form") or RevealForm(),
        "run_errors": run_form.non_field_errors() if run_form is not None else [],
        "policy": draw.parameters.get("policy") or {},
    }
    return render(request, "audits/draw_detail.html", context)


@login_required
@require_GET
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The draw for auditors and the Project Office: population by stratum, certainty, allocation, seed, result."""
    return _detail(request, access_draw(request.user, pk))


def _step(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    name: str,
    action: Callable[[AuditDraw, forms.Form], Any],
    done: str,
) -> HttpResponse:
    """One protocol step from the detail page: the form, ONE service call, back to the page (or the page with
    the refusal next to the form)."""
    draw = access_draw(request.user, pk, operate=True)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(draw, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return hx_redirect(request, draw)
    draw.refresh_from_db()
    return _detail(request, draw, **{name: form})


@login_required
@require_POST
def draw_seed(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        DiceSeedForm,
        "dice_form",
        lambda draw, form: svc.draw_seed_dice(
            draw=draw,
            digits=form.cleaned_data["digits"],
            witnesses=form.witness_list(),  # type: ignore[attr-defined]
            actor=request.user,
        ),
        _("Seed recorded."),
    )


@login_required
@require_POST
def draw_commit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        CommitForm,
        "commit_form",
        lambda draw, form: svc.draw_commit(
            draw=draw,
            party=form.cleaned_data["party"],
            commitment=form.cleaned_data["commitment"],
            actor=request.user,
        ),
        _("Commitment recorded."),
    )


@login_required
@require_POST
def draw_close_commitments(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms.Form,
        "run_form",
        lambda draw, form: svc.draw_close_commitments(draw=draw, actor=request.user),
        _("Commitments closed: the parties may now reveal their secrets."),
    )


@login_required
@require_POST
def draw_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        RevealForm,
        "reveal_form",
        lambda draw, form: svc.draw_reveal(
            draw=draw,
            party=form.cleaned_data["party"],
            secret=form.cleaned_data["secret"],
            actor=request.user,
        ),
        _("Secret revealed and checked against the commitment."),
    )


@login_required
@require_POST
def draw_run(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms.Form,
        "run_form",
        lambda draw, form: svc.draw_run(draw=draw, actor=request.user),
        _("The draw has been run."),
    )


@require_GET
@cached_for_anonymous
def draw_public(request: HttpRequest, number: str) -> HttpResponse:
    """The public record of a draw (no sign-in): population with its hash, seed, witnesses, policy, algorithm,
    per-item keys and the result, the JSON file and how to verify it. No confidential project is ever in it."""
    draw = public_draw(number)
    context = {
        "draw": draw,
        "policy": draw.parameters.get("policy") or {},
        "stages": selectors.stage_labels((draw.parameters.get("policy") or {}).get("eligible_stages") or []),
        "strata": selectors.draw_strata(draw),
        "items": (draw.result or {}).get("items", []) if isinstance(draw.result, dict) else [],
        "last_i": (draw.result or {}).get("last_i") if isinstance(draw.result, dict) else None,
        "commitments": selectors.draw_commitments(draw),
    }
    return render(request, "audits/draw_public.html", context)


@require_GET
@cached_for_anonymous
def draw_inputs(request: HttpRequest, number: str) -> HttpResponse:
    """The draw's inputs, hashes and result as a JSON file for audit_verify."""
    draw = public_draw(number)
    content = json.dumps(svc.draw_document(draw), ensure_ascii=False, indent=1, sort_keys=True)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{draw.number}.json"'
    return response


@require_GET
def draw_verifier(request: HttpRequest) -> HttpResponse:
    """The verification script itself (audits/sampling.py, byte for byte the published docs/audit_verify.py)."""
    response = HttpResponse(Path(sampling.__file__).read_bytes(), content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit_verify.py"'
    return response


@login_required
@require_GET
def sample_size(request: HttpRequest) -> HttpResponse:
    """n = ceil(ln α / ln(1 − p)), live under htmx; bad input is a message next to the field."""
    require_audit_function(request.user)
    form = SampleSizeForm(request.GET or None)
    n = form.sample_size() if request.GET else sampling.attribute_sample_size("0.05", "0.10")
    template = "audits/sample_size.html"
    if getattr(request, "htmx", False) and request.htmx.target == "sample-size-result":  # type: ignore[attr-defined]
        template += "#sample-size-result"
    return render(request, template, {"form": form, "n": n, "section": "sample-size"})


urlpatterns: list[URLPattern] = [
    path("draws/", draw_list, name="draw-list"),
    path("draws/new/", draw_freeze, name="draw-freeze"),
    path("draws/audit_verify.py", draw_verifier, name="draw-verifier"),
    path("draws/<int:pk>/", draw_detail, name="draw-detail"),
    path("draws/<int:pk>/seed/", draw_seed, name="draw-seed"),
    path("draws/<int:pk>/commit/", draw_commit, name="draw-commit"),
    path("draws/<int:pk>/commitments/close/", draw_close_commitments, name="draw-close-commitments"),
    path("draws/<int:pk>/reveal/", draw_reveal, name="draw-reveal"),
    path("draws/<int:pk>/run/", draw_run, name="draw-run"),
    path("draws/<str:number>/public/", draw_public, name="draw-public"),
    path("draws/<str:number>/public/inputs.json", draw_inputs, name="draw-inputs"),
    path("sample-size/", sample_size, name="sample-size"),
]
