"""Every change monitoring's services make to a history-tracked row is in that row's history.

The test walks the services in the order of a reporting cycle and, after each one, compares every tracked row of
monitoring (and the budget lines it keeps in step) with its latest history row: a row created or changed without a
history row that holds its new values (a queryset .update(), a raw statement) fails here."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps

from monitoring.models import Actual, Alert, Indicator
from monitoring.services import actuals as actual_svc
from monitoring.services import budget as budget_svc
from monitoring.services import indicators as indicator_svc
from monitoring.services import periods as period_svc
from monitoring.services import recommendations as rec_svc
from monitoring.services.imports import write_values
from monitoring.services.scan import run_scan
from projects.models import BudgetLine
from tests.monitoring.factories import IndicatorFactory
from tests.projects.factories import BudgetLineFactory

D = Decimal
TODAY = datetime.date(2026, 6, 15)


def _tracked() -> list[Any]:
    models = [
        m
        for m in apps.get_app_config("monitoring").get_models()
        if hasattr(m, "history") and not m.__name__.startswith("Historical")
    ]
    return [*models, BudgetLine]


def _fields(model: Any) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _rows() -> dict[Any, dict[int, tuple[Any, ...]]]:
    return {m: {row[0]: row for row in m.objects.order_by("pk").values_list(*_fields(m))} for m in _tracked()}


@contextmanager
def history_follows(step: str) -> Iterator[None]:
    """Every row this block creates, changes or deletes has a history row equal to its new state."""
    before = _rows()
    yield
    after = _rows()
    changed = 0
    for model in _tracked():
        fields = _fields(model)
        old, new = before[model], after[model]
        for pk, values in new.items():
            if old.get(pk) == values:
                continue
            changed += 1
            last = model.history.filter(id=pk).order_by("-history_date", "-history_id").first()
            assert last is not None, f"{step}: {model.__name__} {pk} changed without a history row"
            recorded = tuple(getattr(last, name) for name in fields)
            assert recorded == values, f"{step}: {model.__name__} {pk} history {recorded} != row {values}"
            if pk not in old:
                assert model.history.filter(id=pk, history_type="+").exists(), (
                    f"{step}: {model.__name__} {pk}"
                )
        for pk in set(old) - set(new):
            changed += 1
            last = model.history.filter(id=pk).order_by("-history_date", "-history_id").first()
            assert last is not None, f"{step}: {model.__name__} {pk} deleted without history"
            assert last.history_type == "-", f"{step}: {model.__name__} {pk} deleted silently"
    assert changed, f"{step} changed nothing: the walk no longer exercises it"


@pytest.mark.django_db
def test_every_monitoring_service_writes_history_for_each_change(
    project: Any, department_a: Any, officer: Any, sac: Any, pmo: Any, coordinator: Any, manager: Any
) -> None:
    step = history_follows
    with step("indicator_save"):
        indicator = indicator_svc.indicator_save(
            indicator=Indicator(
                code="PRJ-I1",
                name_ru="Готовность",
                unit="%",
                level=Indicator.Level.PROJECT,
                project=project,
                frequency="quarterly",
                responsible_organization=department_a,
            ),
            actor=officer,
        )
    other = IndicatorFactory(project=project, responsible_organization=department_a)
    with step("targets_save_grid"):
        indicator_svc.targets_save_grid(
            indicator=indicator, actor=officer, cells={(2026, 1): D(100), (2026, 2): D(100)}
        )
        indicator_svc.targets_save_grid(indicator=other, actor=officer, cells={(2026, 1): D(100)})
    with step("actual_save"):
        first = actual_svc.actual_save(indicator=indicator, actor=officer, year=2026, period=1, value=D(50))
        actual_svc.actual_save(indicator=other, actor=officer, year=2026, period=1, value=D(70))
    with step("actuals_verify"):
        assert actual_svc.actuals_verify(actuals=[first], actor=sac) == 1
    with step("actual_reject"):
        actual_svc.actual_reject(
            actual=Actual.objects.get(indicator=other), actor=sac, reason="Нет подтверждающего документа."
        )
    with step("write_values (import)"):
        write_values([(indicator.pk, 2026, 2, D(40), "Отчёт", ""), (other.pk, 2026, 1, D(75), "", "")], sac)
    Actual.objects.get(indicator=indicator, period=2)  # imported, submitted
    actual_svc.actuals_verify(actuals=list(Actual.objects.filter(status="submitted")), actor=pmo)
    from monitoring.services.ratings import compute_ratings

    compute_ratings()
    with step("run_scan: alerts opened and escalated"):
        assert run_scan(today=TODAY)["escalated"] == 1
    alert = Alert.objects.get(indicator=indicator)
    with step("recommendation_create and send"):
        rec = rec_svc.recommendation_create(
            actor=sac, kind="timeline", text="Сдвинуть график.", alerts=[alert], send=True
        )
    with step("recommendation_respond"):
        rec_svc.recommendation_respond(rec=rec, actor=manager, response="Согласны.")
    with step("recommendation_decide"):
        rec_svc.recommendation_decide(rec=rec, actor=coordinator, accept=True, note="Принято.")
    with step("recommendation_implemented"):
        rec_svc.recommendation_implemented(rec=rec, actor=manager)
    line = BudgetLineFactory(project=project, year=2026, plan=D(1200), disbursed=D(0))
    with step("record_month (cash plan)"):
        budget_svc.record_month(line=line, actor=officer, kind="plan", year=2026, month=1, amount=D(100))
    with step("record_month (disbursement keeps the line's total)"):
        budget_svc.record_month(line=line, actor=officer, kind="paid", year=2026, month=1, amount=D(80))
    with step("period_open"):
        rp = period_svc.period_open(
            year=2026, frequency="quarterly", period=1, due_date=datetime.date(2026, 4, 20), actor=sac
        )
    with step("period_remind"):
        period_svc.period_remind(reporting_period=rp, actor=sac)
    with step("period_close: values locked"):
        period_svc.period_close(reporting_period=rp, actor=sac)
    assert Actual.objects.filter(year=2026, period=1, is_locked=True).count() == 2
    locked = Actual.objects.get(indicator=indicator, period=1)
    assert locked.history.order_by("-history_id").first().history_user == sac
    Actual.objects.filter(indicator=indicator, period=2).update(value=D(99))  # behind the services' back
    with step("run_scan: alerts closed"):
        assert run_scan(today=TODAY)["closed"] >= 1
    with step("indicator_retire: its open alerts close"):
        indicator_svc.indicator_retire(indicator=other, actor=sac, reason="Заменён.")
    with step("indicator_reinstate"):
        indicator_svc.indicator_reinstate(indicator=other, actor=sac)
