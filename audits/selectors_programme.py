"""Reads of the programme, policy and checklist pages: user-scoped lists with flat query counts, the quarter
table of a programme, a policy's rules in words and its difference from the previous version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Field, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractQuarter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_stubs_ext import StrOrPromise

from audits.models import Audit, AuditDraw, AuditProgramme, ChecklistItem, ChecklistVersion, SamplingPolicy
from audits.permissions import programmes_visible_to, sees_audit_function
from audits.risk import FACTORS
from audits.services.checklists import PRECHECKS
from pmis.core.models import localized
from pmis.core.templatetags.pmis import money, number
from projects.selectors.choices import stage_choices, type_choices

PROGRAMME_SORTS = {
    "year": ("year",),
    "-year": ("-year",),
    "status": ("status", "-year"),
    "total": ("total", "-year"),
    "-total": ("-total", "-year"),
}
CHECKLIST_SORTS = {"version": ("version",), "-version": ("-version",)}


def programme_list(user: Any, params: Mapping[str, Any]) -> QuerySet[AuditProgramme]:
    """Programmes the user sees, filtered by status, year and a search text (objectives, owner), sorted."""
    qs = (
        programmes_visible_to(user)
        .select_related("owner", "approved_by")
        .annotate(
            policy_count=Count("policies", distinct=True),
            draw_count=Count("draws", distinct=True),
            audit_count=Count("audits", distinct=True, filter=~Q(audits__status=Audit.Status.CANCELLED)),
        )
    )
    qs = qs.annotate(total=F("quota_q1") + F("quota_q2") + F("quota_q3") + F("quota_q4"))
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("year"):
        qs = qs.filter(year=params["year"])
    if params.get("q"):
        text = params["q"]
        qs = qs.filter(
            Q(objectives__icontains=text)
            | Q(owner__last_name__icontains=text)
            | Q(owner__first_name__icontains=text)
            | Q(owner__username__icontains=text)
        )
    return qs.order_by(*PROGRAMME_SORTS.get(params.get("sort") or "", ("-year",)), "-id")


@dataclass
class QuarterRow:
    quarter: int
    quota: int
    audits: int
    draws: list[AuditDraw] = field(default_factory=list)

    @property
    def left(self) -> int:
        """Audits still to plan against the quota (never below zero: over-plan shows as audits > quota)."""
        return max(self.quota - self.audits, 0)


def programme_quarters(programme: AuditProgramme) -> list[QuarterRow]:
    """Per quarter: the quota against the draws and the audits (not cancelled) of that quarter; two queries.

    An audit counts in the quarter of its draw, or, without a draw, in the quarter its fieldwork starts."""
    rows = {q: QuarterRow(quarter=q, quota=programme.quota(q), audits=0) for q in (1, 2, 3, 4)}
    for draw in AuditDraw.objects.filter(programme=programme).order_by("quarter", "number"):
        if draw.quarter in rows:
            rows[draw.quarter].draws.append(draw)
    counts = (
        Audit.objects.filter(programme=programme)
        .exclude(status=Audit.Status.CANCELLED)
        .annotate(q=Coalesce("draw__quarter", ExtractQuarter("planned_start")))
        .values("q")
        .annotate(n=Count("id"))
    )
    for row in counts:
        if row["q"] in rows:
            rows[row["q"]].audits = row["n"]
    return list(rows.values())


def programme_policies(programme: AuditProgramme) -> QuerySet[SamplingPolicy]:
    """The programme's policy versions, newest first, with how many draws used each."""
    return (
        SamplingPolicy.objects.filter(programme=programme)
        .select_related("created_by")
        .annotate(draw_count=Count("draws"))
        .order_by("-version")
    )


def previous_policy(policy: SamplingPolicy) -> SamplingPolicy | None:
    """The version just before this one in the same programme, if any."""
    return (
        SamplingPolicy.objects.filter(programme_id=policy.programme_id, version__lt=policy.version)
        .order_by("-version")
        .first()
    )


# --- a policy in words ------------------------------------------------------------------------------------------


def _join(labels: list[str]) -> str:
    return ", ".join(labels) if labels else "—"


def _stages(values: list[str]) -> str:
    labels = dict(stage_choices())
    return _join([str(labels.get(v, v)) for v in values])


def _bands_in_words(edges: list[str]) -> list[str]:
    """["100", "1000"] → "below 100 ₸", "100 ₸ to below 1 000 ₸", "1 000 ₸ and above"."""
    if not edges:
        return [_("one band: every budget")]
    bands = [_("below %(high)s") % {"high": money(edges[0])}]
    for low, high in zip(edges, edges[1:], strict=False):
        bands.append(_("%(low)s to below %(high)s") % {"low": money(low), "high": money(high)})
    bands.append(_("%(low)s and above") % {"low": money(edges[-1])})
    return bands


def _weight(policy: SamplingPolicy, key: str) -> Decimal:
    try:
        return Decimal(str(policy.risk_weights.get(key, "0")))
    except ArithmeticError:
        return Decimal(0)


