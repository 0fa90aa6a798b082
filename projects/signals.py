"""Keep the public side fresh: a published project's register data changed → `events.publication_changed`.

The public pages compute their figures from the register (progress, budget, milestones, stage), so a save or a
delete of a published project, its milestones, tasks, budget lines or documents changes what citizens see. The
receivers cost one EXISTS query, and only a project with a live version sends the event (once the transaction
commits). Connected in `ProjectsConfig.ready`.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete

from pmis.core import events


def _is_live(project_id: int | None) -> bool:
    from projects.models import Publication

    if not project_id:
        return False
    return Publication.objects.filter(project_id=project_id, status=Publication.Status.LIVE).exists()


def _changed(project_id: int | None) -> None:
    if _is_live(project_id):
        events.send_on_commit(events.publication_changed, "projects", project_id=project_id)


def project_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _changed(instance.pk)


def project_deleting(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Before the cascade removes its publications (afterwards nothing would say it was live)."""
    _changed(instance.pk)


def row_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _changed(getattr(instance, "project_id", None))


def connect() -> None:
    from projects.models import BudgetLine, Document, Milestone, Project, Task

    post_save.connect(project_saved, sender=Project, dispatch_uid="projects.publication.project_saved")
    pre_delete.connect(project_deleting, sender=Project, dispatch_uid="projects.publication.project_deleting")
    for model in (Milestone, BudgetLine, Task, Document):
        uid = f"projects.publication.{model.__name__}"
        post_save.connect(row_changed, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(row_changed, sender=model, dispatch_uid=f"{uid}.deleted")
