"""Writes for people, organizations and second factors."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from pmis.accounts.models import User
from pmis.accounts.roles import is_administrator

logger = logging.getLogger("pmis.security")


def user_has_confirmed_device(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def otp_required_for(user: User) -> bool:
    """A second factor is asked of everyone who turned it on, and always of administrators."""
    return is_administrator(user) or user_has_confirmed_device(user)


@dataclass(frozen=True)
class TokenCheck:
    """The outcome of a code check: accepted, or refused; `paused_until` when wrong codes pause the checks."""

    ok: bool
    paused_until: datetime | None = None
    checked: bool = True  # False: the code was not looked at (checks were paused)

    @property
    def wait_minutes(self) -> int:
        if self.paused_until is None:
            return 0
        return max(1, math.ceil((self.paused_until - timezone.now()).total_seconds() / 60))


def _paused_until(device: TOTPDevice) -> datetime | None:
    allowed, info = device.verify_is_allowed()
    if allowed or not info or info.get("reason") != VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return None
    until: datetime | None = info.get("locked_until")
    return until


# After a wrong code the next check waits 1, 2, 4, 8 … seconds (django-otp); a wait this long is worth telling.
TELL_PAUSE_FROM_SECONDS = 30


def otp_token_check(*, device: TOTPDevice, token: str) -> TokenCheck:
    """Check a code, telling a refused check apart from a wrong code (django-otp answers False for both)."""
    paused = _paused_until(device)
    if paused is not None:
        return TokenCheck(ok=False, paused_until=paused, checked=False)
    if device.verify_token(token):
        return TokenCheck(ok=True)
    paused = _paused_until(device)
    if paused is not None and (paused - timezone.now()).total_seconds() < TELL_PAUSE_FROM_SECONDS:
        paused = None
    return TokenCheck(ok=False, paused_until=paused)


@transaction.atomic
def otp_device_start(*, user: User) -> TOTPDevice:
    """Create (or reuse) the user's unconfirmed TOTP device for enrolment."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


@transaction.atomic
def otp_device_confirm(*, device: TOTPDevice, token: str) -> TokenCheck:
    """Confirm enrolment when the token matches; other devices of the user are removed."""
    check = otp_token_check(device=device, token=token)
    if not check.ok:
        return check
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return check


