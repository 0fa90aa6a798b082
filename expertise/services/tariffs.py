"""Writes for tariff cases, the bridge from the models to the pure engine, and the verification report job."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.utils import bulk_create_with_history

from expertise import tariffs as engine
from expertise.models.tariffs import (
    Carrier,
    CheckCode,
    ClaimCheck,
    CostLine,
    NormCode,
    Route,
    RoutePeriodData,
    SubsidyContract,
    TariffCase,
    TariffNorm,
)
from pmis.core.jobs import JobError, JobOutput, Progress, job_create, job_handler
from pmis.core.models import Job, current_language

REPORT_JOB = "expertise.tariff_report"

# The engine's notes are codes; these are what users read.
CHECK_NOTES = {
    "above plan": gettext_lazy("above the plan"),
    "below plan": gettext_lazy("below the plan"),
    "above GPS": gettext_lazy("above the GPS record"),
    "above norm": gettext_lazy("above the norm"),
    "below norm": gettext_lazy("far below the norm"),
    "fewer than validations": gettext_lazy("fewer than e-ticket validations"),
    "more than validations": gettext_lazy("more than e-ticket validations"),
    "above headcount × rate": gettext_lazy("above headcount × rate"),
    "above the asset register": gettext_lazy("above the asset register"),
    "below threshold": gettext_lazy("below the threshold"),
    "above the contract cap": gettext_lazy("above the contract cap"),
    "no timetable": gettext_lazy("no timetable given"),
    "no validations": gettext_lazy("no validation data"),
    "no rate": gettext_lazy("no wage rate norm"),
    "no register": gettext_lazy("no asset register data"),
    "no cap": gettext_lazy("no cap in the contract"),
    "not claimed": gettext_lazy("no fuel data"),
    "no claimed amount": gettext_lazy("no claimed amount"),
    "no fuel norm": gettext_lazy("no fuel consumption norm"),
    "no plan or GPS": gettext_lazy("no planned or GPS km"),
}


def check_note(note: str) -> str:
    return ", ".join(str(CHECK_NOTES.get(part, part)) for part in note.split(", ")) if note else ""


# ------------------------------------------------------------------------------------ calculation


@dataclass
class Calculation:
    """The engine's result for a case (or the reason it could not be computed), with the norms used.

    `frozen` is true for an issued verification: it is computed on the norms and contract terms recorded
    when it was issued, not on today's reference data."""

    result: engine.CaseResult | None
    norms: list[TariffNorm] = field(default_factory=list)
    error: str = ""
    frozen: bool = False


@dataclass(frozen=True)
class ContractTerms:
    fare: Decimal
    fare_basis: str
    cap: Decimal | None


def issued_basis(case: TariffCase, norms: list[TariffNorm]) -> dict[str, Any]:
    """The norms and contract terms a verification is issued on, as JSON."""
    contract = case.contract
    return {
        "norms": [
            {
                "id": n.pk,
                "code": n.code,
                "value": str(n.value),
                "unit": n.unit,
                "legal_source": n.legal_source,
                "valid_from": n.valid_from.isoformat(),
                "valid_to": n.valid_to.isoformat() if n.valid_to else None,
            }
            for n in norms
        ],
        "fare": str(contract.fare),
        "fare_basis": contract.fare_basis,
        "cap": None if contract.cap_amount is None else str(contract.cap_amount),
    }


def _frozen_norms(basis: dict[str, Any]) -> list[TariffNorm]:
    return [
        TariffNorm(
            pk=n["id"],
            code=n["code"],
            value=Decimal(n["value"]),
            unit=n["unit"],
            legal_source=n["legal_source"],
            valid_from=date.fromisoformat(n["valid_from"]),
            valid_to=date.fromisoformat(n["valid_to"]) if n["valid_to"] else None,
        )
        for n in basis.get("norms", [])
    ]


