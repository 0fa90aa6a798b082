"""Compare what a service changed with what simple-history recorded: every created, changed or deleted row of a
history-tracked model must have a new historical record holding exactly its new values (or a deletion record)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models


def tracked_models(app_label: str) -> list[type[models.Model]]:
    """The app's models that keep a simple-history table."""
    return [
        m
        for m in apps.get_app_config(app_label).get_models()
        if getattr(m._meta, "simple_history_manager_attribute", "")
    ]


def _history(model: type[models.Model]) -> Any:
    return getattr(model, model._meta.simple_history_manager_attribute)  # type: ignore[attr-defined]


def _fields(model: type[models.Model]) -> list[str]:
    historical = _history(model).model
    names = {f.attname for f in historical._meta.concrete_fields}
    return [f.attname for f in model._meta.concrete_fields if f.attname in names]


def _snapshot(model: type[models.Model]) -> dict[Any, tuple[Any, ...]]:
    names = _fields(model)
    return {row[0]: row for row in model._default_manager.values_list("pk", *names)}


@dataclass
class Changes:
    """What the block changed: (model name, pk, "+"/"~"/"-") per row, and the rows whose history is missing."""

    rows: set[tuple[str, Any, str]] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)

    def of(self, model: type[models.Model]) -> set[tuple[Any, str]]:
        return {(pk, kind) for name, pk, kind in self.rows if name == model.__name__}


@contextmanager
def history_audit(app_label: str) -> Iterator[Changes]:
    """Run the block; afterwards `changes.rows` lists what changed and `changes.missing` what has no history."""
    models_ = tracked_models(app_label)
    before = {m: _snapshot(m) for m in models_}
    last = {m: _history(m).aggregate(n=models.Max("history_id"))["n"] or 0 for m in models_}
    changes = Changes()
    yield changes
    for model in models_:
        after = _snapshot(model)
        names = _fields(model)
        new_history = _history(model).filter(history_id__gt=last[model])
        for pk, row in after.items():
            if before[model].get(pk) == row:
                continue
            kind = "~" if pk in before[model] else "+"
            changes.rows.add((model.__name__, pk, kind))
            latest = (
                new_history.filter(**{model._meta.pk.attname: pk})
                .order_by("-history_id")
                .values_list(*names)
                .first()
            )
            recorded = None if latest is None else (pk, *latest)
            if recorded != row:
                changes.missing.append(f"{model.__name__} #{pk} {kind}: history {recorded!r} != row {row!r}")
        for pk in set(before[model]) - set(after):
            changes.rows.add((model.__name__, pk, "-"))
            if not new_history.filter(**{model._meta.pk.attname: pk}, history_type="-").exists():
                changes.missing.append(f"{model.__name__} #{pk} deleted without a history record")
