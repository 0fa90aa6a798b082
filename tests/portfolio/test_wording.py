"""Issue 10, language pass: the words a Committee member reads on an agenda item, in Russian and Kazakh."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.portfolio.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "button"), [("ru", "Проголосовать"), ("kk", "Дауыс беру"), ("en", "Vote")]
)
def test_the_vote_button_is_a_verb(
    client: Any, committee: Any, meeting: Any, project: Any, language: str, button: str
) -> None:
    """The button said «Голос» (a noun); the choice list above it keeps its noun label."""
    item = AgendaItemFactory(meeting=meeting, project=project)
    login(client, committee)
    body = client.get(
        reverse("portfolio:item", args=[item.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    form = body.split('id="vote-h"')[1].split("</form>")[0]
    assert f'type="submit">{button}</button>' in form
