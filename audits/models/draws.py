"""A draw: the frozen population (with its SHA-256), the seed fixed only afterwards, the result; immutable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from audits.models.programme import AuditProgramme, SamplingPolicy
from pmis.core.models import BaseModel


class AuditDraw(BaseModel):
    """Frozen → seeded → drawn. The population list, its hash, the seed, the policy and algorithm versions and
    the result never change once written (services refuse; there is no edit or delete view)."""

    class Status(models.TextChoices):
        FROZEN = "frozen", _("Population frozen")
        COMMITTING = "committing", _("Collecting seed commitments")
        SEEDED = "seeded", _("Seed recorded")
        DRAWN = "drawn", _("Drawn")

    class SeedSource(models.TextChoices):
        DICE = "dice", _("Public dice digits entered by a witness")
        COMMIT_REVEAL = "commit_reveal", _("Commit-then-reveal by several parties")

    number = models.CharField(_("number"), max_length=20, unique=True)
    programme = models.ForeignKey(
        AuditProgramme, on_delete=models.PROTECT, related_name="draws", verbose_name=_("programme")
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    policy = models.ForeignKey(
        SamplingPolicy, on_delete=models.PROTECT, related_name="draws", verbose_name=_("sampling policy")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.FROZEN)
    cutoff_date = models.DateField(_("population as of"))
    # the frozen inputs, as published: ordered codes and, per code, stratum and risk weight and certainty flag
    population = models.JSONField(_("population (project codes in order)"), default=list)
    population_sha256 = models.CharField(_("population SHA-256"), max_length=64)
    # how many codes `population` lists (lists show it without loading the population itself)
    population_size = models.PositiveIntegerField(_("projects in the population"), default=0)
    strata = models.JSONField(_("stratum per project"), default=dict, blank=True)
    weights = models.JSONField(_("risk weight per project"), default=dict, blank=True)
    certainty = models.JSONField(_("certainty projects"), default=list, blank=True)
    allocation = models.JSONField(_("sample per stratum"), default=dict, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("frozen by")
    )
    frozen_at = models.DateTimeField(_("frozen"))
    seed_source = models.CharField(_("seed source"), max_length=16, choices=SeedSource.choices, blank=True)
    seed = models.CharField(_("seed"), max_length=200, blank=True)
    seed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seed recorded by"),
    )
    seed_recorded_at = models.DateTimeField(_("seed recorded"), null=True, blank=True)
    witnesses = models.JSONField(_("witnesses"), default=list, blank=True)
    # commit-then-reveal: once closed no party may commit any more, and the reveals may begin
    commitments_closed_at = models.DateTimeField(_("commitments closed"), null=True, blank=True)
    algorithm_version = models.CharField(_("algorithm version"), max_length=40, blank=True)
    result = models.JSONField(_("result"), default=list, blank=True)
    inputs_sha256 = models.CharField(_("SHA-256 of the published inputs"), max_length=64, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drawn by"),
    )
    drawn_at = models.DateTimeField(_("drawn"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-frozen_at", "-id"]
        verbose_name = _("audit draw")
        verbose_name_plural = _("audit draws")
        constraints = [
            models.UniqueConstraint(fields=["programme", "quarter"], name="audit_draw_one_per_quarter")
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("audits:draw-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("audits:draw-public", args=[self.number])


class DrawItem(models.Model):
    """One drawn project of a draw (also the certainty ones), with its key — for joins and lists; the draw's
    `result` JSON is the published record, these rows mirror it."""

    class Reason(models.TextChoices):
        CERTAINTY = "certainty", _("Audited in full (certainty rule)")
        SAMPLED = "sampled", _("Drawn at random")

    draw = models.ForeignKey(
        AuditDraw, on_delete=models.PROTECT, related_name="items", verbose_name=_("draw")
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    code = models.CharField(_("project code"), max_length=20)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    stratum = models.CharField(_("stratum"), max_length=80, blank=True)
    rank = models.PositiveIntegerField(_("order drawn"))
    key = models.CharField(_("key"), max_length=80, blank=True)
    certainty_rule = models.CharField(_("certainty rule"), max_length=40, blank=True)

    class Meta:
        ordering = ["draw", "rank"]
        verbose_name = _("drawn project")
        verbose_name_plural = _("drawn projects")
        constraints = [models.UniqueConstraint(fields=["draw", "project"], name="audit_draw_item_once")]

    def __str__(self) -> str:
        return f"{self.draw} · {self.code}"


class SeedCommitment(BaseModel):
    """Commit-then-reveal: a party submits SHA-256(secret) first; once every party committed, each reveals the
    secret; the seed is SHA-256 of the reveals joined in party order."""

    draw = models.ForeignKey(
        AuditDraw, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("draw")
    )
    party = models.CharField(_("party"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"))
    commitment = models.CharField(_("commitment (SHA-256 of the secret)"), max_length=64)
    committed_at = models.DateTimeField(_("committed"))
    reveal = models.CharField(_("revealed secret"), max_length=200, blank=True)
    revealed_at = models.DateTimeField(_("revealed"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["draw", "position"]
        verbose_name = _("seed commitment")
        verbose_name_plural = _("seed commitments")
        constraints = [
            models.UniqueConstraint(fields=["draw", "position"], name="audit_commitment_position"),
            models.UniqueConstraint(fields=["draw", "party"], name="audit_commitment_party"),
        ]

    def __str__(self) -> str:
        return f"{self.draw} · {self.party}"
