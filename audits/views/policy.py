"""Audit views: sampling-policy versions of a programme (new version, edit a draft, detail in words, history)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audits import selectors_programme as selectors
from audits.forms_programme import PolicyForm
from audits.permissions import access_policy, access_programme, is_auditor
from audits.services import programme as svc
from audits.services.policy_guard import ensure_policy_editable
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect


def _refusal(request: AuthedHtmxRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_POST
def policy_create(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """A new draft version of the programme's sampling policy, copied from its latest version."""
    programme = access_programme(request.user, pk, edit=True)
    try:
        policy = svc.policy_new_version(programme=programme, actor=request.user)
    except ValidationError as exc:
        _refusal(request, exc)
        return redirect(programme)
    messages.success(
        request,
        _("Version %(version)s of the sampling policy created as a draft.") % {"version": policy.version},
    )
    return redirect("audits:policy-edit", policy.pk)


@login_required
@require_GET
def policy_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Every rule in words, each weight with its formula, and what changed against the previous version."""
    policy = access_policy(request.user, pk)
    previous = selectors.previous_policy(policy)
    context = {
        "policy": policy,
        "programme": policy.programme,
        "rules": selectors.policy_rules(policy),
        "weights": selectors.weight_rows(policy),
        "previous": previous,
        "diff": selectors.policy_diff(policy, previous),
        "draws": list(policy.draws.order_by("number")),
        "can_edit": is_auditor(request.user) and not policy.is_fixed,
        "can_create": is_auditor(request.user),
        "section": "programme",
    }
    return render(request, "audits/policy/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Edit a draft version; a fixed one (used by a draw) is refused with the way forward: a new version."""
    policy = access_policy(request.user, pk, edit=True)
    try:
        ensure_policy_editable(policy)
    except ValidationError as exc:
        _refusal(request, exc)
        return redirect(policy)
    form = PolicyForm(request.POST or None, initial=PolicyForm.initial_for(policy))
    if request.method == "POST" and form.is_valid():
        try:
            svc.policy_update(policy=policy, actor=request.user, **form.rules())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Sampling policy version %(version)s saved.") % {"version": policy.version}
            )
            return hx_redirect(request, policy)
    context = {"form": form, "policy": policy, "programme": policy.programme, "section": "programme"}
    return render(request, "audits/policy/form.html", context)


@login_required
@require_GET
def policy_history(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    policy = access_policy(request.user, pk)
    context = {
        "policy": policy,
        "programme": policy.programme,
        "history": history_rows(policy),
        "section": "programme",
    }
    return render(request, "audits/policy/history.html", context)


urlpatterns: list[URLPattern] = [
    path("programmes/<int:pk>/policies/new/", policy_create, name="policy-create"),
    path("policies/<int:pk>/", policy_detail, name="policy-detail"),
    path("policies/<int:pk>/edit/", policy_edit, name="policy-edit"),
    path("policies/<int:pk>/history/", policy_history, name="policy-history"),
]
