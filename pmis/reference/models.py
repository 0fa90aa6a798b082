"""Reference data every app shares: the ten basic directions, the city's districts, the UN SDGs.

Directions live here rather than in `portfolio` because the register (`projects`) needs them and may
import only `pmis.*`; `portfolio` owns the direction workspaces built on top of them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel, TranslatedNameMixin


class Direction(TranslatedNameMixin, BaseModel):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    host = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="hosted_directions", verbose_name=_("host organization")
    )
    bdig = models.OneToOneField(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="direction",
        verbose_name=_("implementation group (BDIG)"),
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_directions",
        verbose_name=_("head of direction"),
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coordinated_directions", verbose_name=_("coordinators")
    )
    history = HistoricalRecords(m2m_fields=[coordinators])

    class Meta:
        ordering = ["number"]
        verbose_name = _("basic direction")
        verbose_name_plural = _("basic directions")


class District(TranslatedNameMixin, BaseModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=120)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class SustainableDevelopmentGoal(TranslatedNameMixin, BaseModel):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("UN Sustainable Development Goal")
        verbose_name_plural = _("UN Sustainable Development Goals")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"
