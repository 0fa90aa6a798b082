"""The builder's pages in the reader's language: the interface from the catalogs (locale/translations/
surveys-builder.json, compiled by `make translations && make messages`), the survey's own texts from its
kk / ru / en fields."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.conftest import login
from tests.surveys.factories import SurveyManagerFactory, make_survey

OWN_LANGUAGE = True
ROOT = Path(__file__).resolve().parents[2]


def test_every_builder_string_has_its_russian_and_kazakh_translation() -> None:
    """Each msgid of the builder's templates has ru and kk in the area's file (or an earlier area's)."""
    known: dict[str, dict[str, Any]] = {}
    for path in sorted((ROOT / "locale" / "translations").glob("*.json")):
        for msgid, langs in json.loads(path.read_text(encoding="utf-8")).items():
            known.setdefault(msgid, {}).update(langs)
    missing = []
    for path in sorted((ROOT / "templates" / "surveys" / "builder").glob("*.html")):
        for msgid in re.findall(r'{% translate "([^"]+)"', path.read_text(encoding="utf-8")):
            if not (known.get(msgid, {}).get("ru") and known.get(msgid, {}).get("kk")):
                missing.append(f"{path.name}: {msgid}")
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "interface", "title"),
    [
        ("ru", "Версии", "Удовлетворённость работой Проектного офиса"),
        ("kk", "Нұсқалар", "Жобалық кеңсенің жұмысына қанағаттану"),
        ("en", "Versions", "Satisfaction with the Project Office"),
    ],
)
def test_detail_page_in_three_languages(client: Any, language: str, interface: str, title: str) -> None:
    owner = SurveyManagerFactory()
    survey = make_survey(owner)
    login(client, owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with translation.override(language):
        page = client.get(reverse("surveys:survey-detail", args=[survey.pk])).content.decode()
    assert title in page
    assert interface in page
