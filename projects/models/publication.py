"""The public face of one project: versions of its plain-language summary, approved by the Project Office.

A department writes a draft (summary and "what changes for residents" in kk, ru and en; which photos and
documents of the project are public) and submits it; the Project Office approves it (never its own author's
draft: four eyes) or returns it with a note. The approved version becomes the live one — the only version the
public pages and open data read — and the previous live version is superseded. Withdrawal takes the live
version down at once. A confidential project can never have a live version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel, localized
from projects.models.documents import Document
from projects.models.project import Project

PUBLIC_LANGUAGES = ("kk", "ru", "en")
LANGUAGE_LABELS = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}


class Publication(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("publication status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("publication status", "Awaiting approval")
        RETURNED = "returned", pgettext_lazy("publication status", "Returned for revision")
        LIVE = "live", pgettext_lazy("publication status", "Published")
        SUPERSEDED = "superseded", pgettext_lazy("publication status", "Superseded")
        WITHDRAWN = "withdrawn", pgettext_lazy("publication status", "Withdrawn")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="publications", verbose_name=_("project")
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    summary_kk = models.TextField(_("public summary (Kazakh)"), blank=True)
    summary_ru = models.TextField(_("public summary (Russian)"), blank=True)
    summary_en = models.TextField(_("public summary (English)"), blank=True)
    benefits_kk = models.TextField(_("what changes for residents (Kazakh)"), blank=True)
    benefits_ru = models.TextField(_("what changes for residents (Russian)"), blank=True)
    benefits_en = models.TextField(_("what changes for residents (English)"), blank=True)
    photos = models.ManyToManyField(
        Document, blank=True, related_name="public_photo_in", verbose_name=_("public photos")
    )
    documents = models.ManyToManyField(
        Document, blank=True, related_name="public_document_in", verbose_name=_("public documents")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or returned by"),
    )
    decided_at = models.DateTimeField(_("approved or returned at"), null=True, blank=True)
    return_note = models.TextField(_("why it was returned"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.TextField(_("why it was withdrawn"), blank=True)
    withdraw_reason_msg = models.JSONField(
        _("why the system withdrew it"),
        default=dict,
        blank=True,
        help_text=_("When the system withdrew the version: its reason, shown in the reader's language."),
    )
    history = HistoricalRecords(m2m_fields=[photos, documents])

    class Meta:
        ordering = ["project", "-version"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(fields=["project", "version"], name="publication_version_unique"),
            models.UniqueConstraint(
                fields=["project"], condition=models.Q(status="live"), name="publication_one_live"
            ),
        ]
        indexes = [models.Index(fields=["status", "project"], name="publication_status")]

    def __str__(self) -> str:
        return f"{self.project_id} v{self.version}"

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def benefits(self) -> str:
        return localized(self, "benefits")

    @property
    def texts(self) -> list[tuple[str, str, str, str]]:
        """(language, its name, summary, "what changes") per public language, for side-by-side display."""
        return [
            (
                lang,
                str(LANGUAGE_LABELS[lang]),
                getattr(self, f"summary_{lang}"),
                getattr(self, f"benefits_{lang}"),
            )
            for lang in PUBLIC_LANGUAGES
        ]

    @property
    def withdraw_reason_text(self) -> str:
        """Why the version was withdrawn: the system's reason in the reader's language, or what staff typed."""
        from pmis.core.texts import render

        if self.withdraw_reason_msg:
            return render(self.withdraw_reason_msg, self.withdraw_reason)
        return self.withdraw_reason

    def missing_language_names(self) -> list[str]:
        """The names of the languages still missing, in the reader's language."""
        return [str(LANGUAGE_LABELS[lang]) for lang in self.missing_languages()]

    def missing_languages(self) -> list[str]:
        """The languages whose summary or "what changes" text, or the project's own title in the register, is
        still empty (submission is refused then: a citizen must not meet a Russian heading on a Kazakh page)."""
        return [
            lang
            for lang in PUBLIC_LANGUAGES
            if not (getattr(self, f"summary_{lang}") or "").strip()
            or not (getattr(self, f"benefits_{lang}") or "").strip()
            or not (getattr(self.project, f"title_{lang}") or "").strip()
        ]
