"""Budget lines: one per year × funding source × budget program, in tenge."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel
from projects.models.project import Project


class _MoneyOptions(TypedDict):
    max_digits: int
    decimal_places: int
    default: Decimal
    validators: list[MinValueValidator]


_MONEY: _MoneyOptions = {
    "max_digits": 18,
    "decimal_places": 2,
    "default": Decimal("0"),
    "validators": [MinValueValidator(Decimal("0"))],
}


class BudgetLine(BaseModel):
    class Source(models.TextChoices):
        REPUBLICAN = "republican", _("Republican budget")
        LOCAL = "local", _("Local budget")
        NATIONAL_FUND = "national_fund", _("National Fund")
        PPP_PRIVATE = "ppp_private", _("PPP / private")
        OTHER = "other", _("Other")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("project")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source = models.CharField(_("funding source"), max_length=16, choices=Source.choices)
    budget_program_code = models.CharField(_("budget program code"), max_length=40, blank=True)
    plan = models.DecimalField(_("plan"), **_MONEY)
    allocated = models.DecimalField(_("allocated"), **_MONEY)
    committed = models.DecimalField(_("committed"), **_MONEY)
    disbursed = models.DecimalField(_("disbursed"), **_MONEY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "year", "source", "budget_program_code"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "source", "budget_program_code"], name="budget_line_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_source_display()} {self.budget_program_code}".strip()

    @property
    def disbursed_over_committed(self) -> bool:
        """More paid than contracted: a data error or an unrecorded commitment, flagged on the card (not refused:
        disbursements also arrive month by month from monitoring, before the commitment is entered)."""
        return self.disbursed > self.committed
