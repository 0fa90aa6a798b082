"""The survey tests read messages in English (the catalogs translate them for ru/kk pages; a test that checks
another language says so with its own override, and a module whose tests compare pages with the catalogs sets
`OWN_LANGUAGE = True` to be left alone)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(request: pytest.FixtureRequest) -> Iterator[None]:
    if getattr(request.module, "OWN_LANGUAGE", False):
        yield
        return
    if "client" in request.fixturenames:
        client: Any = request.getfixturevalue("client")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
