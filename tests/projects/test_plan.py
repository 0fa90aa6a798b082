"""Plan: milestones with evidence, WBS tasks with dependencies (cycles and early starts refused), the Gantt data."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import Baseline, Task
from projects.services import plan as services
from tests.conftest import assert_num_queries, login
from tests.projects.factories import BaselineFactory, DocumentFactory, MilestoneFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _task(project: Any, title: str, start: datetime.date, finish: datetime.date) -> Task:
    return TaskFactory(project=project, title=title, start=start, finish=finish)


def test_dependency_cycle_is_rejected_with_the_chain(project_a: Any, manager: Any) -> None:
    a = _task(project_a, "Проектирование", D(2026, 1, 1), D(2026, 1, 31))
    b = _task(project_a, "Закуп", D(2026, 2, 1), D(2026, 2, 28))
    c = _task(project_a, "Строительство", D(2026, 3, 1), D(2026, 6, 30))
    services.task_save(task=b, actor=manager, predecessors=[a])
    services.task_save(task=c, actor=manager, predecessors=[b])
    with pytest.raises(ValidationError) as exc:
        services.task_save(task=a, actor=manager, predecessors=[c])
    message = exc.value.message_dict["predecessors"][0]
    assert "cycle" in message or "цикл" in message
    assert "Проектирование" in message
    assert "Строительство" in message
    assert list(a.predecessors.all()) == []


def test_self_dependency_is_rejected(project_a: Any, manager: Any) -> None:
    a = _task(project_a, "A", D(2026, 1, 1), D(2026, 1, 31))
    with pytest.raises(ValidationError) as exc:
        services.task_save(task=a, actor=manager, predecessors=[a])
    assert "predecessors" in exc.value.message_dict


def test_task_cannot_start_before_its_predecessor_finishes(project_a: Any, manager: Any) -> None:
    a = _task(project_a, "Проектирование", D(2026, 1, 1), D(2026, 1, 31))
    b = _task(project_a, "Закуп", D(2026, 1, 20), D(2026, 2, 28))
    with pytest.raises(ValidationError) as exc:
        services.task_save(task=b, actor=manager, predecessors=[a])
    assert "Проектирование" in exc.value.message_dict["start"][0]


def test_moving_a_predecessor_past_its_successor_start_is_rejected(project_a: Any, manager: Any) -> None:
    a = _task(project_a, "A", D(2026, 1, 1), D(2026, 1, 31))
    b = _task(project_a, "B", D(2026, 2, 1), D(2026, 2, 28))
    services.task_save(task=b, actor=manager, predecessors=[a])
    a.finish = D(2026, 2, 10)
    with pytest.raises(ValidationError) as exc:
        services.task_save(task=a, actor=manager, predecessors=[])
    assert "finish" in exc.value.message_dict
    a.refresh_from_db()
    assert a.finish == D(2026, 1, 31)


def test_predecessor_of_another_project_is_rejected(project_a: Any, project_b: Any, manager: Any) -> None:
    a = _task(project_a, "A", D(2026, 3, 1), D(2026, 3, 31))
    foreign = _task(project_b, "Чужая", D(2026, 1, 1), D(2026, 1, 31))
    with pytest.raises(ValidationError):
        services.task_save(task=a, actor=manager, predecessors=[foreign])


def test_task_form_shows_the_cycle_error_next_to_the_field(client: Any, project_a: Any, manager: Any) -> None:
    a = _task(project_a, "A", D(2026, 1, 1), D(2026, 1, 31))
    b = _task(project_a, "B", D(2026, 2, 1), D(2026, 2, 28))
    services.task_save(task=b, actor=manager, predecessors=[a])
    login(client, manager)
    response = client.post(
        reverse("projects:task-update", args=[project_a.pk, a.pk]),
        {
            "wbs_code": "1",
            "title": "A",
            "start": "2026-01-01",
            "finish": "2026-01-31",
            "progress": "0",
            "predecessors": [b.pk],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["predecessors"]
    assert 'aria-invalid="true"' in response.content.decode()


def test_milestone_create_links_evidence_documents(client: Any, project_a: Any, manager: Any) -> None:
    document = DocumentFactory(project=project_a, title="Акт приёмки")
    login(client, manager)
    response = client.post(
        reverse("projects:milestone-create", args=[project_a.pk]),
        {
            "title": "Проект утверждён",
            "planned_date": "2026-05-01",
            "is_critical": "on",
            "order": "0",
            "evidence": [document.pk],
        },
    )
    assert response.status_code == 302
    milestone = project_a.milestones.get()
    assert milestone.is_critical
    document.refresh_from_db()
    assert document.milestone == milestone
    assert milestone.history.count() == 1


def test_milestone_actual_date_in_the_future_is_refused(client: Any, project_a: Any, manager: Any) -> None:
    login(client, manager)
    response = client.post(
        reverse("projects:milestone-create", args=[project_a.pk]),
        {"title": "X", "planned_date": "2026-05-01", "actual_date": "2999-01-01", "order": "0"},
    )
    assert response.status_code == 200
    assert "actual_date" in response.context["form"].errors


def test_outsider_cannot_edit_the_plan(client: Any, project_a: Any, officer_b: Any) -> None:
    login(client, officer_b)
    assert client.get(reverse("projects:milestone-create", args=[project_a.pk])).status_code == 403
    assert client.get(reverse("projects:plan", args=[project_a.pk])).status_code == 200


def test_confidential_plan_is_invisible_to_outsiders(
    client: Any, confidential_project: Any, officer_b: Any
) -> None:
    login(client, officer_b)
    assert client.get(reverse("projects:plan", args=[confidential_project.pk])).status_code == 404


def test_gantt_data_has_current_and_baseline_rows_and_server_labels(
    client: Any, project_a: Any, manager: Any
) -> None:
    m = MilestoneFactory(project=project_a, title="Ввод", planned_date=D(2026, 6, 1))
    t = _task(project_a, "Работы", D(2026, 2, 1), D(2026, 3, 31))
    services.baseline_initial(project=project_a, actor=manager)
    t.finish = D(2026, 4, 30)
    t.save()
    m.forecast_date = D(2026, 7, 1)
    m.save()
    login(client, manager)
    response = client.get(reverse("projects:plan", args=[project_a.pk]))
    html = response.content.decode()
    data = json.loads(html.split('id="gantt-data" type="application/json">')[1].split("</script>")[0])
    ids = [row["id"] for row in data["tasks"]]
    assert ids == [f"t{t.pk}", f"bt{t.pk}", f"m{m.pk}", f"bm{m.pk}"]
    assert data["scroll_to"] == "2026-01-15"
    assert data["months"][0] == "январь"
    variance = {row.label: row.days for row in response.context["plan"].variance}
    assert variance["Ввод"] == 30
    assert variance[str(t)] == 30
    assert "frappe-gantt.umd.js" in html
    assert "projects-plan.js" in html


def test_initial_baseline_only_once(project_a: Any, manager: Any) -> None:
    services.baseline_initial(project=project_a, actor=manager)
    with pytest.raises(ValidationError):
        services.baseline_initial(project=project_a, actor=manager)
    assert Baseline.objects.filter(project=project_a).count() == 1


@pytest.mark.parametrize("rows", [1, 50])
def test_plan_tab_queries_do_not_grow(client: Any, project_a: Any, manager: Any, rows: int) -> None:
    BaselineFactory(project=project_a, version=1)
    for i in range(rows):
        m = MilestoneFactory(project=project_a, owner=manager)
        DocumentFactory(project=project_a, milestone=m)
        t = _task(
            project_a,
            f"T{i}",
            D(2026, 1, 1) + datetime.timedelta(days=i * 3),
            D(2026, 1, 2) + datetime.timedelta(days=i * 3),
        )
        t.responsible = manager
        t.save()
        if i:
            t.predecessors.add(Task.objects.get(project=project_a, title=f"T{i - 1}"))
    login(client, manager)
    client.get(reverse("projects:plan", args=[project_a.pk]))
    with assert_num_queries(PLAN_QUERIES):
        response = client.get(reverse("projects:plan", args=[project_a.pk]))
    assert response.status_code == 200
    assert len(response.context["plan"].milestones) == rows


PLAN_QUERIES = 14


def test_gantt_rows_carry_escaped_names_and_exactly_one_class(
    client: Any, project_a: Any, manager: Any
) -> None:
    """frappe-gantt writes names with innerHTML and calls classList.add(custom_class): escaped, one class."""
    probe = "<img src=x onerror=alert(1)>"
    MilestoneFactory(project=project_a, title=probe, planned_date=D(2026, 6, 1), is_critical=True)
    MilestoneFactory(project=project_a, title="Обычная", planned_date=D(2026, 7, 1))
    _task(project_a, probe, D(2026, 2, 1), D(2026, 3, 31))
    login(client, manager)
    html = client.get(reverse("projects:plan", args=[project_a.pk])).content.decode()
    data = json.loads(html.split('id="gantt-data" type="application/json">')[1].split("</script>")[0])
    rows = {row["id"][0]: row for row in data["tasks"] if not row["name"].startswith("◆ Обычная")}
    assert rows["t"]["name"].endswith(" &lt;img src=x onerror=alert(1)&gt;")
    assert rows["m"]["name"] == "◆ &lt;img src=x onerror=alert(1)&gt;"
    assert [row["custom_class"] for row in data["tasks"]] == [
        "gantt-task",
        "gantt-critical",
        "gantt-milestone",
    ]
    assert "<img" not in html
