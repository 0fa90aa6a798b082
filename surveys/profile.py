"""Respondent profile categories (optional questions of citizen surveys, used for weighting). District
categories are the codes of `reference.District`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DIMENSIONS = ("district", "sex", "age_band")

SEX = (
    ("female", _("Female")),
    ("male", _("Male")),
)

AGE_BANDS = (
    ("18-29", _("18–29 years")),
    ("30-44", _("30–44 years")),
    ("45-59", _("45–59 years")),
    ("60+", _("60 years and older")),
)
