"""audits.sampling: AUDIT-SAMPLING.md's reference values, allocation and sample sizes computed by hand, and the
determinism of a whole draw (same inputs → same result, byte for byte). No database."""

from __future__ import annotations

import copy
import hashlib
import json
import math
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from audits import sampling

ROOT = Path(__file__).resolve().parents[2]


# --- Rivest's sampler: the published reference values (cjerdonek/rivest-sampler-tests) ------------------------


@pytest.mark.parametrize(
    ("seed", "n", "first_three"),
    [
        ("0", 1000, [905, 573, 160]),
        ("0", 2, [1, 1, 2]),
        ("1", 1000, [97, 89, 163]),
        ("0000000000", 1000, [978, 359, 132]),
        ("999999999999999999999999", 1000, [544, 800, 654]),
        ("abcde", 1000, [247, 427, 157]),
    ],
)
def test_rivest_reference_values(seed: str, n: int, first_three: list[int]) -> None:
    assert sampling.rivest_with_replacement(seed, n, 3) == first_three


def test_rivest_without_replacement_skips_repeats_and_records_the_last_i() -> None:
    # seed "0", N = 2 draws 1, 1, 2: the repeat at i = 2 is skipped, so the second item comes at i = 3
    picked, last_i = sampling.rivest_without_replacement("0", 2, 2)
    assert picked == [(1, 1), (2, 3)]
    assert last_i == 3


def test_rivest_without_replacement_refuses_more_than_n() -> None:
    with pytest.raises(ValueError, match="more distinct"):
        sampling.rivest_without_replacement("0", 2, 3)


# --- seeded ranking and Efraimidis–Spirakis --------------------------------------------------------------------


def test_u_is_the_first_13_hex_digits_plus_a_half_over_2_52() -> None:
    digest = hashlib.sha256(b"seed|PRJ-1").hexdigest()
    assert sampling.u_value("seed", "PRJ-1") == (int(digest[:13], 16) + 0.5) / 2**52
    assert 0 < sampling.u_value("seed", "PRJ-1") < 1


def test_seeded_ranking_takes_the_smallest_u_whatever_the_list_order() -> None:
    ids = [f"PRJ-{i}" for i in range(20)]
    expected = sorted(ids, key=lambda c: sampling.u_value("42", c))[:5]
    assert [c for c, _key in sampling.seeded_ranking("42", ids, 5)] == expected
    assert sampling.seeded_ranking("42", reversed(ids), 5) == sampling.seeded_ranking("42", ids, 5)
    assert [k for _c, k in sampling.seeded_ranking("42", ids, 5)] == [
        repr(sampling.u_value("42", c)) for c in expected
    ]


def test_es_key_is_minus_ln_u_over_w() -> None:
    u = sampling.u_value("7", "PRJ-1")
    key = sampling.es_key("7", "PRJ-1", "2.5")
    assert float(key) == pytest.approx(-math.log(u) / 2.5, rel=1e-12)
    # a heavier weight makes the key smaller (more likely drawn)
    assert sampling.es_key("7", "PRJ-1", "5") < key


def test_es_key_refuses_a_weight_that_is_not_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        sampling.es_key("7", "PRJ-1", "0")


def test_es_ranking_takes_the_smallest_keys() -> None:
    items = [(f"PRJ-{i}", str(1 + i % 4)) for i in range(30)]
    expected = sorted(items, key=lambda p: sampling.es_key("s", p[0], p[1]))[:4]
    assert [c for c, _k in sampling.es_ranking("s", items, 4)] == [c for c, _w in expected]


# --- allocation by hand --------------------------------------------------------------------------------------


def test_proportional_largest_remainder_by_hand() -> None:
    # n = 10 over 50 / 30 / 17 / 3 (N = 100): quotas 5, 3, 1.7, 0.3 → whole parts 5, 3, 1, 0 (9), the last unit
    # to the largest remainder (.7: stratum c)
    assert sampling.allocate("proportional", 10, {"a": 50, "b": 30, "c": 17, "d": 3}) == {
        "a": 5,
        "b": 3,
        "c": 2,
        "d": 0,
    }


def test_proportional_ties_go_to_the_larger_stratum_then_the_first_key() -> None:
    # n = 1 over 2 / 2: quotas .5 / .5, same size → the key that sorts first
    assert sampling.allocate("proportional", 1, {"b": 2, "a": 2}) == {"a": 1, "b": 0}
    # n = 2 over 3 / 3 / 4 (N = 10): quotas .6 .6 .8 → 0 0 0, two units: .8 (c), then .6 tie → a
    assert sampling.allocate("proportional", 2, {"a": 3, "b": 3, "c": 4}) == {"a": 1, "b": 0, "c": 1}


def test_neyman_by_hand() -> None:
    # N_h S_h: 100 × 1 = 100, 100 × 3 = 300 → n = 8 gives 2 and 6
    sds = {"a": Decimal(1), "b": Decimal(3)}
    assert sampling.allocate("neyman", 8, {"a": 100, "b": 100}, sds=sds) == {"a": 2, "b": 6}


