"""The register's fixed vocabularies (stages, project types) for the apps built on it, which read them here
instead of importing the register's models."""

from __future__ import annotations

from django_stubs_ext import StrOrPromise

from projects.models import Project


def stage_choices() -> list[tuple[str, StrOrPromise]]:
    """(value, label) of every project stage, in life-cycle order."""
    return list(Project.Stage.choices)


def type_choices() -> list[tuple[str, StrOrPromise]]:
    """(value, label) of every project type."""
    return list(Project.Type.choices)


TERMINATED_STAGE = Project.Stage.TERMINATED.value
