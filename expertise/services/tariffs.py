"""Writes for tariff cases, the bridge from the models to the pure engine, and the verification report job."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from expertise import tariffs as engine
from expertise.models.tariffs import (
    ClaimCheck,
    CostLine,
    NormCode,
    RoutePeriodData,
    TariffCase,
    TariffNorm,
)
from pmis.core.jobs import JobError, JobOutput, Progress, job_create, job_handler
from pmis.core.models import Job

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
}


def check_note(note: str) -> str:
    return ", ".join(str(CHECK_NOTES.get(part, part)) for part in note.split(", ")) if note else ""


# ------------------------------------------------------------------------------------ calculation


@dataclass
class Calculation:
    """The engine's result for a case (or the reason it could not be computed), with the norms used."""

    result: engine.CaseResult | None
    norms: list[TariffNorm] = field(default_factory=list)
    error: str = ""


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
    """Run the engine on the case's data (already loaded); `netting` overrides the case's policy for a what-if."""
    norms = case_norms(case) if norms is None else norms
    by_route: dict[int, list[CostLine]] = {}
    for line in cost_lines:
        by_route.setdefault(line.route_id, []).append(line)
    inputs = [route_input(data, by_route.get(data.route_id, [])) for data in route_data]
    contract = case.contract
    try:
        result = engine.verify_case(
            inputs,
            norms=norm_set(norms),
            fare=contract.fare,
            fare_basis=contract.fare_basis,
            method=case.cost_method,
            netting=case.netting if netting is None else netting,
            cap=contract.cap_amount,
        )
    except engine.TariffError as exc:
        return Calculation(result=None, norms=norms, error=_calculation_error(exc))
    return Calculation(result=result, norms=norms)


def _calculation_error(exc: engine.TariffError) -> str:
    text = str(exc)
    for code in engine.NORM_CODES:
        if f"'{code}'" in text:
            return _("The norm “%(norm)s” is not set for the case's period.") % {"norm": NormCode(code).label}
    return _("The calculation could not be completed: %(error)s") % {"error": text}


# ------------------------------------------------------------------------------------------- writes


@transaction.atomic
def tariff_case_create(
    *, contract: Any, period_start: date, period_end: date, assigned_expert: Any, netting: bool, cost_method: str,
    claimed_subsidy: Decimal | None, actor: Any,
) -> TariffCase:
    """Open a case for a contract and period, assigned to an expert."""
    case = TariffCase(
        contract=contract, period_start=period_start, period_end=period_end, assigned_expert=assigned_expert,
        netting=netting, cost_method=cost_method, claimed_subsidy=claimed_subsidy,
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
    REOPEN: ((TariffCase.Status.IN_REVIEW, TariffCase.Status.VERIFIED, TariffCase.Status.REJECTED),
             TariffCase.Status.DRAFT),
}


@transaction.atomic
def tariff_case_transition(*, case: TariffCase, action: str, actor: Any, conclusion: str = "") -> TariffCase:
    """Move the case through draft → in review → verified / rejected; submit and verify record the checks."""
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
        case.verified_at = timezone.now()
        fields.append("verified_at")
    if action == REOPEN:
        case.verified_at = None
        fields.append("verified_at")
    if conclusion.strip():
        case.conclusion = conclusion.strip()
        fields.append("conclusion")
    case.status = target
    case._history_user = actor  # type: ignore[attr-defined]
    case.save(update_fields=fields)
    return case


# -------------------------------------------------------------------------------------- the report


def tariff_report_request(*, case: TariffCase, actor: Any, language: str | None = None) -> Job:
    """Queue the verification report PDF; the job is dispatched when the transaction commits."""
    return job_create(kind=REPORT_JOB, requested_by=actor, params={"case_id": case.pk}, target=case, language=language)


def tariff_report_context(case: TariffCase) -> dict[str, Any]:
    from expertise.selectors_tariffs import tariff_case_page

    return tariff_case_page(case=case)


@job_handler(REPORT_JOB, queue="documents")
def tariff_report_job(job: Job, progress: Progress) -> JobOutput:
    from pmis.core.pdf import render_pdf

    case = TariffCase.objects.with_parties().filter(pk=job.params.get("case_id")).first()
    if case is None:
        raise JobError(_("The tariff case no longer exists."))
    progress(10, _("Calculating"))
    context = tariff_report_context(case)
    if context["calculation"].result is None:
        raise JobError(context["calculation"].error)
    progress(50, _("Rendering the PDF"))
    number = _("Tariff verification No. %(pk)s") % {"pk": case.pk}
    content = render_pdf("expertise/tariffs/pdf/report.html", {**context, "generated_at": timezone.now()},
                         document_number=number, language=job.language)
    return JobOutput(filename=f"tariff-verification-{case.pk}.pdf", content=content,
                     message=_("The report is ready."))
