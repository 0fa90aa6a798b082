"""The verifiable audit draw: every algorithm of AUDIT-SAMPLING.md, in pure Python (standard library only).

This file is the single implementation used by PMIS (`audits.sampling`) and, byte for byte, the standalone
verification script published as `docs/audit_verify.py`: anyone can download a draw's JSON file from its public
page and run `python audit_verify.py FILE.json`, which prints "match" or the first difference (exit 0 / 1).

The published file (`draw_document`) holds:
  - "inputs": what the draw is computed from — the draw's number, the policy parameters, the population (project
    codes in a fixed order: sorted), each code's stratum, risk weight (a decimal written as a string) and certainty
    rule, then the seed with its source, witnesses and, for commit-then-reveal, every party's commitment and reveal;
  - "population_sha256": SHA-256 of the canonical JSON (below) of the inputs WITHOUT the seed fields ("seed",
    "seed_source", "witnesses", "commitments"): published when the population is frozen, before any seed exists,
    so neither the list nor its strata, weights or certainty rules can change once the seed is known;
  - "inputs_sha256": SHA-256 of the canonical JSON of the whole inputs;
  - "result": what `run_draw(inputs)` returned when the draw was run.

Canonical JSON: UTF-8, keys sorted, separators "," and ":" without spaces, non-ASCII characters as themselves;
no floating-point numbers anywhere (decimals are strings), so every implementation writes the same bytes.

Algorithms (AUDIT-SAMPLING.md):
  - Rivest's SHA-256 sampler over items numbered 1..N in list order: for i = 1, 2, ...:
    h = SHA256(UTF-8(seed + "," + str(i))) as a big integer; pick 1 + (h mod N); without replacement repeats are
    skipped until k distinct items; the result records each item's i and the last i.
  - Seeded ranking: u(id) = (int(first 13 hex digits of SHA256(seed + "|" + id), 16) + 0.5) / 2^52; the k smallest
    u are taken; ties by the full hash, then the id. u is exact in binary floating point; its key is Python's
    shortest repr of that float.
  - Efraimidis–Spirakis: key(id) = -ln(u(id)) / w(id), computed in decimal arithmetic with 34 significant digits
    (correctly rounded, so identical on every machine); the k smallest keys are taken; ties by full hash, then id.
  - Allocation across strata (proportional n_h = n N_h / N; Neyman n_h = n N_h S_h / sum N_h S_h with S_h the
    population standard deviation of the risk weights in stratum h; fixed minimum: min(m, N_h) per stratum, the
    rest proportional to what each stratum has left), computed with exact fractions, a stratum never given more
    than it has (the excess goes to the others), rounded by largest remainder: each stratum gets the whole part
    of its quota, the units left go to the largest fractional parts; ties go to the larger stratum, then to the
    stratum whose key sorts first. Neyman with every S_h = 0 falls back to proportional.
  - Certainty items (their code has a rule in "certainty") are listed first, in population order, and are not
    sampled; the method then runs over the other items: "simple" = Rivest without replacement over that list;
    "stratified" = allocation, then seeded ranking within each stratum; "risk_weighted" = allocation, then
    Efraimidis–Spirakis within each stratum. Strata are taken in key order, items within one by key.
  - Commit-then-reveal seed: SHA-256 (hex) of the reveals joined by a line feed ("\\n"), in party order; each
    reveal's SHA-256 (hex) must equal that party's commitment.
  - Attribute sample size with zero expected deviations: n = ceil(ln(alpha) / ln(1 - p)), computed exactly as the
    least n with (1 - p)^n <= alpha.
"""

from __future__ import annotations

import argparse
import decimal
import hashlib
import json
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

ALGORITHM_VERSION = "pmis-audit-draw/1"
FORMAT = "pmis-audit-draw"
SEED_FIELDS = ("seed", "seed_source", "witnesses", "commitments")
METHODS = ("simple", "stratified", "risk_weighted")
ALLOCATIONS = ("proportional", "neyman", "fixed_minimum")
_DECIMALS = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN)
_TWO_52 = 2**52


# --- hashing and canonical JSON ------------------------------------------------------------------------------


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _refuse_float(text: str) -> Any:
    raise TypeError(f"{text}: a floating-point number has no canonical form; write it as a string")


