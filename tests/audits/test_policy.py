"""Sampling-policy versions: new version (defaults, copy), edit a draft, a fixed version refused with nothing
written, band and weight validation, the rules in words, the formulas and the diff."""

from __future__ import annotations

import html
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from audits.models import AuditDraw, SamplingPolicy
from audits.risk import FACTORS
from audits.services.policy_guard import ensure_policy_editable
from audits.services.programme import check_bands, policy_new_version, policy_update
from tests.audits.factories import ProgrammeFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Any, settings: Any) -> Iterator[None]:
    """Messages are read in English here (the catalogs of the lead's merge translate them to ru and kk)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def programme(auditor: Any) -> Any:
    return ProgrammeFactory(owner=auditor)


def _post_data(policy: SamplingPolicy, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "method": policy.method,
        "eligible_stages": list(policy.eligible_stages),
        "months_since_audit": policy.months_since_audit,
        "budget_bands": "\n".join(policy.budget_bands),
        "allocation": policy.allocation,
        "minimum_per_stratum": policy.minimum_per_stratum,
        "sample_size": policy.sample_size,
        "confidence_risk": str(policy.confidence_risk),
        "tolerable_rate": str(policy.tolerable_rate),
        "certainty_budget_threshold": str(policy.certainty_budget_threshold or ""),
        "notes": "",
    }
    if policy.stratify_by_type:
        data["stratify_by_type"] = "on"
    if policy.certainty_red_twice:
        data["certainty_red_twice"] = "on"
    for factor in FACTORS:
        data[f"weight_{factor.key}"] = policy.risk_weights.get(factor.key, "0")
    data.update(changes)
    return data


def _rules(policy: SamplingPolicy, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: getattr(policy, name)
        for name in (
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
    }
    values.update(changes)
    return values


def _fix(policy: SamplingPolicy, actor: Any, number: str = "D-2026-Q1") -> AuditDraw:
    """What the draws area does when it freezes a population with this version."""
    draw = AuditDraw.objects.create(
        number=number,
        programme=policy.programme,
        quarter=1,
        policy=policy,
        cutoff_date=timezone.localdate(),
        population=["P-1"],
        population_sha256="0" * 64,
        frozen_by=actor,
        frozen_at=timezone.now(),
    )
    SamplingPolicy.objects.filter(pk=policy.pk).update(
        status=SamplingPolicy.Status.FIXED, fixed_at=timezone.now()
    )
    policy.refresh_from_db()
    return draw


def test_first_version_starts_from_the_defaults(client: Any, auditor: Any, programme: Any) -> None:
    login(client, auditor)
    response = client.post(reverse("audits:policy-create", args=[programme.pk]))
    policy = SamplingPolicy.objects.get(programme=programme)
    assert response["Location"] == reverse("audits:policy-edit", args=[policy.pk])
    assert policy.version == 1
    assert policy.status == SamplingPolicy.Status.DRAFT
    assert policy.eligible_stages == ["execution", "closure", "post_project"]
    assert policy.budget_bands == ["100000000", "1000000000"]
    assert policy.risk_weights == {f.key: "1" for f in FACTORS}
    assert policy.created_by == auditor
    assert policy.history.get().history_user == auditor


def test_new_version_copies_the_latest_and_waits_while_a_draft_exists(auditor: Any, programme: Any) -> None:
    first = policy_new_version(programme=programme, actor=auditor)
    with pytest.raises(ValidationError, match="still a draft"):
        policy_new_version(programme=programme, actor=auditor)
    policy_update(policy=first, actor=auditor, **_rules(first, sample_size=17, budget_bands=["5000"]))
    _fix(first, auditor)
    second = policy_new_version(programme=programme, actor=auditor)
    assert second.version == 2
    assert second.sample_size == 17
    assert second.budget_bands == ["5000"]
    assert second.status == SamplingPolicy.Status.DRAFT
    assert second.fixed_at is None


def test_auditor_edits_a_draft_through_the_form(client: Any, auditor: Any, programme: Any) -> None:
    policy = policy_new_version(programme=programme, actor=auditor)
    login(client, auditor)
    url = reverse("audits:policy-edit", args=[policy.pk])
    page = client.get(url).content.decode()
    for factor in FACTORS:
        assert str(factor.formula) in html.unescape(page)
    assert 'value="terminated"' not in page
    response = client.post(
        url,
        _post_data(
            policy,
            method="risk_weighted",
            budget_bands="50 000 000\n1 000 000 000,50",
            weight_budget="2.5",
            sample_size=12,
            eligible_stages=["execution"],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    policy.refresh_from_db()
    assert policy.method == "risk_weighted"
    assert policy.budget_bands == ["50000000", "1000000000.5"]
    assert policy.risk_weights["budget"] == "2.5"
    assert policy.eligible_stages == ["execution"]
    assert policy.sample_size == 12
    assert policy.history.count() == 2


def test_fixed_policy_edit_is_refused_and_nothing_written(client: Any, auditor: Any, programme: Any) -> None:
    policy = policy_new_version(programme=programme, actor=auditor)
    _fix(policy, auditor, number="D-2026-Q1")
    records = policy.history.count()
    login(client, auditor)
    url = reverse("audits:policy-edit", args=[policy.pk])
    response = client.get(url, follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == policy.get_absolute_url()
    assert "D-2026-Q1" in body
    assert "create a new version" in body
    response = client.post(url, _post_data(policy, sample_size=99))
    assert response.status_code == 302
    with pytest.raises(ValidationError, match="new version"):
        policy_update(policy=policy, actor=auditor, **_rules(policy, sample_size=99))
    policy.refresh_from_db()
    assert policy.sample_size == 10
    assert policy.history.count() == records
    detail = client.get(policy.get_absolute_url()).content.decode()
    assert reverse("audits:policy-edit", args=[policy.pk]) not in detail
    assert 'data-testid="policy-fixed"' in detail


def test_ensure_policy_editable_lets_a_draft_through(auditor: Any, programme: Any) -> None:
    policy = policy_new_version(programme=programme, actor=auditor)
    ensure_policy_editable(policy)  # no exception
    stale = SamplingPolicy.objects.get(pk=policy.pk)
    _fix(policy, auditor)
    with pytest.raises(ValidationError, match="new version"):
        ensure_policy_editable(policy)
    with pytest.raises(ValidationError, match="new version"):
        ensure_policy_editable(stale)  # an instance read before the draw fixed it


def test_a_policy_a_draw_refers_to_is_refused_even_if_not_marked_fixed(auditor: Any, programme: Any) -> None:
    policy = policy_new_version(programme=programme, actor=auditor)
    _fix(policy, auditor, number="D-2026-Q2")
    SamplingPolicy.objects.filter(pk=policy.pk).update(status=SamplingPolicy.Status.DRAFT)
    policy.refresh_from_db()
    with pytest.raises(ValidationError, match="D-2026-Q2"):
        ensure_policy_editable(policy)


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ("1000\n500", "ascending"),
        ("1000\n1000", "ascending"),
        ("0", "above zero"),
        ("-5", "above zero"),
        ("ten million", "not an amount"),
        ("1e999", "less than"),
        ("NaN", "not an amount"),
    ],
)
def test_band_edges_are_validated(
    client: Any, auditor: Any, programme: Any, bands: str, message: str
) -> None:
    policy = policy_new_version(programme=programme, actor=auditor)
    login(client, auditor)
    response = client.post(
        reverse("audits:policy-edit", args=[policy.pk]), _post_data(policy, budget_bands=bands)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    policy.refresh_from_db()
    assert policy.budget_bands == ["100000000", "1000000000"]


def test_band_check_in_the_service() -> None:
    assert check_bands(["1 000", Decimal("2000.50")]) == ["1000", "2000.5"]
    assert check_bands([]) == []
    with pytest.raises(ValidationError, match="ascending"):
        check_bands(["2000", "1000"])
    with pytest.raises(ValidationError, match="two decimals"):
        check_bands(["10.001"])


def test_weights_are_validated(client: Any, auditor: Any, programme: Any) -> None:
    policy = policy_new_version(programme=programme, actor=auditor)
    login(client, auditor)
    url = reverse("audits:policy-edit", args=[policy.pk])
    response = client.post(url, _post_data(policy, weight_budget="-1"))
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    with pytest.raises(ValidationError) as exc:
        policy_update(policy=policy, actor=auditor, **_rules(policy, risk_weights={"budget": "101"}))
    assert "risk_weights" in exc.value.message_dict
    with pytest.raises(ValidationError, match="Unknown risk factor"):
        policy_update(policy=policy, actor=auditor, **_rules(policy, risk_weights={"horoscope": "1"}))
    zero = dict.fromkeys((f.key for f in FACTORS), "0")
    with pytest.raises(ValidationError, match="at least one risk weight"):
        policy_update(
            policy=policy, actor=auditor, **_rules(policy, method="risk_weighted", risk_weights=zero)
        )
    policy.refresh_from_db()
    assert policy.risk_weights == {f.key: "1" for f in FACTORS}


def test_other_rules_are_validated(auditor: Any, programme: Any) -> None:
    policy = policy_new_version(programme=programme, actor=auditor)
    cases = [
        ({"eligible_stages": []}, "eligible_stages"),
        ({"eligible_stages": ["execution", "terminated"]}, "eligible_stages"),
        ({"eligible_stages": ["dreaming"]}, "eligible_stages"),
        ({"allocation": "fixed_minimum", "minimum_per_stratum": 0}, "minimum_per_stratum"),
        ({"sample_size": 0}, "sample_size"),
        ({"confidence_risk": Decimal("1")}, "confidence_risk"),
        ({"certainty_budget_threshold": Decimal("0")}, "certainty_budget_threshold"),
        ({"method": "astrology"}, "method"),
    ]
    for changes, field in cases:
        with pytest.raises(ValidationError) as exc:
            policy_update(policy=policy, actor=auditor, **_rules(policy, **changes))
        assert field in exc.value.message_dict, changes
    assert policy.history.count() == 1


def test_detail_shows_rules_in_words_formulas_and_the_diff(client: Any, auditor: Any, programme: Any) -> None:
    first = policy_new_version(programme=programme, actor=auditor)
    _fix(first, auditor)
    second = policy_new_version(programme=programme, actor=auditor)
    policy_update(
        policy=second,
        actor=auditor,
        **_rules(
            second, sample_size=25, risk_weights={**second.risk_weights, "findings": "3"}, allocation="neyman"
        ),
    )
    login(client, auditor)
    body = client.get(second.get_absolute_url()).content.decode()
    assert 'data-testid="policy-rules"' in body
    # the notation is marked as no language (the same in ru, kk and en), the words around it are translated
    assert '<code lang="zxx">n = ceil(ln(α) / ln(1 − p))</code>' in body
    for factor in FACTORS:
        assert str(factor.formula) in html.unescape(body)
    assert "largest remainder" in body or "Neyman" in body
    diff = body.split('data-testid="policy-diff"')[1]
    assert "25" in diff
    assert "Neyman" in diff
    assert reverse("audits:policy-edit", args=[second.pk]) in body
    first_body = client.get(first.get_absolute_url()).content.decode()
    assert "first version" in first_body
    history = client.get(reverse("audits:policy-history", args=[second.pk]))
    assert history.status_code == 200


def test_pmo_reads_but_does_not_edit(client: Any, pmo: Any, auditor: Any, programme: Any) -> None:
    policy = policy_new_version(programme=programme, actor=auditor)
    login(client, pmo)
    assert client.get(policy.get_absolute_url()).status_code == 200
    assert client.get(reverse("audits:policy-edit", args=[policy.pk])).status_code == 403
    assert client.post(reverse("audits:policy-create", args=[programme.pk])).status_code == 403
    assert SamplingPolicy.objects.count() == 1