@dataclass(frozen=True)
class Rule:
    title: StrOrPromise
    text: str
    details: list[str] = field(default_factory=list)
    formula: str = ""  # mathematical notation, the same in every language (shown as code, lang="zxx")


@dataclass(frozen=True)
class WeightRow:
    key: str
    label: StrOrPromise
    weight: Decimal
    formula: StrOrPromise


# the algorithms of AUDIT-SAMPLING.md in their notation (not words: not translated)
SAMPLE_SIZE_FORMULA = "n = ceil(ln(α) / ln(1 − p))"
METHOD_FORMULAS = {
    SamplingPolicy.Method.SIMPLE.value: 'h = SHA256(seed + "," + i);  item = 1 + (h mod N),  i = 1, 2, …',
    SamplingPolicy.Method.STRATIFIED.value: 'u(id) = (int(SHA256(seed + "|" + id)[:13], 16) + 0.5) / 2^52',
    SamplingPolicy.Method.RISK_WEIGHTED.value: "key(id) = −ln(u(id)) / w(id),  w = 1 + Σ weight_f × x_f",
}
RISK_SCORE_FORMULA = "w(id) = 1 + Σ_f weight_f × x_f(id),  0 ≤ x_f ≤ 1"


def weight_rows(policy: SamplingPolicy) -> list[WeightRow]:
    """Each risk factor of audits/risk.py with the policy's weight and the factor's formula."""
    return [WeightRow(f.key, f.label, _weight(policy, f.key), f.formula) for f in FACTORS]


def _allocation_text(policy: SamplingPolicy) -> str:
    if policy.allocation == SamplingPolicy.Allocation.NEYMAN:
        return _(
            "Neyman: n_h = n × N_h·S_h / Σ N_h·S_h, S_h the standard deviation within the stratum (strata "
            "whose projects differ more get more), rounded by largest remainder."
        )
    if policy.allocation == SamplingPolicy.Allocation.FIXED_MINIMUM:
        return _(
            "At least %(min)s per stratum (or the whole stratum if smaller), the rest proportional to stratum "
            "size, rounded by largest remainder."
        ) % {"min": policy.minimum_per_stratum}
    return _("Proportional: n_h = n × N_h / N, rounded by largest remainder.")


def policy_rules(policy: SamplingPolicy) -> list[Rule]:
    """Every rule of the policy in words, in the order a draw applies them."""
    rules = [
        Rule(
            _("Eligible projects"),
            _(
                "Projects at the stages %(stages)s, not audited in the last %(months)s months. A terminated "
                "project is never eligible; a confidential project never enters a published population."
            )
            % {"stages": _stages(policy.eligible_stages), "months": policy.months_since_audit},
        )
    ]
    certainty = []
    if policy.certainty_budget_threshold is not None:
        certainty.append(
            _("every project with a planned budget above %(amount)s")
            % {"amount": money(policy.certainty_budget_threshold)}
        )
    if policy.certainty_red_twice:
        certainty.append(_("every project rated Red in its last two status reports"))
    rules.append(
        Rule(
            _("Audited in full (certainty)"),
            _("Listed apart and audited in full, outside the sample: %(rules)s.")
            % {"rules": "; ".join(certainty)}
            if certainty
            else _("No certainty rule: every eligible project is sampled."),
        )
    )
    bands = _bands_in_words(policy.budget_bands)
    if policy.method == SamplingPolicy.Method.SIMPLE:
        strata = Rule(_("Strata"), _("None: the simple random draw takes the whole population as one list."))
    elif policy.stratify_by_type:
        strata = Rule(
            _("Strata"),
            ngettext(
                "Project type × budget band (%(n)s band):",
                "Project type × budget band (%(n)s bands):",
                len(bands),
            )
            % {"n": len(bands)},
            bands,
        )
    else:
        strata = Rule(
            _("Strata"),
            ngettext("Budget band only (%(n)s band):", "Budget band only (%(n)s bands):", len(bands))
            % {"n": len(bands)},
            bands,
        )
    rules.append(strata)
    rules.append(
        Rule(
            _("Sample size"),
            ngettext(
                "%(n)s project besides the certainty items.",
                "%(n)s projects besides the certainty items.",
                policy.sample_size,
            )
            % {"n": policy.sample_size},
            [
                _(
                    "Recorded justification: risk of over-reliance α = %(alpha)s, tolerable deviation rate "
                    "p = %(p)s; with no deviation expected, the sample size is:"
                )
                % {"alpha": number(policy.confidence_risk, 4), "p": number(policy.tolerable_rate, 4)}
            ],
            SAMPLE_SIZE_FORMULA,
        )
    )
    if policy.method != SamplingPolicy.Method.SIMPLE:
        rules.append(Rule(_("Allocation across strata"), _allocation_text(policy)))
    methods: dict[str, str] = {
        SamplingPolicy.Method.SIMPLE.value: _(
            "Simple random: Rivest's SHA-256 draw over the frozen list, numbered 1 to N; a repeat is skipped "
            "until the sample is complete."
        ),
        SamplingPolicy.Method.STRATIFIED.value: _(
            "Stratified: within each stratum, the projects with the smallest number u drawn from the seed and "
            "the project's code."
        ),
        SamplingPolicy.Method.RISK_WEIGHTED.value: _(
            "Risk-weighted (Efraimidis–Spirakis): within each stratum, the projects with the smallest key; a "
            "higher risk score w makes a smaller key likelier."
        ),
    }
    method_text = methods.get(policy.method, str(policy.get_method_display()))
    rules.append(Rule(_("Method"), str(method_text), formula=METHOD_FORMULAS.get(policy.method, "")))
    return rules


