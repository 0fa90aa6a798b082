"""Choice lists shared by several project models (and by the monitoring and portfolio apps)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rag(models.TextChoices):
    """A computed health rating (MONITORING.md). NONE means "not rated" and never counts as the worst."""

    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")
    NONE = "none", _("Not rated")


class Confidence(models.TextChoices):
    """The assessed delivery confidence, five-point scale of the UK IPA (MONITORING.md)."""

    GREEN = "green", _("Green")
    AMBER_GREEN = "amber_green", _("Amber/Green")
    AMBER = "amber", _("Amber")
    AMBER_RED = "amber_red", _("Amber/Red")
    RED = "red", _("Red")
