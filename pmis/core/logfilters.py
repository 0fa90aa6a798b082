"""Logging filters. A 403 or 404 answers a request the server handled as designed (a reader without access, a
stale link): one INFO line in the log, not a warning with the PermissionDenied traceback on every refused page."""

from __future__ import annotations

import logging


class QuietClientErrors(logging.Filter):
    """On `django.request`: 403/404 records become one INFO line without a traceback; 5xx are left alone."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in (403, 404):
            record.exc_info = None
            record.exc_text = None
            record.levelno = logging.INFO
            record.levelname = logging.getLevelName(logging.INFO)
        return True
