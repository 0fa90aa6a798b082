from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from pmis.core.htmx import AuthedHtmxRequest
from pmis.notifications import selectors, services


@login_required
@require_http_methods(["GET"])
def notification_list(request: AuthedHtmxRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.notifications_for(request.user, unread_only=unread_only), 25).get_page(
        request.GET.get("page")
    )
    template = "notifications/notification_list.html"
    if getattr(request, "htmx", False):
        template += "#notification-table"
    return render(request, template, {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def notification_open(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Mark one of my notifications read and follow its link (someone else's is a 404)."""
    note = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    services.mark_read(user=request.user, notification_id=note.pk)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: AuthedHtmxRequest) -> HttpResponse:
    services.mark_read(user=request.user)
    return redirect("notifications:list")
