"""Filtering the case and opinion lists swaps the table itself (outerHTML): the response is the table with its id,
and the page never ends up with the id twice (a filter used to nest a new #case-table inside the old one)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.expertise.factories import IssuedOpinionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "table"),
    [("expertise:case-list", "case-table"), ("expertise:opinion-list", "opinion-table")],
)
def test_filter_swaps_the_table_not_its_contents(
    client: Any, expert: Any, case: Any, url_name: str, table: str
) -> None:
    IssuedOpinionFactory()
    login(client, expert)
    page = client.get(reverse(url_name)).content.decode()
    form = re.search(rf'<form[^>]*hx-target="#{table}"[^>]*>', page)
    assert form is not None
    assert 'hx-swap="outerHTML"' in form.group(0)
    partial = client.get(reverse(url_name), {"q": ""}, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith(f'<div id="{table}">')
    assert partial.count(f'id="{table}"') == 1