# --- the difference between two versions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    label: StrOrPromise
    old: str
    new: str


def _display(policy: SamplingPolicy, name: str) -> str:
    value = getattr(policy, name)
    if name == "eligible_stages":
        return _stages(value)
    if name == "budget_bands":
        return _join([money(v) for v in value]) if value else _("one band: every budget")
    if name in ("method", "allocation"):
        return str(getattr(policy, f"get_{name}_display")())
    if name == "certainty_budget_threshold":
        return money(value) if value is not None else _("none")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return number(value, 4)
    return str(value)


DIFF_FIELDS = (
    "method",
    "eligible_stages",
    "months_since_audit",
    "stratify_by_type",
    "budget_bands",
    "allocation",
    "minimum_per_stratum",
    "sample_size",
    "confidence_risk",
    "tolerable_rate",
    "certainty_budget_threshold",
    "certainty_red_twice",
)


def _field_label(name: str) -> StrOrPromise:
    model_field = SamplingPolicy._meta.get_field(name)
    return model_field.verbose_name if isinstance(model_field, Field) else name


def policy_diff(policy: SamplingPolicy, previous: SamplingPolicy | None) -> list[Change]:
    """What this version changes against the previous one: each rule and each risk weight that differs."""
    if previous is None:
        return []
    changes = []
    for name in DIFF_FIELDS:
        old, new = _display(previous, name), _display(policy, name)
        if old != new:
            changes.append(Change(_field_label(name), old, new))
    for factor in FACTORS:
        old_w, new_w = _weight(previous, factor.key), _weight(policy, factor.key)
        if old_w != new_w:
            changes.append(
                Change(
                    _("Risk weight: %(factor)s") % {"factor": factor.label},
                    number(old_w, 2),
                    number(new_w, 2),
                )
            )
    return changes


# --- checklists ----------------------------------------------------------------------------------------------


def checklist_list(user: Any, params: Mapping[str, Any]) -> QuerySet[ChecklistVersion]:
    """Checklist versions (for the audit function), with item and audit counts, filtered by status, sorted."""
    if not sees_audit_function(user):
        return ChecklistVersion.objects.none()
    qs = ChecklistVersion.objects.select_related("created_by").annotate(
        item_count=Count("items", distinct=True), audit_count=Count("audits", distinct=True)
    )
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("q"):
        qs = qs.filter(note__icontains=params["q"])
    return qs.order_by(*CHECKLIST_SORTS.get(params.get("sort") or "", ("-version",)))


@dataclass(frozen=True)
class ItemRow:
    item: ChecklistItem
    precheck: str
    applies_to: str
    share: Decimal


def checklist_items(version: ChecklistVersion) -> list[ItemRow]:
    """The version's items in order, each with its pre-check and project type in words and its weight's share."""
    items = list(version.items.order_by("number"))
    total = sum((i.weight for i in items), Decimal(0))
    prechecks = dict(PRECHECKS)
    types = dict(type_choices())
    return [
        ItemRow(
            item=i,
            precheck=str(prechecks.get(i.precheck, i.precheck)) if i.precheck else _("none"),
            applies_to=str(types.get(i.applies_to, i.applies_to)) if i.applies_to else _("every project"),
            share=(i.weight / total) if total else Decimal(0),
        )
        for i in items
    ]


@dataclass(frozen=True)
class ItemChange:
    when: Any
    who: str
    action: str
    number: int
    code: str
    text: str
    weight: Decimal
    precheck: str


_ACTIONS = {"+": gettext_lazy("Added"), "~": gettext_lazy("Changed"), "-": gettext_lazy("Removed")}


def checklist_item_history(version: ChecklistVersion, *, limit: int = 500) -> list[ItemChange]:
    """Every recorded change to the version's items, newest first, in one query (removed items included)."""
    records = (
        ChecklistItem.history.filter(version_id=version.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    prechecks = dict(PRECHECKS)
    rows = []
    for record in records:
        user = record.history_user
        rows.append(
            ItemChange(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else _("system"),
                action=str(_ACTIONS.get(record.history_type, record.history_type)),
                number=record.number,
                code=record.code,
                text=localized(record, "text"),
                weight=record.weight,
                precheck=str(prechecks.get(record.precheck, record.precheck))
                if record.precheck
                else _("none"),
            )
        )
    return rows