def case_terms(case: TariffCase) -> ContractTerms:
    """The fare, fare basis and cap the case is calculated on (frozen ones once the verification is issued)."""
    basis = case.issued_basis if case.status == TariffCase.Status.VERIFIED else None
    if basis:
        return ContractTerms(
            Decimal(basis["fare"]),
            basis["fare_basis"],
            None if basis["cap"] is None else Decimal(basis["cap"]),
        )
    contract = case.contract
    return ContractTerms(contract.fare, contract.fare_basis, contract.cap_amount)


def case_norms(case: TariffCase) -> list[TariffNorm]:
    """The norms valid on the first day of the case's period; the latest one per parameter wins."""
    latest: dict[str, TariffNorm] = {}
    for norm in TariffNorm.objects.valid_on(case.period_start).order_by("code", "-valid_from"):
        latest.setdefault(norm.code, norm)
    return list(latest.values())


def norm_set(norms: list[TariffNorm]) -> engine.NormSet:
    return engine.NormSet({n.code: engine.Norm(n.code, n.value, n.unit, n.legal_source) for n in norms})


def route_input(data: RoutePeriodData, lines: list[CostLine]) -> engine.RouteInput:
    claimed: dict[str, Decimal] = {}
    for line in lines:
        claimed[line.item] = claimed.get(line.item, Decimal(0)) + line.amount
    return engine.RouteInput(
        route=data.route.number,
        actual_km=data.actual_km,
        planned_km=data.planned_km,
        gps_km=data.gps_km,
        trips_planned=Decimal(data.trips_planned),
        trips_completed=Decimal(data.trips_completed),
        passengers_paying=data.passengers_paying,
        passengers_benefit=data.passengers_benefit,
        passenger_km=data.passenger_km,
        e_ticket_validations=data.e_ticket_validations,
        fuel_litres=data.fuel_litres,
        headcount=data.headcount,
        wage_fund=data.wage_fund,
        depreciation=data.depreciation,
        depreciation_register=data.depreciation_register,
        non_route_costs=data.non_route_costs,
        other_revenue=data.other_revenue,
        claimed_costs=claimed,
        claimed_subsidy=data.claimed_subsidy,
    )


def tariff_case_calculate(
    *,
    case: TariffCase,
    route_data: list[RoutePeriodData],
    cost_lines: list[CostLine],
    norms: list[TariffNorm] | None = None,
    netting: bool | None = None,
) -> Calculation:
    """Run the engine on the case's data (already loaded); `netting` overrides the case's policy for a what-if.

    An issued verification is computed on the norms and contract terms frozen when it was issued."""
    basis = case.issued_basis if case.status == TariffCase.Status.VERIFIED else None
    frozen = bool(basis)
    if norms is None:
        norms = _frozen_norms(basis) if basis else case_norms(case)
    terms = case_terms(case)
    by_route: dict[int, list[CostLine]] = {}
    for line in cost_lines:
        by_route.setdefault(line.route_id, []).append(line)
    inputs = [route_input(data, by_route.get(data.route_id, [])) for data in route_data]
    try:
        result = engine.verify_case(
            inputs,
            norms=norm_set(norms),
            fare=terms.fare,
            fare_basis=terms.fare_basis,
            method=case.cost_method,
            netting=case.netting if netting is None else netting,
            cap=terms.cap,
        )
    except engine.TariffError as exc:
        return Calculation(result=None, norms=norms, error=_calculation_error(exc), frozen=frozen)
    return Calculation(result=result, norms=norms, frozen=frozen)


def _calculation_error(exc: engine.TariffError) -> str:
    text = str(exc)
    for code in engine.NORM_CODES:
        if f"'{code}'" in text:
            return _("The norm “%(norm)s” is not set for the case's period.") % {"norm": NormCode(code).label}
    return _("The calculation could not be completed: %(error)s") % {"error": text}


# ------------------------------------------------------------------------------------------- writes


