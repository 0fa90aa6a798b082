"""Reference data of the expertise office, kept in the app by the head of expertise (not only in the admin):
the working-day calendar (public holidays, moved days off, working weekend days), the statutory review
periods per kind of case and the local PPP obligation limit rules. Every change is in the history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from expertise.forms import DeadlineRuleForm, HolidayForm, LimitRuleForm
from expertise.models import Holiday, ObligationLimitRule, ReviewDeadlineRule
from expertise.permissions import (
    access_deadline_rule,
    access_holiday,
    access_limit_rule,
    is_expertise_head,
    require_reference_access,
)
from expertise.services.reference import deadline_rule_save, holiday_delete, holiday_save, limit_rule_save
from pmis.core.history import history_rows
from pmis.core.htmx import hx_redirect


def _year(request: HttpRequest) -> int:
    try:
        return max(2000, min(2100, int(request.GET.get("year") or timezone.localdate().year)))
    except ValueError:
        return timezone.localdate().year


@login_required
@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    """The working-day calendar of one year and the review periods (read: expertise staff; edit: the head)."""
    require_reference_access(request.user)
    year = _year(request)
    holidays = list(Holiday.objects.filter(date__year=year).order_by("date"))
    context = {
        "year": year,
        "holidays": holidays,
        "can_edit": is_expertise_head(request.user),
        "rules": list(ReviewDeadlineRule.objects.select_related("regulatory_basis").order_by("kind")),
        "years": list(range(year - 2, year + 3)),
    }
    return render(request, "expertise/calendar.html", context)


def _back(year: int) -> str:
    return f"{reverse('expertise:calendar')}?year={year}"


@login_required
@require_http_methods(["GET", "POST"])
def holiday_create(request: HttpRequest) -> HttpResponse:
    require_reference_access(request.user, edit=True)
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obj = holiday_save(holiday=form.instance, actor=request.user)
        messages.success(request, _("Calendar day saved."))
        return hx_redirect(request, _back(obj.date.year))
    return render(request, "expertise/holiday_form.html", {"form": form, "holiday": None})


@login_required
@require_http_methods(["GET", "POST"])
def holiday_update(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = access_holiday(request.user, pk)
    form = HolidayForm(request.POST or None, instance=holiday)
    if request.method == "POST" and form.is_valid():
        obj = holiday_save(holiday=form.instance, actor=request.user)
        messages.success(request, _("Calendar day saved."))
        return hx_redirect(request, _back(obj.date.year))
    return render(
        request,
        "expertise/holiday_form.html",
        {"form": form, "holiday": holiday, "history": history_rows(holiday)},
    )


@login_required
@require_POST
def holiday_remove(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = access_holiday(request.user, pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Confirm the removal with the button on the day's page."))
        return redirect(reverse("expertise:holiday-update", args=[holiday.pk]))
    year = holiday.date.year
    holiday_delete(holiday=holiday, actor=request.user)
    messages.success(request, _("Calendar day removed."))
    return redirect(_back(year))


@login_required
@require_http_methods(["GET", "POST"])
def deadline_rule_update(request: HttpRequest, pk: int) -> HttpResponse:
    rule = access_deadline_rule(request.user, pk)
    form = DeadlineRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        deadline_rule_save(rule=form.instance, actor=request.user)
        messages.success(request, _("Review period saved. It applies to cases registered from now on."))
        return hx_redirect(request, reverse("expertise:calendar"))
    return render(
        request,
        "expertise/deadline_rule_form.html",
        {"form": form, "rule": rule, "history": history_rows(rule)},
    )


@login_required
@require_GET
def limit_rule_list(request: HttpRequest) -> HttpResponse:
    require_reference_access(request.user)
    rules = list(ObligationLimitRule.objects.select_related("legal_act").order_by("-year", "level"))
    return render(
        request,
        "expertise/limit_rule_list.html",
        {"rules": rules, "can_edit": is_expertise_head(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def limit_rule_create(request: HttpRequest) -> HttpResponse:
    require_reference_access(request.user, edit=True)
    form = LimitRuleForm(request.POST or None)
    return _limit_rule_form(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def limit_rule_update(request: HttpRequest, pk: int) -> HttpResponse:
    rule = access_limit_rule(request.user, pk)
    form = LimitRuleForm(request.POST or None, instance=rule)
    return _limit_rule_form(request, form, rule)


def _limit_rule_form(request: HttpRequest, form: Any, rule: ObligationLimitRule | None) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        limit_rule_save(rule=form.instance, actor=request.user)
        messages.success(request, _("Limit rule saved."))
        return hx_redirect(request, reverse("expertise:limit-rule-list"))
    context = {"form": form, "rule": rule, "history": history_rows(rule) if rule else []}
    return render(request, "expertise/limit_rule_form.html", context)
