"""What templates/public/base.html needs on every public page (under /kk/, /ru/, /en/), whichever app's view
renders it (the project pages here, citizen feedback in surveys, open data): the same page in every language
(the switcher's links and the hreflang alternates), the Open Graph address and locale, and the navigation
targets of the feedback and open-data pages. Elsewhere (internal pages, no language prefix) it adds nothing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language, get_language_from_path

LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "ru"
# each language named in itself, as a visitor looks for it
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
OG_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_US"}


def public_shell(request: HttpRequest) -> dict[str, Any]:
    in_path = get_language_from_path(request.path_info)
    if not in_path:
        return {}
    current = get_language() or in_path
    path = request.get_full_path()
    # the public routes are the same in every language (only the prefix differs), so the same page in another
    # language is the address with its prefix swapped
    rest = path[len(f"/{in_path}/") :] if path.startswith(f"/{in_path}/") else path.lstrip("/")
    languages = []
    for code in LANGUAGES:
        url = f"/{code}/{rest}"
        languages.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "url": url,
                "absolute": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    default = next(lang for lang in languages if lang["code"] == DEFAULT_LANGUAGE)
    return {
        "public_languages": languages,
        "x_default_url": default["absolute"],
        "absolute_url": request.build_absolute_uri(path),
        "og_locale": OG_LOCALES.get(current, "ru_RU"),
        "feedback_track_url": reverse("public:feedback-track"),
        "open_data_url": reverse("public:open-data"),
    }
