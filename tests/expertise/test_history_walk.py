"""Every change the expertise services make to a history-tracked object is in its history, with the new values:
a walk through a case from intake to a corrected opinion compares the rows after each service with the history."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from decimal import Decimal as D
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from expertise.models import (
    Assignment,
    Holiday,
    ObligationLimitRule,
    Opinion,
    Remark,
    ReviewCase,
    ReviewDeadlineRule,
    Scenario,
)
from expertise.services import cases as case_svc
from expertise.services import models_fin, ppp, reference
from expertise.services import opinions as op_svc
from tests.expertise.history_audit import Changes, history_audit

pytestmark = pytest.mark.django_db


def step(action: Callable[[], Any]) -> tuple[Any, Changes]:
    """Run one service call and check the history of everything it changed."""
    with history_audit("expertise") as changes:
        result = action()
    assert changes.missing == []
    return result, changes


def test_every_expertise_service_writes_history_for_what_it_changes(
    expert: Any, other_expert: Any, expertise_head: Any, department_a: Any
) -> None:
    from tests.expertise.factories import RegulatoryBasisFactory

    basis = RegulatoryBasisFactory()
    data = {
        "kind": "ppp_documentation",
        "title": "Депо",
        "applicant": department_a,
        "regulatory_basis": basis,
        "budget_program_administrator": "Управление",
        "received_on": datetime.date(2026, 3, 2),
    }
    upload = SimpleUploadedFile("ppp.pdf", b"%PDF-1.4 ppp")
    case, changes = step(
        lambda: case_svc.case_register(actor=expert, data=data, documents=[("concept", "ПД", upload)])
    )
    assert (case.pk, "+") in changes.of(ReviewCase)
    step(
        lambda: case_svc.completeness_record(
            case=case, actor=expertise_head, checklist=dict.fromkeys(case_svc.CHECKLIST_ITEMS, True)
        )
    )
    _, changes = step(
        lambda: case_svc.experts_assign(case=case, actor=expertise_head, lead=expert, members=[other_expert])
    )
    assert len(changes.of(Assignment)) == 2
    _, changes = step(
        lambda: case_svc.experts_assign(case=case, actor=expertise_head, lead=expert, members=[])
    )
    assert [kind for _pk, kind in changes.of(Assignment)] == ["-"]

    remark, _ = step(
        lambda: case_svc.remark_add(case=case, actor=expert, section="Спрос", severity="major", text="Нет")
    )
    step(lambda: case_svc.remark_respond(remark=remark, actor=expert, response="Добавлено"))
    step(lambda: case_svc.case_return_for_revision(case=case, actor=expert))
    _, changes = step(lambda: case_svc.case_resubmit(case=case, actor=expert))
    assert len(changes.of(Remark)) == 1

    params = {
        "financial_rate": Decimal("0.1"),
        "social_rate": Decimal("0.05"),
        "price_basis": "real",
        "base_year": 2026,
        "periods": 2,
    }
    lines = [models_fin.LineInput("A", "capex", Decimal(1), [Decimal(-100), Decimal(150)])]
    model, _ = step(
        lambda: models_fin.financial_model_save(case=case, actor=expert, params=params, lines=lines)
    )
    scenario, _ = step(
        lambda: models_fin.scenario_save(
            case=case, actor=expert, scenario=None, name="Стресс", changes=[], delay_periods=1
        )
    )
    scenario_pk = scenario.pk
    _, changes = step(lambda: models_fin.scenario_delete(scenario=scenario, actor=expert))
    assert changes.of(Scenario) == {(scenario_pk, "-")}

    rule, _ = step(
        lambda: ppp.limit_rule_save(
            rule=ObligationLimitRule(level="local", year=2027, amount=Decimal(300)), actor=expertise_head
        )
    )
    step(lambda: ppp.limit_check(model=model, actor=expert, year=2027, existing=Decimal(0), new=Decimal(100)))
    holiday, _ = step(
        lambda: reference.holiday_save(
            holiday=Holiday(date=datetime.date(2031, 5, 27), name="Курбан айт"), actor=expertise_head
        )
    )
    step(lambda: reference.holiday_delete(holiday=holiday, actor=expertise_head))
    deadline_rule = ReviewDeadlineRule.objects.order_by("pk").first()
    assert deadline_rule is not None
    deadline_rule.working_days += 1
    step(lambda: reference.deadline_rule_save(rule=deadline_rule, actor=expertise_head))

    opinion, _ = step(lambda: op_svc.opinion_start(case=case, actor=expert))
    opinion, _ = step(
        lambda: op_svc.section_save(opinion=opinion, actor=expert, key="conclusion", text="Да.")
    )
    fields = {"obligation_year": 2027, "existing_obligations": Decimal(0), "new_obligations": Decimal(100)}
    opinion, _ = step(
        lambda: op_svc.opinion_submit(opinion=opinion, actor=expert, outcome="positive", fields=fields)
    )
    step(lambda: op_svc.opinion_return(opinion=opinion, actor=expertise_head, comment="Уточните."))
    opinion = Opinion.objects.get(pk=opinion.pk)
    opinion, _ = step(lambda: op_svc.opinion_submit(opinion=opinion, actor=expert, outcome="positive"))
    first, changes = step(
        lambda: op_svc.opinion_issue(opinion=opinion, actor=expertise_head, outcome="positive")
    )
    assert changes.of(Opinion) == {(first.pk, "~")}
    step(lambda: op_svc.opinion_pdf_store(opinion=first, content=b"%PDF-1.4 opinion"))
    draft, _ = step(lambda: op_svc.opinion_correct(opinion=first, actor=expertise_head))
    draft, _ = step(lambda: op_svc.opinion_submit(opinion=draft, actor=expert, outcome="positive"))
    second, changes = step(
        lambda: op_svc.opinion_issue(opinion=draft, actor=expertise_head, outcome="positive")
    )
    # the correction supersedes the first opinion: that change is in the first opinion's history too
    assert changes.of(Opinion) == {(first.pk, "~"), (second.pk, "~")}
    assert first.history.latest().is_superseded is True


def test_every_tariff_service_writes_history_for_what_it_changes(expert: Any, expertise_head: Any) -> None:
    from expertise.tariffs import engine
    from expertise.tariffs import services as tariffs
    from expertise.tariffs.models import (
        Carrier,
        ClaimCheck,
        CostLine,
        Route,
        RoutePeriodData,
        SubsidyContract,
        TariffCase,
        TariffNorm,
    )
    from tests.expertise.factories_tariffs import ALMATY_NORMS

    for code, (value, unit) in ALMATY_NORMS.items():
        step(
            lambda code=code, value=value, unit=unit: tariffs.norm_save(
                norm=TariffNorm(
                    code=code,
                    value=D(value),
                    unit=unit,
                    legal_source="Методика, п. 1",
                    valid_from=datetime.date(2024, 1, 1),
                ),
                actor=expertise_head,
            )
        )
    carrier, changes = step(
        lambda: tariffs.carrier_save(
            carrier=Carrier(name="ТОО «Автопарк»", bin="123456789012"), actor=expertise_head
        )
    )
    assert changes.of(Carrier) == {(carrier.pk, "+")}
    route, _ = step(
        lambda: tariffs.route_save(
            route=Route(number="92", name="Маршрут 92", length_km=D(25)), actor=expertise_head
        )
    )
    contract = SubsidyContract(
        number="SC-1",
        carrier=carrier,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        fare=D(100),
        fare_basis=engine.PER_TRIP,
        legal_basis="Приказ № 883",
    )
    contract, _ = step(lambda: tariffs.contract_save(contract=contract, routes=[route], actor=expertise_head))
    case, changes = step(
        lambda: tariffs.tariff_case_create(
            contract=contract,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 3, 31),
            assigned_expert=expert,
            netting=False,
            cost_method=engine.ITEMIZED,
            claimed_subsidy=None,
            actor=expertise_head,
        )
    )
    assert changes.of(TariffCase) == {(case.pk, "+")}
    data = RoutePeriodData(
        case=case,
        route=route,
        planned_km=D(100000),
        actual_km=D(100000),
        gps_km=D(100000),
        trips_planned=4000,
        trips_completed=3960,
        passengers_paying=D(150000),
        passengers_benefit=D(30000),
        passenger_km=D(1260000),
        e_ticket_validations=D(150000),
        fuel_litres=D(40000),
        headcount=D(20),
        wage_fund=D(9000000),
        depreciation=D(8000000),
        depreciation_register=D(8000000),
        other_revenue=D(500000),
    )
    data, changes = step(lambda: tariffs.route_data_save(case=case, data=data, actor=expert))
    assert changes.of(RoutePeriodData) == {(data.pk, "+")}
    line, _ = step(
        lambda: tariffs.cost_line_create(
            case=case,
            line=CostLine(case=case, route=route, item=engine.INSURANCE, amount=D(1000000)),
            actor=expert,
        )
    )
    line.amount = D(1200000)
    step(lambda: tariffs.cost_line_update(case=case, line=line, actor=expert))
    extra, _ = step(
        lambda: tariffs.cost_line_create(
            case=case,
            line=CostLine(case=case, route=route, item=engine.DISPATCHING, amount=D(1)),
            actor=expert,
        )
    )
    extra_pk = extra.pk
    _, changes = step(lambda: tariffs.cost_line_delete(case=case, line=extra, actor=expert))
    assert changes.of(CostLine) == {(extra_pk, "-")}
    _, changes = step(lambda: tariffs.tariff_case_transition(case=case, action=tariffs.SUBMIT, actor=expert))
    assert len(changes.of(ClaimCheck)) == ClaimCheck.objects.filter(case=case).count() > 0
    _, changes = step(
        lambda: tariffs.tariff_case_transition(
            case=case, action=tariffs.VERIFY, actor=expert, unchecked_reason="Нет лимита и заявленной суммы."
        )
    )
    assert (case.pk, "~") in changes.of(TariffCase)
    step(lambda: tariffs.tariff_case_transition(case=case, action=tariffs.REOPEN, actor=expert))
