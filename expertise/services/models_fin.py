"""Financial models: save a version from the grid or an Excel upload, appraise it with the engine, keep the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from expertise import appraisal
from expertise.models import AppraisalResult, CashFlowLine, FinancialModel, ReviewCase, Scenario
from pmis.core.excel import ExcelError, read_rows, write_xlsx

KINDS = tuple(k for k, _label in CashFlowLine.KIND_CHOICES)
MAX_LINES = 100


class _DefaultScenario(TypedDict):
    key: str
    kind_pct: dict[str, str]
    delay: int


# Used while a case has no scenarios of its own (the expert may change or replace them).
DEFAULT_SCENARIOS: list[_DefaultScenario] = [
    {
        "key": "pessimistic",
        "kind_pct": {"capex": "20", "opex": "10", "revenue": "-15", "benefit": "-15"},
        "delay": 1,
    },
    {"key": "base", "kind_pct": {}, "delay": 0},
    {
        "key": "optimistic",
        "kind_pct": {"capex": "-10", "opex": "-5", "revenue": "10", "benefit": "10"},
        "delay": 0,
    },
]


def default_scenario_names() -> dict[str, str]:
    return {"pessimistic": _("Pessimistic"), "base": _("Base"), "optimistic": _("Optimistic")}


@dataclass
class LineInput:
    name: str
    kind: str
    conversion_factor: Decimal
    values: list[Decimal] = field(default_factory=list)


def parse_decimal(value: Any) -> Decimal | None:
    """A cell or form value as Decimal (spaces and a decimal comma allowed); None when not a number."""
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        try:
            result = Decimal(str(value))
        except InvalidOperation:
            return None
        return result if result.is_finite() else None
    text = str(value).strip().replace("\xa0", "").replace(" ", "").replace(",", ".")
    if text == "":
        return Decimal(0)
    try:
        result = Decimal(text)
    except InvalidOperation:
        return None
    return result if result.is_finite() and abs(result) < Decimal("1e15") else None


def _line_payload(lines: list[LineInput]) -> list[dict[str, Any]]:
    return [
        {
            "name": line.name,
            "kind": line.kind,
            "values": line.values,
            "conversion_factor": line.conversion_factor,
        }
        for line in lines
    ]


def engine_lines(model: FinancialModel) -> list[appraisal.Line]:
    return [
        appraisal.Line(line.name, line.kind, line.decimal_values, line.conversion_factor)
        for line in model.lines.all()
    ]


def _store(value: Any) -> Any:
    """JSON-storable copy: Decimals as strings (exact), floats kept, containers walked."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _store(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_store(v) for v in value]
    return value


def appraise(model: FinancialModel) -> AppraisalResult:
    """Run the engine on a saved model version and store the results with the inputs' hash."""
    lines = engine_lines(model)
    payload = {
        "financial_rate": model.financial_rate,
        "social_rate": model.social_rate,
        "lines": [
            {
                "name": line.name,
                "kind": line.kind,
                "values": line.values,
                "conversion_factor": line.conversion_factor,
            }
            for line in lines
        ],
    }
    results = appraisal.appraise_model(model.financial_rate, model.social_rate, lines)
    results["sensitivity"] = appraisal.sensitivity(model.financial_rate, lines)
    plan = scenario_plan(model.case)
    payload["scenarios"] = plan
    results["scenarios"] = appraisal.scenario_compare(
        model.financial_rate, model.social_rate, lines, usable_plan(plan, lines)
    )
    return AppraisalResult.objects.create(
        model=model,
        results=_store(results),
        inputs_hash=appraisal.inputs_hash(payload),
        algorithm_version=appraisal.ALGORITHM_VERSION,
    )


