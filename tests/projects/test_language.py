"""Language details of the projects pages in Russian and Kazakh: the register filters offer "All" once per
list, no select shows Django's "---------" as its empty choice, and field labels start with a capital."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db

ALL = {"ru": "Все", "kk": "Барлығы"}
FORMS = [
    ("projects:create", False),
    ("projects:milestone-create", True),
    ("projects:task-create", True),
    ("projects:budget-line-create", True),
    ("projects:risk-create", True),
    ("projects:issue-create", True),
    ("projects:change-create", True),
    ("projects:report-create", True),
    ("projects:update", True),
    ("projects:documents", True),
    ("projects:team", True),
]


def _selects(html: str) -> dict[str, list[str]]:
    """Each select's name and the texts of its options."""
    return {
        name: [text.strip() for text in re.findall(r"<option[^>]*>([^<]*)</option>", body)]
        for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S)
    }


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_register_filters_say_all_once(client: Any, project_a: Any, pmo: Any, language: str) -> None:
    login(client, pmo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("projects:list")).content.decode()
    selects = _selects(html)
    filters = [name for name, options in selects.items() if options and options[0] == ALL[language]]
    assert len(filters) >= 10  # direction, department, program, stage, RAG, type, district, SDG, ...
    assert {name: selects[name].count(ALL[language]) for name in filters} == dict.fromkeys(filters, 1)
    assert all(options[0] != options[1] for options in selects.values() if len(options) > 1)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_project_forms_have_worded_empty_choices_and_capital_labels(
    client: Any, project_a: Any, pmo: Any, language: str
) -> None:
    login(client, pmo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for name, needs_project in FORMS:
        url = reverse(name, args=[project_a.pk] if needs_project else [])
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'lang="{language}"' in html
        assert "---------" not in html, url
        labels = [
            text.strip() for text in re.findall(r'<label[^>]*class="form-label[^"]*"[^>]*>([^<]+)<', html)
        ]
        assert labels, url
        assert [label for label in labels if label[0].islower()] == [], url
