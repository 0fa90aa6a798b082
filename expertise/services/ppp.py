"""PPP calculations on a financial model version (value for money, fiscal commitments, the obligation limit
check) and the obligation limit rules. Every calculation is stored with its inputs, their hash and the
algorithm version; limit rules keep their history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from expertise import appraisal
from expertise.models import FinancialModel, ObligationLimitRule, PppAnalysis, ReviewCase

VFM_SERIES = ("psc_capex", "psc_opex", "psc_lifecycle", "ppp_payments", "government_costs")
VFM_SCALARS = ("competitive_neutrality", "transferable_risk", "retained_risk")
FISCAL_SERIES = ("payments", "probabilities", "exposures")
CLOSED = (ReviewCase.Status.ISSUED, ReviewCase.Status.CLOSED)


def _check_open(model: FinancialModel) -> None:
    if model.case.status in CLOSED:
        raise ValidationError(
            _("The opinion on this case has been issued; the calculations can no longer change.")
        )


def _store(
    *,
    model: FinancialModel,
    actor: Any,
    kind: str,
    inputs: dict[str, Any],
    results: dict[str, Any],
    **extra: Any,
) -> PppAnalysis:
    analysis = PppAnalysis(
        model=model,
        kind=kind,
        inputs=_strings(inputs),
        results=_strings(results),
        inputs_hash=appraisal.inputs_hash({"kind": kind, **inputs}),
        algorithm_version=appraisal.ALGORITHM_VERSION,
        created_by=actor,
        **extra,
    )
    analysis.full_clean()
    analysis.save()
    return analysis


def _strings(value: Any) -> Any:
    """JSON-storable copy with Decimals as exact strings."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strings(v) for v in value]
    return value


@transaction.atomic
def vfm_calculate(
    *,
    model: FinancialModel,
    actor: Any,
    rate: Decimal,
    series: dict[str, list[Decimal]],
    scalars: dict[str, Decimal],
) -> PppAnalysis:
    """PSC against the PPP cost at ``rate``; cost flows are positive amounts per period."""
    _check_open(model)
    if not any(v != 0 for v in series["ppp_payments"]) and not any(
        v != 0 for v in series["government_costs"]
    ):
        raise ValidationError(
            _("Enter the government's payments to the partner (or its own costs) under the PPP.")
        )
    if not any(v != 0 for name in ("psc_capex", "psc_opex", "psc_lifecycle") for v in series[name]):
        raise ValidationError(_("Enter the costs of the public sector comparator."))
    # value_for_money's keywords: the series and the scalars by name
    arguments: dict[str, Any] = {**series, **scalars}
    result = appraisal.value_for_money(rate, **arguments)
    inputs = {"rate": rate, **series, **scalars}
    return _store(model=model, actor=actor, kind=PppAnalysis.Kind.VFM, inputs=inputs, results=result)


@transaction.atomic
def fiscal_calculate(
    *, model: FinancialModel, actor: Any, rate: Decimal, series: dict[str, list[Decimal]]
) -> PppAnalysis:
    """Direct commitments (PV), contingent liabilities (expected value) and the maximum exposure."""
    _check_open(model)
    try:
        result = appraisal.fiscal_commitments(
            rate, series["payments"], series["probabilities"], series["exposures"]
        )
    except ValueError:
        raise ValidationError(_("Probabilities must be between 0 and 1.")) from None
    inputs = {"rate": rate, **series}
    return _store(model=model, actor=actor, kind=PppAnalysis.Kind.FISCAL, inputs=inputs, results=result)


def limit_rule_for(year: int, level: str = ObligationLimitRule.Level.LOCAL) -> ObligationLimitRule | None:
    return ObligationLimitRule.objects.select_related("legal_act").filter(level=level, year=year).first()


@transaction.atomic
def limit_check(
    *,
    model: FinancialModel,
    actor: Any,
    year: int,
    existing: Decimal,
    new: Decimal,
    override_reason: str = "",
) -> PppAnalysis:
    """Utilisation of the local PPP obligation limit of ``year``; above 100% needs a reason to override."""
    _check_open(model)
    rule = limit_rule_for(year)
    if rule is None or rule.limit is None or rule.limit <= 0:
        raise ValidationError(
            {"year": _("No PPP obligation limit rule is configured for %(year)s.") % {"year": year}}
        )
    if existing < 0 or new < 0:
        raise ValidationError(_("Obligations cannot be negative."))
    utilisation, exceeded = appraisal.obligation_limit_check(existing, new, rule.limit)
    reason = override_reason.strip()
    if exceeded and not reason:
        raise ValidationError(
            {
                "override_reason": _(
                    "The obligations exceed the limit (%(pct)s%%): give the reason to override it."
                )
                % {"pct": f"{utilisation * 100:.1f}"}
            }
        )
    inputs = {"year": year, "level": rule.level, "existing": existing, "new": new, "limit": rule.limit}
    results = {
        "limit": rule.limit,
        "utilisation": utilisation,
        "exceeded": exceeded,
        "headroom": rule.limit - existing - new,
    }
    return _store(
        model=model,
        actor=actor,
        kind=PppAnalysis.Kind.LIMIT,
        inputs=inputs,
        results=results,
        limit_rule=rule,
        override_reason=reason if exceeded else "",
    )


def latest_analyses(model: FinancialModel) -> dict[str, PppAnalysis]:
    """The latest calculation of each kind for a model version (one query)."""
    latest: dict[str, PppAnalysis] = {}
    for analysis in model.ppp_analyses.select_related("created_by", "limit_rule").order_by(
        "-created_at", "-id"
    ):
        latest.setdefault(analysis.kind, analysis)
    return latest


@transaction.atomic
def limit_rule_save(*, rule: ObligationLimitRule, actor: Any) -> ObligationLimitRule:
    """Create or change a limit rule (history keeps every version): a limit amount or a base with a percentage."""
    if rule.amount is None and (rule.base_amount is None or rule.percentage is None):
        raise ValidationError(_("Give either the limit amount or the base amount with the percentage."))
    rule.full_clean()
    rule.save()
    return rule
