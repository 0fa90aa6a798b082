"""Survey views: builder (list, create, detail with versions, edit, history, open / close, next version, and the
sections and questions of the editable version). This module's `urlpatterns` is included by surveys/urls.py.

Reading is for the Project Office and the SAC (`permissions.access_survey`); every change is the owners'
(`write=True`) and goes through `services.builder`, which never changes a version that has answers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmis.core.excel import xlsx_response
from pmis.core.forms import add_service_errors
from pmis.core.htmx import AuthedHtmxRequest, hx_redirect, render_list
from pmis.core.lists import EXPORT_LIMIT, query_without_page, wants_xlsx
from surveys import permissions
from surveys import selectors_builder as selectors
from surveys.forms_builder import (
    ChoiceFormSet,
    QuestionForm,
    SectionForm,
    SurveyCreateForm,
    SurveyFilterForm,
    SurveyForm,
    VersionNewForm,
    choices_initial,
    question_initial,
)
from surveys.models import Question, Section, Survey, SurveyVersion
from surveys.models.builder import LANGUAGES
from surveys.services import builder as svc

PAGE_SIZE = 25
SECTION = "surveys"


def _filters(form: Any) -> dict[str, Any]:
    return (
        {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)} if form.is_valid() else {}
    )


@login_required
@require_GET
def survey_list(request: AuthedHtmxRequest) -> HttpResponse:
    """Surveys with filters, search in the titles (kk / ru / en), sorting, pages and the Excel export."""
    permissions.require_results_reader(request.user)
    form = SurveyFilterForm(request.GET or None)
    qs = selectors.survey_list(request.user, _filters(form))
    if wants_xlsx(request):
        return xlsx_response(
            "surveys.xlsx",
            [
                _("Title (Russian)"),
                _("Title (Kazakh)"),
                _("Title (English)"),
                _("Audience"),
                _("Subject"),
                _("Status"),
                _("Owner"),
                _("Versions"),
                _("Answers"),
                _("Created"),
            ],
            [
                (
                    s.title_ru,
                    s.title_kk,
                    s.title_en,
                    s.get_audience_display(),
                    s.get_subject_display(),
                    s.get_status_display(),
                    str(s.owner),
                    s.version_count,
                    s.response_count,
                    timezone.localtime(s.created_at).date(),
                )
                for s in cast(Iterable[Any], qs[:EXPORT_LIMIT])
            ],
            title=_("Surveys"),
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": query_without_page(request),
        "can_create": permissions.manages_surveys(request.user),
        "section": SECTION,
    }
    return render_list(request, "surveys/builder/list.html", context, fragments=["survey-table"])


def _survey_data(form: Any) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("co_owners", None)
    data.pop("template_key", None)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: AuthedHtmxRequest) -> HttpResponse:
    """A new draft survey, from a library template or blank (the Project Office; the creator owns it)."""
    permissions.require_manager(request.user)
    form = SurveyCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            survey = svc.survey_create(
                actor=request.user,
                template_key=form.cleaned_data["template_key"],
                co_owners=form.cleaned_data["co_owners"],
                **_survey_data(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Survey created as a draft."))
            return hx_redirect(request, survey)
    return render(request, "surveys/builder/form.html", {"form": form, "section": SECTION, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The survey's texts side by side, audience, subject and target, co-owners (owners only)."""
    survey = permissions.access_survey(request.user, pk, write=True)
    initial = {name: getattr(survey, name) for name in svc.EDITABLE_SURVEY_FIELDS}
    initial.update(
        project=survey.project_id,
        direction=survey.direction_id,
        district=survey.district_id,
        co_owners=list(survey.co_owners.values_list("pk", flat=True)),
    )
    form = SurveyForm(request.POST or None, initial=initial, user=request.user, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            svc.survey_update(
                survey=survey,
                actor=request.user,
                co_owners=form.cleaned_data["co_owners"],
                **_survey_data(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Survey saved."))
            return hx_redirect(request, survey)
    return render(request, "surveys/builder/form.html", {"form": form, "survey": survey, "section": SECTION})


def _chosen_version(request: AuthedHtmxRequest, survey: Survey) -> SurveyVersion | None:
    versions = survey.versions.all()
    raw = request.GET.get("version")
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_object_or_404(versions, number=int(raw))
    return versions.order_by("-number").first()


@login_required
@require_GET
def survey_detail(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    """The survey: status, versions (frozen date, answers, what changed) and the questions of a chosen version
    (`?version=N`, the latest by default); the owners' actions; links to the other survey pages."""
    survey = permissions.access_survey(request.user, pk)
    version = _chosen_version(request, survey)
    versions = selectors.version_rows(survey)
    latest = versions[0].version if versions else None
    can_edit = permissions.can_edit_survey(request.user, survey)
    can_texts = permissions.can_read_texts(request.user, survey)
    is_latest = version is not None and latest is not None and version.pk == latest.pk
    context = {
        "survey": survey,
        "version": version,
        "versions": versions,
        "outline": selectors.version_outline(version) if version else [],
        "can_edit": can_edit,
        "edits_here": can_edit and is_latest,
        "is_latest": is_latest,
        "missing": svc.missing_texts(survey, latest)
        if can_edit and survey.status != Survey.Status.OPEN
        else [],
        "co_owners": list(survey.co_owners.all()),
        "version_form": VersionNewForm(),
        "links": {
            "preview": reverse("surveys:preview", args=[survey.pk]),
            "results": reverse("surveys:results", args=[survey.pk]),
            "campaign": reverse("surveys:campaign-create") + f"?survey={survey.pk}",
            "campaigns": reverse("surveys:campaign-list") + f"?survey={survey.pk}",
            "texts": reverse("surveys:texts", args=[survey.pk]) if can_texts else None,
            "export": reverse("surveys:answers-export", args=[survey.pk]) if can_texts else None,
            "feed": reverse("surveys:feed-indicator", args=[survey.pk])
            if can_edit and survey.feeds_indicator_code
            else None,
            "qr": reverse("surveys:survey-qr", args=[survey.pk]),
            "poster": reverse("surveys:survey-poster", args=[survey.pk]),
            "public": request.build_absolute_uri(reverse("surveys:public-answer", args=[survey.public_slug]))
            if survey.public_slug
            else None,
        },
        "section": SECTION,
    }
    return render(request, "surveys/builder/detail.html", context)


@login_required
@require_GET
def survey_history(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    survey = permissions.access_survey(request.user, pk)
    context = {"survey": survey, "rows": selectors.survey_history(survey), "section": SECTION}
    return render(request, "surveys/builder/history.html", context)


def _action(request: AuthedHtmxRequest, survey: Survey, action: Any, done: str) -> HttpResponse:
    """One service call from a button of the detail page; a refusal comes back as an error message."""
    try:
        action()
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, done)
    return hx_redirect(request, survey)


@login_required
@require_POST
def survey_open(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    survey = permissions.access_survey(request.user, pk, write=True)
    return _action(
        request,
        survey,
        lambda: svc.survey_open(survey=survey, actor=request.user),
        _("The survey is open for answers."),
    )


@login_required
@require_POST
def survey_close(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    survey = permissions.access_survey(request.user, pk, write=True)
    return _action(
        request,
        survey,
        lambda: svc.survey_close(survey=survey, actor=request.user),
        _("The survey is closed."),
    )


@login_required
@require_POST
def version_new(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    survey = permissions.access_survey(request.user, pk, write=True)
    form = VersionNewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _action(
        request,
        survey,
        lambda: svc.version_new(survey=survey, actor=request.user, note=note),
        _("A new version has been made; edit its questions now."),
    )


# --- sections and questions -------------------------------------------------------------------------------


def _section(survey: Survey, section_pk: int) -> Section:
    return get_object_or_404(Section.objects.select_related("version"), pk=section_pk, version__survey=survey)


def _question(survey: Survey, question_pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("version", "section"), pk=question_pk, version__survey=survey
    )


def _require_latest(version: SurveyVersion, survey: Survey) -> None:
    """Only the latest version's objects are edited (an older one is history); else 404."""
    latest = svc.latest_version(survey)
    if latest is None or latest.pk != version.pk:
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def section_create(request: AuthedHtmxRequest, pk: int) -> HttpResponse:
    survey = permissions.access_survey(request.user, pk, write=True)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.section_create(survey=survey, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Section added."))
            return hx_redirect(request, survey)
    context = {"form": form, "survey": survey, "section": SECTION}
    return render(request, "surveys/builder/section_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: AuthedHtmxRequest, pk: int, section_pk: int) -> HttpResponse:
    survey = permissions.access_survey(request.user, pk, write=True)
    obj = _section(survey, section_pk)
    _require_latest(obj.version, survey)
    initial = {f"title_{lang}": getattr(obj, f"title_{lang}") for lang in LANGUAGES}
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.section_update(survey=survey, section=obj, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Section saved."))
            return hx_redirect(request, survey)
    context = {"form": form, "survey": survey, "obj": obj, "section": SECTION}
    return render(request, "surveys/builder/section_form.html", context)


def _confirm_delete(
    request: AuthedHtmxRequest, survey: Survey, what: str, action: Any, done: str
) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        try:
            action()
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, done)
            return hx_redirect(request, survey)
    context = {"survey": survey, "what": what, "errors": errors, "section": SECTION}
    return render(request, "surveys/builder/confirm_delete.html", context, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def section_delete(request: AuthedHtmxRequest, pk: int, section_pk: int) -> HttpResponse:
    survey = permissions.access_survey(request.user, pk, write=True)
    obj = _section(survey, section_pk)
    _require_latest(obj.version, survey)
    return _confirm_delete(
        request,
        survey,
        _("the section “%(title)s” with its questions") % {"title": obj.title},
        lambda: svc.section_delete(survey=survey, section=obj, actor=request.user),
        _("Section deleted."),
    )


def _choice_rows(formset: Any) -> list[dict[str, Any]]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def _question_form(
    request: AuthedHtmxRequest, survey: Survey, section: Section, question: Question | None
) -> HttpResponse:
    version = section.version
    initial = question_initial(question) if question else {"required": True}
    form = QuestionForm(request.POST or None, initial=initial, version=version, question=question)
    formset = ChoiceFormSet(request.POST or None, initial=choices_initial(question), prefix="choices")
    choice_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        data.pop("key" if question else "", None)
        try:
            if question is None:
                svc.question_create(
                    survey=survey, section=section, actor=request.user, choices=_choice_rows(formset), **data
                )
            else:
                svc.question_update(
                    survey=survey,
                    question=question,
                    actor=request.user,
                    choices=_choice_rows(formset),
                    **data,
                )
        except ValidationError as exc:
            for error in getattr(exc, "error_dict", {}).pop("choices", []):
                choice_errors.extend(error.messages)  # shown above the choices
            if getattr(exc, "error_dict", None) or not hasattr(exc, "error_dict"):
                add_service_errors(form, exc)
        else:
            messages.success(request, _("Question saved."))
            return hx_redirect(request, survey)
    context = {
        "form": form,
        "formset": formset,
        "choice_errors": choice_errors,
        "survey": survey,
        "obj_section": section,
        "question": question,
        "profile_fixed": bool(question and question.profile),
        "section": SECTION,
    }
    return render(request, "surveys/builder/question_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: AuthedHtmxRequest, pk: int, section_pk: int) -> HttpResponse:
    survey = permissions.access_survey(request.user, pk, write=True)
    section = _section(survey, section_pk)
    _require_latest(section.version, survey)
    return _question_form(request, survey, section, None)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: AuthedHtmxRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = permissions.access_survey(request.user, pk, write=True)
    question = _question(survey, question_pk)
    _require_latest(question.version, survey)
    return _question_form(request, survey, question.section, question)


@login_required
@require_http_methods(["GET", "POST"])
def question_delete(request: AuthedHtmxRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = permissions.access_survey(request.user, pk, write=True)
    question = _question(survey, question_pk)
    _require_latest(question.version, survey)
    return _confirm_delete(
        request,
        survey,
        _("the question %(key)s") % {"key": question.key},
        lambda: svc.question_delete(survey=survey, question=question, actor=request.user),
        _("Question deleted."),
    )


@login_required
@require_POST
def question_move(request: AuthedHtmxRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = permissions.access_survey(request.user, pk, write=True)
    question = _question(survey, question_pk)
    _require_latest(question.version, survey)
    direction = request.POST.get("direction", "")
    return _action(
        request,
        survey,
        lambda: svc.question_move(survey=survey, question=question, actor=request.user, direction=direction),
        _("Question moved."),
    )


urlpatterns: list[URLPattern] = [
    path("", survey_list, name="home"),
    path("new/", survey_create, name="survey-create"),
    path("<int:pk>/", survey_detail, name="survey-detail"),
    path("<int:pk>/edit/", survey_edit, name="survey-edit"),
    path("<int:pk>/history/", survey_history, name="survey-history"),
    path("<int:pk>/open/", survey_open, name="survey-open"),
    path("<int:pk>/close/", survey_close, name="survey-close"),
    path("<int:pk>/versions/new/", version_new, name="version-new"),
    path("<int:pk>/sections/new/", section_create, name="section-create"),
    path("<int:pk>/sections/<int:section_pk>/edit/", section_edit, name="section-edit"),
    path("<int:pk>/sections/<int:section_pk>/delete/", section_delete, name="section-delete"),
    path("<int:pk>/sections/<int:section_pk>/questions/new/", question_create, name="question-create"),
    path("<int:pk>/questions/<int:question_pk>/edit/", question_edit, name="question-edit"),
    path("<int:pk>/questions/<int:question_pk>/delete/", question_delete, name="question-delete"),
    path("<int:pk>/questions/<int:question_pk>/move/", question_move, name="question-move"),
]
