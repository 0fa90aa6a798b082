"""The one rule that keeps a draw reproducible: a sampling policy a draw used is never edited again."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audits.models import SamplingPolicy


def ensure_policy_editable(policy: SamplingPolicy) -> None:
    """Refuse (ValidationError) when the policy is fixed: a draw used it, so a change must be a new version."""
    if policy.status != SamplingPolicy.Status.FIXED:
        return
    numbers = ", ".join(policy.draws.order_by("number").values_list("number", flat=True))
    if numbers:
        raise ValidationError(
            _(
                "Version %(version)s of the sampling policy is used by draw %(draws)s and can no longer be "
                "changed; create a new version."
            )
            % {"version": policy.version, "draws": numbers}
        )
    raise ValidationError(
        _(
            "Version %(version)s of the sampling policy is fixed by a draw and can no longer be changed; "
            "create a new version."
        )
        % {"version": policy.version}
    )
