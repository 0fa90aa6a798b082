"""Fixtures of the platform tests: a capture of the `pmis.security` log that works with `-p no:logging`, and the
static files collected under production settings (once per test process)."""

from __future__ import annotations

import logging
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def prod_static(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`collectstatic` under prod settings into a temporary STATIC_ROOT, as docker-compose runs it before gunicorn:
    (the folder, the command's result). Production pages need its manifest."""
    static = tmp_path_factory.mktemp("prod") / "static"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pmis.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "pmis.example",
        "PMIS_STATIC_ROOT": str(static),
    }
    env.pop("DJANGO_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return static, result


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def messages(self) -> list[str]:
        return [r.getMessage() for r in self.records]


@pytest.fixture
def security_log() -> Iterator[_ListHandler]:
    """Records written to the `pmis.security` logger (it does not propagate, so caplog cannot see it)."""
    logger = logging.getLogger("pmis.security")
    handler = _ListHandler()
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
