"""Sign-in lock-out (django-axes): per user name and address, and per address across user names.

Axes counts failures per lock-out parameter combination against one limit. Its per user name + IP limit
(AXES_FAILURE_LIMIT, 5) stops guessing one account's password, but spraying a few common passwords over many
user names never reaches it. So the handler also sums the failures of every user name from the address
within the cool-off and locks the address out once they reach PMIS_SIGNIN_IP_FAILURE_LIMIT (higher, since one
office may sign in from one address). A lock-out lasts AXES_COOLOFF_TIME after the last failure.

Behind a reverse proxy every request comes from the proxy's address, and one address-wide limit would lock
the whole city out together: set PMIS_TRUSTED_PROXY_COUNT (env AXES_PROXY_COUNT) to the number of proxies,
and the address is read from X-Forwarded-For as the outermost trusted proxy saw it (`client_ip`).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_ip(request: Any) -> str | None:
    """The client's address: REMOTE_ADDR, or behind N trusted proxies the N-th X-Forwarded-For entry from the end.

    Each proxy appends the address it received the request from, so entries further left were written by the
    client itself and are never trusted.
    """
    remote: str | None = request.META.get("REMOTE_ADDR")
    count: int = settings.PMIS_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return remote
    return candidate


def address_failures(request: Any) -> int:
    """Failed sign-ins from the request's address within the cool-off, whatever the user name."""
    ip_address = getattr(request, "axes_ip_address", None)
    if not ip_address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    total: int | None = attempts.aggregate(n=Sum("failures_since_start"))["n"]
    return total or 0


class SignInLockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes ships no type information
    """Axes' database handler with a second, per-address limit across user names."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        failures: int = super().get_failures(request, credentials)
        if address_failures(request) >= settings.PMIS_SIGNIN_IP_FAILURE_LIMIT:
            # report the per-account limit, so axes' own checks (is_locked, the lock-out response) apply
            limit: int = get_failure_limit(request, credentials)
            return max(failures, limit)
        return failures
