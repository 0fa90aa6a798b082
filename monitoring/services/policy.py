"""The Project Office's RAG policy: each save adds a new version (ratings keep the version they used)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from projects.models.policy import RagPolicy

if TYPE_CHECKING:
    from pmis.accounts.models import User


@transaction.atomic
def policy_new_version(
    *,
    actor: User,
    green_min: Any,
    amber_min: Any,
    milestone_amber_days: int,
    achievement_cap: Any,
    effective_from: Any,
    notes: str = "",
) -> RagPolicy:
    if amber_min >= green_min:
        raise ValidationError({"amber_min": _("Amber must start below Green.")})
    if achievement_cap < green_min:
        raise ValidationError({"achievement_cap": _("The cap must not be below the Green threshold.")})
    RagPolicy.current()  # version 1 exists before anyone edits
    latest = RagPolicy.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
    policy = RagPolicy(
        version=latest + 1,
        green_min=green_min,
        amber_min=amber_min,
        milestone_amber_days=milestone_amber_days,
        achievement_cap=achievement_cap,
        effective_from=effective_from,
        created_by=actor,
        notes=notes,
    )
    policy.full_clean()
    policy.save()
    return policy
