"""Notify people in the app; e-mail goes out as one digest per person, never a storm of single mails."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from pmis.core.texts import Text
from pmis.notifications.models import Notification

if TYPE_CHECKING:
    from pmis.accounts.models import User


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User | None],
    title: Text | str,
    body: Text | str = "",
    url: str = "",
    kind: str = "info",
) -> int:
    """Create one in-app notification per distinct active recipient; returns how many were created.

    Pass `title`/`body` as pmis.core.texts.msg(...): the key and arguments are stored and each recipient reads
    them in their own language; a plain str is stored as it is (the same for every reader)."""
    title_msg, title_en = _stored(title)
    body_msg, body_en = _stored(body)
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient=user,
                title=title_en[:255],
                body=body_en,
                title_msg=title_msg,
                body_msg=body_msg,
                url=url,
                kind=kind,
            )
        )
    Notification.objects.bulk_create(rows)
    return len(rows)


def _stored(text: Text | str) -> tuple[dict[str, Any], str]:
    """The message key to store and the English rendering kept as the plain-text fallback."""
    if isinstance(text, Text):
        return text.as_json(), text.render("en")
    return {}, str(text)


def mark_read(*, user: User, notification_id: int | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


def send_digests() -> int:
    """E-mail each person their unread, not yet e-mailed notifications in one message; returns mails sent."""

    pending = (
        Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True, recipient__is_active=True)
        .exclude(recipient__email="")
        .filter(recipient__email_notifications=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    by_user: dict[int, list[Notification]] = {}
    users: dict[int, User] = {}
    for note in pending:
        by_user.setdefault(note.recipient_id, []).append(note)
        users[note.recipient_id] = note.recipient
    sent = 0
    for user_id, notes in by_user.items():
        user = users[user_id]
        with translation.override(user.language or "ru"):
            context = {
                "user": user,
                "notifications": notes,
                "site_url": getattr(settings, "PMIS_SITE_URL", ""),
            }
            subject = render_to_string("notifications/email/digest_subject.txt", context).strip()
            body = render_to_string("notifications/email/digest_body.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=timezone.now())
        sent += 1
    return sent
