"""Population shares the citizen results are weighted to: versioned reference data per dimension."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel


class PopulationReference(BaseModel):
    """A version of the population shares of one dimension (district, sex, age band), from a named source.
    Results name the version they were weighted with; a new census makes a new version."""

    class Dimension(models.TextChoices):
        DISTRICT = "district", _("District")
        SEX = "sex", _("Sex")
        AGE_BAND = "age_band", _("Age band")

    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "version"], name="surveys_population_version_unique")
        ]
        verbose_name = _("population reference")
        verbose_name_plural = _("population references")

    def __str__(self) -> str:
        return f"{self.get_dimension_display()} v{self.version}"


class PopulationShare(BaseModel):
    reference = models.ForeignKey(
        PopulationReference, on_delete=models.CASCADE, related_name="shares", verbose_name=_("reference")
    )
    # district code, or a category of surveys.profile (sex, age band)
    category = models.CharField(_("category"), max_length=40)
    share = models.DecimalField(_("share"), max_digits=9, decimal_places=6)
    history = HistoricalRecords()

    class Meta:
        ordering = ["reference", "category"]
        constraints = [
            models.UniqueConstraint(fields=["reference", "category"], name="surveys_population_share_unique")
        ]
        verbose_name = _("population share")
        verbose_name_plural = _("population shares")