@transaction.atomic
def financial_model_save(
    *, case: ReviewCase, actor: Any, params: dict[str, Any], lines: list[LineInput], source: str = "grid"
) -> FinancialModel:
    """Save a new model version with its lines and appraise it (the previous versions stay as they were)."""
    if case.status in (ReviewCase.Status.ISSUED, ReviewCase.Status.CLOSED):
        raise ValidationError(_("The opinion on this case has been issued; the model can no longer change."))
    if not lines:
        raise ValidationError(_("The model needs at least one line."))
    version = (case.financial_models.aggregate(v=Max("version"))["v"] or 0) + 1
    model = FinancialModel(case=case, version=version, created_by=actor, source=source, **params)
    model.full_clean()
    model.save()
    CashFlowLine.objects.bulk_create(
        [
            CashFlowLine(
                model=model,
                order=i,
                name=line.name,
                kind=line.kind,
                values=[str(v) for v in (line.values + [Decimal(0)] * model.periods)[: model.periods]],
                conversion_factor=line.conversion_factor,
            )
            for i, line in enumerate(lines)
        ]
    )
    appraise(model)
    return model


# --- Excel template -------------------------------------------------------------------------------


def template_headers(base_year: int, periods: int) -> list[str]:
    return [_("Line"), _("Kind"), _("Conversion factor"), *[str(base_year + t) for t in range(periods)]]


def excel_template(base_year: int, periods: int) -> bytes:
    """The workbook experts fill in: one row per line, one column per year; kinds as in the engine."""
    example = [
        [_("Construction"), "capex", 1, -1000000, -500000] + [0] * (periods - 2),
        [_("Operation and maintenance"), "opex", 1, 0, -20000] + [-20000] * (periods - 2),
        [_("Fare revenue"), "revenue", 1, 0, 150000] + [150000] * (periods - 2),
    ]
    return write_xlsx(
        template_headers(base_year, periods), example, title="model", column_widths=[40, 12, 18]
    )


def parse_excel(data: bytes, *, periods: int) -> tuple[list[LineInput], list[str]]:
    """Lines from an uploaded template and a list of per-row errors (nothing is saved by this function)."""
    try:
        rows = list(read_rows(data, max_rows=MAX_LINES + 2))
    except ExcelError as exc:
        return [], [str(exc)]
    if not rows:
        return [], [_("The workbook is empty.")]
    lines: list[LineInput] = []
    errors: list[str] = []
    for index, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (3 + periods)
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        name = str(cells[0] or "").strip()
        kind = str(cells[1] or "").strip().lower()
        row_errors = []
        if not name:
            row_errors.append(_("the line has no name"))
        if kind not in KINDS:
            row_errors.append(
                _("unknown kind “%(kind)s” (use one of: %(kinds)s)")
                % {"kind": kind, "kinds": ", ".join(KINDS)}
            )
        factor = parse_decimal(cells[2] if cells[2] not in (None, "") else 1)
        if factor is None or factor < 0:
            row_errors.append(_("the conversion factor is not a non-negative number"))
        values = []
        for t in range(periods):
            value = parse_decimal(cells[3 + t])
            if value is None:
                row_errors.append(
                    _("year %(n)s: “%(value)s” is not a number") % {"n": t + 1, "value": cells[3 + t]}
                )
            values.append(value or Decimal(0))
        extra = [c for c in cells[3 + periods :] if c not in (None, "")]
        if extra:
            row_errors.append(_("values beyond the model's %(n)s years") % {"n": periods})
        if row_errors:
            errors.append(_("Row %(row)s: %(errors)s.") % {"row": index, "errors": "; ".join(row_errors)})
        else:
            lines.append(
                LineInput(name=name[:200], kind=kind, conversion_factor=factor or Decimal(1), values=values)
            )
    if len(lines) > MAX_LINES:
        errors.append(_("A model may have at most %(n)s lines.") % {"n": MAX_LINES})
    if not lines and not errors:
        errors.append(_("The workbook has no lines under the header row."))
    return lines, errors


# --- Scenarios ------------------------------------------------------------------------------------


def scenario_spec(scenario: Scenario) -> dict[str, Any]:
    """A stored scenario as the engine's plan item."""
    kind_pct: dict[str, str] = {}
    line_pct: dict[str, str] = {}
    for change in scenario.changes:
        target = str(change.get("target", ""))
        if target.startswith("kind:"):
            kind_pct[target[5:]] = str(change.get("pct"))
        elif target.startswith("line:"):
            line_pct[target[5:]] = str(change.get("pct"))
    return {
        "name": scenario.name,
        "kind_pct": kind_pct,
        "line_pct": line_pct,
        "delay": scenario.delay_periods,
    }


