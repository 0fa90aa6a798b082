"""The project form and the register import offer only eligible people: managers are project managers and
department officers, curators are heads of basic directions; auditors, experts, SAC analysts and the Committee
are never offered, and a forged choice is refused next to the field."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from projects.models import Project
from tests.conftest import login
from tests.factories import UserFactory
from tests.projects.test_register_import import good_row, run_latest, upload, workbook

pytestmark = pytest.mark.django_db


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="(\d*)"', select.group(0))


@pytest.fixture
def everyone(
    officer_a: Any,
    manager: Any,
    direction_head: Any,
    pmo: Any,
    auditor: Any,
    expert: Any,
    sac: Any,
    committee: Any,
) -> dict[str, Any]:
    return {u.username: u for u in (officer_a, manager, direction_head, pmo, auditor, expert, sac, committee)}


def test_form_offers_managers_and_curators_only(client: Any, everyone: dict[str, Any]) -> None:
    UserFactory(username="retired", roles=["project_manager"], is_active=False)
    login(client, everyone["officer"])
    response = client.get(reverse("projects:create"))
    html = response.content.decode()
    ids = {str(u.pk): name for name, u in everyone.items()}
    assert sorted(ids[pk] for pk in _options(html, "manager") if pk) == ["manager", "officer"]
    assert [ids[pk] for pk in _options(html, "curator") if pk] == ["head"]
    assert _options(html, "manager")[0] == ""  # the empty choice, labelled in words, not "---------"
    assert "---------" not in html


def test_a_forged_manager_is_refused_and_an_existing_one_is_kept(
    client: Any, project_a: Any, everyone: dict[str, Any]
) -> None:
    login(client, everyone["pmo"])
    url = reverse("projects:update", args=[project_a.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("districts", "sdgs")}
    data.update({"manager": everyone["auditor"].pk, "curator": everyone["expert"].pk})
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    response = client.post(url, data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"manager", "curator"}
    project_a.refresh_from_db()
    assert project_a.manager == everyone["manager"]

    # a manager chosen before the rule (here: an SAC analyst) stays selectable, so the form still saves
    Project.objects.filter(pk=project_a.pk).update(manager=everyone["sac"])
    html = client.get(url).content.decode()
    assert str(everyone["sac"].pk) in _options(html, "manager")
    assert str(everyone["auditor"].pk) not in _options(html, "manager")


def test_import_refuses_a_manager_who_may_not_manage(
    client: Any, officer_a: Any, auditor: Any, direction: Any, department_a: Any
) -> None:
    login(client, officer_a)
    upload(client, workbook([good_row(direction, department_a, manager=auditor.username)]))
    job = run_latest("projects.register_import")
    assert job.result["valid"] == []
    assert auditor.username in " ".join(job.result["rejected"][0]["errors"])
