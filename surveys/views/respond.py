"""Survey views: respond. The respondent's pages (the invitation's token page and the public link need no
account), the thank-you page, and for readers the per-language preview, the QR code and the poster.

This module's `urlpatterns` is included by surveys/urls.py.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone, translation
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from surveys import abuse
from surveys.forms_respond import PREFIX, AnswerForm, text_in
from surveys.models import Invitation, Response, Survey, SurveyVersion
from surveys.permissions import access_invitation, access_survey, public_survey
from surveys.services.builder import latest_version
from surveys.services.responses import LANGUAGES, questions_of, submit
from surveys.tokens import token_hash

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
PUBLIC_BASE = "surveys/respond/public_base.html"
APP_BASE = "base.html"
# codes of the service's refusals that end the page (nothing the respondent can fix on the form)
FINAL_CODES = {"used", "expired", "closed", "not_open", "version"}


class _FriendlyCsrf(CsrfViewMiddleware):
    """Django's CSRF check, answering a failure with the page's own "reload the page" message instead of the
    site-wide 403 (an anonymous respondent's form may simply have been open too long)."""

    def _reject(self, request: HttpRequest, reason: str) -> HttpResponse:
        lang = _language(request)
        with translation.override(lang):
            return _message(
                request,
                lang,
                status=403,
                title=_("Please reload the page"),
                text=_(
                    "Your answers could not be sent because the page was open for too long or your browser "
                    "blocked a cookie. Reload the page and send your answers again."
                ),
                reload=True,
            )


# CSRF stays on: the site-wide check is skipped (csrf_exempt) only for the check below, with a friendly page
friendly_csrf_protect: Callable[..., Any] = decorator_from_middleware(_FriendlyCsrf)


def _language(request: HttpRequest, preferred: str | None = None) -> str:
    """The respondent's choice (`?lang=`), else `preferred` (an invitation's recipient's), else the browser's."""
    chosen = request.GET.get("lang", "")
    if chosen in LANGUAGES:
        return chosen
    if preferred in LANGUAGES:
        return str(preferred)
    browser = (translation.get_language_from_request(request) or "ru")[:2]
    return browser if browser in LANGUAGES else "ru"


def _switch(lang: str) -> list[dict[str, Any]]:
    return [{"code": c, "name": LANGUAGE_NAMES[c], "current": c == lang} for c in ("kk", "ru", "en")]


def _render(
    request: HttpRequest, template: str, lang: str, context: dict[str, Any], status: int = 200
) -> Any:
    with translation.override(lang):
        response = render(
            request,
            template,
            {"lang": lang, "languages": _switch(lang), "base_template": PUBLIC_BASE, **context},
            status=status,
        )
    response["Content-Language"] = lang
    return response


def _message(
    request: HttpRequest,
    lang: str,
    *,
    status: int,
    title: str,
    text: str,
    reload: bool = False,
    survey: Survey | None = None,
) -> HttpResponse:
    return _render(
        request,
        "surveys/respond/message.html",
        lang,
        {
            "title": title,
            "text": text,
            "reload": reload,
            "survey_title": text_in(survey, "title", lang) if survey else "",
        },
        status=status,
    )


def _refusal(request: HttpRequest, lang: str, code: str, survey: Survey | None = None) -> HttpResponse:
    with translation.override(lang):
        if code == "unknown":
            return _message(
                request,
                lang,
                status=404,
                title=_("This link is not valid"),
                text=_(
                    "Check that the whole link from the invitation was copied, or open it from the e-mail again."
                ),
            )
        if code == "used":
            return _message(
                request,
                lang,
                status=410,
                survey=survey,
                title=_("You have already answered"),
                text=_("This invitation has already been used to answer. Thank you for your answers!"),
            )
        if code == "expired":
            return _message(
                request,
                lang,
                status=410,
                survey=survey,
                title=_("This invitation has expired"),
                text=_("The time to answer with this invitation is over."),
            )
        if code == "device":
            return _message(
                request,
                lang,
                status=409,
                survey=survey,
                title=_("You have already answered"),
                text=_("An answer to this survey has already been sent from this device. Thank you!"),
            )
        if code == "rate":
            return _message(
                request,
                lang,
                status=429,
                survey=survey,
                title=_("Too many answers from your network"),
                text=_(
                    "Too many answers to this survey have come from your network in the last few minutes. "
                    "Please try again in ten minutes."
                ),
            )
        return _message(
            request,
            lang,
            status=410,
            survey=survey,
            title=_("This survey is closed"),
            text=_("This survey is not open for answers."),
        )


def _invitation_problem(invitation: Invitation) -> str | None:
    now = timezone.now()
    wave = invitation.wave
    if invitation.used_at is not None:
        return "used"
    if invitation.expires_at <= now or wave.closed_at is not None or wave.closes_at <= now:
        return "expired"
    if wave.campaign.survey.status != Survey.Status.OPEN:
        return "closed"
    return None


def _service_errors(form: AnswerForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name = PREFIX + key
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.error_list)


def _final_code(exc: ValidationError) -> str | None:
    if hasattr(exc, "error_dict"):
        return None
    codes = {str(e.code) for e in exc.error_list if e.code}
    found = codes & FINAL_CODES
    return sorted(found)[0] if found else None


def _done_url(lang: str) -> str:
    return f"{reverse('surveys:answer-done')}?lang={lang}"


def _answer_page(
    request: HttpRequest,
    *,
    version: SurveyVersion,
    lang: str,
    channel: str,
    invitation: Invitation | None = None,
    base_template: str = PUBLIC_BASE,
    on_valid: Callable[[AnswerForm], Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET: the form; POST: check, store through the service, thank. Refusals the form cannot fix end the page."""
    survey = version.survey
    with translation.override(lang):
        questions = questions_of(version)
        form = AnswerForm(
            version, lang, request.POST if request.method == "POST" else None, questions=questions
        )
        if request.method == "POST" and form.is_valid():
            try:
                if on_valid is not None:
                    on_valid(form)
                else:
                    submit(
                        version=version,
                        answers=form.answers(),
                        channel=channel,
                        language=lang,
                        invitation=invitation,
                    )
            except ValidationError as exc:
                code = _final_code(exc)
                if code:
                    return _refusal(request, lang, code, survey)
                _service_errors(form, exc)
            else:
                return redirect(_done_url(lang))
        context = {
            "survey": survey,
            "title": text_in(survey, "title", lang),
            "intro": text_in(survey, "intro", lang),
            "form": form,
            "sections": form.items(),
            "base_template": base_template,
            "honeypot": abuse.HONEYPOT_FIELD if channel == Response.Channel.PUBLIC else "",
            **(extra or {}),
        }
    return _render(request, "surveys/respond/answer.html", lang, context)


@csrf_exempt
@friendly_csrf_protect
@require_http_methods(["GET", "POST"])
def token_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's link: the token is the key (no sign-in); used or expired → 410, unknown → 404."""
    invitation = None
    if 0 < len(token) <= 128:
        invitation = (
            Invitation.objects.select_related("wave__campaign__survey", "wave__version__survey", "recipient")
            .filter(token_hash=token_hash(token))
            .first()
        )
    lang = _language(request, invitation.recipient.language if invitation else None)
    if invitation is None:
        return _refusal(request, lang, "unknown")
    problem = _invitation_problem(invitation)
    if problem:
        return _refusal(request, lang, problem, invitation.wave.campaign.survey)
    return _answer_page(
        request,
        version=invitation.wave.version,
        lang=lang,
        channel=Response.Channel.INVITATION,
        invitation=invitation,
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed-in recipient answers their own invitation in the application (anyone else's: 404)."""
    invitation = access_invitation(request.user, pk)
    lang = _language(request, getattr(request.user, "language", None))
    problem = _invitation_problem(invitation)
    if problem:
        return _refusal(request, lang, problem, invitation.wave.campaign.survey)
    return _answer_page(
        request,
        version=invitation.wave.version,
        lang=lang,
        channel=Response.Channel.INVITATION,
        invitation=invitation,
        base_template=APP_BASE,
    )


@csrf_exempt
@friendly_csrf_protect
@require_http_methods(["GET", "POST"])
def public_answer(request: HttpRequest, slug: str) -> HttpResponse:
    """A citizen survey's public link: no account; one answer per device, a per-address rate limit and a
    honeypot (SURVEYS.md). Nothing about the visitor is stored with the answer."""
    survey = public_survey(slug)
    version = latest_version(survey)  # the public link answers the survey's latest version
    if version is None:
        raise Http404
    lang = _language(request)
    device = abuse.device_value(request)
    if request.method == "GET":
        if abuse.device_answered(survey, device):
            return _refusal(request, lang, "device", survey)
        response = _answer_page(request, version=version, lang=lang, channel=Response.Channel.PUBLIC)
        if device is None:
            abuse.set_device_cookie(response, abuse.new_device_value())
        return response
    if not abuse.count_submission(survey, request):
        return _refusal(request, lang, "rate", survey)
    if abuse.is_honeypot(request.POST):
        return redirect(_done_url(lang))
    device = device or abuse.new_device_value()

    def store(form: AnswerForm) -> None:
        with transaction.atomic():
            abuse.claim_device(survey, device)
            submit(version=version, answers=form.answers(), channel=Response.Channel.PUBLIC, language=lang)

    try:
        response = _answer_page(
            request, version=version, lang=lang, channel=Response.Channel.PUBLIC, on_valid=store
        )
    except abuse.AlreadyAnswered:
        response = _refusal(request, lang, "device", survey)
    abuse.set_device_cookie(response, device)
    return response


@require_GET
def answer_done(request: HttpRequest) -> HttpResponse:
    """Thank you (no account; the page names nothing about the answer)."""
    return _render(request, "surveys/respond/done.html", _language(request), {})


def _version_for(survey: Survey, raw: str | None) -> tuple[SurveyVersion, list[SurveyVersion]]:
    versions = list(survey.versions.order_by("-number"))
    if not versions:
        raise Http404
    if not raw:
        return versions[0], versions
    try:
        number = int(raw)
    except ValueError:
        raise Http404 from None
    for v in versions:
        if v.number == number:
            return v, versions
    raise Http404


@login_required
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The form as a respondent sees it, read-only, in the chosen language (`?lang=`) and version."""
    survey = access_survey(request.user, pk)
    version, versions = _version_for(survey, request.GET.get("version"))
    chosen = request.GET.get("lang", "")
    lang = chosen if chosen in LANGUAGES else (translation.get_language() or "ru")[:2]
    if lang not in LANGUAGES:
        lang = "ru"
    questions = questions_of(version)
    with translation.override(lang):
        form = AnswerForm(version, lang, read_only=True, questions=questions)
        sections = form.items()
        title = text_in(survey, "title", lang)
        intro = text_in(survey, "intro", lang)
    missing = [q.key for q in questions if not getattr(q, f"text_{lang}", "")] if lang != "ru" else []
    return render(
        request,
        "surveys/respond/preview.html",
        {
            "survey": survey,
            "version": version,
            "versions": versions,
            "lang": lang,
            "languages": _switch(lang),
            "form": form,
            "sections": sections,
            "form_title": title,
            "form_intro": intro,
            "missing": missing,
            "version_query": f"version={version.number}&" if request.GET.get("version") else "",
        },
    )


def _public_url(request: HttpRequest, survey: Survey) -> str:
    if not survey.public_slug:
        raise Http404
    return request.build_absolute_uri(reverse("surveys:public-answer", args=[survey.public_slug]))


@login_required
@require_GET
def survey_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The public link as an SVG QR code (404 when the survey has no public link)."""
    survey = access_survey(request.user, pk)
    url = _public_url(request, survey)
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=4, dark="#000", light="#fff")
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="survey-{survey.pk}-qr.svg"'
    return response


@login_required
@require_GET
def survey_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable A4 poster: the QR code and the link, the title and a call in kk / ru / en."""
    survey = access_survey(request.user, pk)
    url = _public_url(request, survey)
    qr = segno.make(url, error="m").svg_inline(scale=8, border=2, dark="#000", light="#fff")
    calls = []
    for lang in ("kk", "ru", "en"):
        with translation.override(lang):
            calls.append(
                {
                    "lang": lang,
                    "title": text_in(survey, "title", lang),
                    "call": _(
                        "Scan the code with your phone's camera and answer a few questions. It is anonymous."
                    ),
                }
            )
    from django.utils.safestring import mark_safe

    return render(
        request,
        "surveys/respond/poster.html",
        {"survey": survey, "url": url, "qr": mark_safe(qr), "calls": calls},  # noqa: S308 - segno's own SVG
    )


urlpatterns: list[URLPattern] = [
    path("t/<str:token>/", token_answer, name="token-answer"),
    path("invitations/<int:pk>/answer/", invitation_answer, name="invitation-answer"),
    path("s/<slug:slug>/", public_answer, name="public-answer"),
    path("thanks/", answer_done, name="answer-done"),
    path("<int:pk>/preview/", preview, name="preview"),
    path("<int:pk>/qr.svg", survey_qr, name="survey-qr"),
    path("<int:pk>/poster/", survey_poster, name="survey-poster"),
]
