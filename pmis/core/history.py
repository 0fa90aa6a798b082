"""A reusable history view: who changed what, when, from what to what (django-simple-history).

Apps call `history_rows(obj)` from a view that already passed the object's access check, and render
`core/_history.html` with `{"history": rows}`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.timezone import is_aware, localtime
from django.utils.translation import gettext_lazy as _

_TYPE_LABELS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
_SKIP = {"updated_at", "created_at", "search_vector"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _display(
    model: type[models.Model], field_name: str, value: Any, fk_cache: dict[tuple[str, Any], str]
) -> str:
    if value is None or value == "":
        return "—"
    try:
        model_field = model._meta.get_field(field_name)
    except Exception:
        return str(value)
    if isinstance(model_field, models.Field) and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        return fk_cache.get((field_name, value), f"#{value}")
    if isinstance(model_field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        return date_format(localtime(value) if is_aware(value) else value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(
        value, Decimal | float
    ):  # amounts: grouped per language; integers (years, counts) stay plain
        return number_format(value, force_grouping=True)
    return str(value)


def history_rows(instance: models.Model, *, limit: int = 200) -> list[HistoryRow]:
    """The object's history, newest first, each row with the field changes against the previous record."""
    # `history` is the manager simple-history's HistoricalRecords adds when the model class is prepared:
    # the Django stubs cannot see it on a Model
    records = list(
        instance.history.select_related("history_user").order_by(  # type: ignore[attr-defined]
            "-history_date", "-history_id"
        )[: limit + 1]
    )
    model = instance._meta.model  # the class, also through a lazy `request.user`
    deltas = []
    fk_ids: dict[str, set[Any]] = {}
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in _SKIP:
                    continue
                changes.append(change)
                try:
                    f = model._meta.get_field(change.field)
                except Exception:
                    continue
                if isinstance(f, models.ForeignKey):
                    fk_ids.setdefault(change.field, set()).update(
                        v for v in (change.old, change.new) if v is not None
                    )
            if not changes and not record.history_change_reason:
                continue  # only excluded or hidden fields changed (a sign-in's last_login): nothing to show
        deltas.append((record, changes))
    fk_cache: dict[tuple[str, Any], str] = {}
    for field_name, ids in fk_ids.items():
        related = model._meta.get_field(field_name).related_model
        if not isinstance(related, type):  # only foreign keys were collected: always a model class
            continue
        for obj in related._default_manager.filter(pk__in=ids):
            fk_cache[(field_name, obj.pk)] = str(obj)
    rows = []
    for record, changes in deltas:
        user = record.history_user
        rows.append(
            HistoryRow(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else str(_("system")),
                action=str(_TYPE_LABELS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=[
                    FieldChange(
                        label=_label(model, c.field),
                        old=_display(model, c.field, c.old, fk_cache),
                        new=_display(model, c.field, c.new, fk_cache),
                    )
                    for c in changes
                ],
            )
        )
    return rows


def _label(model: type[models.Model], name: str) -> str:
    """The field's verbose name; the bare name for a field the model no longer has."""
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        return name
    return str(model_field.verbose_name) if isinstance(model_field, models.Field) else name