def canonical_json(value: Any) -> str:
    """The one byte sequence of a JSON value: sorted keys, no whitespace, no floats (decimals as strings)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    json.loads(text, parse_float=_refuse_float, parse_constant=_refuse_float)  # hooks: floats, NaN, Infinity
    return text


def canonical_sha256(value: Any) -> str:
    return sha256_hex(canonical_json(value))


def frozen_part(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs without the seed fields: what the population hash covers."""
    return {key: value for key, value in inputs.items() if key not in SEED_FIELDS}


def population_sha256(inputs: Mapping[str, Any]) -> str:
    return canonical_sha256(frozen_part(inputs))


def seed_from_reveals(reveals: Sequence[str]) -> str:
    """Commit-then-reveal: the seed is SHA-256 of the reveals joined by a line feed, in party order."""
    return sha256_hex("\n".join(reveals))


# --- Rivest's SHA-256 sampler ---------------------------------------------------------------------------------


def rivest_pick(seed: str, i: int, n: int) -> int:
    """The i-th draw (1-based) from items numbered 1..n."""
    return 1 + int(sha256_hex(f"{seed},{i}"), 16) % n


def rivest_with_replacement(seed: str, n: int, k: int) -> list[int]:
    """The first k draws, repeats included."""
    if n < 1:
        raise ValueError("N must be at least 1")
    return [rivest_pick(seed, i, n) for i in range(1, k + 1)]


def rivest_without_replacement(seed: str, n: int, k: int) -> tuple[list[tuple[int, int]], int]:
    """k distinct items as (item number, the i that drew it), and the last i used."""
    if k > n:
        raise ValueError("cannot draw more distinct items than there are")
    picked: list[tuple[int, int]] = []
    seen: set[int] = set()
    i = 0
    while len(picked) < k:
        i += 1
        item = rivest_pick(seed, i, n)
        if item not in seen:
            seen.add(item)
            picked.append((item, i))
    return picked, i


# --- seeded ranking and Efraimidis–Spirakis -------------------------------------------------------------------


def unit_hash(seed: str, item: str) -> tuple[int, str]:
    """(the integer of the first 13 hex digits, the full hex digest) of SHA256(seed + "|" + item)."""
    digest = sha256_hex(f"{seed}|{item}")
    return int(digest[:13], 16), digest


def u_value(seed: str, item: str) -> float:
    """u(id) = (first 13 hex digits + 0.5) / 2^52: in (0, 1), exact in binary floating point."""
    head, _digest = unit_hash(seed, item)
    return (head + 0.5) / _TWO_52


def u_key(seed: str, item: str) -> str:
    return repr(u_value(seed, item))


def seeded_ranking(seed: str, items: Iterable[str], k: int) -> list[tuple[str, str]]:
    """The k items with the smallest u, as (id, key); ties by full hash, then id."""
    ranked = []
    for item in items:
        head, digest = unit_hash(seed, item)
        ranked.append((head, digest, item))
    ranked.sort()
    return [(item, repr((head + 0.5) / _TWO_52)) for head, _digest, item in ranked[:k]]


def es_key(seed: str, item: str, weight: str | decimal.Decimal) -> decimal.Decimal:
    """key(id) = -ln(u(id)) / w(id), in correctly rounded decimal arithmetic (34 significant digits)."""
    head, _digest = unit_hash(seed, item)
    w = decimal.Decimal(weight)
    if not w.is_finite() or w <= 0:
        raise ValueError(f"the risk weight of {item} must be a positive number")
    u = _DECIMALS.divide(decimal.Decimal(2 * head + 1), decimal.Decimal(2**53))
    return _DECIMALS.divide(_DECIMALS.minus(_DECIMALS.ln(u)), w)


def es_ranking(seed: str, items: Iterable[tuple[str, str]], k: int) -> list[tuple[str, str]]:
    """The k (id, weight) pairs with the smallest Efraimidis–Spirakis keys, as (id, key); ties by hash, then id.

    Exact decimal keys are computed only for the items that can be among the k smallest: a binary floating-point
    estimate of every key (relative error far below 1e-12 on any machine) rules out the items whose estimate
    exceeds the k-th smallest estimate by more than a relative 1e-9; the order among the rest is the exact one.
    """
    estimates = []
    for item, weight in items:
        head, digest = unit_hash(seed, item)
        w = float(weight)
        if not w > 0 or math.isinf(w):
            raise ValueError(f"the risk weight of {item} must be a positive number")
        estimates.append((-math.log((head + 0.5) / _TWO_52) / w, digest, item, weight))
    if k <= 0 or not estimates:
        return []
    estimates.sort()
    bound = estimates[min(k, len(estimates)) - 1][0] * (1 + 1e-9)
    exact = sorted(
        (es_key(seed, item, weight), digest, item)
        for estimate, digest, item, weight in estimates
        if estimate <= bound
    )
    return [(item, format(key, "f")) for key, _digest, item in exact[:k]]