@transaction.atomic
def otp_disable(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """Make `language` the user's preferred one (the language switcher of a signed-in user); with history."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the offered languages.")})
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


@transaction.atomic
def user_update_preferences(*, user: User, language: str, email_notifications: bool) -> User:
    user.language = language
    user.email_notifications = email_notifications
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language", "email_notifications"])
    return user


# --- First enrolment of a required second factor: by an e-mailed one-time link --------------------------------
#
# Administrators must use TOTP. If the set-up page enrolled a device for whoever had just typed the password,
# anyone who learnt an administrator's initial password would own the account for good. So a user whose
# second factor is required and who has not passed one in this session enrols only after opening a link
# e-mailed to the address on file (sent at their request, or by another administrator from the user admin).

OTP_ENROLMENT_LINK_SECONDS = 24 * 60 * 60  # the e-mail says "24 hours"


class OtpEnrolmentTokenGenerator(PasswordResetTokenGenerator):
    """One-time: the hash covers the user's devices, and opening the link creates a new one."""

    key_salt = "pmis.accounts.services.OtpEnrolmentTokenGenerator"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        devices = ",".join(
            f"{pk}:{int(confirmed)}"
            for pk, confirmed in TOTPDevice.objects.filter(user=user)
            .order_by("pk")
            .values_list("pk", "confirmed")
        )
        return f"{user.pk}|{user.password}|{user.email}|{user.is_active}|{timestamp}|{devices}"

    def check_token(self, user: Any, token: str | None) -> bool:
        if not super().check_token(user, token):
            return False
        assert token is not None  # noqa: S101 -- a valid token is never None
        issued = base36_to_int(token.split("-")[0])
        return self._num_seconds(self._now()) - issued <= OTP_ENROLMENT_LINK_SECONDS


otp_enrolment_tokens = OtpEnrolmentTokenGenerator()


def otp_enrolment_needs_link(user: Any) -> bool:
    """True when the password alone must not enrol a device: the factor is required and not passed yet."""
    return is_administrator(user) and not user.is_verified()


def otp_enrolment_device(*, user: Any, device_id: Any) -> TOTPDevice | None:
    """The unconfirmed device an enrolment link opened in this session, if it is still there."""
    if not isinstance(device_id, int):
        return None
    return TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()


def _dispatch(task: Any, **kwargs: Any) -> None:
    """Send a task to the broker; an outage is logged, never raised into the request that queued it."""
    try:
        task.delay(**kwargs)
    except Exception:
        logger.warning("task %s: dispatch failed", task.name, exc_info=True)


def otp_enrolment_link_request(*, user: User, base_url: str) -> bool:
    """Queue the e-mail with a one-time enrolment link (sent after commit); False if the user has no address."""
    from pmis.accounts.tasks import otp_enrolment_email_task

    if not user.email or not user.is_active:
        return False
    user_id = user.pk
    transaction.on_commit(lambda: _dispatch(otp_enrolment_email_task, user_id=user_id, base_url=base_url))
    logger.info("otp enrolment link requested user=%s", user.get_username())
    return True


def otp_enrolment_email_send(*, user_id: int, base_url: str) -> bool:
    """Mail the link, in the recipient's language. The token is made here, so its lifetime starts at sending."""
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    path = reverse(
        "accounts:otp-enrol",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), otp_enrolment_tokens.make_token(user)],
    )
    context = {"user": user, "url": f"{base_url.rstrip('/')}{path}"}
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/otp_enrolment_subject.txt", context).strip()
        body = render_to_string("accounts/email/otp_enrolment_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


@transaction.atomic
def otp_enrolment_open(*, user: Any, uidb64: str, token: str) -> TOTPDevice | None:
    """Spend an enrolment link of the signed-in user: a fresh unconfirmed device, which also voids the link."""
    try:
        uid = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    if uid != user.pk or not otp_enrolment_tokens.check_token(user, token):
        logger.warning("otp enrolment link refused user=%s", user.get_username())
        return None
    TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
    logger.info("otp enrolment link opened user=%s", user.get_username())
    return TOTPDevice.objects.create(user_id=user.pk, name="default", confirmed=False)


# --- Password reset: the e-mail is sent by a task ----------------------------------------------------------------
#
# Django's PasswordResetForm looks the address up and sends the mail inside the request, so an address that
# belongs to someone answers measurably slower. The request only queues a task with the address; the task
# looks it up and mails (in the recipient's language) or does nothing.

PASSWORD_RESET_SUBJECT = "accounts/email/password_reset_subject.txt"
PASSWORD_RESET_BODY = "accounts/email/password_reset_body.txt"


def password_reset_request(*, email: str, domain: str, use_https: bool) -> None:
    """Queue the reset e-mail for whoever has this address (maybe nobody); the caller learns nothing."""
    from pmis.accounts.tasks import password_reset_email_task

    transaction.on_commit(
        lambda: _dispatch(password_reset_email_task, email=email, domain=domain, use_https=use_https)
    )


class _MailingPasswordResetForm(PasswordResetForm):
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        with translation.override(getattr(context["user"], "language", "") or settings.LANGUAGE_CODE):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


def password_reset_email_send(*, email: str, domain: str, use_https: bool) -> None:
    """Mail a reset link to every active user with a usable password and this address (Django's rules)."""
    form = _MailingPasswordResetForm(data={"email": email})
    if not form.is_valid():
        return
    form.save(
        domain_override=domain,
        use_https=use_https,
        subject_template_name=PASSWORD_RESET_SUBJECT,
        email_template_name=PASSWORD_RESET_BODY,
        from_email=settings.DEFAULT_FROM_EMAIL,
    )
