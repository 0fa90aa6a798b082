"""Reference data of tariff verification for expertise staff: carriers, routes, subsidy contracts, norms.

One set of thin views serves the four lists (the kind comes from the URL): list with search, filter, sort,
pagination and Excel export; create; edit with messages next to the fields; history. Norms are versioned
by their validity period: a new value is a new version, and a version an issued verification used is frozen.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from expertise.tariffs import services as services
from expertise.tariffs.forms import (
    CarrierForm,
    ReferenceFilterForm,
    RouteForm,
    SubsidyContractForm,
    TariffNormForm,
)
from expertise.tariffs.models import TariffNorm
from expertise.tariffs.permissions import require_tariff_staff
from expertise.tariffs.selectors import (
    REFERENCE,
    ReferenceKind,
    norm_issued_cases,
    reference_list,
    reference_rows,
)
from pmis.core.excel import write_xlsx, xlsx_download
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx

PAGE_SIZE = 25
FORMS = {
    "carriers": CarrierForm,
    "routes": RouteForm,
    "contracts": SubsidyContractForm,
    "norms": TariffNormForm,
}


def _kind(key: str) -> ReferenceKind:
    if key not in REFERENCE:
        raise Http404
    return REFERENCE[key]


def _list_url(kind: ReferenceKind) -> str:
    return reverse("expertise:tariff-ref-list", args=[kind.key])


@login_required
@require_GET
def reference_list_view(request: AuthedHtmxRequest, kind: str) -> HttpResponse:
    """One reference list: search, filter, sort, pagination, Excel export of what is shown."""
    require_tariff_staff(request.user)
    ref = _kind(kind)
    form = ReferenceFilterForm(
        request.GET or None,
        filters=[(k, v[0]) for k, v in ref.filters.items()],
        sorts=[(k, v[0]) for k, v in ref.sorts.items()],
        search_help=ref.search_help,
        filter_label=ref.filter_label,
    )
    params = form.cleaned_data if form.is_valid() else {}
    code = request.GET.get("code", "") if kind == "norms" else ""
    items = reference_list(
        ref,
        search=(params.get("q") or "").strip(),
        filter_key=params.get("filter") or "",
        sort=params.get("sort") or "",
        code=code,
    )
    if wants_xlsx(request):
        rows = reference_rows(ref, list(items[:EXPORT_LIMIT]))
        content = write_xlsx(
            [str(c) for c in ref.columns],
            ([text for text, _css in cells] for _obj, cells in rows),
            title=str(ref.title)[:31],
        )
        return xlsx_download(content, f"tariff-{ref.key}.xlsx")
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "kind": ref,
        "kinds": REFERENCE.values(),
        "form": form,
        "page": page,
        "rows": reference_rows(ref, list(page)),
        "query": query_without_page(request),
        "filtered": bool(params.get("q") or params.get("filter") or code),
    }
    return render_list(
        request, "expertise/tariffs/reference_list.html", context, fragments=["reference-table"]
    )


def _save(kind: str, form: Any, actor: Any, changed: list[str]) -> Any:
    obj = form.instance
    if kind == "carriers":
        return services.carrier_save(carrier=obj, actor=actor)
    if kind == "routes":
        return services.route_save(route=obj, actor=actor)
    if kind == "contracts":
        return services.contract_save(contract=obj, routes=list(form.cleaned_data["routes"]), actor=actor)
    return services.norm_save(norm=obj, actor=actor, changed=changed)


@login_required
@require_http_methods(["GET", "POST"])
def reference_edit(
    request: AuthedHtmxRequest, kind: str, pk: int | None = None, from_pk: int | None = None
) -> HttpResponse:
    """Create or change one item; `from_pk` (norms) starts a new version from an existing one."""
    require_tariff_staff(request.user)
    ref = _kind(kind)
    instance = get_object_or_404(ref.model, pk=pk) if pk else None
    initial: dict[str, Any] = {}
    source = None
    if from_pk is not None:
        source = get_object_or_404(TariffNorm, pk=from_pk)
        initial = {
            "code": source.code,
            "value": source.value,
            "unit": source.unit,
            "legal_source": source.legal_source,
        }
    form = FORMS[kind](request.POST or None, instance=instance, initial=initial)
    issued = norm_issued_cases(instance) if kind == "norms" and instance else []
    if request.method == "POST" and form.is_valid():
        changed = list(form.changed_data)
        try:
            obj = _save(kind, form, request.user, changed)
        except ValidationError as exc:
            if instance is None:
                form.instance.pk = None
            add_service_errors(form, exc)
        else:
            messages.success(request, _("“%(item)s” saved.") % {"item": obj})
            return hx_redirect(request, _list_url(ref))
    context = {"kind": ref, "form": form, "item": instance, "source": source, "issued": issued}
    return render(request, "expertise/tariffs/reference_form.html", context)


@login_required
@require_GET
def reference_history(request: AuthedHtmxRequest, kind: str, pk: int) -> HttpResponse:
    require_tariff_staff(request.user)
    ref = _kind(kind)
    item = get_object_or_404(ref.model, pk=pk)
    return render(
        request,
        "expertise/tariffs/reference_history.html",
        {"kind": ref, "item": item, "history": history_rows(item)},
    )
