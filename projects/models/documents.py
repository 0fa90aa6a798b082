"""Project documents and the methodology library of versioned templates."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.files import random_storage_name
from pmis.core.models import BaseModel, TranslatedNameMixin, localized
from projects.models.project import Project


def document_upload_to(instance: Any, filename: str) -> str:
    """Under the project's folder, with a random name (only the extension of the uploaded name is kept)."""
    return random_storage_name(f"projects/{instance.project_id}", filename)


def template_upload_to(instance: Any, filename: str) -> str:
    return random_storage_name(f"methodology/{instance.template_id}", filename)


class MethodologyTemplate(TranslatedNameMixin, BaseModel):
    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Project passport")
        PLAN = "plan", _("Implementation plan")
        STATUS_REPORT = "status_report", _("Status report")
        CHANGE_REQUEST = "change_request", _("Change request")
        CLOSURE_REPORT = "closure_report", _("Closure report")
        RISK_REGISTER = "risk_register", _("Risk register")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title_ru = models.CharField(_("title (Russian)"), max_length=255)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=255, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "title_ru"]
        verbose_name = _("methodology template")
        verbose_name_plural = _("methodology templates")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def name(self) -> str:
        return self.title


class MethodologyTemplateVersion(BaseModel):
    template = models.ForeignKey(
        MethodologyTemplate, on_delete=models.CASCADE, related_name="versions", verbose_name=_("template")
    )
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=template_upload_to, max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    published_at = models.DateTimeField(_("published at"))
    is_current = models.BooleanField(_("current version"), default=True)
    notes = models.TextField(_("what changed"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "-version"]
        verbose_name = _("methodology template version")
        verbose_name_plural = _("methodology template versions")
        constraints = [
            models.UniqueConstraint(fields=["template", "version"], name="template_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.version}"


class Document(BaseModel):
    class Type(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        PLAN = "plan", _("Implementation plan")
        STATUS_REPORT = "status_report", _("Status report")
        CHANGE_REQUEST = "change_request", _("Change request")
        CLOSURE_REPORT = "closure_report", _("Closure report")
        ACT = "act", _("Acceptance act")
        CONTRACT = "contract", _("Contract")
        PHOTO = "photo", _("Photo")
        OTHER = "other", _("Other")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="documents", verbose_name=_("project")
    )
    doc_type = models.CharField(_("document type"), max_length=16, choices=Type.choices, default=Type.OTHER)
    title = models.CharField(_("title"), max_length=500)
    version = models.CharField(_("version"), max_length=20, default="1")
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    content_type = models.CharField(_("content type"), max_length=120)
    original_name = models.CharField(_("original file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    milestone = models.ForeignKey(
        "projects.Milestone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("evidence for milestone"),
    )
    template_version = models.ForeignKey(
        MethodologyTemplateVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("methodology template followed"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"