# --- allocation -----------------------------------------------------------------------------------------------


def largest_remainder(quotas: Mapping[str, Fraction], total: int, sizes: Mapping[str, int]) -> dict[str, int]:
    """Whole parts of the quotas, then the units left to the largest fractional parts (ties: larger stratum,
    then the key that sorts first)."""
    result = {h: math.floor(q) for h, q in quotas.items()}
    left = total - sum(result.values())
    order = sorted(quotas, key=lambda h: (-(quotas[h] - result[h]), -sizes.get(h, 0), h))
    for h in order[:left]:
        result[h] += 1
    return result


def _capped_allocation(n: int, sizes: Mapping[str, int], weights: Mapping[str, Fraction]) -> dict[str, int]:
    """n spread in proportion to `weights`, no stratum above its size (the excess goes to the others); strata
    of weight zero share only what the others cannot take, in proportion to their sizes."""
    n = min(n, sum(sizes.values()))
    result = dict.fromkeys(sizes, 0)
    active = [h for h in sizes if sizes[h] > 0]
    remaining = n
    while True:
        total_weight = sum((weights[h] for h in active), Fraction(0))
        if total_weight > 0:
            basis = {h: weights[h] for h in active if weights[h] > 0}
        else:
            basis = {h: Fraction(sizes[h]) for h in active}
            total_weight = sum(basis.values(), Fraction(0))
        if not basis or remaining == 0:
            return result
        quotas = {h: remaining * basis[h] / total_weight for h in basis}
        full = [h for h in basis if quotas[h] >= sizes[h]]
        if not full:
            for h, count in largest_remainder(quotas, remaining, sizes).items():
                result[h] = count
            return result
        for h in full:
            result[h] = sizes[h]
            remaining -= sizes[h]
            active.remove(h)


def stratum_sd(weights: Sequence[str]) -> decimal.Decimal:
    """Population standard deviation of a stratum's risk weights (decimal, 34 digits)."""
    if not weights:
        return decimal.Decimal(0)
    values = [decimal.Decimal(w) for w in weights]
    count = decimal.Decimal(len(values))
    mean = _DECIMALS.divide(sum(values, decimal.Decimal(0)), count)
    variance = _DECIMALS.divide(sum(((v - mean) ** 2 for v in values), decimal.Decimal(0)), count)
    return _DECIMALS.sqrt(variance)


def allocate(
    method: str,
    n: int,
    sizes: Mapping[str, int],
    *,
    sds: Mapping[str, decimal.Decimal] | None = None,
    minimum: int = 0,
) -> dict[str, int]:
    """The sample per stratum: proportional, Neyman (needs `sds`) or fixed minimum then proportional."""
    if n < 0:
        raise ValueError("the sample size cannot be negative")
    if method == "proportional":
        return _capped_allocation(n, sizes, {h: Fraction(s) for h, s in sizes.items()})
    if method == "neyman":
        sds = sds or {}
        weights = {h: sizes[h] * Fraction(sds.get(h, decimal.Decimal(0))) for h in sizes}
        return _capped_allocation(n, sizes, weights)
    if method == "fixed_minimum":
        floor = {h: min(minimum, s) for h, s in sizes.items()}
        if sum(floor.values()) > n:
            raise ValueError(
                f"the sample size {n} is smaller than the minimum per stratum over all strata "
                f"({sum(floor.values())})"
            )
        left = {h: sizes[h] - floor[h] for h in sizes}
        rest = _capped_allocation(n - sum(floor.values()), left, {h: Fraction(s) for h, s in left.items()})
        return {h: floor[h] + rest[h] for h in sizes}
    raise ValueError(f"unknown allocation {method!r}")


# --- attribute sample size ------------------------------------------------------------------------------------