@transaction.atomic
def tariff_case_create(
    *,
    contract: Any,
    period_start: date,
    period_end: date,
    assigned_expert: Any,
    netting: bool,
    cost_method: str,
    claimed_subsidy: Decimal | None,
    actor: Any,
) -> TariffCase:
    """Open a case for a contract and period, assigned to an expert."""
    case = TariffCase(
        contract=contract,
        period_start=period_start,
        period_end=period_end,
        assigned_expert=assigned_expert,
        netting=netting,
        cost_method=cost_method,
        claimed_subsidy=claimed_subsidy,
    )
    case._history_user = actor  # type: ignore[attr-defined]
    case.full_clean()
    case.save()
    return case


def _require_editable(case: TariffCase) -> None:
    if not case.is_editable:
        raise ValidationError(_("A verified or rejected case cannot be changed; reopen it first."))


@transaction.atomic
def tariff_case_update(*, case: TariffCase, fields: list[str], actor: Any) -> TariffCase:
    """Save the changed settings of a case (form data already on the instance)."""
    if not fields:
        return case
    _require_editable(case)
    case._history_user = actor  # type: ignore[attr-defined]
    case.full_clean()
    case.save(update_fields=[*fields, "updated_at"])
    return case


@transaction.atomic
def tariff_case_assign(*, case: TariffCase, expert: Any, actor: Any) -> TariffCase:
    """Assign (or re-assign) the case's expert."""
    case.assigned_expert = expert
    case._history_user = actor  # type: ignore[attr-defined]
    case.save(update_fields=["assigned_expert", "updated_at"])
    return case


@transaction.atomic
def route_data_save(*, case: TariffCase, data: RoutePeriodData, actor: Any) -> RoutePeriodData:
    """Create or update one route's figures; the route must belong to the case's contract."""
    _require_editable(case)
    data.case = case
    if not case.contract.routes.filter(pk=data.route_id).exists():
        raise ValidationError({"route": _("This route is not in the subsidy contract.")})
    if data.trips_completed > data.trips_planned and data.trips_planned:
        raise ValidationError({"trips_completed": _("More trips completed than the timetable has.")})
    data._history_user = actor  # type: ignore[attr-defined]
    data.full_clean()
    data.save()
    return data


@transaction.atomic
def route_data_delete(*, case: TariffCase, data: RoutePeriodData, actor: Any) -> None:
    """Remove a route from the case, with its cost lines."""
    _require_editable(case)
    for line in CostLine.objects.filter(case=case, route_id=data.route_id):
        line._history_user = actor  # type: ignore[attr-defined]
        line.delete()
    data._history_user = actor  # type: ignore[attr-defined]
    data.delete()


@transaction.atomic
def cost_line_create(*, case: TariffCase, line: CostLine, actor: Any) -> CostLine:
    """Add a claimed cost line for a route already in the case."""
    _require_editable(case)
    line.case = case
    if not RoutePeriodData.objects.filter(case=case, route_id=line.route_id).exists():
        raise ValidationError({"route": _("Enter the route's figures first.")})
    line._history_user = actor  # type: ignore[attr-defined]
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def cost_line_update(*, case: TariffCase, line: CostLine, actor: Any) -> CostLine:
    """Save an edited cost line (form data already on the instance); the route must be in the case."""
    _require_editable(case)
    if line.case_id != case.pk:
        raise ValidationError(_("This cost line belongs to another case."))
    if not RoutePeriodData.objects.filter(case=case, route_id=line.route_id).exists():
        raise ValidationError({"route": _("Enter the route's figures first.")})
    line._history_user = actor  # type: ignore[attr-defined]
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def cost_line_delete(*, case: TariffCase, line: CostLine, actor: Any) -> None:
    _require_editable(case)
    line._history_user = actor  # type: ignore[attr-defined]
    line.delete()


def _record_checks(case: TariffCase, calculation: Calculation, route_ids: dict[str, int], actor: Any) -> None:
    ClaimCheck.objects.filter(case=case).delete()
    assert calculation.result is not None
    checks = [
        ClaimCheck(
            case=case,
            route_id=route_ids.get(check.route) if check.route else None,
            code=check.code,
            passed=check.passed,
            expected=None if check.expected is None else check.expected.quantize(Decimal("0.001")),
            actual=None if check.actual is None else check.actual.quantize(Decimal("0.001")),
            adjustment=check.adjustment.quantize(Decimal("0.01")),
            note=check.note[:255],
        )
        for check in calculation.result.checks
    ]
    bulk_create_with_history(checks, ClaimCheck, default_user=actor)


