"""Writes of the audit programme and its sampling-policy versions (all with history).

An approved programme is read-only, except that an auditor may raise a quarter's quota, with the reason kept in
the programme's history (a quota is never lowered once approved: audits may already be planned against it).
A sampling policy is edited only while it is a draft; once a draw fixed it, a change is a new version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import AuditProgramme, SamplingPolicy
from audits.permissions import is_auditor, is_project_office
from audits.risk import FACTOR_KEYS
from audits.services.policy_guard import ensure_policy_editable
from projects.selectors.choices import TERMINATED_STAGE, stage_choices

if TYPE_CHECKING:
    from pmis.accounts.models import User

QUOTA_FIELDS = ("quota_q1", "quota_q2", "quota_q3", "quota_q4")
YEAR_RANGE = (2000, 2100)
MAX_QUOTA = 500
MAX_BANDS = 12
MAX_WEIGHT = Decimal(100)
MAX_SAMPLE = 1000
MAX_AMOUNT = Decimal(10**16)  # ten quadrillion tenge: beyond any budget, within the policy's 18 digits
REASON_LENGTH = 100  # simple-history keeps a change reason of at most 100 characters

# a new programme's first policy version, before anyone edits it (execution or later, not terminated)
DEFAULT_STAGES = ["execution", "closure", "post_project"]
DEFAULT_BANDS = ["100000000", "1000000000"]
DEFAULT_CERTAINTY_THRESHOLD = Decimal("10000000000")


def _check_programme(
    *, programme: AuditProgramme, year: int, owner: User, quotas: Mapping[str, int]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        errors["year"] = _("Enter a year between %(low)s and %(high)s.") % {
            "low": YEAR_RANGE[0],
            "high": YEAR_RANGE[1],
        }
    elif AuditProgramme.objects.filter(year=year).exclude(pk=programme.pk).exists():
        errors["year"] = _("A programme for %(year)s already exists.") % {"year": year}
    if not is_auditor(owner):
        errors["owner"] = _("The owner of the programme must be an auditor.")
    for name, value in quotas.items():
        if value < 0 or value > MAX_QUOTA:
            errors[name] = _("Enter a number of audits from 0 to %(max)s.") % {"max": MAX_QUOTA}
    if not errors and sum(quotas.values()) == 0:
        errors["quota_q1"] = _("Plan at least one audit in the year.")
    return errors


@transaction.atomic
def programme_create(
    *,
    actor: User,
    year: int,
    owner: User,
    quota_q1: int,
    quota_q2: int,
    quota_q3: int,
    quota_q4: int,
    objectives: str = "",
) -> AuditProgramme:
    """A draft programme for a year not yet planned, owned by an auditor, with at least one audit."""
    programme = AuditProgramme(
        year=year,
        owner=owner,
        quota_q1=quota_q1,
        quota_q2=quota_q2,
        quota_q3=quota_q3,
        quota_q4=quota_q4,
        objectives=objectives.strip(),
    )
    errors = _check_programme(
        programme=programme, year=year, owner=owner, quotas={f: getattr(programme, f) for f in QUOTA_FIELDS}
    )
    if errors:
        raise ValidationError(errors)
    programme.full_clean()
    programme._history_user = actor
    programme.save()
    return programme


@transaction.atomic
def programme_update(
    *,
    programme: AuditProgramme,
    actor: User,
    year: int,
    owner: User,
    quota_q1: int,
    quota_q2: int,
    quota_q3: int,
    quota_q4: int,
    objectives: str = "",
    reason: str = "",
) -> AuditProgramme:
    """Change a draft programme; of an approved one only raise quotas, with a reason kept in its history."""
    current = AuditProgramme.objects.select_for_update().get(pk=programme.pk)
    quotas = {"quota_q1": quota_q1, "quota_q2": quota_q2, "quota_q3": quota_q3, "quota_q4": quota_q4}
    objectives = objectives.strip()
    if current.status == AuditProgramme.Status.APPROVED:
        return _raise_quotas(
            current, actor=actor, quotas=quotas, reason=reason, year=year, owner=owner, objectives=objectives
        )
    errors = _check_programme(programme=current, year=year, owner=owner, quotas=quotas)
    if errors:
        raise ValidationError(errors)
    current.year = year
    current.owner = owner
    current.objectives = objectives
    for name, value in quotas.items():
        setattr(current, name, value)
    current.full_clean()
    current._history_user = actor
    reason = reason.strip()
    if reason:
        current._change_reason = reason[:REASON_LENGTH]
    current.save(update_fields=["year", "owner", "objectives", *QUOTA_FIELDS, "updated_at"])
    return current


def _raise_quotas(
    current: AuditProgramme,
    *,
    actor: User,
    quotas: Mapping[str, int],
    reason: str,
    year: int,
    owner: User,
    objectives: str,
) -> AuditProgramme:
    errors: dict[str, str] = {}
    if year != current.year or owner.pk != current.owner_id or objectives != current.objectives:
        errors["__all__"] = _(
            "The programme is approved: its year, owner and objectives can no longer change; only a quarter's "
            "quota may be raised."
        )
    changed = []
    for name, value in quotas.items():
        old = getattr(current, name)
        if value < old:
            errors[name] = _(
                "The programme is approved: a quota may be raised but not lowered (now %(old)s)."
            ) % {"old": old}
        elif value > MAX_QUOTA:
            errors[name] = _("Enter a number of audits from 0 to %(max)s.") % {"max": MAX_QUOTA}
        elif value != old:
            changed.append(name)
    reason = reason.strip()
    if changed and not reason:
        errors["reason"] = _("Say why the quota of an approved programme is raised.")
    if errors:
        raise ValidationError(errors)
    if not changed:
        return current
    for name in changed:
        setattr(current, name, quotas[name])
    current.full_clean()
    current._history_user = actor
    current._change_reason = reason[:REASON_LENGTH]
    current.save(update_fields=[*changed, "updated_at"])
    return current


@transaction.atomic
def programme_approve(*, programme: AuditProgramme, actor: User, note: str = "") -> AuditProgramme:
    """The head of the Project Office approves a draft programme; never its owner (four eyes)."""
    current = AuditProgramme.objects.select_for_update().get(pk=programme.pk)
    if current.status != AuditProgramme.Status.DRAFT:
        raise ValidationError(_("The programme is already approved."))
    if not is_project_office(actor):
        raise ValidationError(_("Only the head of the Project Office approves the audit programme."))
    if current.owner_id == actor.pk:
        raise ValidationError(
            _("You own this programme; another person from the Project Office must approve it (four eyes).")
        )
    current.status = AuditProgramme.Status.APPROVED
    current.approved_by = actor
    current.approved_at = timezone.now()
    current._history_user = actor
    note = note.strip()
    if note:
        current._change_reason = note[:REASON_LENGTH]
    current.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return current


# --- sampling policy versions ----------------------------------------------------------------------------------

POLICY_FIELDS = (
    "method",
    "eligible_stages",
    "months_since_audit",
    "stratify_by_type",
    "budget_bands",
    "allocation",
    "minimum_per_stratum",
    "risk_weights",
    "certainty_budget_threshold",
    "certainty_red_twice",
    "sample_size",
    "confidence_risk",
    "tolerable_rate",
)


def _plain(value: Decimal) -> str:
    """A decimal as plain digits (no exponent, no trailing zeros): how amounts and weights are stored."""
    return format(value.normalize(), "f")


def parse_amount(text: str) -> Decimal:
    """An amount typed by a person: spaces between thousands allowed, a comma or a point before the decimals."""
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValidationError(_("“%(value)s” is not an amount.") % {"value": text.strip()}) from exc
    if not value.is_finite():
        raise ValidationError(_("“%(value)s” is not an amount.") % {"value": text.strip()})
    return value


def check_bands(edges: Iterable[Any]) -> list[str]:
    """Budget band edges in tenge, each above zero, strictly ascending: stored as plain digit strings."""
    values: list[Decimal] = []
    for edge in edges:
        value = edge if isinstance(edge, Decimal) else parse_amount(str(edge))
        if value <= 0:
            raise ValidationError(_("A band edge must be an amount above zero."))
        if value >= MAX_AMOUNT:
            raise ValidationError(
                _("A band edge must be less than %(max)s ₸.") % {"max": f"{MAX_AMOUNT:,}".replace(",", " ")}
            )
        if value != value.quantize(Decimal("0.01")):
            raise ValidationError(_("A band edge has at most two decimals (tiyn)."))
        if values and value <= values[-1]:
            raise ValidationError(
                _("Band edges must be in ascending order, each larger than the one before (%(value)s).")
                % {"value": _plain(value)}
            )
        values.append(value)
    if len(values) > MAX_BANDS:
        raise ValidationError(_("At most %(max)s band edges.") % {"max": MAX_BANDS})
    return [_plain(v) for v in values]


def check_weights(weights: Mapping[str, Any]) -> dict[str, str]:
    """Risk weights: a known factor each, from 0 to 100; stored as plain digit strings."""
    result: dict[str, str] = {}
    for key, raw in weights.items():
        if key not in FACTOR_KEYS:
            raise ValidationError(_("Unknown risk factor “%(key)s”.") % {"key": key})
        try:
            value = raw if isinstance(raw, Decimal) else Decimal(str(raw))
        except InvalidOperation as exc:
            raise ValidationError(_("A risk weight must be a number.")) from exc
        if not value.is_finite() or value < 0 or value > MAX_WEIGHT:
            raise ValidationError(
                _("A risk weight is a number from 0 to %(max)s (0 leaves the factor out).")
                % {"max": MAX_WEIGHT}
            )
        result[key] = _plain(value)
    return {key: result[key] for key in FACTOR_KEYS if key in result}


def _check_policy(values: Mapping[str, Any]) -> dict[str, Any]:
    """The rules a careful auditor expects of a policy; the cleaned values, or ValidationError per field."""
    errors: dict[str, Any] = {}
    cleaned = dict(values)
    stages = list(dict.fromkeys(values["eligible_stages"]))
    known = {value for value, _label in stage_choices()}
    if not stages:
        errors["eligible_stages"] = _("Choose at least one stage: otherwise no project is eligible.")
    elif TERMINATED_STAGE in stages:
        errors["eligible_stages"] = _("A terminated project is never eligible for an audit.")
    elif not set(stages) <= known:
        errors["eligible_stages"] = _("Choose stages from the list.")
    cleaned["eligible_stages"] = [value for value, _label in stage_choices() if value in stages]
    try:
        cleaned["budget_bands"] = check_bands(values["budget_bands"])
    except ValidationError as exc:
        errors["budget_bands"] = exc.messages
    try:
        cleaned["risk_weights"] = check_weights(values["risk_weights"])
    except ValidationError as exc:
        errors["risk_weights"] = exc.messages
    if values["method"] not in SamplingPolicy.Method.values:
        errors["method"] = _("Choose a sampling method from the list.")
    if values["allocation"] not in SamplingPolicy.Allocation.values:
        errors["allocation"] = _("Choose an allocation from the list.")
    if (
        values["method"] == SamplingPolicy.Method.RISK_WEIGHTED
        and "risk_weights" not in errors
        and not any(Decimal(w) > 0 for w in cleaned["risk_weights"].values())
    ):
        errors["risk_weights"] = _(
            "A risk-weighted sample needs at least one risk weight above zero (with none, choose a stratified "
            "sample)."
        )
    if values["allocation"] == SamplingPolicy.Allocation.FIXED_MINIMUM and values["minimum_per_stratum"] < 1:
        errors["minimum_per_stratum"] = _(
            "A fixed minimum allocation needs a minimum of at least 1 per stratum."
        )
    if not 1 <= values["sample_size"] <= MAX_SAMPLE:
        errors["sample_size"] = _("The sample size is from 1 to %(max)s projects.") % {"max": MAX_SAMPLE}
    if values["months_since_audit"] > 120:
        errors["months_since_audit"] = _("Enter at most 120 months.")
    threshold = values["certainty_budget_threshold"]
    if threshold is not None and threshold <= 0:
        errors["certainty_budget_threshold"] = _(
            "Enter an amount above zero, or leave it empty for no threshold."
        )
    for name in ("confidence_risk", "tolerable_rate"):
        if not Decimal(0) < values[name] < Decimal(1):
            errors[name] = _("Enter a share between 0 and 1, for example 0.05.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def policy_new_version(*, programme: AuditProgramme, actor: User) -> SamplingPolicy:
    """A new draft version: a copy of the programme's latest version (or the defaults for the first one)."""
    AuditProgramme.objects.select_for_update().get(pk=programme.pk)  # one new version at a time
    latest = SamplingPolicy.objects.filter(programme=programme).order_by("-version").first()
    if latest is not None and latest.status == SamplingPolicy.Status.DRAFT:
        raise ValidationError(
            _("Version %(version)s is still a draft: edit it instead of creating another one.")
            % {"version": latest.version}
        )
    policy = SamplingPolicy(programme=programme, created_by=actor, status=SamplingPolicy.Status.DRAFT)
    if latest is None:
        policy.version = 1
        policy.eligible_stages = list(DEFAULT_STAGES)
        policy.budget_bands = list(DEFAULT_BANDS)
        policy.risk_weights = dict.fromkeys(FACTOR_KEYS, "1")
        policy.certainty_budget_threshold = DEFAULT_CERTAINTY_THRESHOLD
    else:
        policy.version = latest.version + 1
        for name in POLICY_FIELDS:
            value = getattr(latest, name)
            setattr(policy, name, value.copy() if isinstance(value, list | dict) else value)
    policy.full_clean()
    policy._history_user = actor
    policy.save()
    return policy


