"""The risk factors a sampling policy may weight, with the formula of each (shown on the policy page).

A project's risk score is w(id) = 1 + Σ weight_f × x_f(id) over the factors the policy weights (weights ≥ 0,
so w > 0 always, as Efraimidis–Spirakis needs). Each x_f is computed at the draw's cut-off date from data the
system already has; a factor whose data no app provides is left out and the draw records it as not available.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Factor:
    key: str
    label: StrOrPromise
    formula: StrOrPromise


FACTORS: list[Factor] = [
    Factor(
        "red_periods",
        _("RAG history"),
        _("number of the last four status reports rated Red, divided by 4 (Amber counts one half)"),
    ),
    Factor(
        "budget",
        _("Budget size"),
        _("the project's planned budget divided by the largest planned budget in the population"),
    ),
    Factor(
        "overdue_reports",
        _("Overdue status reports"),
        _("status reports due by the cut-off date but not submitted, divided by 4, at most 1"),
    ),
    Factor(
        "open_escalations",
        _("Open escalations"),
        _("escalations (Red two periods in a row) not yet resolved, at most 3, divided by 3"),
    ),
    Factor(
        "findings",
        _("Earlier findings"),
        _("open findings of earlier audits (critical 1, major 0.5, minor 0.25), at most 1"),
    ),
]

FACTOR_KEYS = [f.key for f in FACTORS]
