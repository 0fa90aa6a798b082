"""The city portfolio (heat map), the direction workspaces and the committee member's view."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pmis.core.excel import xlsx_response
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect
from pmis.core.jobs import job_create
from pmis.core.lists import wants_xlsx
from pmis.reference.models import Direction
from portfolio import permissions as perms
from portfolio import selectors


@login_required
@require_GET
def city(request: AuthedHtmxRequest) -> HttpResponse:
    if not perms.can_see_city(request.user):
        raise PermissionDenied
    data = selectors.city_heatmap(request.user)
    if wants_xlsx(request):
        return xlsx_response(
            "city-portfolio.xlsx",
            [_("Direction"), _("Active projects"), *[label for _k, label, _h in data["dimensions"]]],
            [
                (
                    f"{r['direction'].number}. {r['direction'].name}",
                    r["projects"],
                    *[c["display"] for c in r["cells"]],
                )
                for r in data["rows"]
            ],
            title=_("City portfolio"),
        )
    return render(request, "portfolio/city.html", data)


def _direction(pk: int) -> Direction:
    return get_object_or_404(Direction.objects.select_related("host", "bdig", "head"), pk=pk)


@login_required
@require_GET
def direction(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Every internal user reads a direction's workspace; the projects in it are those the user may see."""
    obj = _direction(pk)
    data = selectors.direction_dashboard(request.user, obj)
    if wants_xlsx(request):
        rows: list[tuple[object, ...]] = [(_("Projects by stage"), "", "", "")]
        rows += [("", str(label), n, "") for label, n in data["by_stage"]]
        rows += [(_("Projects by RAG"), "", "", "")] + [
            ("", str(label), n, "") for _v, label, n in data["by_rag"]
        ]
        rows += [(_("Budget by source and year"), _("Plan"), _("Allocated"), _("Disbursed"))]
        rows += [
            (f"{r['year']} {r['source_label']}", r["plan"], r["allocated"], r["disbursed"])
            for r in data["budget_rows"]
        ]
        rows += [(_("Milestones"), "", "", "")]
        rows += [(m.project.code, m.title, m.planned_date, m.forecast_date) for m in data["milestones"]]
        rows += [(_("Top risks"), "", "", "")] + [
            (r.project.code, r.title, r.score, r.get_status_display()) for r in data["risks"]
        ]
        rows += [(_("Open submissions"), "", "", "")]
        rows += [
            (s.project.code, s.display_title, s.get_status_display(), s.step_due) for s in data["submissions"]
        ]
        rows += [(_("Overdue assignments"), "", "", "")]
        rows += [
            (a.owner_organization.name, a.display_title, a.due_date, a.get_status_display())
            for a in data["overdue"]
        ]
        return xlsx_response(
            f"direction-{obj.number}.xlsx",
            [_("Section"), _("Item"), _("Value"), _("Detail")],
            rows,
            title=f"{obj.number}",
        )
    return render(
        request,
        "portfolio/direction.html",
        {
            **data,
            "coordinators": list(obj.coordinators.all()),
            "can_pdf": True,
        },
    )


@login_required
@require_POST
def direction_pdf(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    obj = _direction(pk)
    with transaction.atomic():
        job = job_create(
            kind="portfolio.direction_pdf",
            requested_by=request.user,
            params={"direction_id": obj.pk},
            target=obj,
        )
    return hx_redirect(request, job)


@login_required
@require_GET
def committee(request: AuthedHtmxRequest) -> HttpResponse:
    """The committee member's desk: upcoming meetings and packs, items awaiting my vote, assignments issued."""
    return render(request, "portfolio/committee.html", selectors.committee_view(request.user))
