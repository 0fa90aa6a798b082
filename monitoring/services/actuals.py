"""Entering, submitting, verifying and rejecting actual values (corrections keep history)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.models import PERIODS_PER_YEAR, Actual, Indicator
from monitoring.services.ratings import compute_ratings
from pmis.core.files import display_name
from pmis.core.texts import msg

if TYPE_CHECKING:
    from pmis.accounts.models import User


def check_period(indicator: Indicator, period: int) -> None:
    if not 1 <= period <= PERIODS_PER_YEAR[indicator.frequency]:
        raise ValidationError(
            {
                "period": _("This period does not exist for a %(freq)s indicator.")
                % {"freq": indicator.get_frequency_display().lower()}
            }
        )


@transaction.atomic
def actual_save(
    *,
    indicator: Indicator,
    actor: User,
    year: int,
    period: int,
    value: Decimal,
    source: str = "",
    comment: str = "",
    evidence: Any = None,
    submit: bool = True,
) -> Actual:
    """Create or correct the actual of a period; a correction of a verified value goes back to SAC for verification."""
    if indicator.retired_at is not None:
        raise ValidationError(_("The indicator is retired: no new values are taken."))
    check_period(indicator, period)
    actual = Actual.objects.select_for_update().filter(indicator=indicator, year=year, period=period).first()
    if actual is not None and actual.is_locked:
        raise ValidationError(_("The reporting period is closed: its values are locked."))
    if actual is None:
        actual = Actual(indicator=indicator, year=year, period=period)
    actual.value = value
    actual.source = source
    actual.comment = comment
    if evidence:
        # stored under a random name (RandomName); the uploader's name is kept beside it for the download
        actual.evidence = evidence
        actual.evidence_name = display_name(getattr(evidence, "name", "") or "")
    actual.entered_by = actor
    actual.status = Actual.Status.SUBMITTED if submit else Actual.Status.DRAFT
    actual.verified_by = None
    actual.verified_at = None
    actual.rejection_reason = ""
    actual._change_reason = "entered"
    actual.full_clean()
    actual.save()
    transaction.on_commit(lambda: compute_ratings(indicator_ids=[indicator.pk]))
    return actual


@transaction.atomic
def actuals_verify(*, actuals: Iterable[Actual], actor: User) -> int:
    """Verify submitted values (SAC): they start to count on official views. A value the actor entered is left
    for someone else (four eyes)."""
    now = timezone.now()
    done = []
    for actual in actuals:
        if actual.status != Actual.Status.SUBMITTED or actual.is_locked or actual.entered_by_id == actor.pk:
            continue
        actual.status = Actual.Status.VERIFIED
        actual.verified_by = actor
        actual.verified_at = now
        actual.rejection_reason = ""
        actual._change_reason = "verified"
        actual.save(update_fields=["status", "verified_by", "verified_at", "rejection_reason", "updated_at"])
        done.append(actual.indicator_id)
    if done:
        ids = sorted(set(done))
        transaction.on_commit(lambda: compute_ratings(indicator_ids=ids))
    return len(done)


@transaction.atomic
def actual_reject(*, actual: Actual, actor: User, reason: str) -> Actual:
    """Return a submitted value to its owner with a reason."""
    if actual.status not in (Actual.Status.SUBMITTED, Actual.Status.VERIFIED) or actual.is_locked:
        raise ValidationError(_("Only submitted or verified values of an open period can be rejected."))
    if actual.entered_by_id == actor.pk:
        raise ValidationError(_("You entered this value: another verifier decides on it."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the value is rejected.")})
    actual.status = Actual.Status.REJECTED
    actual.rejection_reason = reason.strip()
    actual.verified_by = actor
    actual.verified_at = timezone.now()
    actual.save(update_fields=["status", "rejection_reason", "verified_by", "verified_at", "updated_at"])
    from pmis.notifications.services import notify

    if actual.entered_by_id:
        notify(
            recipients=[actual.entered_by],
            title=msg("Actual value rejected: %(code)s", code=actual.indicator.code),
            body=actual.rejection_reason, url=actual.indicator.get_absolute_url(), kind="warning",
        )
    ind = actual.indicator_id
    transaction.on_commit(lambda: compute_ratings(indicator_ids=[ind]))
    return actual
