"""Citizen feedback on the public side (no account; the language comes from the address): the form on a
published project, the page to enter a reference number and the tracking page of one message.

These pages are never cached (the form carries a CSRF token; the tracking page changes with the status).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pmis.accounts.lockout import client_ip
from pmis.core.forms import add_service_errors
from projects.selectors.public import published_project
from surveys.forms_feedback import HONEYPOT_FIELD, FeedbackForm, TrackForm
from surveys.models import Feedback
from surveys.permissions import public_feedback
from surveys.services.feedback import RateLimited, feedback_submit

PUBLIC_BASE = "public/base.html"


def project_page_url(code: str) -> str:
    """The project's public page."""
    return reverse("public:project", args=[code])


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, template, {"base_template": PUBLIC_BASE, **context}, status=status)


def _language() -> str:
    lang = (translation.get_language() or "ru")[:2]
    return lang if lang in ("kk", "ru", "en") else "ru"


@never_cache
@require_http_methods(["GET", "POST"])
def feedback_new(request: HttpRequest, code: str) -> HttpResponse:
    """The form on a published project (404 the same for a missing, unpublished or confidential one). A post
    counts against the address's hourly limit (429 page over it); a filled honeypot gets the thank-you page
    and nothing is stored."""
    project, _publication = published_project(code)
    form = FeedbackForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        form.is_valid()
        try:
            result = feedback_submit(
                project_code=code,
                data=request.POST,
                photo=request.FILES.get("photo"),
                ip=client_ip(request),
                language=_language(),
                honeypot=bool(str(request.POST.get(HONEYPOT_FIELD, "")).strip()),
            )
        except RateLimited:
            return _render(request, "surveys/feedback/public/too_many.html", {"project": project}, status=429)
        except ValidationError as exc:
            add_service_errors(form, exc, field="photo")
        else:
            if result.stored:
                return redirect(reverse("public:feedback-detail", args=[result.reference]) + "?new=1")
            return _render(
                request,
                "surveys/feedback/public/sent.html",
                {"reference": result.reference, "project": project},
            )
    context = {
        "project": project,
        "project_url": project_page_url(project.code),
        "form": form,
        "visible_fields": [f for f in form if f.name not in (HONEYPOT_FIELD, "kind", "consent")],
        "response_days": int(settings.PMIS_FEEDBACK_RESPONSE_DAYS),
    }
    return _render(request, "surveys/feedback/public/form.html", context)


@never_cache
@require_GET
def feedback_track(request: HttpRequest) -> HttpResponse:
    """Enter a reference number: a known one opens its tracking page; an unknown one says so next to the
    field."""
    form = TrackForm(request.GET or None)
    if request.GET and form.is_valid():
        reference = form.cleaned_data["reference"].strip().upper()
        try:
            public_feedback(reference)
        except Http404:  # unknown, or its project is no longer published: the same answer
            form.add_error("reference", _("No message has this reference number. Check it and try again."))
        else:
            return redirect("public:feedback-detail", reference)
    return _render(request, "surveys/feedback/public/track.html", {"form": form})


@never_cache
@require_GET
def feedback_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One message's status; once accepted, the published question and, once answered, the answer. A message
    awaiting moderation or not published shows its status only; the e-mail and the photo never."""
    feedback = public_feedback(reference)
    shows_text = feedback.status in (Feedback.Status.ROUTED, Feedback.Status.ANSWERED)
    context = {
        "feedback": feedback,
        "shows_text": shows_text,
        "answered": feedback.status == Feedback.Status.ANSWERED,
        "new": request.GET.get("new") == "1",
        "project_url": project_page_url(feedback.project.code),
    }
    return _render(request, "surveys/feedback/public/detail.html", context)


urlpatterns: list[URLPattern] = [
    path("projects/<str:code>/feedback/", feedback_new, name="feedback-new"),
    path("feedback/", feedback_track, name="feedback-track"),
    path("feedback/<str:reference>/", feedback_detail, name="feedback-detail"),
]