SUBMIT, VERIFY, REJECT, REOPEN = "submit", "verify", "reject", "reopen"
TRANSITIONS = {
    SUBMIT: ((TariffCase.Status.DRAFT,), TariffCase.Status.IN_REVIEW),
    VERIFY: ((TariffCase.Status.IN_REVIEW,), TariffCase.Status.VERIFIED),
    REJECT: ((TariffCase.Status.IN_REVIEW,), TariffCase.Status.REJECTED),
    REOPEN: (
        (TariffCase.Status.IN_REVIEW, TariffCase.Status.VERIFIED, TariffCase.Status.REJECTED),
        TariffCase.Status.DRAFT,
    ),
}


@transaction.atomic
def tariff_case_transition(
    *, case: TariffCase, action: str, actor: Any, conclusion: str = "", unchecked_reason: str = ""
) -> TariffCase:
    """Move the case through draft → in review → verified / rejected; submit and verify record the checks.

    Verifying while some checks could not run (data missing) needs a reason, kept on the case and in its history."""
    if action not in TRANSITIONS:
        raise ValidationError(_("Unknown action."))
    sources, target = TRANSITIONS[action]
    if case.status not in sources:
        raise ValidationError(_("This action is not possible in the case's current status."))
    if action == REJECT and not conclusion.strip():
        raise ValidationError(_("Give the reason for rejecting the claim."))
    fields = ["status", "updated_at"]
    if action in (SUBMIT, VERIFY):
        route_data = list(RoutePeriodData.objects.filter(case=case).select_related("route"))
        if not route_data:
            raise ValidationError(_("Enter the figures of at least one route first."))
        calculation = tariff_case_calculate(
            case=case, route_data=route_data, cost_lines=list(CostLine.objects.filter(case=case))
        )
        if calculation.result is None:
            raise ValidationError(calculation.error)
        _record_checks(case, calculation, {d.route.number: d.route_id for d in route_data}, actor)
        case.verified_subsidy = calculation.result.subsidy.quantize(Decimal("0.01"))
        fields.append("verified_subsidy")
    if action == VERIFY:
        assert calculation.result is not None
        unchecked = calculation.result.not_checked
        reason = unchecked_reason.strip()
        if unchecked and not reason:
            raise ValidationError(
                {
                    "unchecked_reason": ngettext(
                        "%(n)s check could not run for want of data (%(checks)s): give the reason to confirm the subsidy without it.",
                        "%(n)s checks could not run for want of data (%(checks)s): give the reason to confirm the subsidy without them.",
                        len(unchecked),
                    )
                    % {
                        "n": len(unchecked),
                        "checks": ", ".join(sorted({str(CheckCode(c.code).label) for c in unchecked})),
                    }
                }
            )
        case.unchecked_reason = reason if unchecked else ""
        fields.append("unchecked_reason")
        case.verified_at = timezone.now()
        case.issued_basis = issued_basis(case, calculation.norms)
        fields += ["verified_at", "issued_basis"]
    if action == REOPEN:
        case.verified_at = None
        case.issued_basis = None
        case.unchecked_reason = ""
        fields += ["verified_at", "issued_basis", "unchecked_reason"]
    if conclusion.strip():
        case.conclusion = conclusion.strip()
        fields.append("conclusion")
    case.status = target
    case._history_user = actor  # type: ignore[attr-defined]
    case.save(update_fields=fields)
    return case


# -------------------------------------------------------------------------------------- the report


REPORT_LANGUAGES = ("ru", "kk", "en")