def test_neyman_caps_a_stratum_at_its_size_and_gives_the_rest_to_the_others() -> None:
    # N_h S_h: 2 × 100 = 200 and 100 × 1 = 100 → the small stratum's quota 6.7 exceeds its 2 projects: it gets
    # 2, the big one the 8 left
    sds = {"small": Decimal(100), "big": Decimal(1)}
    assert sampling.allocate("neyman", 10, {"small": 2, "big": 100}, sds=sds) == {"small": 2, "big": 8}


def test_neyman_with_no_spread_falls_back_to_proportional() -> None:
    sds = {"a": Decimal(0), "b": Decimal(0)}
    assert sampling.allocate("neyman", 4, {"a": 30, "b": 10}, sds=sds) == {"a": 3, "b": 1}


def test_fixed_minimum_then_proportional_by_hand() -> None:
    # minimum 1 each (a: 1, b: 1, c: 1), 7 left over what each has left: 49 / 29 / 1 (79) → 4.34, 2.57, .09
    # → 4, 2, 0 and one unit to b (.57)
    assert sampling.allocate("fixed_minimum", 10, {"a": 50, "b": 30, "c": 2}, minimum=1) == {
        "a": 5,
        "b": 4,
        "c": 1,
    }


def test_fixed_minimum_refuses_a_sample_smaller_than_the_minimums() -> None:
    with pytest.raises(ValueError, match="minimum"):
        sampling.allocate("fixed_minimum", 2, {"a": 5, "b": 5, "c": 5}, minimum=1)


def test_allocation_never_exceeds_the_population() -> None:
    assert sampling.allocate("proportional", 50, {"a": 3, "b": 2}) == {"a": 3, "b": 2}


def test_stratum_sd_is_the_population_standard_deviation() -> None:
    assert sampling.stratum_sd(["1", "3"]) == Decimal(1)
    assert sampling.stratum_sd(["2", "2", "2"]) == Decimal(0)


# --- attribute sample size ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alpha", "p", "n"),
    [
        # ln(.05)/ln(.90) = 28.43 → 29; ln(.05)/ln(.95) = 58.40 → 59 (the AICPA table: 95 % confidence)
        ("0.05", "0.10", 29),
        ("0.05", "0.05", 59),
        ("0.10", "0.05", 45),  # 44.89
        ("0.01", "0.05", 90),  # 89.78
        ("0.10", "0.10", 22),  # 21.85
        ("0.25", "0.5", 2),  # exactly 2: (1/2)^2 = 1/4, no float rounding up to 3
        ("0.5", "0.5", 1),
    ],
)
def test_attribute_sample_size(alpha: str, p: str, n: int) -> None:
    assert sampling.attribute_sample_size(alpha, p) == n
    assert sampling.attribute_sample_size(Decimal(alpha), Fraction(p)) == n


@pytest.mark.parametrize(("alpha", "p"), [("0", "0.1"), ("1", "0.1"), ("0.05", "0"), ("0.05", "1.2")])
def test_attribute_sample_size_refuses_out_of_range(alpha: str, p: str) -> None:
    with pytest.raises(ValueError, match="between"):
        sampling.attribute_sample_size(alpha, p)


# --- canonical JSON ------------------------------------------------------------------------------------------


def test_canonical_json_sorts_keys_and_has_no_spaces() -> None:
    assert sampling.canonical_json({"b": [1, "Ә"], "a": {"d": "1.50", "c": None}}) == (
        '{"a":{"c":null,"d":"1.50"},"b":[1,"Ә"]}'
    )


def test_canonical_json_refuses_floats() -> None:
    with pytest.raises(TypeError, match="string"):
        sampling.canonical_json({"w": 1.5})


# --- a whole draw ---------------------------------------------------------------------------------------------


def _inputs(method: str = "risk_weighted", allocation: str = "proportional") -> dict[str, Any]:
    population = [f"PRJ-{i:04d}" for i in range(1, 41)]
    return {
        "algorithm_version": sampling.ALGORITHM_VERSION,
        "draw": "D-2026-Q3",
        "policy": {
            "version": 1,
            "method": method,
            "allocation": allocation,
            "minimum_per_stratum": 1,
            "sample_size": 6,
        },
        "population": population,
        "strata": {c: ("construction|1" if i % 3 == 0 else "social|0") for i, c in enumerate(population)},
        "weights": {c: str(Decimal(1) + Decimal(i % 5) / 4) for i, c in enumerate(population)},
        "certainty": {"PRJ-0007": "budget", "PRJ-0031": "red_twice"},
        "seed": "31415926535897932384",
        "seed_source": "dice",
        "witnesses": ["Witness of the city council"],
    }


