"""The guard every change of a sampling policy goes through: a policy a draw used is fixed for good (a change is a
new version), so the published draw stays reproducible from the parameters it shows."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audits.models import AuditDraw, SamplingPolicy


def ensure_policy_editable(policy: SamplingPolicy) -> None:
    """Raise ValidationError when the policy is fixed or a draw used it (read from the database, not the
    instance, so a stale copy cannot slip through)."""
    fixed = SamplingPolicy.objects.filter(pk=policy.pk, status=SamplingPolicy.Status.FIXED).exists()
    if fixed or policy.is_fixed or AuditDraw.objects.filter(policy_id=policy.pk).exists():
        raise ValidationError(
            _(
                "This policy version was used by a draw and can no longer be changed; create a new version instead."
            )
        )