def tariff_report_request(*, case: TariffCase, actor: Any, language: str | None = None) -> Job:
    """Queue the verification report PDF in `language` (default: the requester's); the job's own messages stay in
    the requester's language. Dispatched when the transaction commits."""
    document_language = language if language in REPORT_LANGUAGES else current_language()
    return job_create(
        kind=REPORT_JOB,
        requested_by=actor,
        params={"case_id": case.pk, "language": document_language},
        target=case,
    )


def tariff_report_context(case: TariffCase) -> dict[str, Any]:
    from expertise.selectors_tariffs import tariff_case_page

    return tariff_case_page(case=case)


def tariff_report_charts(chart: dict[str, Any]) -> list[str]:
    """The report's charts as inline SVG: cost structure per km by route, km and subsidy by period."""
    from django.utils.safestring import mark_safe

    from pmis.core.svg import Series, bar_chart

    labels = chart["labels"]
    svgs = []
    if chart["routes"] and chart["structure"]:
        svgs.append(
            bar_chart(
                chart["routes"],
                [Series(s["label"], s["values"]) for s in chart["structure"]],
                title=labels["structure"],
                stacked=True,
                height=300,  # one legend row per few cost items
            )
        )
    if chart["periods"]:
        svgs.append(
            bar_chart(
                chart["periods"],
                [Series(labels[k], chart[k]) for k in ("planned_km", "actual_km", "gps_km")],
                title=labels["km_title"],
            )
        )
        svgs.append(
            bar_chart(
                chart["periods"],
                [Series(labels[k], chart[k]) for k in ("claimed", "subsidy")],
                title=labels["subsidy_title"],
            )
        )
    return [mark_safe(svg) for svg in svgs]  # noqa: S308 - built from escaped labels and numbers only


@job_handler(REPORT_JOB, queue="documents")
def tariff_report_job(job: Job, progress: Progress) -> JobOutput:
    from pmis.core.pdf import render_pdf

    case = TariffCase.objects.with_parties().filter(pk=job.params.get("case_id")).first()
    if case is None:
        raise JobError(_("The tariff case no longer exists."))
    progress(10, _("Calculating"))
    # the report's language is the one it was requested in; its labels, chart texts and number formats are
    # all made inside it, never in the language some other code left active
    language = job.params.get("language") or job.language or "ru"
    with translation.override(language):
        context = tariff_report_context(case)
        if context["calculation"].result is None:
            raise JobError(context["calculation"].error)
        number = _("Tariff verification No. %(pk)s") % {"pk": case.pk}
        context["charts_svg"] = tariff_report_charts(context["chart"])
    progress(50, _("Rendering the PDF"))
    content = render_pdf(
        "expertise/tariffs/pdf/report.html",
        {**context, "generated_at": timezone.now()},
        document_number=number,
        language=language,
    )
    return JobOutput(
        filename=f"tariff-verification-{case.pk}.pdf", content=content, message=_("The report is ready.")
    )


# ------------------------------------------------------------------------------------ reference data


def _save(obj: Any, actor: Any) -> Any:
    obj._history_user = actor
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def carrier_save(*, carrier: Carrier, actor: Any) -> Carrier:
    """Create or update a carrier (form data already on the instance)."""
    return _save(carrier, actor)


@transaction.atomic
def route_save(*, route: Route, actor: Any) -> Route:
    """Create or update a route (form data already on the instance)."""
    return _save(route, actor)


@transaction.atomic
def contract_save(*, contract: SubsidyContract, routes: list[Route], actor: Any) -> SubsidyContract:
    """Create or update a subsidy contract and its routes; the term must still hold every case opened on it."""
    if contract.pk and contract.period_start and contract.period_end:
        outside = (
            TariffCase.objects.filter(contract=contract)
            .exclude(period_start__gte=contract.period_start, period_end__lte=contract.period_end)
            .order_by("period_start")
            .first()
        )
        if outside is not None:
            raise ValidationError(
                {
                    "period_start": _("Tariff case No. %(pk)s (%(start)s – %(end)s) lies outside this term.")
                    % {
                        "pk": outside.pk,
                        "start": outside.period_start.strftime("%d.%m.%Y"),
                        "end": outside.period_end.strftime("%d.%m.%Y"),
                    }
                }
            )
    _save(contract, actor)
    if {r.pk for r in contract.routes.all()} != {r.pk for r in routes}:
        contract._history_user = actor  # type: ignore[attr-defined]
        contract.routes.set(routes)
    return contract