def attribute_sample_size(
    alpha: str | decimal.Decimal | Fraction, p: str | decimal.Decimal | Fraction
) -> int:
    """n = ceil(ln(alpha) / ln(1 - p)): the least n with (1 - p)^n <= alpha (exact, no rounding at the edge)."""
    a = Fraction(str(alpha)) if not isinstance(alpha, Fraction) else alpha
    rate = Fraction(str(p)) if not isinstance(p, Fraction) else p
    if not 0 < a < 1:
        raise ValueError("alpha must be between 0 and 1")
    if not 0 < rate < 1:
        raise ValueError("the tolerable rate must be between 0 and 1")
    estimate = math.ceil(math.log(a) / math.log(1 - rate))
    n = max(1, estimate)
    keep = 1 - rate
    while n > 1 and keep ** (n - 1) <= a:
        n -= 1
    while keep**n > a:
        n += 1
    return n


# --- the whole draw -------------------------------------------------------------------------------------------


def _require(inputs: Mapping[str, Any], key: str) -> Any:
    if key not in inputs:
        raise ValueError(f"the inputs have no {key!r}")
    return inputs[key]


def strata_sizes(inputs: Mapping[str, Any]) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """(certainty codes, other codes, other codes per stratum), all in population order."""
    population = list(_require(inputs, "population"))
    if len(set(population)) != len(population):
        raise ValueError("the population lists a code twice")
    certainty_rules = dict(inputs.get("certainty") or {})
    strata = dict(inputs.get("strata") or {})
    certain = [c for c in population if c in certainty_rules]
    rest = [c for c in population if c not in certainty_rules]
    by_stratum: dict[str, list[str]] = {}
    for code in rest:
        by_stratum.setdefault(str(strata.get(code, "")), []).append(code)
    return certain, rest, by_stratum


def allocation_for(inputs: Mapping[str, Any]) -> dict[str, int]:
    """The sample per stratum the inputs call for (no seed needed: fixed when the population is frozen)."""
    policy = _require(inputs, "policy")
    method = policy.get("method")
    if method not in METHODS:
        raise ValueError(f"unknown sampling method {method!r}")
    n = int(policy.get("sample_size", 0))
    _certain, rest, by_stratum = strata_sizes(inputs)
    if method == "simple":
        return {"": min(n, len(rest))} if rest else {}
    sizes = {h: len(codes) for h, codes in sorted(by_stratum.items())}
    weights = inputs.get("weights") or {}
    sds = {h: stratum_sd([str(weights.get(c, "1")) for c in codes]) for h, codes in by_stratum.items()}
    return allocate(
        str(policy.get("allocation", "proportional")),
        n,
        sizes,
        sds=sds,
        minimum=int(policy.get("minimum_per_stratum", 0)),
    )


