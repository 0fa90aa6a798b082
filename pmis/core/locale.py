"""Django's LocaleMiddleware without its 404 redirect.

With `i18n_patterns` (the public side under /kk/, /ru/, /en/) Django's middleware answers a 404 on an address
without a language prefix by redirecting to the prefixed address when that one would resolve: a missing
internal page such as /projects/999/ would be sent to the citizens' /ru/projects/999/. Internal pages keep
their 404; everything else (the language from the address, the cookie, Accept-Language; Vary and
Content-Language) is Django's own.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        language = translation.get_language()
        if not translation.get_language_from_path(request.path_info):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response
