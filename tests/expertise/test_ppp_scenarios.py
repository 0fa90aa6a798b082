"""PPP screens (value for money, fiscal commitments, obligation limit with override) and expert-defined
scenarios on the financial model page: stored with inputs hash and algorithm version, validated, flat queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from expertise import appraisal
from expertise.models import FinancialModel, ObligationLimitRule, PppAnalysis, ReviewCase, Scenario
from expertise.services.models_fin import (
    LineInput,
    default_scenario_names,
    financial_model_save,
    scenario_plan,
)
from tests.conftest import assert_num_queries, login

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def ppp_case(review_case: ReviewCase) -> ReviewCase:
    review_case.kind = "ppp_documentation"
    review_case.save(update_fields=["kind"])
    return review_case


@pytest.fixture
def model(ppp_case: ReviewCase, expert: Any) -> FinancialModel:
    return financial_model_save(
        case=ppp_case,
        actor=expert,
        params={
            "financial_rate": D("0.1"),
            "social_rate": D("0.05"),
            "price_basis": "real",
            "base_year": 2026,
            "periods": 3,
        },
        lines=[
            LineInput("Строительство", "capex", D(1), [D(-1000), D(0), D(0)]),
            LineInput("Эксплуатация", "opex", D(1), [D(0), D(-100), D(-100)]),
            LineInput("Плата за проезд", "revenue", D(1), [D(0), D(700), D(700)]),
        ],
    )


def _grid(prefix: str, values: list[Any]) -> dict[str, str]:
    return {f"{prefix}-{t}": str(v) for t, v in enumerate(values)}


def test_vfm_form_stores_the_engine_result_with_hash(client: Any, expert: Any, model: FinancialModel) -> None:
    login(client, expert)
    url = reverse("expertise:ppp-vfm", args=[model.case_id, model.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="psc_capex-0" value="1000"' in page.content.decode()  # prefilled from the model's capex
    data = {
        "rate": "0.1",
        "competitive_neutrality": "10",
        "transferable_risk": "50",
        "retained_risk": "20",
        **_grid("psc_capex", [1000, 0, 0]),
        **_grid("psc_opex", [0, 100, 100]),
        **_grid("psc_lifecycle", [0, 0, 0]),
        **_grid("ppp_payments", [0, 550, 550]),
        **_grid("government_costs", [10, 10, 10]),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    analysis = PppAnalysis.objects.get(model=model, kind="vfm")
    expected = appraisal.value_for_money(
        D("0.1"),
        psc_capex=[1000, 0, 0],
        psc_opex=[0, 100, 100],
        psc_lifecycle=[0, 0, 0],
        competitive_neutrality=10,
        transferable_risk=50,
        retained_risk=20,
        ppp_payments=[0, 550, 550],
        government_costs=[10, 10, 10],
    )
    assert D(analysis.results["vfm"]) == expected["vfm"]
    assert D(analysis.results["psc"]) == expected["psc"]
    assert analysis.algorithm_version == appraisal.ALGORITHM_VERSION
    assert len(analysis.inputs_hash) == 64
    assert analysis.history.count() == 1
    detail = client.get(model.get_absolute_url()).content.decode()
    assert 'id="ppp-vfm"' in detail
    assert analysis.inputs_hash[:12] in detail


def test_vfm_form_rejects_bad_cells_without_saving(client: Any, expert: Any, model: FinancialModel) -> None:
    login(client, expert)
    url = reverse("expertise:ppp-vfm", args=[model.case_id, model.pk])
    data = {
        "rate": "0.1",
        "competitive_neutrality": "0",
        "transferable_risk": "0",
        "retained_risk": "0",
        **_grid("psc_capex", ["abc", 0, 0]),
        **_grid("psc_opex", [0, 0, 0]),
        **_grid("psc_lifecycle", [0, 0, 0]),
        **_grid("ppp_payments", [0, 1, 1]),
        **_grid("government_costs", [0, 0, 0]),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "abc" in response.content.decode()
    data["psc_capex-0"] = "0"
    data.update(_grid("ppp_payments", [0, 0, 0]))
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'id="ppp-errors"' in response.content.decode()
    assert not PppAnalysis.objects.exists()


def test_fiscal_commitments_and_probability_validation(
    client: Any, expert: Any, model: FinancialModel
) -> None:
    login(client, expert)
    url = reverse("expertise:ppp-fiscal", args=[model.case_id, model.pk])
    base = {"rate": "0.1", **_grid("payments", [0, 100, 100]), **_grid("exposures", [0, 1000, 1000])}
    response = client.post(url, {**base, **_grid("probabilities", [0, "1.5", 0])})
    assert response.status_code == 200
    assert not PppAnalysis.objects.exists()
    response = client.post(url, {**base, **_grid("probabilities", [0, "0.1", "0.2"])})
    assert response.status_code == 302
    result = PppAnalysis.objects.get(kind="fiscal").results
    assert D(result["direct_pv"]) == appraisal.npv(D("0.1"), [0, 100, 100])
    assert D(result["contingent_ev"]) == appraisal.npv(D("0.1"), [0, 100, 200])
    assert D(result["max_exposure"]) == D(2000)


def test_limit_check_needs_a_rule_and_a_reason_above_the_limit(
    client: Any, expert: Any, model: FinancialModel
) -> None:
    login(client, expert)
    url = reverse("expertise:ppp-limit", args=[model.case_id, model.pk])
    data = {"year": "2027", "existing": "700", "new": "400", "override_reason": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "2027" in response.content.decode()
    ObligationLimitRule.objects.create(level="local", year=2027, base_amount=D(10000), percentage=D(10))
    response = client.post(url, data)
    assert response.status_code == 200  # 110% without a reason
    assert not PppAnalysis.objects.exists()
    response = client.post(url, {**data, "override_reason": "Решение маслихата о повышении лимита"})
    assert response.status_code == 302
    analysis = PppAnalysis.objects.get(kind="limit")
    assert D(analysis.results["utilisation"]) == D("1.1")
    assert analysis.results["exceeded"] is True
    assert analysis.override_reason.startswith("Решение")
    response = client.post(url, {**data, "new": "200"})
    latest = PppAnalysis.objects.filter(kind="limit").first()
    assert response.status_code == 302
    assert latest.results["exceeded"] is False
    assert latest.override_reason == ""


def test_ppp_calculations_only_while_the_case_is_open(
    client: Any, expert: Any, model: FinancialModel
) -> None:
    ReviewCase.objects.filter(pk=model.case_id).update(status=ReviewCase.Status.ISSUED)
    ObligationLimitRule.objects.create(level="local", year=2027, amount=D(1000))
    login(client, expert)
    response = client.post(
        reverse("expertise:ppp-limit", args=[model.case_id, model.pk]),
        {"year": "2027", "existing": "1", "new": "1"},
    )
    assert response.status_code == 200
    assert not PppAnalysis.objects.exists()


def test_model_of_another_case_is_404(
    client: Any,
    expert: Any,
    model: FinancialModel,
    review_case: ReviewCase,
    department_a: Any,
    expertise_head: Any,
) -> None:
    from expertise.services.cases import CHECKLIST_ITEMS, completeness_record, experts_assign
    from tests.expertise.factories import ReviewCaseFactory

    other = ReviewCaseFactory(applicant=department_a)
    completeness_record(case=other, actor=expertise_head, checklist=dict.fromkeys(CHECKLIST_ITEMS, True))
    experts_assign(case=other, actor=expertise_head, lead=expert, members=[])
    login(client, expert)
    for name in ("ppp-vfm", "ppp-fiscal", "ppp-limit"):
        assert client.get(reverse(f"expertise:{name}", args=[other.pk, model.pk])).status_code == 404


# --- Scenarios -------------------------------------------------------------------------------------


def test_scenario_engine_percentages_line_override_and_delay() -> None:
    lines = [
        appraisal.Line("c", "capex", [-100, 0, 0]),
        appraisal.Line("r", "revenue", [0, 60, 60]),
        appraisal.Line("b", "benefit", [0, 10, 10]),
    ]
    adjusted = appraisal.scenario_lines(lines, {"capex": 20, "revenue": -10}, {"r": 50}, delay=1)
    assert adjusted[0].values == [D(-120), D(0), D(0)]
    assert adjusted[1].values == [
        D(0),
        D(0),
        D(90),
    ]  # +50% (the line's own change wins), then one period later
    assert adjusted[2].values == [D(0), D(0), D(10)]
    rows = appraisal.scenario_compare(
        D("0.1"), D("0.05"), lines, [{"name": "base"}, {"name": "late", "delay": 1}]
    )
    assert rows[0]["fnpv"] == appraisal.npv(D("0.1"), [-100, 60, 60])
    assert rows[1]["fnpv"] == appraisal.npv(D("0.1"), [-100, 0, 60])
    with pytest.raises(ValueError, match="unknown line"):
        appraisal.scenario_lines(lines, line_pct={"zz": 1})


def test_default_scenarios_then_expert_defined(client: Any, expert: Any, model: FinancialModel) -> None:
    case = model.case
    plan = scenario_plan(case)
    assert [p["name"] for p in plan] == [str(n) for n in default_scenario_names().values()]
    assert plan[0]["delay"] == 1
    assert plan[1]["kind_pct"] == {}
    login(client, expert)
    url = reverse("expertise:scenario-list", args=[case.pk])
    assert 'id="default-scenarios"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "Рост затрат",
            "pct_capex": "20",
            "line_changes": "Плата за проезд = -15",
            "delay_periods": "1",
        },
    )
    assert response.status_code == 302
    assert case.scenarios.count() == 4  # the defaults are stored first, then the new one
    scenario = case.scenarios.get(name="Рост затрат")
    assert {"target": "kind:capex", "pct": "20"} in scenario.changes
    assert {"target": "line:Плата за проезд", "pct": "-15"} in scenario.changes
    detail = client.get(model.get_absolute_url()).content.decode()
    assert "Рост затрат" in detail
    assert 'id="scenario-chart"' in detail
    lines = [appraisal.Line(x.name, x.kind, x.decimal_values) for x in model.lines.all()]
    expected = appraisal.scenario_compare(
        model.financial_rate,
        model.social_rate,
        lines,
        [{"name": "x", "kind_pct": {"capex": 20}, "line_pct": {"Плата за проезд": -15}, "delay": 1}],
    )
    from django.utils import translation

    from pmis.core.templatetags.pmis import money

    with translation.override("ru"):
        assert money(expected[0]["fnpv"]) in detail


def test_scenario_validation(client: Any, expert: Any, model: FinancialModel) -> None:
    login(client, expert)
    url = reverse("expertise:scenario-list", args=[model.case_id])
    for bad in (
        {"name": "X", "line_changes": "Нет такой = 5", "delay_periods": "0"},
        {"name": "X", "line_changes": "без знака равенства", "delay_periods": "0"},
        {"name": "X", "pct_capex": "-150", "delay_periods": "0"},
        {"name": "X", "delay_periods": "99"},
    ):
        response = client.post(url, bad)
        assert response.status_code == 200, bad
    assert not Scenario.objects.exists()
    client.post(url, {"name": "X", "pct_opex": "5", "delay_periods": "0"})
    response = client.post(url, {"name": "x", "pct_opex": "7", "delay_periods": "0"})
    assert response.status_code == 200
    assert Scenario.objects.filter(name__iexact="x").count() == 1


def test_scenario_edit_delete_and_idor(client: Any, expert: Any, model: FinancialModel, officer: Any) -> None:
    login(client, expert)
    client.post(
        reverse("expertise:scenario-list", args=[model.case_id]),
        {"name": "X", "pct_opex": "5", "delay_periods": "0"},
    )
    scenario = Scenario.objects.get(name="X")
    url = reverse("expertise:scenario-update", args=[model.case_id, scenario.pk])
    assert client.post(url, {"name": "X2", "pct_opex": "6", "delay_periods": "2"}).status_code == 302
    scenario.refresh_from_db()
    assert scenario.name == "X2"
    assert scenario.delay_periods == 2
    assert scenario.history.count() == 2
    assert (
        client.post(reverse("expertise:scenario-delete", args=[model.case_id, scenario.pk])).status_code
        == 302
    )
    assert not Scenario.objects.filter(pk=scenario.pk).exists()
    login(client, officer)
    remaining = model.case.scenarios.first()
    assert (
        client.get(reverse("expertise:scenario-update", args=[model.case_id, remaining.pk])).status_code
        == 403
    )


def test_model_page_queries_do_not_grow_with_scenarios(
    client: Any, expert: Any, model: FinancialModel
) -> None:
    login(client, expert)
    url = model.get_absolute_url()
    client.get(url)
    with assert_num_queries(MODEL_PAGE_QUERIES):
        client.get(url)
    for i in range(6):
        Scenario.objects.create(
            case=model.case, name=f"S{i}", order=i, changes=[{"target": "kind:capex", "pct": str(i)}]
        )
    PppAnalysis.objects.create(
        model=model,
        kind="vfm",
        inputs={},
        results={"vfm": "1"},
        inputs_hash="0" * 64,
        algorithm_version="1.0",
        created_by=expert,
    )
    with assert_num_queries(MODEL_PAGE_QUERIES):
        assert client.get(url).status_code == 200


MODEL_PAGE_QUERIES = 12  # the same on SQLite and PostgreSQL; a change here is a change of the page


def test_opinion_draft_starts_from_the_latest_limit_check(
    client: Any, expert: Any, model: FinancialModel
) -> None:
    ObligationLimitRule.objects.create(level="local", year=2027, amount=D(1000))
    login(client, expert)
    client.post(
        reverse("expertise:ppp-limit", args=[model.case_id, model.pk]),
        {"year": "2027", "existing": "900", "new": "300", "override_reason": "Решение маслихата"},
    )
    page = client.get(reverse("expertise:opinion-draft", args=[model.case_id])).content.decode()
    assert 'name="obligation_year" value="2027"' in page
    assert 'value="300' in page


def test_opinion_pdf_context_carries_the_ppp_results(expert: Any, model: FinancialModel) -> None:
    from expertise.exports import opinion_pdf_context
    from expertise.models import Opinion
    from expertise.services import ppp

    analysis = ppp.fiscal_calculate(
        model=model,
        actor=expert,
        rate=D("0.1"),
        series={"payments": [D(0), D(100), D(100)], "probabilities": [D(0)] * 3, "exposures": [D(0)] * 3},
    )
    opinion = Opinion.objects.create(case=model.case, appraisal=model.results.first())
    assert opinion_pdf_context(opinion)["ppp"] == {"fiscal": analysis}
