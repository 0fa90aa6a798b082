"""Recommendations: SAC drafts and sends, the manager responds, the coordinator decides, then implemented."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.models import Alert, Recommendation
from pmis.core.texts import choice, msg
from pmis.notifications.services import notify

if TYPE_CHECKING:
    from pmis.accounts.models import User

S = Recommendation.Status


@transaction.atomic
def recommendation_create(
    *, actor: User, kind: str, text: str, alerts: list[Alert], send: bool = False
) -> Recommendation:
    """A draft linked to alerts (their project and indicator are taken from the first alert)."""
    if not alerts:
        raise ValidationError(_("Link the recommendation to at least one alert."))
    first = alerts[0]
    rec = Recommendation(
        kind=kind, text=text, drafted_by=actor, project_id=first.project_id, indicator_id=first.indicator_id
    )
    rec.full_clean()
    rec.save()
    rec.alerts.set(alerts)
    if send:
        recommendation_send(rec=rec, actor=actor)
    return rec


def _manager_recipients(rec: Recommendation) -> list[Any]:
    people = []
    if rec.project is not None and rec.project.manager_id:
        people.append(rec.project.manager)
    for alert in rec.alerts.all():
        if alert.responsible_id:
            people.append(alert.responsible)
    return people


@transaction.atomic
def recommendation_send(*, rec: Recommendation, actor: User) -> Recommendation:
    if rec.status != S.DRAFT:
        raise ValidationError(_("Only a draft can be sent."))
    rec.status = S.SENT
    rec.save(update_fields=["status", "updated_at"])
    notify(
        recipients=_manager_recipients(rec),
        title=msg("New recommendation of the SAC: %(kind)s", kind=choice(rec, "kind")),
        body=rec.text[:500],
        url=rec.get_absolute_url(),
        kind="info",
    )
    return rec


@transaction.atomic
def recommendation_respond(*, rec: Recommendation, actor: User, response: str) -> Recommendation:
    if rec.status not in (S.SENT, S.RESPONDED):
        raise ValidationError(_("This recommendation is not waiting for a response."))
    if not response.strip():
        raise ValidationError({"response": _("Write a response.")})
    rec.response = response.strip()
    rec.responded_by = actor
    rec.responded_at = timezone.now()
    rec.status = S.RESPONDED
    rec.save(update_fields=["response", "responded_by", "responded_at", "status", "updated_at"])
    direction = (
        rec.project.direction
        if rec.project is not None
        else (rec.indicator.direction if rec.indicator is not None else None)
    )
    if direction is not None:
        notify(
            recipients=direction.coordinators.all(),
            title=msg("A recommendation awaits your decision"),
            body=rec.text[:500],
            url=rec.get_absolute_url(),
        )
    return rec


@transaction.atomic
def recommendation_decide(
    *, rec: Recommendation, actor: User, accept: bool, note: str = ""
) -> Recommendation:
    if rec.status not in (S.SENT, S.RESPONDED):
        raise ValidationError(_("This recommendation is not waiting for a decision."))
    if not accept and not note.strip():
        raise ValidationError({"note": _("Say why the recommendation is rejected.")})
    rec.status = S.ACCEPTED if accept else S.REJECTED
    rec.decision_note = note.strip()
    rec.decided_by = actor
    rec.decided_at = timezone.now()
    rec.save(update_fields=["status", "decision_note", "decided_by", "decided_at", "updated_at"])
    notify(
        recipients=[*_manager_recipients(rec), rec.drafted_by],
        title=(msg("Recommendation accepted") if accept else msg("Recommendation rejected")),
        body=rec.text[:500],
        url=rec.get_absolute_url(),
    )
    return rec


@transaction.atomic
def recommendation_implemented(*, rec: Recommendation, actor: User) -> Recommendation:
    if rec.status != S.ACCEPTED:
        raise ValidationError(_("Only an accepted recommendation can be marked implemented."))
    rec.status = S.IMPLEMENTED
    rec.implemented_at = timezone.now()
    rec.save(update_fields=["status", "implemented_at", "updated_at"])
    return rec