@pytest.mark.parametrize("method", ["simple", "stratified", "risk_weighted"])
def test_run_draw_lists_certainty_apart_and_samples_the_rest(method: str) -> None:
    result = sampling.run_draw(_inputs(method))
    items = result["items"]
    assert [i["code"] for i in items[:2]] == ["PRJ-0007", "PRJ-0031"]
    assert {i["reason"] for i in items[:2]} == {"certainty"}
    sampled = [i for i in items if i["reason"] == "sampled"]
    assert len(sampled) == 6
    assert not {"PRJ-0007", "PRJ-0031"} & {i["code"] for i in sampled}
    assert [i["rank"] for i in items] == list(range(1, 9))
    assert result["algorithm_version"] == sampling.ALGORITHM_VERSION
    if method == "simple":
        assert result["last_i"] == max(int(i["key"]) for i in sampled)
    else:
        assert sum(result["allocation"].values()) == 6
        assert result["last_i"] is None


def test_simple_draw_follows_rivest_over_the_list_without_certainty() -> None:
    inputs = _inputs("simple")
    rest = [c for c in inputs["population"] if c not in inputs["certainty"]]
    picked, _last = sampling.rivest_without_replacement(str(inputs["seed"]), len(rest), 6)
    sampled = [i["code"] for i in sampling.run_draw(inputs)["items"] if i["reason"] == "sampled"]
    assert sampled == [rest[n - 1] for n, _i in picked]


def test_risk_weighted_draw_ranks_by_es_keys_within_each_stratum() -> None:
    inputs = _inputs("risk_weighted")
    result = sampling.run_draw(inputs)
    for stratum, k in result["allocation"].items():
        members = [
            (c, inputs["weights"][c])
            for c in inputs["population"]
            if inputs["strata"][c] == stratum and c not in inputs["certainty"]
        ]
        expected = [c for c, _key in sampling.es_ranking(str(inputs["seed"]), members, k)]
        assert [
            i["code"] for i in result["items"] if i["stratum"] == stratum and i["reason"] == "sampled"
        ] == expected


def test_same_inputs_same_result_byte_for_byte() -> None:
    first = sampling.canonical_json(sampling.run_draw(_inputs()))
    again = sampling.canonical_json(sampling.run_draw(copy.deepcopy(_inputs())))
    assert first == again
    # and a different seed gives a different sample
    other = _inputs()
    other["seed"] = "27182818284590452353"
    assert sampling.canonical_json(sampling.run_draw(other)) != first


def test_document_round_trip_matches_and_a_tampered_file_shows_the_first_difference() -> None:
    inputs = _inputs()
    document = json.loads(json.dumps(sampling.draw_document(inputs, sampling.run_draw(inputs))))
    assert sampling.verify_document(document) == "match"

    swapped = copy.deepcopy(document)
    swapped["result"]["items"][3]["code"] = "PRJ-0040"
    assert sampling.verify_document(swapped).startswith("result.items[3].code: recomputed")

    reweighted = copy.deepcopy(document)
    reweighted["inputs"]["weights"]["PRJ-0001"] = "9"
    assert sampling.verify_document(reweighted).startswith("population_sha256: recomputed")

    reseeded = copy.deepcopy(document)
    reseeded["inputs"]["seed"] = "11111111111111111111"
    assert sampling.verify_document(reseeded).startswith("inputs_sha256: recomputed")


def test_commit_reveal_seed_is_checked() -> None:
    inputs = _inputs()
    reveals = ["first party's secret", "second party's secret"]
    inputs["seed_source"] = "commit_reveal"
    inputs["commitments"] = [
        {"party": f"Party {n}", "commitment": sampling.sha256_hex(r), "reveal": r}
        for n, r in enumerate(reveals)
    ]
    inputs["seed"] = sampling.seed_from_reveals(reveals)
    assert inputs["seed"] == hashlib.sha256("\n".join(reveals).encode()).hexdigest()
    document = sampling.draw_document(inputs, sampling.run_draw(inputs))
    assert sampling.verify_document(document) == "match"
    document["inputs"]["commitments"][1]["reveal"] = "another secret"
    assert "does not equal the commitment" in sampling.verify_document(document)


def test_cli_prints_match_or_the_difference(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = _inputs("stratified")
    path = tmp_path / "draw.json"
    document = sampling.draw_document(inputs, sampling.run_draw(inputs))
    path.write_text(json.dumps(document), encoding="utf-8")
    assert sampling.main([str(path)]) == 0
    assert capsys.readouterr().out == "match\n"
    document["result"]["items"][0]["rule"] = "budget?"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert sampling.main([str(path)]) == 1
    assert capsys.readouterr().out.startswith("result.items[0].rule")


def test_the_published_script_is_a_byte_identical_copy() -> None:
    assert (ROOT / "docs" / "audit_verify.py").read_bytes() == (ROOT / "audits" / "sampling.py").read_bytes()


def test_es_ranking_with_float_prefilter_equals_the_exact_ranking() -> None:
    # equal and near-equal weights, many items: the float estimate only prunes, the order is the exact one
    items = [(f"PRJ-{i:05d}", ("1", "1.0001", "2.5", "1")[i % 4]) for i in range(800)]
    exact = sorted((sampling.es_key("99", c, w), sampling.unit_hash("99", c)[1], c) for c, w in items)
    for k in (1, 7, 100, 800):
        assert sampling.es_ranking("99", items, k) == [(c, format(key, "f")) for key, _d, c in exact[:k]]
