"""Session limits (idle 30 min, absolute 12 h) and the second factor where it is required."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

_SEEN_WRITE_EVERY = 60  # seconds: do not rewrite the session on every request


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(timezone.now().timestamp())
            login_at = request.session.get("pmis_login_at", now)
            seen_at = request.session.get("pmis_seen_at", now)
            if now - seen_at > settings.SESSION_IDLE_TIMEOUT or now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                # MessageMiddleware runs after this one, so the notice is stored here and now
                storage = default_storage(request)
                storage.add(messages.INFO, _("Your session has expired. Please sign in again."))
                response = redirect(f"{reverse(settings.LOGIN_URL)}?next={request.get_full_path()}")
                storage.update(response)
                return response
            if now - seen_at >= _SEEN_WRITE_EVERY or "pmis_seen_at" not in request.session:
                request.session["pmis_seen_at"] = now
        return self.get_response(request)


class AdminOTPRequiredMiddleware:
    """Users with a TOTP device must enter a code after the password; administrators must have one."""

    ALLOWED_PREFIXES = ("/static/", "/media/", "/i18n/", "/healthz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.session.get("pmis_otp_required")
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not user.is_verified()
        ):
            allowed = {
                reverse("accounts:otp-verify"),
                reverse("accounts:otp-setup"),
                reverse("accounts:logout"),
            }
            if request.path not in allowed:
                from pmis.accounts.services import user_has_confirmed_device

                target = "accounts:otp-verify" if user_has_confirmed_device(user) else "accounts:otp-setup"
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """The cookie LocaleMiddleware reads, written as Django's own language switcher writes it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LoginLanguageMiddleware:
    """Sign-in switches the UI to the language of the user's profile, whatever the browser asks for: the
    sign-in signal marks the request, and its response carries the language cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = getattr(request, "pmis_login_language", None)
        if language and language in dict(settings.LANGUAGES):
            set_language_cookie(response, language)
        return response