def norm_issued_cases(norm: TariffNorm) -> list[TariffCase]:
    """Issued verifications whose recorded norms include this version (newest period first)."""
    if norm.pk is None:
        return []
    cases = (
        TariffCase.objects.filter(status=TariffCase.Status.VERIFIED, period_start__gte=norm.valid_from)
        .only("pk", "period_start", "period_end", "issued_basis")
        .order_by("-period_start")
    )
    return [c for c in cases if any(n.get("id") == norm.pk for n in (c.issued_basis or {}).get("norms", []))]


def norms_in_issued_use() -> set[int]:
    """Ids of the norm versions some issued verification was computed on (one query)."""
    used: set[int] = set()
    for basis in TariffCase.objects.filter(status=TariffCase.Status.VERIFIED).values_list(
        "issued_basis", flat=True
    ):
        used.update(n.get("id") for n in (basis or {}).get("norms", []) if n.get("id"))
    return used


FROZEN_NORM_FIELDS = ("code", "value", "unit", "legal_source", "valid_from")


@transaction.atomic
def norm_save(*, norm: TariffNorm, actor: Any, changed: list[str] | None = None) -> TariffNorm:
    """Create a norm version or change one; versions of a parameter never overlap.

    A version an issued verification was computed on keeps its value, unit, source and start: only its end
    can be set (to close it), and a new value is entered as a new version. A new version starting inside an
    open earlier one closes that one the day before, unless an issued verification from that day on used it."""
    issued = norm_issued_cases(norm)
    if issued and changed and set(changed) & set(FROZEN_NORM_FIELDS):
        raise ValidationError(
            _(
                "This version was applied in the issued verification No. %(pk)s; its value, unit, source and start "
                "cannot change. Add a new version from a later date instead."
            )
            % {"pk": issued[0].pk}
        )
    if issued and norm.valid_to and norm.valid_to < issued[0].period_start:
        raise ValidationError(
            {
                "valid_to": _(
                    "The issued verification No. %(pk)s applies this version from %(day)s; it cannot end earlier."
                )
                % {"pk": issued[0].pk, "day": issued[0].period_start.strftime("%d.%m.%Y")}
            }
        )
    if not norm.code or not norm.valid_from:
        norm.full_clean()
    others = (
        TariffNorm.objects.select_for_update()
        .filter(code=norm.code)
        .exclude(pk=norm.pk)
        .order_by("valid_from")
    )
    for other in others:
        overlaps = other.valid_from <= (norm.valid_to or date.max) and norm.valid_from <= (
            other.valid_to or date.max
        )
        if not overlaps:
            continue
        if (
            norm.pk is None
            and other.valid_from < norm.valid_from
            and (other.valid_to is None or other.valid_to >= norm.valid_from)
        ):
            users = [c for c in norm_issued_cases(other) if c.period_start >= norm.valid_from]
            if users:
                raise ValidationError(
                    {
                        "valid_from": _(
                            "The issued verification No. %(pk)s applies the version from %(day)s for a period starting "
                            "%(start)s; start the new version after that."
                        )
                        % {
                            "pk": users[0].pk,
                            "day": other.valid_from.strftime("%d.%m.%Y"),
                            "start": users[0].period_start.strftime("%d.%m.%Y"),
                        }
                    }
                )
            other.valid_to = norm.valid_from - timedelta(days=1)
            other._history_user = actor  # type: ignore[attr-defined]
            other.save(update_fields=["valid_to", "updated_at"])
            continue
        raise ValidationError(
            {
                "valid_from": _("The period overlaps the version valid from %(day)s.")
                % {"day": other.valid_from.strftime("%d.%m.%Y")}
            }
        )
    return _save(norm, actor)
