"""The one rule that keeps a draw reproducible: a sampling policy a draw used is never edited again."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audits.models import AuditDraw, SamplingPolicy


def ensure_policy_editable(policy: SamplingPolicy) -> None:
    """Refuse (ValidationError) when the policy is fixed or a draw used it (read from the database, so a stale
    instance cannot slip through): a change must then be a new version."""
    numbers = list(
        AuditDraw.objects.filter(policy_id=policy.pk).order_by("number").values_list("number", flat=True)
    )
    fixed = (
        policy.is_fixed
        or SamplingPolicy.objects.filter(pk=policy.pk, status=SamplingPolicy.Status.FIXED).exists()
    )
    if numbers:
        raise ValidationError(
            _(
                "Version %(version)s of the sampling policy is used by draw %(draws)s and can no longer be "
                "changed; create a new version."
            )
            % {"version": policy.version, "draws": ", ".join(numbers)}
        )
    if fixed:
        raise ValidationError(
            _(
                "Version %(version)s of the sampling policy is fixed by a draw and can no longer be changed; "
                "create a new version."
            )
            % {"version": policy.version}
        )
