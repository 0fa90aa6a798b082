"""The surveys listen to the domain events of `pmis.core.events` (sent after commit by the owning apps) and send
an event wave of every active campaign on that event. A failure here is logged and never undoes or breaks the
project's or the expertise's own operation."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver

from pmis.core import events

logger = logging.getLogger(__name__)


@receiver(events.gate_passed, dispatch_uid="surveys.gate_passed")
def gate_passed(sender: Any, *, project_id: int, stage: str, **kwargs: Any) -> None:
    from surveys.models import Campaign
    from surveys.services.campaigns import on_project_event

    try:
        on_project_event(
            event=Campaign.Event.GATE_PASSED, project_id=project_id, event_ref=f"gate:{project_id}:{stage}"
        )
    except Exception:
        logger.exception("survey event wave failed: gate passed project=%s stage=%s", project_id, stage)


@receiver(events.project_closed, dispatch_uid="surveys.project_closed")
def project_closed(sender: Any, *, project_id: int, **kwargs: Any) -> None:
    from surveys.models import Campaign
    from surveys.services.campaigns import on_project_event

    try:
        on_project_event(
            event=Campaign.Event.PROJECT_CLOSED, project_id=project_id, event_ref=f"closed:{project_id}"
        )
    except Exception:
        logger.exception("survey event wave failed: project closed project=%s", project_id)


@receiver(events.opinion_issued, dispatch_uid="surveys.opinion_issued")
def opinion_issued(
    sender: Any,
    *,
    case_id: int,
    applicant_organization_id: int | None,
    project_id: int | None = None,
    **kwargs: Any,
) -> None:
    from surveys.services.campaigns import on_opinion_issued

    try:
        on_opinion_issued(
            case_id=case_id, applicant_organization_id=applicant_organization_id, project_id=project_id
        )
    except Exception:
        logger.exception("survey event wave failed: opinion issued case=%s", case_id)
