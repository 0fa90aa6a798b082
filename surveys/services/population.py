"""Writes of the population shares the citizen results are weighted to: a new version of one dimension at a
time (a version, once entered, is never edited: results name the version they were weighted with)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from surveys import permissions, profile
from surveys.models import PopulationReference, PopulationShare

SUM_TOLERANCE = Decimal("0.000001")
SOURCE_LENGTH = 255


def categories(dimension: str) -> list[tuple[str, str]]:
    """(category, label) of a dimension: district codes of reference.District, else surveys.profile's."""
    if dimension == PopulationReference.Dimension.DISTRICT:
        from pmis.reference.models import District

        return [(d.code, d.name) for d in District.objects.order_by("name_ru", "code")]
    if dimension == PopulationReference.Dimension.SEX:
        return [(code, str(label)) for code, label in profile.SEX]
    if dimension == PopulationReference.Dimension.AGE_BAND:
        return [(code, str(label)) for code, label in profile.AGE_BANDS]
    return []


def share_field(category: str) -> str:
    return f"share_{category}"


@transaction.atomic
def population_create(
    *,
    actor: Any,
    dimension: str,
    valid_from: Any,
    source: str,
    shares: Mapping[str, Any],
) -> PopulationReference:
    """Enter the next version of `dimension`'s shares (one per category, summing to 1 ± 0.000001).
    All or nothing; errors name the field they belong to."""
    permissions.require_manager(actor)
    errors: dict[str, Any] = {}
    if dimension not in PopulationReference.Dimension.values:
        raise ValidationError({"dimension": _("Choose a dimension.")})
    if valid_from is None:
        errors["valid_from"] = _("Enter the date the shares are valid from.")
    source = (source or "").strip()
    if not source:
        errors["source"] = _("Name the source of the shares (e.g. the statistics bureau's release).")
    elif len(source) > SOURCE_LENGTH:
        errors["source"] = _("At most %(n)s characters.") % {"n": SOURCE_LENGTH}
    known = [code for code, _label in categories(dimension)]
    if not known:
        errors["dimension"] = _("This dimension has no categories yet.")
    values: dict[str, Decimal] = {}
    for code in known:
        raw = shares.get(code)
        if raw in (None, ""):
            values[code] = Decimal(0)
            continue
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            errors[share_field(code)] = _("Enter a number between 0 and 1.")
            continue
        if not value.is_finite() or value < 0 or value > 1:
            errors[share_field(code)] = _("Enter a number between 0 and 1.")
            continue
        if value != value.quantize(Decimal("0.000001")):
            errors[share_field(code)] = _("At most six decimal places.")
            continue
        values[code] = value
    if unknown := sorted(set(shares) - set(known)):
        errors["__all__"] = _("Unknown categories: %(names)s.") % {"names": ", ".join(map(str, unknown))}
    if not errors and known:
        total = sum(values.values(), Decimal(0))
        if abs(total - 1) > SUM_TOLERANCE:
            errors["__all__"] = _("The shares must add up to 1 (± 0.000001); they add up to %(total)s.") % {
                "total": f"{total:f}"
            }
    if errors:
        raise ValidationError(errors)
    # the next version number, serialised on the dimension's rows
    list(PopulationReference.objects.select_for_update().filter(dimension=dimension).values_list("pk"))
    latest = PopulationReference.objects.filter(dimension=dimension).aggregate(m=Max("version"))["m"] or 0
    ref = PopulationReference(
        dimension=dimension, version=latest + 1, valid_from=valid_from, source=source, created_by=actor
    )
    ref._history_user = actor
    ref.save()
    for code in known:
        share = PopulationShare(reference=ref, category=code, share=values[code])
        share._history_user = actor
        share.save()
    return ref
