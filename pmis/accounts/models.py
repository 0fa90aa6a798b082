"""People and organizations: the custom user and the organization tree (Akimat, departments, ADC, BDIGs)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import BaseModel, TranslatedNameMixin


class Organization(TranslatedNameMixin, BaseModel):
    class Kind(models.TextChoices):
        AKIMAT = "akimat", _("Akimat")
        DEPARTMENT = "department", _("Department of the Akimat")
        DISTRICT_AKIMAT = "district_akimat", _("District akimat")
        PROJECT_OFFICE = "project_office", _("Project Office")
        SAC = "sac", _("Situational-Analytical Center")
        GENPLAN = "genplan", _("Almatygenplan")
        BDIG = "bdig", _("Basic-direction implementation group")
        OTHER = "other", _("Other organization")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name_ru"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")


class User(AbstractUser):
    middle_name = models.CharField(_("patronymic"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organization"),
    )
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("ru", "Русский"), ("kk", "Қазақша"), ("en", "English")],
        default="ru",
    )
    email_notifications = models.BooleanField(_("e-mail digest of notifications"), default=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    _pmis_roles: frozenset[str]  # the role names, cached for the request by pmis.accounts.roles.role_names

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part).strip()
