from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmis.core.models import BaseModel
from pmis.core.texts import render


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(BaseModel):
    """An in-app message to one person; unread ones are e-mailed in a daily digest."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40, default="info")
    title = models.CharField(_("title"), max_length=255)  # English rendering; the fallback for old rows
    body = models.TextField(_("text"), blank=True)
    title_msg = models.JSONField(_("title (message key)"), default=dict, blank=True)
    body_msg = models.JSONField(_("text (message key)"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def title_text(self) -> str:
        """The title in the active language (the reader's on pages, the recipient's in e-mails)."""
        return render(self.title_msg, self.title)

    @property
    def body_text(self) -> str:
        return render(self.body_msg, self.body)
