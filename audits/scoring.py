"""The audit score of AUDIT-SAMPLING.md: score = Σ w·s / Σ w over the answered, applicable items
(compliant 1, partially 0.5, non-compliant 0; not applicable and unanswered left out), and the rating bands
stated on the audit's pages."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

SCORES = {"compliant": Decimal("1"), "partial": Decimal("0.5"), "non_compliant": Decimal("0")}

# (lower bound inclusive, rating code) from the top; the rating codes are Audit.Rating's
BANDS: list[tuple[Decimal, str, StrOrPromise]] = [
    (Decimal("0.90"), "high", _("90% and above: compliant")),
    (Decimal("0.75"), "medium", _("75% to 89.99%: largely compliant")),
    (Decimal("0.50"), "low", _("50% to 74.99%: partially compliant")),
    (Decimal("0"), "none", _("below 50%: non-compliant")),
]


def audit_score(answers: Iterable[tuple[Decimal, str]]) -> Decimal | None:
    """(weight, result) pairs → the score rounded to 4 places, or None when no applicable item is answered."""
    total_weight = Decimal(0)
    total = Decimal(0)
    for weight, result in answers:
        score = SCORES.get(result)
        if score is None or weight <= 0:
            continue
        total_weight += weight
        total += weight * score
    if total_weight == 0:
        return None
    return (total / total_weight).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def rating_for(score: Decimal | None) -> str:
    """The rating code of a score ("" when there is no score)."""
    if score is None:
        return ""
    for bound, code, _label in BANDS:
        if score >= bound:
            return code
    return "none"
