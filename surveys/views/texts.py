"""Survey views: free-text answers (the owners' moderation queue, one answer with its history, bulk publish /
hide), themes (list, add, rename, delete), and the Excel exports of raw answers and of published texts.
Only the survey's owners reach any of them (`permissions.access_survey(..., texts=True)`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmis.core.excel import xlsx_download
from pmis.core.forms import add_service_errors
from pmis.core.history import history_rows
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect, render_list
from pmis.core.jobs import job_create
from pmis.core.lists import EXPORT_LIMIT, query_without_page
from surveys import exports, permissions
from surveys.forms_texts import BulkForm, ExportForm, ReviewForm, TextFilterForm, ThemeDeleteForm, ThemeForm
from surveys.jobs_exports import ANSWERS_EXPORT
from surveys.models import Survey, TextReview, Theme
from surveys.selectors_texts import queue_rows, status_counts, text_queue, themes_of
from surveys.services import texts as services

PAGE_SIZE = 25


def _queue_url(survey: Survey, query: str = "") -> str:
    url = reverse("surveys:texts", args=[survey.pk])
    return f"{url}?{query}" if query else url


def _back(request: AuthedHtmxRequest, survey: Survey) -> str:
    """Back to the queue with the reader's filters (a posted `next` on this site), else the plain queue."""
    target = request.POST.get("next", "")
    if (
        target
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        and target.startswith(reverse("surveys:texts", args=[survey.pk]))
    ):
        return target
    return _queue_url(survey)


def _filters(form: TextFilterForm) -> dict[str, object]:
    return dict(form.cleaned_data) if form.is_valid() else {}


