"""The yearly audit programme and its versioned sampling policy (fixed before any draw uses it)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel


class AuditProgramme(BaseModel):
    """A year's audit programme: how many audits per quarter, who owns it, approved by the head of the Project
    Office (four eyes: the owner does not approve their own programme)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    quota_q1 = models.PositiveSmallIntegerField(_("audits in quarter 1"), default=0)
    quota_q2 = models.PositiveSmallIntegerField(_("audits in quarter 2"), default=0)
    quota_q3 = models.PositiveSmallIntegerField(_("audits in quarter 3"), default=0)
    quota_q4 = models.PositiveSmallIntegerField(_("audits in quarter 4"), default=0)
    objectives = models.TextField(_("objectives and scope"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")

    def __str__(self) -> str:
        return str(_("Audit programme %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("audits:programme-detail", args=[self.pk])

    def quota(self, quarter: int) -> int:
        return int(getattr(self, f"quota_q{quarter}"))

    @property
    def total_quota(self) -> int:
        return self.quota_q1 + self.quota_q2 + self.quota_q3 + self.quota_q4


class SamplingPolicy(BaseModel):
    """A version of the sampling rules of a programme. Editable while a draft; `fixed` once a draw used it
    (then never edited again: a change is a new version)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FIXED = "fixed", _("Fixed (used by a draw)")

    class Method(models.TextChoices):
        SIMPLE = "simple", _("Simple random (SHA-256 draw)")
        STRATIFIED = "stratified", _("Stratified (seeded ranking within strata)")
        RISK_WEIGHTED = "risk_weighted", _("Risk-weighted (Efraimidis–Spirakis)")

    class Allocation(models.TextChoices):
        PROPORTIONAL = "proportional", _("Proportional")
        NEYMAN = "neyman", _("Neyman")
        FIXED_MINIMUM = "fixed_minimum", _("Fixed minimum per stratum, rest proportional")

    programme = models.ForeignKey(
        AuditProgramme, on_delete=models.PROTECT, related_name="policies", verbose_name=_("programme")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    method = models.CharField(
        _("sampling method"), max_length=16, choices=Method.choices, default=Method.STRATIFIED
    )
    # eligibility
    eligible_stages = models.JSONField(_("eligible stages"), default=list, blank=True)
    months_since_audit = models.PositiveSmallIntegerField(_("not audited in the last N months"), default=12)
    # strata: project type × budget band (band edges in tenge, ascending)
    stratify_by_type = models.BooleanField(_("stratify by project type"), default=True)
    budget_bands = models.JSONField(_("budget band edges, ₸"), default=list, blank=True)
    allocation = models.CharField(
        _("allocation"), max_length=16, choices=Allocation.choices, default=Allocation.PROPORTIONAL
    )
    minimum_per_stratum = models.PositiveSmallIntegerField(_("minimum per stratum"), default=0)
    # risk weights: factor key → weight (Decimal as string); formulas are shown on the policy page
    risk_weights = models.JSONField(_("risk weights"), default=dict, blank=True)
    # certainty rules: audited in full, listed apart
    certainty_budget_threshold = models.DecimalField(
        _("audit in full above a budget of, ₸"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    certainty_red_twice = models.BooleanField(_("audit in full when Red two periods in a row"), default=True)
    sample_size = models.PositiveSmallIntegerField(_("sample size (besides certainty items)"), default=10)
    # the attribute sample-size calculator's inputs that justified the size (kept for the record)
    confidence_risk = models.DecimalField(
        _("risk of over-reliance α"), max_digits=5, decimal_places=4, default=Decimal("0.05")
    )
    tolerable_rate = models.DecimalField(
        _("tolerable deviation rate p"), max_digits=5, decimal_places=4, default=Decimal("0.10")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    fixed_at = models.DateTimeField(_("fixed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "-version"]
        verbose_name = _("sampling policy")
        verbose_name_plural = _("sampling policies")
        constraints = [models.UniqueConstraint(fields=["programme", "version"], name="audit_policy_version")]

    def __str__(self) -> str:
        return str(
            _("Sampling policy %(year)s v%(version)s")
            % {"year": self.programme.year, "version": self.version}
        )

    def get_absolute_url(self) -> str:
        return reverse("audits:policy-detail", args=[self.pk])

    @property
    def is_fixed(self) -> bool:
        return self.status == self.Status.FIXED
