"""Abuse protection of the public link (SURVEYS.md): a per-device cookie, a per-IP rate limit and a honeypot.

- Device: a random cookie value (HttpOnly, SameSite=Lax); only its SHA-256 is kept, in `DeviceMark`, one per
  survey, never linked to the answer. A second answer from the same device is refused.
- Rate limit: a salted SHA-256 of the client's address (salt: the survey's) counted per 10-minute window in
  `RateBucket`; over `SURVEYS_PUBLIC_RATE_LIMIT` submissions (default 30) the visitor gets a 429 page. The
  buckets are deleted when the survey closes (`forget_survey`).
- Honeypot: a visually hidden "website" field; a filled one gets the thank-you page and nothing is stored.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from pmis.accounts.lockout import client_ip
from surveys.models import DeviceMark, RateBucket, Survey

DEVICE_COOKIE = "pmis_survey_device"
DEVICE_COOKIE_AGE = 400 * 24 * 3600
HONEYPOT_FIELD = "website"
WINDOW_MINUTES = 10
DEFAULT_RATE_LIMIT = 30


class AlreadyAnswered(Exception):
    """This device has already answered this survey."""


def rate_limit() -> int:
    return int(getattr(settings, "SURVEYS_PUBLIC_RATE_LIMIT", DEFAULT_RATE_LIMIT))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def device_value(request: HttpRequest) -> str | None:
    """The device cookie's value when it looks like one we set (anything else counts as no cookie)."""
    value = request.COOKIES.get(DEVICE_COOKIE, "")
    return value if 20 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum() else None


def new_device_value() -> str:
    return secrets.token_urlsafe(24)


def set_device_cookie(response: HttpResponse, value: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=DEVICE_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
    )


def device_answered(survey: Survey, value: str | None) -> bool:
    return value is not None and DeviceMark.objects.filter(survey=survey, mark_hash=_sha256(value)).exists()


def claim_device(survey: Survey, value: str) -> None:
    """Mark the device as having answered the survey; AlreadyAnswered when it has (also under a race)."""
    try:
        with transaction.atomic():
            DeviceMark.objects.create(survey=survey, mark_hash=_sha256(value))
    except IntegrityError:
        raise AlreadyAnswered from None


def is_honeypot(data: Any) -> bool:
    return bool(str(data.get(HONEYPOT_FIELD, "") or "").strip())


def window_start(now: datetime.datetime) -> datetime.datetime:
    return now.replace(minute=now.minute - now.minute % WINDOW_MINUTES, second=0, microsecond=0)


def ip_hash(survey: Survey, request: HttpRequest) -> str:
    salt = survey.salt or f"{settings.SECRET_KEY}:{survey.pk}"
    return _sha256(f"{salt}:{client_ip(request) or 'unknown'}")


def count_submission(survey: Survey, request: HttpRequest) -> bool:
    """Count one submission from the request's address; False when the address is over the limit."""
    key = ip_hash(survey, request)
    start = window_start(timezone.now())
    updated = RateBucket.objects.filter(survey=survey, ip_hash=key, window_start=start).update(
        count=F("count") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                RateBucket.objects.create(survey=survey, ip_hash=key, window_start=start, count=1)
        except IntegrityError:
            RateBucket.objects.filter(survey=survey, ip_hash=key, window_start=start).update(
                count=F("count") + 1
            )
    count = (
        RateBucket.objects.filter(survey=survey, ip_hash=key, window_start=start)
        .values_list("count", flat=True)
        .first()
    )
    return (count or 0) <= rate_limit()


def forget_survey(survey: Survey) -> int:
    """Delete the survey's address hashes (when it closes); returns how many buckets went."""
    deleted, _ = RateBucket.objects.filter(survey=survey).delete()
    return deleted


def forget_old_windows(before: datetime.datetime) -> int:
    """Delete buckets of windows that ended before `before` (they can no longer limit anything)."""
    deleted, _ = RateBucket.objects.filter(window_start__lt=before).delete()
    return deleted