@login_required
@require_GET
def texts(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The moderation queue: filters, search, sorting, pages; status counts; the bulk action."""
    survey = permissions.access_survey(request.user, pk, texts=True)
    services.ensure_reviews(survey)
    form = TextFilterForm(request.GET or None, survey=survey)
    qs = text_queue(survey, _filters(form))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = query_without_page(request)
    context = {
        "survey": survey,
        "form": form,
        "page": page,
        "rows": queue_rows(page.object_list),
        "query": query,
        "counts": status_counts(survey),
        "statuses": TextReview.Status,
        "bulk_form": BulkForm(),
        "here": _queue_url(survey, query),
    }
    return render_list(request, "surveys/texts/queue.html", context, fragments=["text-table"])


@login_required
@require_http_methods(["GET", "POST"])
def text_review(request: AuthedHtmxRequest, pk: int, answer_pk: int) -> HttpResponse:
    """One free-text answer: its text as typed (owners only), the decision form and the review's history.
    POST publishes, hides and/or tags it."""
    survey = permissions.access_survey(request.user, pk, texts=True)
    review = get_object_or_404(
        TextReview.objects.select_related("answer__question", "answer__response", "reviewed_by"),
        answer_id=answer_pk,
        answer__response__survey=survey,
    )
    initial = {"themes": list(review.themes.all())}
    form = ReviewForm(request.POST or None, survey=survey, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_update(
                review=review,
                actor=request.user,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                themes=form.cleaned_data["themes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The answer was updated."))
            return hx_redirect(request, _back(request, survey))
    from surveys.personal_data import may_contain_personal_data

    context = {
        "survey": survey,
        "review": review,
        "form": form,
        "personal": may_contain_personal_data(review.answer.text),
        "history": history_rows(review),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/texts/review.html", context, status=status)


@login_required
@require_POST
def texts_bulk(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Publish or hide the selected answers (all or none)."""
    survey = permissions.access_survey(request.user, pk, texts=True)
    form = BulkForm(request.POST)
    if form.is_valid():
        try:
            n = services.reviews_bulk(
                survey=survey,
                actor=request.user,
                review_ids=form.cleaned_data["selected"],
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("%(n)s answers changed.") % {"n": n})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return hx_redirect(request, _back(request, survey))


@login_required
@require_http_methods(["GET", "POST"])
def themes(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The survey's themes with how many answers carry each; add one."""
    survey = permissions.access_survey(request.user, pk, texts=True)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_create(survey=survey, actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Theme “%(name)s” added.") % {"name": theme.name})
            return hx_redirect(request, reverse("surveys:themes", args=[survey.pk]))
    context = {"survey": survey, "form": form, "themes": list(themes_of(survey))}
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/texts/themes.html", context, status=status)


def _theme(survey: Survey, theme_pk: int) -> Theme:
    return get_object_or_404(Theme.objects.select_related("survey"), pk=theme_pk, survey=survey)


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request: AuthedHtmxRequest, pk: int, theme_pk: int) -> HttpResponse:
    survey = permissions.access_survey(request.user, pk, texts=True)
    theme = _theme(survey, theme_pk)
    form = ThemeForm(request.POST or None, initial={"name": theme.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_rename(theme=theme, actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Theme renamed."))
            return hx_redirect(request, reverse("surveys:themes", args=[survey.pk]))
    context = {
        "survey": survey,
        "theme": theme,
        "form": form,
        "uses": services.theme_usage(theme),
        "delete_form": ThemeDeleteForm(),
        "history": history_rows(theme),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/texts/theme_form.html", context, status=status)


@login_required
@require_POST
def theme_delete(request: AuthedHtmxRequest, pk: int, theme_pk: int) -> HttpResponse:
    """Delete a theme: refused while answers carry it unless "also remove it from the answers" is ticked."""
    survey = permissions.access_survey(request.user, pk, texts=True)
    theme = _theme(survey, theme_pk)
    form = ThemeDeleteForm(request.POST)
    untag = bool(form.is_valid() and form.cleaned_data["untag"])
    name = theme.name
    try:
        n = services.theme_delete(theme=theme, actor=request.user, untag=untag)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return hx_redirect(request, reverse("surveys:theme-edit", args=[survey.pk, theme_pk]))
    if n:
        messages.success(
            request, _("Theme “%(name)s” deleted and removed from %(n)s answers.") % {"name": name, "n": n}
        )
    else:
        messages.success(request, _("Theme “%(name)s” deleted.") % {"name": name})
    return hx_redirect(request, reverse("surveys:themes", args=[survey.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def answers_export(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """Raw answers as Excel: a download up to EXPORT_LIMIT responses; above it, a background job (GET shows
    the choice, POST queues the job and opens its progress page)."""
    survey = permissions.access_survey(request.user, pk, texts=True)
    form = ExportForm(request.POST if request.method == "POST" else request.GET or None, survey=survey)
    versions: list[int] = list(form.cleaned_data["versions"]) if form.is_valid() else []
    total = exports.answers_count(survey, versions)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            job = job_create(
                kind=ANSWERS_EXPORT,
                requested_by=request.user,
                params={"survey_id": survey.pk, "versions": versions},
                target=survey,
            )
        return hx_redirect(request, job.get_absolute_url())
    if total <= EXPORT_LIMIT and (form.is_valid() or not form.is_bound):
        content = exports.answers_workbook(survey, versions)
        return xlsx_download(content, f"survey-{survey.pk}-answers.xlsx")
    context = {"survey": survey, "form": form, "total": total, "limit": EXPORT_LIMIT}
    return render(
        request,
        "surveys/texts/export.html",
        context,
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


@login_required
@require_GET
def texts_export(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The published free-text answers (masked) with their themes, under the queue's filters."""
    survey = permissions.access_survey(request.user, pk, texts=True)
    services.ensure_reviews(survey)
    form = TextFilterForm(request.GET or None, survey=survey)
    content = exports.texts_workbook(survey, _filters(form), limit=EXPORT_LIMIT)
    return xlsx_download(content, f"survey-{survey.pk}-texts.xlsx")


urlpatterns: list[URLPattern] = [
    path("<int:pk>/texts/", texts, name="texts"),
    path("<int:pk>/texts/bulk/", texts_bulk, name="texts-bulk"),
    path("<int:pk>/texts/<int:answer_pk>/", text_review, name="text-review"),
    path("<int:pk>/themes/", themes, name="themes"),
    path("<int:pk>/themes/<int:theme_pk>/", theme_edit, name="theme-edit"),
    path("<int:pk>/themes/<int:theme_pk>/delete/", theme_delete, name="theme-delete"),
    path("<int:pk>/answers.xlsx", answers_export, name="answers-export"),
    path("<int:pk>/texts.xlsx", texts_export, name="texts-export"),
]
