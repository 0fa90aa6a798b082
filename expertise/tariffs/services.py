"""Writes for tariff cases, the bridge from the models to the pure engine, and the verification report job."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from expertise.tariffs.calculation import (
    Calculation,
    issued_basis,
    tariff_case_calculate,
)
from expertise.tariffs.models import (
    Carrier,
    CheckCode,
    ClaimCheck,
    CostLine,
    Route,
    RoutePeriodData,
    SubsidyContract,
    TariffCase,
    TariffNorm,
)
from expertise.tariffs.selectors import norm_issued_cases, tariff_case_page
from pmis.core.jobs import JobError, JobOutput, Progress, job_create, job_handler
from pmis.core.models import BaseModel, Job, current_language
from pmis.core.texts import msg

REPORT_JOB = "expertise.tariff_report"

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
    case._history_user = actor
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
    case._history_user = actor
    case.full_clean()
    case.save(update_fields=[*fields, "updated_at"])
    return case


@transaction.atomic
def tariff_case_assign(*, case: TariffCase, expert: Any, actor: Any) -> TariffCase:
    """Assign (or re-assign) the case's expert."""
    case.assigned_expert = expert
    case._history_user = actor
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
    data._history_user = actor
    data.full_clean()
    data.save()
    return data


@transaction.atomic
def route_data_delete(*, case: TariffCase, data: RoutePeriodData, actor: Any) -> None:
    """Remove a route from the case, with its cost lines."""
    _require_editable(case)
    for line in CostLine.objects.filter(case=case, route_id=data.route_id):
        line._history_user = actor
        line.delete()
    data._history_user = actor
    data.delete()


@transaction.atomic
def cost_line_create(*, case: TariffCase, line: CostLine, actor: Any) -> CostLine:
    """Add a claimed cost line for a route already in the case."""
    _require_editable(case)
    line.case = case
    if not RoutePeriodData.objects.filter(case=case, route_id=line.route_id).exists():
        raise ValidationError({"route": _("Enter the route's figures first.")})
    line._history_user = actor
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
    line._history_user = actor
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def cost_line_delete(*, case: TariffCase, line: CostLine, actor: Any) -> None:
    _require_editable(case)
    line._history_user = actor
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
    case._history_user = actor
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
        raise JobError(msg("The tariff case no longer exists."))
    progress(10, msg("Calculating"))
    # the report's language is the one it was requested in; its labels, chart texts and number formats are
    # all made inside it, never in the language some other code left active
    language = job.params.get("language") or job.language or "ru"
    with translation.override(language):
        context = tariff_report_context(case)
        if context["calculation"].result is None:
            raise JobError(context["calculation"].error)
        number = _("Tariff verification No. %(pk)s") % {"pk": case.pk}
        context["charts_svg"] = tariff_report_charts(context["chart"])
    progress(50, msg("Rendering the PDF"))
    content = render_pdf(
        "expertise/tariffs/pdf/report.html",
        {**context, "generated_at": timezone.now()},
        document_number=number,
        language=language,
    )
    return JobOutput(
        filename=f"tariff-verification-{case.pk}.pdf", content=content, message=msg("The report is ready.")
    )


# ------------------------------------------------------------------------------------ reference data


_Model = TypeVar("_Model", bound=BaseModel)


def _save(obj: _Model, actor: Any) -> _Model:
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
        contract._history_user = actor
        contract.routes.set(routes)
    return contract


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
            other._history_user = actor
            other.save(update_fields=["valid_to", "updated_at"])
            continue
        raise ValidationError(
            {
                "valid_from": _("The period overlaps the version valid from %(day)s.")
                % {"day": other.valid_from.strftime("%d.%m.%Y")}
            }
        )
    return _save(norm, actor)
