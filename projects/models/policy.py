"""The versioned RAG policy of the Project Office and per-user saved register filters."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel


class RagPolicy(BaseModel):
    """Thresholds for computed RAG ratings (MONITORING.md). A new version is added, never edited in place."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    green_min = models.DecimalField(_("Green from (achievement)"), max_digits=5, decimal_places=3, default=Decimal("0.95"))
    amber_min = models.DecimalField(_("Amber from (achievement)"), max_digits=5, decimal_places=3, default=Decimal("0.85"))
    milestone_amber_days = models.PositiveSmallIntegerField(
        _("milestone slip still Amber, days"), default=30, validators=[MinValueValidator(1)]
    )
    achievement_cap = models.DecimalField(_("achievement cap"), max_digits=5, decimal_places=3, default=Decimal("1.2"))
    effective_from = models.DateField(_("effective from"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("RAG policy")
        verbose_name_plural = _("RAG policies")

    def __str__(self) -> str:
        return f"RAG v{self.version}"

    @classmethod
    def current(cls) -> RagPolicy:
        """The latest version; version 1 with the MONITORING.md defaults is created if there is none."""
        policy = cls.objects.order_by("-version").first()
        if policy is None:
            with transaction.atomic():
                policy, _created = cls.objects.get_or_create(version=1)
        return policy


class SavedFilter(BaseModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_project_filters", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=120)
    query = models.CharField(_("filter"), max_length=2000, blank=True)

    class Meta:
        ordering = ["user", "name"]
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_filter_unique")]

    def __str__(self) -> str:
        return self.name
