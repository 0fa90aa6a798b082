"""The draw protocol as services: freeze → seed (dice, or commit-then-reveal) → run, each refusal of "Bad input",
eligibility, certainty and weights, immutability, the JSON round trip through audit_verify."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from audits import sampling
from audits.models import AuditDraw, DrawItem, SamplingPolicy
from audits.services import draws as svc
from audits.services.policy_guard import ensure_policy_editable
from tests.audits.factories import AuditFactory, FindingFactory, ProgrammeFactory
from tests.audits.factories_draws import CUTOFF, DICE, approved_programme, city, drawn_draw, policy_for
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _freeze(actor: Any, **policy: Any) -> AuditDraw:
    programme = approved_programme(owner=actor)
    return svc.draw_freeze(
        programme=programme, quarter=3, policy=policy_for(programme, **policy), cutoff=CUTOFF, actor=actor
    )


def test_freeze_records_the_sorted_population_its_hash_and_fixes_the_policy(auditor: Any) -> None:
    projects = city(12)
    draw = _freeze(auditor)
    assert draw.number == "D-2026-Q3"
    assert draw.status == AuditDraw.Status.FROZEN
    assert draw.population == sorted(p.code for p in projects)
    assert draw.population_sha256 == sampling.population_sha256(svc.frozen_inputs(draw))
    assert len(draw.population_sha256) == 64
    # budgets above 9 bn: none; every fourth project is 2 bn → band 1 with the factory's 1 bn edge
    assert draw.strata["PRJ-CITY-004"] == "social|1"
    assert draw.strata["PRJ-CITY-001"] == "social|0"
    assert sum(draw.allocation.values()) == 4
    draw.policy.refresh_from_db()
    assert draw.policy.status == SamplingPolicy.Status.FIXED
    assert draw.policy.fixed_at is not None
    assert draw.history.count() == 1


def test_eligibility_stages_terminated_recent_audits_and_confidential(auditor: Any) -> None:
    city(4)
    ProjectFactory(code="PRJ-IDEA", stage="idea")
    ProjectFactory(code="PRJ-TERM", stage="terminated")
    ProjectFactory(code="PRJ-SECRET", is_confidential=True)
    programme = approved_programme(owner=auditor)
    for code, start in (
        ("PRJ-AUDITED", datetime.date(2026, 3, 1)),
        ("PRJ-OLD-AUDIT", datetime.date(2025, 3, 1)),
    ):
        AuditFactory(
            project=ProjectFactory(code=code), planned_start=start, lead=auditor, programme=programme
        )
    draw = svc.draw_freeze(
        programme=programme,
        quarter=3,
        policy=policy_for(programme, eligible_stages=[], months_since_audit=12),
        cutoff=CUTOFF,
        actor=auditor,
    )
    assert "PRJ-TERM" not in draw.population  # terminated: never, even with no stage filter
    assert "PRJ-SECRET" not in draw.population
    assert "PRJ-AUDITED" not in draw.population
    assert "PRJ-OLD-AUDIT" in draw.population
    assert "PRJ-IDEA" in draw.population  # empty eligible_stages: every stage but terminated
    assert draw.parameters["confidential_excluded"] == 1
    assert "PRJ-SECRET" not in json.dumps(svc.draw_document(draw))


def test_eligible_stages_filter(auditor: Any) -> None:
    city(3)
    ProjectFactory(code="PRJ-IDEA", stage="idea")
    draw = _freeze(auditor)
    assert "PRJ-IDEA" not in draw.population


def test_certainty_rules_budget_and_red_twice(auditor: Any) -> None:
    from projects.models import StatusReport

    projects = city(6)
    for month, rag in ((4, "amber"), (5, "red"), (6, "red")):
        StatusReport.objects.create(
            project=projects[0], period_year=2026, period_month=month, rag_overall=rag, status="accepted"
        )
    draw = _freeze(auditor, certainty_budget_threshold=Decimal("1000000000"))
    rules = {entry["code"]: entry["rule"] for entry in draw.certainty}
    assert rules["PRJ-CITY-001"] == "red_twice"
    assert rules["PRJ-CITY-004"] == "budget"
    # RAG history: red, red, amber of the last four → (2 + 0.5) / 4
    assert draw.parameters["factors"]["PRJ-CITY-001"]["red_periods"] == "0.6250"


def test_weights_follow_the_policy_formula(auditor: Any) -> None:
    projects = city(4)
    programme = approved_programme(owner=auditor)
    finding_audit = AuditFactory(
        project=projects[1], planned_start=datetime.date(2024, 1, 10), lead=auditor, programme=programme
    )
    finding = FindingFactory(audit=finding_audit, severity="critical")
    type(finding).objects.filter(pk=finding.pk).update(
        created_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    )
    policy = policy_for(
        programme,
        risk_weights={"budget": "2", "findings": "1", "red_periods": "1", "overdue_reports": "0"},
        certainty_budget_threshold=None,
    )
    draw = svc.draw_freeze(programme=programme, quarter=3, policy=policy, cutoff=CUTOFF, actor=auditor)
    # PRJ-CITY-004 has the largest budget (2 bn) → x_budget = 1 → w = 1 + 2 × 1
    assert draw.weights["PRJ-CITY-004"] == "3.0000"
    # PRJ-CITY-002: budget 500 000 002 / 2 bn = 0.2500 → 1 + 2 × 0.25 + 1 × 1 (a critical finding) = 2.5
    assert draw.weights["PRJ-CITY-002"] == "2.5000"


def test_run_before_seed_is_refused(auditor: Any) -> None:
    city(6)
    draw = _freeze(auditor)
    with pytest.raises(ValidationError, match="Record the seed"):
        svc.draw_run(draw=draw, actor=auditor)
    draw.refresh_from_db()
    assert draw.status == AuditDraw.Status.FROZEN
    assert not DrawItem.objects.exists()


def test_second_seed_is_refused(auditor: Any) -> None:
    city(6)
    draw = _freeze(auditor)
    svc.draw_seed_dice(draw=draw, digits=DICE, witnesses=["Observer"], actor=auditor)
    with pytest.raises(ValidationError, match="already has its seed"):
        svc.draw_seed_dice(draw=draw, digits="9" * 25, witnesses=["Observer"], actor=auditor)
    draw.refresh_from_db()
    assert draw.seed == DICE


@pytest.mark.parametrize(
    ("digits", "message"),
    [
        ("1234567890123456789", "at least 20 digits"),
        ("12345678901234567890x", "digits only"),
        ("١" * 25, "digits only"),
    ],
)
def test_bad_dice_digits_are_refused(auditor: Any, digits: str, message: str) -> None:
    city(6)
    draw = _freeze(auditor)
    with pytest.raises(ValidationError, match=message):
        svc.draw_seed_dice(draw=draw, digits=digits, witnesses=["Observer"], actor=auditor)
    draw.refresh_from_db()
    assert draw.seed == ""
    assert draw.status == AuditDraw.Status.FROZEN


def test_dice_needs_a_witness(auditor: Any) -> None:
    city(6)
    draw = _freeze(auditor)
    with pytest.raises(ValidationError, match="witness"):
        svc.draw_seed_dice(draw=draw, digits=DICE, witnesses=["  "], actor=auditor)


def test_freeze_refusals(auditor: Any) -> None:
    city(6)
    programme = approved_programme(owner=auditor)
    other = ProgrammeFactory(year=2027, owner=auditor)
    with pytest.raises(ValidationError, match="another programme"):
        svc.draw_freeze(
            programme=programme, quarter=3, policy=policy_for(other), cutoff=CUTOFF, actor=auditor
        )
    with pytest.raises(ValidationError, match="approved"):
        svc.draw_freeze(programme=other, quarter=3, policy=policy_for(other), cutoff=CUTOFF, actor=auditor)
    policy = policy_for(programme)
    with pytest.raises(ValidationError, match="future"):
        svc.draw_freeze(
            programme=programme, quarter=3, policy=policy, cutoff=datetime.date(2999, 1, 1), actor=auditor
        )
    svc.draw_freeze(programme=programme, quarter=3, policy=policy, cutoff=CUTOFF, actor=auditor)
    with pytest.raises(ValidationError, match="already has its draw"):
        svc.draw_freeze(programme=programme, quarter=3, policy=policy, cutoff=CUTOFF, actor=auditor)
    assert AuditDraw.objects.count() == 1


def test_freeze_refuses_an_allocation_that_cannot_be_met(auditor: Any) -> None:
    city(6)
    with pytest.raises(ValidationError, match="allocation"):
        _freeze(auditor, allocation="fixed_minimum", minimum_per_stratum=3, sample_size=2)
    assert not AuditDraw.objects.exists()
    assert not SamplingPolicy.objects.filter(status=SamplingPolicy.Status.FIXED).exists()


def test_policy_used_by_a_draw_cannot_be_edited(auditor: Any) -> None:
    city(6)
    programme = approved_programme(owner=auditor)
    policy = policy_for(programme)
    ensure_policy_editable(policy)  # a draft: fine
    svc.draw_freeze(programme=programme, quarter=3, policy=policy, cutoff=CUTOFF, actor=auditor)
    stale = SamplingPolicy.objects.get(pk=policy.pk)
    stale.status = SamplingPolicy.Status.DRAFT  # a stale copy in memory
    with pytest.raises(ValidationError, match="new version"):
        ensure_policy_editable(stale)


def test_run_draws_and_records_items_and_hashes(auditor: Any) -> None:
    city(12)
    draw = drawn_draw(auditor)
    assert draw.status == AuditDraw.Status.DRAWN
    assert draw.algorithm_version == sampling.ALGORITHM_VERSION
    assert draw.inputs_sha256 == sampling.canonical_sha256(svc.draw_inputs(draw))
    items = list(DrawItem.objects.filter(draw=draw).order_by("rank"))
    assert [i.code for i in items] == [entry["code"] for entry in draw.result["items"]]
    assert sum(1 for i in items if i.reason == "sampled") == 4
    assert all(i.key for i in items if i.reason == "sampled")
    with pytest.raises(ValidationError, match="already been run"):
        svc.draw_run(draw=draw, actor=auditor)
    with pytest.raises(ValidationError, match="has been run"):
        svc.draw_seed_dice(draw=draw, digits=DICE, witnesses=["Observer"], actor=auditor)


def test_rerun_of_the_same_inputs_gives_the_same_result_byte_for_byte(auditor: Any) -> None:
    city(12)
    draw = drawn_draw(auditor)
    again = sampling.run_draw(json.loads(json.dumps(svc.draw_inputs(draw))))
    assert sampling.canonical_json(again) == sampling.canonical_json(draw.result)


def test_commit_then_reveal(auditor: Any) -> None:
    city(8)
    draw = _freeze(auditor)
    secrets = ["council: 8812 blue", "press: 1204 green", "auditors: 77 amber"]
    for n, secret in enumerate(secrets):
        svc.draw_commit(
            draw=draw, party=f"Party {n + 1}", commitment=sampling.sha256_hex(secret), actor=auditor
        )
    draw.refresh_from_db()
    assert draw.status == AuditDraw.Status.COMMITTING
    with pytest.raises(ValidationError, match="after every party committed"):
        svc.draw_reveal(draw=draw, party="Party 1", secret=secrets[0], actor=auditor)
    with pytest.raises(ValidationError, match="Commit-then-reveal has started"):
        svc.draw_seed_dice(draw=draw, digits=DICE, witnesses=["Observer"], actor=auditor)
    svc.draw_close_commitments(draw=draw, actor=auditor)
    with pytest.raises(ValidationError, match="closed"):
        svc.draw_commit(draw=draw, party="Late party", commitment="a" * 64, actor=auditor)
    with pytest.raises(ValidationError, match="does not match"):
        svc.draw_reveal(draw=draw, party="Party 2", secret="a guess", actor=auditor)
    assert draw.commitments.get(party="Party 2").reveal == ""
    for n, secret in enumerate(secrets):
        svc.draw_reveal(draw=draw, party=f"Party {n + 1}", secret=secret, actor=auditor)
    draw.refresh_from_db()
    assert draw.status == AuditDraw.Status.SEEDED
    assert draw.seed == sampling.sha256_hex("\n".join(secrets))
    assert draw.witnesses == ["Party 1", "Party 2", "Party 3"]
    draw = svc.draw_run(draw=draw, actor=auditor)
    assert sampling.verify_document(json.loads(json.dumps(svc.draw_document(draw)))) == "match"


def test_commit_refusals(auditor: Any) -> None:
    city(4)
    draw = _freeze(auditor)
    with pytest.raises(ValidationError, match="64 hexadecimal"):
        svc.draw_commit(draw=draw, party="Party", commitment="abc", actor=auditor)
    svc.draw_commit(draw=draw, party="Party", commitment="A" * 64, actor=auditor)
    with pytest.raises(ValidationError, match="already committed"):
        svc.draw_commit(draw=draw, party="Party", commitment="b" * 64, actor=auditor)
    with pytest.raises(ValidationError, match="two parties"):
        svc.draw_close_commitments(draw=draw, actor=auditor)


def test_audit_verify_command_round_trip_and_tampering(auditor: Any, tmp_path: Path) -> None:
    city(12)
    draw = drawn_draw(auditor, method=SamplingPolicy.Method.STRATIFIED)
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(svc.draw_document(draw), ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("audit_verify", str(path), stdout=out)
    assert out.getvalue().strip() == "match"

    document = json.loads(path.read_text(encoding="utf-8"))
    document["result"]["items"][0]["code"] = "PRJ-CITY-999"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify", str(path), stdout=(out := io.StringIO()))
    assert exit_info.value.code == 1
    assert out.getvalue().startswith("result.items[0].code: recomputed")


def test_demo_loads_a_drawn_draw_and_a_frozen_one(auditor: Any, pmo: Any) -> None:
    from audits import demo_draws

    city(8)
    demo_draws.load({"users": {"auditor": auditor, "pmo": pmo}, "stdout": io.StringIO()})
    statuses = sorted(AuditDraw.objects.values_list("status", flat=True))
    assert statuses == [AuditDraw.Status.DRAWN, AuditDraw.Status.FROZEN]
    drawn = AuditDraw.objects.get(status=AuditDraw.Status.DRAWN)
    assert sampling.verify_document(json.loads(json.dumps(svc.draw_document(drawn)))) == "match"
