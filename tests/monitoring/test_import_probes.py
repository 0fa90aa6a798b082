"""Probes: the import template and the import's answers reveal only indicators the reader may see.

SAC does not see confidential projects (DESIGN.md §4), so their indicators are not in SAC's templates; an officer
learns nothing about an indicator code they may not see (the same answer as for a code that does not exist)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from monitoring.services.imports import parse
from tests.monitoring.factories import IndicatorFactory, TargetFactory
from tests.monitoring.test_import import row, workbook
from tests.projects.factories import ProjectFactory


@pytest.fixture
def indicators(direction: Any, department_a: Any, department_b: Any, manager: Any) -> dict[str, Any]:
    secret = ProjectFactory(
        direction=direction, department=department_a, manager=manager, is_confidential=True
    )
    open_ = ProjectFactory(direction=direction, department=department_a, manager=manager)
    found = {
        "secret": IndicatorFactory(
            project=secret, responsible_organization=department_a, national_project_code="NP-1"
        ),
        "open": IndicatorFactory(
            project=open_, responsible_organization=department_a, national_project_code="NP-1"
        ),
        "theirs": IndicatorFactory(project=open_, responsible_organization=department_a),
    }
    for indicator in found.values():
        TargetFactory(indicator=indicator)
    return found


def _template_codes(client: Any, kind: str = "") -> list[str]:
    response = client.get(reverse("monitoring:import-template") + (f"?kind={kind}" if kind else ""))
    workbook_ = openpyxl.load_workbook(io.BytesIO(response.content))
    return sorted(r[1] for r in workbook_.active.iter_rows(min_row=2, values_only=True))


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["", "national"])
def test_sac_templates_leave_out_confidential_indicators(
    client: Any, login_as: Any, indicators: dict[str, Any], kind: str
) -> None:
    login_as("sac")
    expected = (
        [indicators["open"].code] if kind else sorted([indicators["open"].code, indicators["theirs"].code])
    )
    assert _template_codes(client, kind) == expected


@pytest.mark.django_db
def test_the_projects_department_still_gets_its_confidential_indicator(
    client: Any, login_as: Any, indicators: dict[str, Any]
) -> None:
    login_as("officer")
    assert indicators["secret"].code in _template_codes(client)


@pytest.mark.django_db
def test_import_answers_an_invisible_code_as_if_it_did_not_exist(
    outsider_officer: Any, sac: Any, indicators: dict[str, Any]
) -> None:
    data = workbook([row(indicators["secret"].code), row("NO-SUCH-CODE"), row(indicators["theirs"].code)])
    for user in (outsider_officer, sac):
        errors = {e["row"]: e["message"] for e in parse(data, user).errors}
        assert errors[2] == errors[3]  # the confidential indicator answers like a code that does not exist
    # a visible indicator of another department: the officer may see it, only not enter values
    outsider = {e["row"]: e["message"] for e in parse(data, outsider_officer).errors}
    assert outsider[4] != outsider[3]
    assert sorted(outsider) == [2, 3, 4]
    assert [e["row"] for e in parse(data, sac).errors] == [2, 3]  # SAC enters the visible one
