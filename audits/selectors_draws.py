"""Reads of the draw area: the eligible population with strata, risk weights and certainty rules (in bulk: a fixed
number of queries for the whole city), the draw list and the draw pages' data.

Risk score (audits/risk.py): w = 1 + Σ weight_f × x_f, every x_f in [0, 1] rounded to 4 decimals, w to 4 decimals.
Stratum key: "<project type>|<band>" ("all|<band>" when the policy does not stratify by type), the band being how
many of the policy's budget band edges the planned budget reaches (0 below the first edge).
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from audits.models import Audit, AuditDraw, DrawItem, Finding, SamplingPolicy, SeedCommitment
from audits.permissions import sees_audit_function
from audits.risk import FACTOR_KEYS, FACTORS
from pmis.core.portal import project_facts
from projects.models import Project
from projects.selectors.facts import overdue_reports, rag_history

PLACES = Decimal("0.0001")
FINDING_POINTS: dict[str, Decimal] = {
    str(Finding.Severity.CRITICAL): Decimal("1"),
    str(Finding.Severity.MAJOR): Decimal("0.5"),
    str(Finding.Severity.MINOR): Decimal("0.25"),
}
RULE_BUDGET = "budget"
RULE_RED_TWICE = "red_twice"


@dataclass
class Population:
    """The frozen population of a draw: codes sorted; per code its stratum, weight, factor values, certainty."""

    codes: list[str] = field(default_factory=list)
    project_ids: dict[str, int] = field(default_factory=dict)
    strata: dict[str, str] = field(default_factory=dict)
    weights: dict[str, str] = field(default_factory=dict)
    factors: dict[str, dict[str, str]] = field(default_factory=dict)
    certainty: list[dict[str, str]] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)
    confidential_excluded: int = 0
    recently_audited: int = 0


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    return datetime.date(year, month, 28)


def budget_band(amount: Decimal, edges: list[Decimal]) -> int:
    return bisect.bisect_right(edges, amount)


def band_edges(policy: SamplingPolicy) -> list[Decimal]:
    return sorted(Decimal(str(edge)) for edge in policy.budget_bands or [])


def stratum_key(policy: SamplingPolicy, project_type: str, amount: Decimal, edges: list[Decimal]) -> str:
    kind = project_type if policy.stratify_by_type else "all"
    return f"{kind}|{budget_band(amount, edges)}"


def _x(value: Decimal) -> Decimal:
    return min(Decimal(1), max(Decimal(0), value)).quantize(PLACES)


def _eligible(policy: SamplingPolicy) -> QuerySet[Project]:
    projects = Project.objects.exclude(stage=Project.Stage.TERMINATED)
    if policy.eligible_stages:
        projects = projects.filter(stage__in=list(policy.eligible_stages))
    return projects


def eligible_population(policy: SamplingPolicy, cutoff: datetime.date) -> Population:
    """Who may be drawn on the cut-off date under the policy: eligible stages, never terminated, not audited in
    the last `months_since_audit` months (an audit, not cancelled, that started in that window), never a
    confidential project (a published population lists no confidential code). Seven queries at most."""
    window_start = months_before(cutoff, policy.months_since_audit)
    recent = Audit.objects.exclude(status=Audit.Status.CANCELLED).filter(
        planned_start__gt=window_start, planned_start__lte=cutoff
    )
    eligible = _eligible(policy)
    not_recent = eligible.exclude(pk__in=recent.values("project_id"))
    rows = list(
        not_recent.filter(is_confidential=False)
        .order_by("code")
        .values_list("pk", "code", "project_type", "total_budget_plan")
    )
    population = Population(
        confidential_excluded=not_recent.filter(is_confidential=True).count(),
        recently_audited=eligible.filter(is_confidential=False, pk__in=recent.values("project_id")).count(),
    )
    if not rows:
        return population
    ids = [pk for pk, _code, _type, _budget in rows]
    # the same projects as a subquery: the bulk reads below carry no parameter per project
    subquery = not_recent.filter(is_confidential=False).values("pk")
    weights = {
        key: Decimal(str(value)) for key, value in (policy.risk_weights or {}).items() if key in FACTOR_KEYS
    }
    rags = rag_history(subquery, cutoff)
    overdue = overdue_reports(subquery, cutoff) if weights.get("overdue_reports") else {}
    escalations = project_facts("open_escalations", ids, cutoff) if weights.get("open_escalations") else {}
    if escalations is None:
        population.unavailable.append("open_escalations")
        escalations = {}
    findings: dict[int, Decimal] = {}
    if weights.get("findings"):
        for project_id, severity in Finding.objects.filter(
            audit__project_id__in=subquery, status=Finding.Status.OPEN, created_at__date__lte=cutoff
        ).values_list("audit__project_id", "severity"):
            findings[project_id] = findings.get(project_id, Decimal(0)) + FINDING_POINTS.get(
                severity, Decimal(0)
            )
    largest = max((budget for _pk, _code, _type, budget in rows), default=Decimal(0))
    edges = band_edges(policy)
    threshold = policy.certainty_budget_threshold
    used = [key for key in FACTOR_KEYS if key in weights and key not in population.unavailable]
    by_type = policy.stratify_by_type  # the stratum key as stratum_key() writes it, inlined for 10,000 rows
    # the few values the counted factors can take, computed once: eighths (Red 2, Amber 1 of 4 reports × 2),
    # quarters (overdue reports), thirds (escalations)
    eighths = [_x(Decimal(n) / 8) for n in range(9)]
    quarters = [_x(Decimal(n) / 4) for n in range(5)]
    thirds = [_x(Decimal(n) / 3) for n in range(4)]
    zero = Decimal(0).quantize(PLACES)
    one = Decimal(1)
    for pk, code, project_type, budget in rows:
        history = rags.get(pk, [])[:4]
        values = {
            "red_periods": eighths[2 * history.count("red") + history.count("amber")],
            "budget": _x(budget / largest) if largest > 0 else zero,
            "overdue_reports": quarters[min(4, overdue.get(pk, 0))],
            "open_escalations": thirds[min(3, int(escalations.get(pk, {}).get("count", 0)))],
            "findings": _x(findings[pk]) if pk in findings else zero,
        }
        score = one
        nonzero = {}
        for key in used:
            x = values[key]
            if x:
                score += weights[key] * x
                nonzero[key] = str(x)
        population.codes.append(code)
        population.project_ids[code] = pk
        population.strata[code] = f"{project_type if by_type else 'all'}|{bisect.bisect_right(edges, budget)}"
        population.weights[code] = str(score.quantize(PLACES))
        if nonzero:
            population.factors[code] = nonzero
        rules = []
        if threshold is not None and budget > threshold:
            rules.append(RULE_BUDGET)
        if policy.certainty_red_twice and len(history) >= 2 and history[0] == history[1] == "red":
            rules.append(RULE_RED_TWICE)
        if rules:
            population.certainty.append({"code": code, "rule": ",".join(rules)})
    return population


# --- pages ----------------------------------------------------------------------------------------------------

# the JSON a list never shows: thousands of codes per draw
HEAVY_FIELDS = ("population", "strata", "weights", "certainty", "allocation", "parameters", "result")
SORTS = {"number": "number", "-number": "-number", "frozen": "frozen_at", "-frozen": "-frozen_at"}


def draws_visible_to(user: Any) -> QuerySet[AuditDraw]:
    return AuditDraw.objects.all() if sees_audit_function(user) else AuditDraw.objects.none()


def draw_list(user: Any, params: Mapping[str, Any]) -> QuerySet[AuditDraw]:
    """The draws the user may see, filtered (programme, year, status, number search) and sorted."""
    draws = draws_visible_to(user).select_related("programme", "policy").defer(*HEAVY_FIELDS)
    if params.get("programme"):
        draws = draws.filter(programme=params["programme"])
    if params.get("year"):
        draws = draws.filter(programme__year=params["year"])
    if params.get("status"):
        draws = draws.filter(status=params["status"])
    if params.get("q"):
        draws = draws.filter(Q(number__icontains=params["q"]) | Q(seed__icontains=params["q"]))
    return draws.order_by(SORTS.get(str(params.get("sort") or ""), "-frozen_at"), "-id")


def stage_labels(stages: list[str]) -> list[str]:
    labels = {str(value): str(label) for value, label in Project.Stage.choices}
    return [labels.get(stage, stage) for stage in stages]


def type_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in Project.Type.choices} | {"all": _("All types")}


def band_label(policy_bands: list[Any], band: int) -> str:
    """A budget band in words ("below 1 000 000 000 ₸", "from A to B"), by its index."""
    from pmis.core.templatetags.pmis import money

    edges = sorted(Decimal(str(e)) for e in policy_bands or [])
    if not edges:
        return _("any budget")
    if band <= 0:
        return _("below %(amount)s") % {"amount": money(edges[0])}
    if band >= len(edges):
        return _("from %(amount)s") % {"amount": money(edges[-1])}
    return _("from %(low)s to %(high)s") % {"low": money(edges[band - 1]), "high": money(edges[band])}


def stratum_label(key: str, bands: list[Any], types: Mapping[str, str] | None = None) -> str:
    kind, _sep, band = key.partition("|")
    types = types if types is not None else type_labels()
    try:
        band_index = int(band)
    except ValueError:
        return key
    return f"{types.get(kind, kind)} · {band_label(bands, band_index)}"


@dataclass
class StratumRow:
    key: str
    label: str
    population: int
    certainty: int
    allocated: int
    drawn: int


def draw_strata(draw: AuditDraw) -> list[StratumRow]:
    """Population by stratum (certainty projects counted apart), the allocation and what was drawn."""
    bands = list((draw.parameters.get("policy") or {}).get("budget_bands") or [])
    types = type_labels()
    certain = {entry["code"] for entry in draw.certainty}
    counts: dict[str, list[int]] = {}
    for code, key in draw.strata.items():
        row = counts.setdefault(key, [0, 0])
        row[1 if code in certain else 0] += 1
    drawn: dict[str, int] = {}
    for item in (draw.result or {}).get("items", []) if isinstance(draw.result, dict) else []:
        if item.get("reason") == "sampled":
            drawn[item["stratum"]] = drawn.get(item["stratum"], 0) + 1
    allocation = draw.allocation or {}
    keys = sorted(set(counts) | {k for k in allocation if k})
    return [
        StratumRow(
            key=key,
            label=stratum_label(key, bands, types),
            population=counts.get(key, [0, 0])[0],
            certainty=counts.get(key, [0, 0])[1],
            allocated=int(allocation.get(key, 0)),
            drawn=drawn.get(key, 0),
        )
        for key in keys
    ]


@dataclass
class DrawnRow:
    item: DrawItem
    label: str
    weight: str
    factors: list[tuple[str, str, str]]
    rules: list[str]


def rule_labels(rule: str) -> list[str]:
    names = {
        RULE_BUDGET: _("planned budget above the threshold"),
        RULE_RED_TWICE: _("Red two periods in a row"),
    }
    return [names.get(part, part) for part in rule.split(",") if part]


def drawn_rows(draw: AuditDraw) -> list[DrawnRow]:
    """The drawn projects (certainty first) with their weight and factor values. One query."""
    bands = list((draw.parameters.get("policy") or {}).get("budget_bands") or [])
    types = type_labels()
    factors = draw.parameters.get("factors") or {}
    labels = {f.key: str(f.label) for f in FACTORS}
    rows = []
    for item in DrawItem.objects.filter(draw=draw).select_related("project").order_by("rank"):
        values = factors.get(item.code) or {}
        rows.append(
            DrawnRow(
                item=item,
                label=stratum_label(item.stratum, bands, types) if item.stratum else "",
                weight=str(draw.weights.get(item.code, "")),
                factors=[(key, labels.get(key, key), values.get(key, "0")) for key in FACTOR_KEYS],
                rules=rule_labels(item.certainty_rule),
            )
        )
    return rows


def draw_commitments(draw: AuditDraw) -> list[SeedCommitment]:
    return list(SeedCommitment.objects.filter(draw=draw).select_related("recorded_by").order_by("position"))


def certainty_rows(draw: AuditDraw) -> list[dict[str, Any]]:
    return [{"code": entry["code"], "rules": rule_labels(entry["rule"])} for entry in draw.certainty]