def run_draw(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Recompute a whole draw from its inputs: the same inputs give the same result, byte for byte."""
    seed = _require(inputs, "seed")
    if not isinstance(seed, str) or not seed:
        raise ValueError("the inputs have no seed")
    policy = _require(inputs, "policy")
    method = policy.get("method")
    certain, rest, by_stratum = strata_sizes(inputs)
    certainty_rules = dict(inputs.get("certainty") or {})
    strata = dict(inputs.get("strata") or {})
    weights = dict(inputs.get("weights") or {})
    allocation = allocation_for(inputs)
    items: list[dict[str, Any]] = [
        {
            "code": c,
            "reason": "certainty",
            "rule": str(certainty_rules[c]),
            "stratum": str(strata.get(c, "")),
            "key": "",
        }
        for c in certain
    ]
    last_i: int | None = None
    if method == "simple":
        k = allocation.get("", 0)
        if k:
            picked, last_i = rivest_without_replacement(seed, len(rest), k)
            for number, i in picked:
                code = rest[number - 1]
                items.append(
                    {
                        "code": code,
                        "reason": "sampled",
                        "rule": "",
                        "stratum": str(strata.get(code, "")),
                        "key": str(i),
                    }
                )
    else:
        for stratum in sorted(by_stratum):
            k = allocation.get(stratum, 0)
            if not k:
                continue
            codes = by_stratum[stratum]
            if method == "stratified":
                chosen = seeded_ranking(seed, codes, k)
            else:
                chosen = es_ranking(seed, ((c, str(weights.get(c, "1"))) for c in codes), k)
            items.extend(
                {"code": code, "reason": "sampled", "rule": "", "stratum": stratum, "key": key}
                for code, key in chosen
            )
    for rank, item in enumerate(items, start=1):
        item["rank"] = rank
    return {
        "algorithm_version": ALGORITHM_VERSION,
        "method": method,
        "allocation": allocation,
        "last_i": last_i,
        "items": items,
    }


# --- verification ---------------------------------------------------------------------------------------------


def first_difference(expected: Any, found: Any, path: str = "result") -> str | None:
    """Where two JSON values first differ, in words, or None when they are equal."""
    if isinstance(expected, dict) and isinstance(found, dict):
        for key in sorted(set(expected) | set(found)):
            if key not in found:
                return f"{path}.{key}: missing in the file (recomputed {json.dumps(expected[key], ensure_ascii=False)})"
            if key not in expected:
                return (
                    f"{path}.{key}: not expected (the file says {json.dumps(found[key], ensure_ascii=False)})"
                )
            difference = first_difference(expected[key], found[key], f"{path}.{key}")
            if difference:
                return difference
        return None
    if isinstance(expected, list) and isinstance(found, list):
        for index, (a, b) in enumerate(zip(expected, found, strict=False)):
            difference = first_difference(a, b, f"{path}[{index}]")
            if difference:
                return difference
        if len(expected) != len(found):
            return f"{path}: recomputed {len(expected)} entries, the file has {len(found)}"
        return None
    if expected != found or type(expected) is not type(found):
        return (
            f"{path}: recomputed {json.dumps(expected, ensure_ascii=False)}, "
            f"the file says {json.dumps(found, ensure_ascii=False)}"
        )
    return None


def verify(inputs: Mapping[str, Any], result: Any) -> str:
    """ "match" when `run_draw(inputs)` gives exactly `result`, else the first difference."""
    try:
        recomputed = run_draw(inputs)
    except (ValueError, TypeError, KeyError, decimal.InvalidOperation) as exc:
        return f"the inputs cannot be drawn: {exc}"
    return first_difference(recomputed, result) or "match"


def verify_document(document: Any) -> str:
    """Check a published draw file: population hash, seed (commit-then-reveal), inputs hash, then the result."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return f"not a {FORMAT} file"
    inputs = document.get("inputs")
    if not isinstance(inputs, dict):
        return "the file has no inputs"
    try:
        frozen_hash = population_sha256(inputs)
        inputs_hash = canonical_sha256(inputs)
    except TypeError as exc:
        return f"the inputs are not canonical JSON: {exc}"
    if document.get("population_sha256") != frozen_hash:
        return (
            f"population_sha256: recomputed {frozen_hash}, the file says {document.get('population_sha256')}"
        )
    commitments = inputs.get("commitments") or []
    if commitments:
        reveals = []
        for index, entry in enumerate(commitments):
            reveal = str(entry.get("reveal", ""))
            if sha256_hex(reveal) != entry.get("commitment"):
                return f"inputs.commitments[{index}]: SHA-256 of the reveal does not equal the commitment"
            reveals.append(reveal)
        seed = seed_from_reveals(reveals)
        if inputs.get("seed") != seed:
            return f"inputs.seed: recomputed from the reveals {seed}, the file says {inputs.get('seed')}"
    if document.get("inputs_sha256") != inputs_hash:
        return f"inputs_sha256: recomputed {inputs_hash}, the file says {document.get('inputs_sha256')}"
    return verify(inputs, document.get("result"))


def draw_document(inputs: Mapping[str, Any], result: Mapping[str, Any]) -> dict[str, Any]:
    """The file published for a draw: inputs, their two hashes and the result."""
    return {
        "format": FORMAT,
        "inputs": dict(inputs),
        "population_sha256": population_sha256(inputs),
        "inputs_sha256": canonical_sha256(inputs),
        "result": dict(result),
    }


def verify_file(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, ValueError) as exc:
        return f"cannot read {path}: {exc}"
    return verify_document(document)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Recompute a PMIS audit draw from its published JSON file: prints 'match' or the first difference."
    )
    parser.add_argument("file", help="the draw's JSON file, downloaded from its public page")
    args = parser.parse_args(argv)
    outcome = verify_file(args.file)
    print(outcome)
    return 0 if outcome == "match" else 1


if __name__ == "__main__":
    sys.exit(main())