def scenario_plan(case: ReviewCase) -> list[dict[str, Any]]:
    """The case's scenarios in order, or the default pessimistic / base / optimistic set."""
    rows = [scenario_spec(s) for s in case.scenarios.all()]
    if rows:
        return rows
    names = default_scenario_names()
    return [
        {"name": names[d["key"]], "kind_pct": dict(d["kind_pct"]), "line_pct": {}, "delay": d["delay"]}
        for d in DEFAULT_SCENARIOS
    ]


def usable_plan(plan: list[dict[str, Any]], lines: list[appraisal.Line]) -> list[dict[str, Any]]:
    """The plan with changes to lines that this model version does not have left out."""
    names = {line.name for line in lines}
    return [
        {**item, "line_pct": {k: v for k, v in item.get("line_pct", {}).items() if k in names}}
        for item in plan
    ]


def scenario_changes(*, kind_pct: dict[str, Decimal], line_pct: dict[str, Decimal]) -> list[dict[str, str]]:
    changes = [
        {"target": f"kind:{k}", "pct": str(v)} for k, v in kind_pct.items() if v is not None and v != 0
    ]
    changes += [{"target": f"line:{k}", "pct": str(v)} for k, v in line_pct.items()]
    return changes


@transaction.atomic
def scenario_save(
    *,
    case: ReviewCase,
    actor: Any,
    scenario: Scenario | None,
    name: str,
    changes: list[dict[str, str]],
    delay_periods: int,
) -> Scenario:
    """Create or change an expert-defined scenario (the first one replaces the default set: it is seeded first)."""
    if case.status in (ReviewCase.Status.ISSUED, ReviewCase.Status.CLOSED):
        raise ValidationError(
            _("The opinion on this case has been issued; the scenarios can no longer change.")
        )
    if scenario is None and not case.scenarios.exists():
        scenarios_seed_defaults(case=case)
    clash = case.scenarios.filter(name__iexact=name.strip())
    if scenario is not None:
        clash = clash.exclude(pk=scenario.pk)
    if clash.exists():
        raise ValidationError({"name": _("The case already has a scenario with this name.")})
    if scenario is None:
        scenario = Scenario(case=case, order=(case.scenarios.aggregate(o=Max("order"))["o"] or 0) + 1)
    scenario.name = name.strip()
    scenario.changes = changes
    scenario.delay_periods = delay_periods
    scenario.full_clean()
    scenario.save()
    return scenario


def scenarios_seed_defaults(*, case: ReviewCase) -> list[Scenario]:
    """Store the default set as the case's own scenarios, so the expert can edit them."""
    names = default_scenario_names()
    created = []
    for order, item in enumerate(DEFAULT_SCENARIOS):
        scenario = Scenario(
            case=case,
            order=order,
            name=names[item["key"]],
            delay_periods=item["delay"],
            changes=[{"target": f"kind:{k}", "pct": v} for k, v in item["kind_pct"].items()],
        )
        scenario.full_clean()
        scenario.save()
        created.append(scenario)
    return created


@transaction.atomic
def scenario_delete(*, scenario: Scenario, actor: Any) -> None:
    """Remove a scenario (its history stays); at least one scenario must remain."""
    case = scenario.case
    if case.status in (ReviewCase.Status.ISSUED, ReviewCase.Status.CLOSED):
        raise ValidationError(
            _("The opinion on this case has been issued; the scenarios can no longer change.")
        )
    if case.scenarios.count() <= 1:
        raise ValidationError(_("Keep at least one scenario."))
    scenario.delete()


def scenario_table(
    model: FinancialModel, lines: list[appraisal.Line], plan: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The case's scenarios (or the given plan) computed on a model version."""
    plan = scenario_plan(model.case) if plan is None else plan
    return appraisal.scenario_compare(
        model.financial_rate, model.social_rate, lines, usable_plan(plan, lines)
    )
