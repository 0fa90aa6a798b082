"""Cross-cutting models: the timestamped base and the Job row every slow operation uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pmis.core.files import RandomName

if TYPE_CHECKING:
    from pmis.accounts.models import User


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # set before save() on a history-tracked model, simple-history copies them into the history row it writes
    _change_reason: str
    _history_user: User | None

    class Meta:
        abstract = True


def localized(obj: object, field: str) -> str:
    """The value of `<field>_<lang>` for the active language, falling back to Russian."""
    lang = (get_language() or "ru")[:2]
    value = getattr(obj, f"{field}_{lang}", "") or ""
    return value or getattr(obj, f"{field}_ru", "") or ""


class TranslatedNameMixin:
    """Models with name_ru / name_kk / name_en get `.name` in the active language."""

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return self.name


class JobQuerySet(models.QuerySet["Job"]):
    def for_user(self, user: User) -> JobQuerySet:
        return self.filter(requested_by=user)

    def unfinished(self) -> JobQuerySet:
        return self.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])


class Job(BaseModel):
    """One background operation: what, for whom, how far, and its result file or error."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    message = models.CharField(_("message"), max_length=255, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    result_file = models.FileField(_("result file"), upload_to=RandomName("jobs"), blank=True)
    result_name = models.CharField(_("result file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    # the message and a user-facing error as a message key plus arguments (pmis.core.texts), so each reader
    # gets them in their language; `message`/`error` keep a plain rendering as the fallback
    message_msg = models.JSONField(_("message (message key)"), default=dict, blank=True)
    error_msg = models.JSONField(_("error (message key)"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("requested by"),
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    language = models.CharField(_("language"), max_length=8, default="ru")

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["status", "dispatched_at"], name="job_status_dispatched")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("core:job-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def message_text(self) -> str:
        """The progress or result message in the active language (the reader's, not the requester's)."""
        from pmis.core.texts import render

        return render(self.message_msg, self.message)

    @property
    def error_text(self) -> str:
        from pmis.core.texts import render

        return render(self.error_msg, self.error)


def current_language() -> str:
    return (get_language() or "ru")[:2]
