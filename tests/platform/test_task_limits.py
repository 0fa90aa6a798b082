"""Every task can be sent: Celery refuses apply_async when a task's hard time limit is below its soft one, and a
task without its own soft limit inherits the global one (14 min), so a 10-minute task could never be dispatched
(the daily digest, the sweeps and the reporting reminders all failed this way)."""

from __future__ import annotations

import pytest

from pmis.celery import app


def _our_tasks() -> list[str]:
    app.loader.import_default_modules()
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def test_our_tasks_are_registered() -> None:
    assert {"notifications.send_digests", "core.run_job", "monitoring.scan", "portfolio.sweep"} <= set(_our_tasks())


@pytest.mark.parametrize("name", _our_tasks())
def test_each_tasks_soft_limit_is_within_its_hard_limit(name: str) -> None:
    task = app.tasks[name]
    hard = task.time_limit if task.time_limit is not None else app.conf.task_time_limit
    soft = task.soft_time_limit if task.soft_time_limit is not None else app.conf.task_soft_time_limit
    if hard is not None and soft is not None:
        assert soft <= hard, f"{name}: soft {soft} s > hard {hard} s"
