"""The server log and the browser console stay quiet on ordinary pages: a refused (403) or missing (404) page is
one INFO line without a traceback, while a server error still logs its traceback; every page links an icon."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def _request_records(caplog: Any) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


@pytest.mark.urls("tests.platform.urls_errors")
def test_a_forbidden_page_is_one_info_line_without_a_traceback(caplog: Any, officer: Any) -> None:
    client = login(Client(raise_request_exception=False), officer)
    with caplog.at_level(logging.INFO, logger="django.request"):
        assert client.get("/__tests__/forbidden/").status_code == 403
    records = _request_records(caplog)
    assert [(r.levelname, r.getMessage()) for r in records] == [
        ("INFO", "Forbidden (Permission denied): /__tests__/forbidden/")
    ]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


@pytest.mark.urls("tests.platform.urls_errors")
def test_a_missing_page_is_one_info_line(caplog: Any, officer: Any) -> None:
    client = login(Client(raise_request_exception=False), officer)
    with caplog.at_level(logging.INFO, logger="django.request"):
        assert client.get("/no-such-page/").status_code == 404
    assert [(r.levelname, r.getMessage()) for r in _request_records(caplog)] == [
        ("INFO", "Not Found: /no-such-page/")
    ]


@pytest.mark.urls("tests.platform.urls_errors")
def test_a_server_error_still_logs_its_traceback(caplog: Any, officer: Any) -> None:
    client = login(Client(raise_request_exception=False), officer)
    with caplog.at_level(logging.INFO, logger="django.request"):
        assert client.get("/__tests__/boom/").status_code == 500
    records = _request_records(caplog)
    assert [r.levelname for r in records] == ["ERROR"]
    assert records[0].exc_info is not None


def _icon(html: str) -> str:
    marker = '<link rel="icon" href="'
    assert marker in html
    return html.split(marker, 1)[1].split('"', 1)[0]


def test_pages_link_an_icon_that_is_served(client: Any, officer: Any, admin: Any) -> None:
    href = _icon(client.get(reverse("accounts:login")).content.decode())
    assert href == "/static/favicon.svg"
    assert finders.find("favicon.svg") is not None
    login(client, officer)
    assert _icon(client.get(reverse("core:home")).content.decode()) == href
    client.logout()
    login(client, admin)
    assert _icon(client.get("/admin/").content.decode()) == href


@pytest.mark.urls("tests.platform.urls_errors")
def test_the_server_error_page_links_the_icon_too(officer: Any) -> None:
    client = login(Client(raise_request_exception=False), officer)
    assert _icon(client.get("/__tests__/boom/").content.decode()) == "/static/favicon.svg"
