"""Fixtures of the platform tests: a capture of the `pmis.security` log that works with `-p no:logging`."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest


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
