"""The reference values of SURVEYS.md (S1–S5), reproduced exactly, and the weighting's own guarantees."""

from __future__ import annotations

import pytest

from surveys import stats


def test_s1_nps_with_its_interval() -> None:
    result = stats.nps(stats.counts_of([10, 9, 9, 8, 7, 7, 6, 5, 10, 3]))
    assert result is not None
    assert (result.promoters, result.detractors, result.n) == (4, 3, 10)
    assert result.score == pytest.approx(10.0)
    assert round(result.se_points, 2) == 26.27
    assert round(result.interval.low, 2) == -41.48
    assert round(result.interval.high, 2) == 61.48


def test_s2_wilson_40_of_50() -> None:
    interval = stats.wilson(40, 50)
    assert (round(interval.low, 5), round(interval.high, 5)) == (0.66963, 0.88756)


def test_s3_wilson_0_of_10() -> None:
    interval = stats.wilson(0, 10)
    assert (round(interval.low, 5), round(interval.high, 5)) == (0.0, 0.27753)


def test_s4_csat_mean_and_sd() -> None:
    result = stats.csat(stats.counts_of([5, 4, 4, 3, 5, 2, 1, 4, 5, 3, 4, 4]))
    assert result is not None
    assert (result.satisfied, result.n) == (8, 12)
    assert round(result.share.value, 4) == 0.6667
    assert round(result.mean, 4) == 3.6667
    assert result.sd is not None
    assert round(result.sd, 4) == 1.2309


def test_s5_post_stratification() -> None:
    sample = {"A": 50, "B": 30, "C": 20}
    satisfied = {"A": 40, "B": 15, "C": 12}  # 0.8, 0.5, 0.6 of each cell
    weights = stats.poststratify(sample, {"A": 0.3, "B": 0.5, "C": 0.2})
    assert {k: round(v, 4) for k, v in weights.items()} == {"A": 0.6, "B": 1.6667, "C": 1.0}
    assert round(sum(satisfied.values()) / sum(sample.values()), 2) == 0.67
    weighted = stats.weighted_share({k: (sample[k], satisfied[k]) for k in sample}, weights)
    assert weighted is not None
    result, n_eff = weighted
    assert round(result.value, 2) == 0.61
    assert round(n_eff, 2) == 82.42


def test_raking_meets_every_margin_within_tolerance() -> None:
    cells = {("A", "f"): 30, ("A", "m"): 20, ("B", "f"): 10, ("B", "m"): 25, ("C", "f"): 5, ("C", "m"): 10}
    margins = [{"A": 0.3, "B": 0.5, "C": 0.2}, {"f": 0.54, "m": 0.46}]
    raked = stats.rake(cells, margins)
    assert raked.converged
    grand = sum(w * cells[c] for c, w in raked.weights.items())
    for d, margin in enumerate(margins):
        for category, target in margin.items():
            got = sum(w * cells[c] for c, w in raked.weights.items() if c[d] == category) / grand
            assert abs(got - target) < 1e-9
    # weights sum to the sample size
    assert grand == pytest.approx(sum(cells.values()))


def test_raking_with_one_margin_is_post_stratification() -> None:
    cells = {("A",): 50, ("B",): 30, ("C",): 20}
    raked = stats.rake(cells, [{"A": 0.3, "B": 0.5, "C": 0.2}])
    assert {k[0]: round(v, 4) for k, v in raked.weights.items()} == {"A": 0.6, "B": 1.6667, "C": 1.0}


def test_raking_refuses_a_population_category_without_answers() -> None:
    with pytest.raises(ValueError, match="no answers"):
        stats.rake({("A",): 10}, [{"A": 0.5, "B": 0.5}])


def test_wilson_stays_inside_zero_and_one_and_refuses_no_answers() -> None:
    top = stats.wilson(10, 10)
    assert top.high == pytest.approx(1.0)
    assert 0.7 < top.low < 0.75
    with pytest.raises(ValueError, match="positive"):
        stats.wilson(0, 0)
    assert stats.csat({}) is None
    assert stats.nps({}) is None


def test_change_is_significant_only_when_intervals_do_not_overlap() -> None:
    assert not stats.significant_change(stats.wilson(40, 50), stats.wilson(35, 50))
    assert stats.significant_change(stats.wilson(45, 50), stats.wilson(10, 50))
