"""Remember the visitor's language: a page opened under /kk/, /ru/ or /en/ in a language other than the
language cookie's sets the cookie. It runs outside the public pages' cache, so a cached page never carries a
cookie and every visitor still gets their own. Signed-in users are left alone: their language is their
profile's and the internal switcher's."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language_from_path

from pmis.accounts.middleware import set_language_cookie


class PublicLanguageCookieMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = get_language_from_path(request.path_info)
        user = getattr(request, "user", None)
        if (
            language
            # staff keep the language of their profile and switcher; a public page's address does not change it
            and not (user is not None and user.is_authenticated)
            and response.status_code < 400
            and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language
            and settings.LANGUAGE_COOKIE_NAME not in response.cookies
        ):
            set_language_cookie(response, language)
        return response
