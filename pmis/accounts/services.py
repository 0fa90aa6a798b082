"""Writes for people, organizations and second factors."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from pmis.accounts.models import User
from pmis.accounts.roles import is_administrator


def user_has_confirmed_device(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def otp_required_for(user: User) -> bool:
    """A second factor is asked of everyone who turned it on, and always of administrators."""
    return is_administrator(user) or user_has_confirmed_device(user)


@transaction.atomic
def otp_device_start(*, user: User) -> TOTPDevice:
    """Create (or reuse) the user's unconfirmed TOTP device for enrolment."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


@transaction.atomic
def otp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm enrolment when the token matches; other devices of the user are removed."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


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
