"""The draw protocol (AUDIT-SAMPLING.md): freeze the population → record the seed (dice digits, or commit-then-
reveal) → run. Every step is one transaction with history, refuses what the protocol forbids with a clear
message, and never edits what an earlier step wrote. The algorithms live in audits.sampling (pure Python), the
same file citizens run as docs/audit_verify.py.

What is published: `draw_inputs(draw)` (the inputs), `draw_document(draw)` (inputs, both hashes, the result).
`population_sha256` = SHA-256 of the canonical JSON of the inputs without the seed fields, i.e. of the ordered
project codes, each code's stratum, risk weight and certainty rule, the draw's number, quarter, cut-off and the
policy's parameters — fixed at freezing, before any seed exists. The commit-then-reveal seed is SHA-256 of the
reveals joined by a line feed, in the order the parties committed.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits import sampling
from audits.models import AuditDraw, AuditProgramme, DrawItem, SamplingPolicy, SeedCommitment
from audits.selectors_draws import eligible_population

MIN_DICE_DIGITS = 20
DICE_RE = re.compile(r"[0-9]+")
HEX64_RE = re.compile(r"[0-9a-f]{64}")
MAX_SECRET = 200


def draw_number(programme: AuditProgramme, quarter: int) -> str:
    return f"D-{programme.year}-Q{quarter}"


def policy_parameters(policy: SamplingPolicy) -> dict[str, Any]:
    """The policy as the published inputs carry it (decimals as strings, no floats)."""
    threshold = policy.certainty_budget_threshold
    return {
        "programme": policy.programme.year,
        "version": policy.version,
        "method": policy.method,
        "allocation": policy.allocation,
        "minimum_per_stratum": policy.minimum_per_stratum,
        "sample_size": policy.sample_size,
        "eligible_stages": sorted(str(s) for s in policy.eligible_stages or []),
        "months_since_audit": policy.months_since_audit,
        "stratify_by_type": policy.stratify_by_type,
        "budget_bands": [str(edge) for edge in policy.budget_bands or []],
        "risk_weights": {str(k): str(v) for k, v in (policy.risk_weights or {}).items()},
        "certainty_budget_threshold": None if threshold is None else str(threshold),
        "certainty_red_twice": policy.certainty_red_twice,
        "confidence_risk": str(policy.confidence_risk),
        "tolerable_rate": str(policy.tolerable_rate),
    }


def frozen_inputs(draw: AuditDraw) -> dict[str, Any]:
    """The inputs fixed when the population was frozen (what population_sha256 covers)."""
    return {
        "algorithm_version": draw.algorithm_version,
        "draw": draw.number,
        "quarter": draw.quarter,
        "cutoff": draw.cutoff_date.isoformat(),
        "policy": dict(draw.parameters.get("policy") or {}),
        "population": list(draw.population),
        "strata": dict(draw.strata),
        "weights": dict(draw.weights),
        "certainty": {entry["code"]: entry["rule"] for entry in draw.certainty},
    }


def draw_inputs(draw: AuditDraw) -> dict[str, Any]:
    """The whole published inputs: the frozen part, then the seed with its source and witnesses."""
    inputs = frozen_inputs(draw)
    if draw.seed:
        inputs["seed"] = draw.seed
        inputs["seed_source"] = draw.seed_source
        inputs["witnesses"] = list(draw.witnesses)
        if draw.seed_source == AuditDraw.SeedSource.COMMIT_REVEAL:
            inputs["commitments"] = [
                {"party": c.party, "commitment": c.commitment, "reveal": c.reveal}
                for c in SeedCommitment.objects.filter(draw=draw).order_by("position")
            ]
    return inputs


def draw_document(draw: AuditDraw) -> dict[str, Any]:
    """The file a citizen downloads: the inputs, the two hashes as recorded, the result (None before the run)."""
    return {
        "format": sampling.FORMAT,
        "inputs": draw_inputs(draw),
        "population_sha256": draw.population_sha256,
        "inputs_sha256": draw.inputs_sha256 or None,
        "result": draw.result if draw.status == AuditDraw.Status.DRAWN else None,
    }


def _lock(draw: AuditDraw) -> AuditDraw:
    return AuditDraw.objects.select_for_update().get(pk=draw.pk)


# the frozen JSON the services compute themselves (thousands of codes): right by construction, so full_clean does
# not encode it once more on every step
GENERATED = ["population", "strata", "weights", "certainty", "allocation", "parameters", "result"]


def _save(draw: AuditDraw, actor: Any, fields: list[str]) -> None:
    draw.full_clean(exclude=GENERATED)
    draw._history_user = actor
    draw.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def draw_freeze(
    *, programme: AuditProgramme, quarter: int, policy: SamplingPolicy, cutoff: datetime.date, actor: Any
) -> AuditDraw:
    """Freeze the eligible population of the quarter under the policy (which becomes fixed): codes in order, its
    SHA-256, strata, weights, certainty projects and the allocation. One draw per programme and quarter."""
    programme = AuditProgramme.objects.select_for_update().get(pk=programme.pk)
    if policy.programme_id != programme.pk:
        raise ValidationError({"policy": _("The policy belongs to another programme.")})
    if programme.status != AuditProgramme.Status.APPROVED:
        raise ValidationError(_("The programme must be approved before its first draw."))
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("The quarter must be 1, 2, 3 or 4.")})
    if cutoff > timezone.localdate():
        raise ValidationError(
            {"cutoff": _("A population is frozen as of today or an earlier date, not a future one.")}
        )
    if AuditDraw.objects.filter(programme=programme, quarter=quarter).exists():
        raise ValidationError({"quarter": _("This quarter already has its draw; a draw is never repeated.")})
    policy = SamplingPolicy.objects.select_for_update().select_related("programme").get(pk=policy.pk)
    population = eligible_population(policy, cutoff)
    if not population.codes:
        raise ValidationError(_("No project is eligible under this policy on that date."))
    now = timezone.now()
    draw = AuditDraw(
        number=draw_number(programme, quarter),
        programme=programme,
        quarter=quarter,
        policy=policy,
        status=AuditDraw.Status.FROZEN,
        cutoff_date=cutoff,
        population=population.codes,
        population_size=len(population.codes),
        strata=population.strata,
        weights=population.weights,
        certainty=population.certainty,
        parameters={
            "policy": policy_parameters(policy),
            "factors": population.factors,
            "factors_unavailable": population.unavailable,
            "confidential_excluded": population.confidential_excluded,
            "recently_audited": population.recently_audited,
            "quota": programme.quota(quarter),
        },
        frozen_by=actor,
        frozen_at=now,
        algorithm_version=sampling.ALGORITHM_VERSION,
    )
    inputs = frozen_inputs(draw)
    try:
        draw.allocation = sampling.allocation_for(inputs)
    except ValueError as exc:
        raise ValidationError(
            {
                "policy": _("The policy's allocation cannot be applied to this population: %(reason)s")
                % {"reason": exc}
            }
        ) from exc
    draw.population_sha256 = sampling.population_sha256(inputs)
    draw.full_clean(exclude=GENERATED)
    draw._history_user = actor
    draw.save()
    if not policy.is_fixed:
        policy.status = SamplingPolicy.Status.FIXED
        policy.fixed_at = now
        policy.full_clean()
        policy._history_user = actor
        policy.save(update_fields=["status", "fixed_at", "updated_at"])
    return draw


def _refuse_seed(draw: AuditDraw) -> None:
    if draw.status == AuditDraw.Status.DRAWN:
        raise ValidationError(_("The draw has been run; its seed can no longer be recorded."))
    if draw.seed:
        raise ValidationError(_("The draw already has its seed; a seed is recorded once."))


def _witness_list(witnesses: list[str]) -> list[str]:
    names = [" ".join(str(w).split()) for w in witnesses]
    return [name[:200] for name in names if name]


@transaction.atomic
def draw_seed_dice(*, draw: AuditDraw, digits: str, witnesses: list[str], actor: Any) -> AuditDraw:
    """Record public dice digits (at least 20, digits only) entered before the witnesses; once, never after the
    commit-then-reveal began."""
    draw = _lock(draw)
    _refuse_seed(draw)
    if draw.status == AuditDraw.Status.COMMITTING:
        raise ValidationError(
            _("Commit-then-reveal has started for this draw; its seed will come from the reveals.")
        )
    digits = "".join(str(digits).split())
    if not DICE_RE.fullmatch(digits) or not digits.isascii():
        raise ValidationError({"digits": _("The seed must consist of digits only.")})
    if len(digits) < MIN_DICE_DIGITS:
        raise ValidationError(
            {
                "digits": _("The seed must have at least %(n)d digits; it has %(m)d.")
                % {"n": MIN_DICE_DIGITS, "m": len(digits)}
            }
        )
    names = _witness_list(witnesses)
    if not names:
        raise ValidationError({"witnesses": _("Name at least one witness of the dice roll.")})
    draw.seed_source = AuditDraw.SeedSource.DICE
    draw.seed = digits
    draw.witnesses = names
    draw.seed_recorded_by = actor
    draw.seed_recorded_at = timezone.now()
    draw.status = AuditDraw.Status.SEEDED
    _save(draw, actor, ["seed_source", "seed", "witnesses", "seed_recorded_by", "seed_recorded_at", "status"])
    return draw


@transaction.atomic
def draw_commit(*, draw: AuditDraw, party: str, commitment: str, actor: Any) -> SeedCommitment:
    """A party's commitment: SHA-256 (64 hex digits) of a secret it reveals later. Only before the commit phase
    is closed, and only on a draw without a seed."""
    draw = _lock(draw)
    _refuse_seed(draw)
    if draw.commitments_closed_at:
        raise ValidationError(_("The commitments are closed; no party can commit any more."))
    party = " ".join(str(party).split())
    if not party:
        raise ValidationError({"party": _("Name the party.")})
    commitment = str(commitment).strip().lower()
    if not HEX64_RE.fullmatch(commitment):
        raise ValidationError({"commitment": _("A commitment is a SHA-256 hash: 64 hexadecimal digits.")})
    existing = list(SeedCommitment.objects.filter(draw=draw).values_list("party", flat=True))
    if party in existing:
        raise ValidationError({"party": _("This party has already committed.")})
    row = SeedCommitment(
        draw=draw,
        party=party,
        position=len(existing) + 1,
        commitment=commitment,
        committed_at=timezone.now(),
        recorded_by=actor,
    )
    row.full_clean()
    row._history_user = actor
    row.save()
    if draw.status != AuditDraw.Status.COMMITTING:
        draw.status = AuditDraw.Status.COMMITTING
        _save(draw, actor, ["status"])
    return row


@transaction.atomic
def draw_close_commitments(*, draw: AuditDraw, actor: Any) -> AuditDraw:
    """End the commit phase (at least two parties): from now on the parties reveal, nobody commits."""
    draw = _lock(draw)
    _refuse_seed(draw)
    if draw.status != AuditDraw.Status.COMMITTING or draw.commitments_closed_at:
        raise ValidationError(_("There is no open commit phase to close."))
    if SeedCommitment.objects.filter(draw=draw).count() < 2:
        raise ValidationError(_("Commit-then-reveal needs at least two parties."))
    draw.commitments_closed_at = timezone.now()
    _save(draw, actor, ["commitments_closed_at"])
    return draw


@transaction.atomic
def draw_reveal(*, draw: AuditDraw, party: str, secret: str, actor: Any) -> SeedCommitment:
    """A party reveals its secret, which must hash to its commitment; after the last reveal the seed is SHA-256
    of the reveals joined by a line feed, in party order."""
    draw = _lock(draw)
    _refuse_seed(draw)
    if not draw.commitments_closed_at:
        raise ValidationError(
            _("Secrets are revealed only after every party committed and the commitments were closed.")
        )
    row = (
        SeedCommitment.objects.select_for_update()
        .filter(draw=draw, party=" ".join(str(party).split()))
        .first()
    )
    if row is None:
        raise ValidationError({"party": _("This party has not committed.")})
    if row.reveal:
        raise ValidationError({"party": _("This party has already revealed its secret.")})
    if not secret or len(secret) > MAX_SECRET or "\n" in secret or "\r" in secret:
        raise ValidationError(
            {"secret": _("The secret is one line of at most %(n)d characters.") % {"n": MAX_SECRET}}
        )
    if sampling.sha256_hex(secret) != row.commitment:
        raise ValidationError(
            {"secret": _("The SHA-256 of this secret does not match the party's commitment.")}
        )
    row.reveal = secret
    row.revealed_at = timezone.now()
    row.full_clean()
    row._history_user = actor
    row.save(update_fields=["reveal", "revealed_at", "updated_at"])
    rows = list(SeedCommitment.objects.filter(draw=draw).order_by("position"))
    if all(r.reveal for r in rows):
        draw.seed_source = AuditDraw.SeedSource.COMMIT_REVEAL
        draw.seed = sampling.seed_from_reveals([r.reveal for r in rows])
        draw.witnesses = [r.party for r in rows]
        draw.seed_recorded_by = actor
        draw.seed_recorded_at = timezone.now()
        draw.status = AuditDraw.Status.SEEDED
        _save(
            draw,
            actor,
            ["seed_source", "seed", "witnesses", "seed_recorded_by", "seed_recorded_at", "status"],
        )
    return row


@transaction.atomic
def draw_run(*, draw: AuditDraw, actor: Any) -> AuditDraw:
    """Run the draw over its frozen inputs and seed: the result, one DrawItem per drawn project, the inputs'
    SHA-256 and the algorithm version; refused without a seed and once drawn."""
    draw = _lock(draw)
    if draw.status == AuditDraw.Status.DRAWN:
        raise ValidationError(_("The draw has already been run; its result never changes."))
    if draw.status != AuditDraw.Status.SEEDED or not draw.seed:
        raise ValidationError(_("Record the seed before running the draw."))
    if draw.algorithm_version != sampling.ALGORITHM_VERSION:
        raise ValidationError(
            _("The draw was frozen for algorithm %(frozen)s; this system runs %(current)s.")
            % {"frozen": draw.algorithm_version, "current": sampling.ALGORITHM_VERSION}
        )
    inputs = draw_inputs(draw)
    result = sampling.run_draw(inputs)
    codes = [item["code"] for item in result["items"]]
    from projects.models import Project

    ids = dict(Project.objects.filter(code__in=codes).values_list("code", "pk"))
    missing = [code for code in codes if code not in ids]
    if missing:
        raise ValidationError(
            _("Projects of the population no longer exist: %(codes)s") % {"codes": ", ".join(missing[:5])}
        )
    draw.result = result
    draw.inputs_sha256 = sampling.canonical_sha256(inputs)
    draw.drawn_by = actor
    draw.drawn_at = timezone.now()
    draw.status = AuditDraw.Status.DRAWN
    _save(draw, actor, ["result", "inputs_sha256", "drawn_by", "drawn_at", "status"])
    DrawItem.objects.bulk_create(
        DrawItem(
            draw=draw,
            project_id=ids[item["code"]],
            code=item["code"],
            reason=DrawItem.Reason.CERTAINTY if item["reason"] == "certainty" else DrawItem.Reason.SAMPLED,
            stratum=item["stratum"],
            rank=item["rank"],
            key=item["key"],
            certainty_rule=item["rule"],
        )
        for item in result["items"]
    )
    return draw
