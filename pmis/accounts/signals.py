"""Sign-in audit trail: every success and failure goes to the `pmis.security` log (axes also stores them)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone

if TYPE_CHECKING:
    from django.http import HttpRequest

    from pmis.accounts.models import User

logger = logging.getLogger("pmis.security")


def _ip(request: HttpRequest | None) -> str:
    """The client's address as the lock-out sees it (behind trusted proxies: from X-Forwarded-For)."""
    from pmis.accounts.lockout import client_ip

    return (client_ip(request) or "-") if request is not None else "-"


@receiver(user_logged_in)
def on_login(sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    from pmis.accounts.services import otp_required_for

    logger.info("login success user=%s ip=%s", user.get_username(), _ip(request))
    if request is not None and hasattr(request, "session"):
        now = int(timezone.now().timestamp())
        request.session["pmis_login_at"] = now
        request.session["pmis_seen_at"] = now
        request.session["pmis_otp_required"] = otp_required_for(user)
        if getattr(user, "language", None):
            # the profile's language wins over the browser's: LoginLanguageMiddleware sets the language cookie
            request.session["_language"] = user.language
            # a note to LoginLanguageMiddleware on this request only (HttpRequest declares no such attribute)
            request.pmis_login_language = user.language  # type: ignore[attr-defined]


@receiver(user_login_failed)
def on_login_failed(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    logger.warning("login failure user=%s ip=%s", credentials.get("username", "-"), _ip(request))


@receiver(user_logged_out)
def on_logout(
    sender: type[User] | None, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    logger.info("logout user=%s ip=%s", user.get_username() if user else "-", _ip(request))
