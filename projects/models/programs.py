"""Program documents (development program, national projects) as a tree of program → goal → task."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel, TranslatedNameMixin


class Program(TranslatedNameMixin, BaseModel):
    class Kind(models.TextChoices):
        DEVELOPMENT_PROGRAM = "development_program", _("Development program")
        NATIONAL_PROJECT = "national_project", _("National project")
        OTHER_PROGRAM = "other_program", _("Other program document")

    class Level(models.TextChoices):
        PROGRAM = "program", _("Program")
        GOAL = "goal", _("Goal")
        TASK = "task", _("Task")

    kind = models.CharField(_("kind of document"), max_length=24, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.PROGRAM)
    code = models.CharField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=500)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=500, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent item")
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("program item")
        verbose_name_plural = _("program items")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