@transaction.atomic
def policy_update(
    *,
    policy: SamplingPolicy,
    actor: User,
    method: str,
    eligible_stages: list[str],
    months_since_audit: int,
    stratify_by_type: bool,
    budget_bands: list[Any],
    allocation: str,
    minimum_per_stratum: int,
    risk_weights: Mapping[str, Any],
    certainty_budget_threshold: Decimal | None,
    certainty_red_twice: bool,
    sample_size: int,
    confidence_risk: Decimal,
    tolerable_rate: Decimal,
    notes: str = "",
) -> SamplingPolicy:
    """Change a draft version; a fixed one (a draw used it) is refused and nothing is written."""
    current = SamplingPolicy.objects.select_for_update().select_related("programme").get(pk=policy.pk)
    ensure_policy_editable(current)
    cleaned = _check_policy(
        {
            "method": method,
            "eligible_stages": eligible_stages,
            "months_since_audit": months_since_audit,
            "stratify_by_type": stratify_by_type,
            "budget_bands": budget_bands,
            "allocation": allocation,
            "minimum_per_stratum": minimum_per_stratum,
            "risk_weights": risk_weights,
            "certainty_budget_threshold": certainty_budget_threshold,
            "certainty_red_twice": certainty_red_twice,
            "sample_size": sample_size,
            "confidence_risk": confidence_risk,
            "tolerable_rate": tolerable_rate,
        }
    )
    for name in POLICY_FIELDS:
        setattr(current, name, cleaned[name])
    current.notes = notes.strip()
    current.full_clean()
    current._history_user = actor
    current.save(update_fields=[*POLICY_FIELDS, "notes", "updated_at"])
    return current
