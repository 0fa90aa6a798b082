"""The reporting calendar: open a period, remind owners, close it (lock its actuals, freeze a rating snapshot)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.models import (
    Actual,
    Frequency,
    Indicator,
    IndicatorRating,
    RatingSnapshot,
    ReportingPeriod,
    Target,
)
from pmis.core.texts import date, msg
from pmis.notifications.services import notify

if TYPE_CHECKING:
    from pmis.accounts.models import User


def period_scope_q(period: ReportingPeriod, prefix: str = "") -> Q:
    """Which indicator periods a reporting period covers: same frequency and index (annual ones in Q4)."""
    q = Q(
        **{
            f"{prefix}year": period.year,
            f"{prefix}period": period.period,
            f"{prefix}indicator__frequency": period.frequency,
        }
    )
    if period.frequency == Frequency.QUARTERLY and period.period == 4:
        q |= Q(
            **{
                f"{prefix}year": period.year,
                f"{prefix}period": 1,
                f"{prefix}indicator__frequency": Frequency.ANNUAL,
            }
        )
    return q


def expected_targets(period: ReportingPeriod) -> QuerySet[Target]:
    """The targets that expect a value in the period: a retired indicator takes no new values, so it expects none."""
    return Target.objects.filter(period_scope_q(period), indicator__retired_at__isnull=True)


@transaction.atomic
def period_open(
    *, year: int, frequency: str, period: int, due_date: datetime.date, actor: User
) -> ReportingPeriod:
    rp = ReportingPeriod(year=year, frequency=frequency, period=period, due_date=due_date)
    if frequency == Frequency.QUARTERLY and period > 4:
        raise ValidationError({"period": _("A quarter is numbered 1 to 4.")})
    rp.full_clean()
    rp.save()
    period_remind(reporting_period=rp, actor=actor, opening=True)
    return rp


def _missing_by_owner(reporting_period: ReportingPeriod) -> tuple[dict[int, Any], dict[int, int]]:
    """Owners of indicators still missing a submitted value for the period → (people, indicators waiting)."""
    missing = expected_targets(reporting_period).exclude(
        indicator__actuals__in=Actual.objects.filter(period_scope_q(reporting_period)).exclude(
            status__in=[Actual.Status.DRAFT, Actual.Status.REJECTED]
        )
    )
    people: dict[int, Any] = {}
    counts: dict[int, int] = {}
    for ind in Indicator.objects.filter(pk__in=missing.values("indicator_id")).select_related(
        "responsible_person", "project__manager"
    ):
        person = ind.responsible_person or (ind.project.manager if ind.project is not None else None)
        if person is None:
            continue
        people[person.pk] = person
        counts[person.pk] = counts.get(person.pk, 0) + 1
    return people, counts


def period_remind(*, reporting_period: ReportingPeriod, actor: User, opening: bool = False) -> int:
    """Ask the owners of indicators still missing a submitted value for this period (one note per person)."""
    people, counts = _missing_by_owner(reporting_period)
    args = {"label": reporting_period.label, "due": date(reporting_period.due_date)}
    title = (
        msg("Reporting period %(label)s is open: actual values are due by %(due)s", **args)
        if opening
        else msg("Reminder: actual values for %(label)s are due by %(due)s", **args)
    )
    sent = 0
    for pk, person in people.items():
        sent += notify(
            recipients=[person],
            title=title,
            body=msg("Indicators waiting for your values: %(n)d", n=counts[pk]),
            url=reporting_period.get_absolute_url(),
        )
    reporting_period.reminded_at = timezone.now()
    reporting_period.save(update_fields=["reminded_at", "updated_at"])
    return sent


# How many days before the due date the scheduled "due soon" reminder goes out.
REMIND_DAYS_BEFORE_DUE = 5
REMINDER_BEFORE_DUE = "before-due"
REMINDER_OVERDUE = "overdue"


def reminder_url(reporting_period: ReportingPeriod, kind: str) -> str:
    """The link a scheduled reminder points to; it also identifies the reminder (owner, period, kind)."""
    return f"{reporting_period.get_absolute_url()}#reminder-{kind}"


def scheduled_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily reminders of the reporting calendar, idempotent: for every open period, each owner still missing
    values gets at most one "due soon" reminder (within REMIND_DAYS_BEFORE_DUE days of the due date) and at most
    one "overdue" reminder (after it). The in-app notification is the record that a reminder went out, so re-running
    the task the same day or the next one sends nothing twice; the daily digest e-mails them."""
    from pmis.notifications.models import Notification

    today = today or timezone.localdate()
    sent = {REMINDER_BEFORE_DUE: 0, REMINDER_OVERDUE: 0}
    for rp in ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).order_by("due_date", "pk"):
        if today > rp.due_date:
            kind = REMINDER_OVERDUE
            title = msg("Overdue: actual values for %(label)s were due by %(due)s", label=rp.label, due=date(rp.due_date))
        elif (rp.due_date - today).days <= REMIND_DAYS_BEFORE_DUE:
            kind = REMINDER_BEFORE_DUE
            title = msg("Reminder: actual values for %(label)s are due by %(due)s", label=rp.label, due=date(rp.due_date))
        else:
            continue
        people, counts = _missing_by_owner(rp)
        if not people:
            continue
        url = reminder_url(rp, kind)
        with transaction.atomic():
            # lock the period row so two overlapping runs cannot both send
            ReportingPeriod.objects.select_for_update().filter(pk=rp.pk).first()
            already = set(
                Notification.objects.filter(recipient_id__in=list(people), url=url).values_list(
                    "recipient_id", flat=True
                )
            )
            for pk, person in people.items():
                if pk in already:
                    continue
                sent[kind] += notify(
                    recipients=[person],
                    title=title,
                    body=msg("Indicators waiting for your values: %(n)d", n=counts[pk]),
                    url=url,
                    kind="warning" if kind == REMINDER_OVERDUE else "info",
                )
            rp.reminded_at = timezone.now()
            rp.save(update_fields=["reminded_at", "updated_at"])
    return sent


@transaction.atomic
def actuals_lock(*, actuals: QuerySet[Actual], actor: User, reason: str) -> int:
    """Lock these values (their period is closed), each change in the values' history; returns how many.

    Set-based, as the scan closes alerts: one UPDATE, then their history rows with one INSERT … SELECT of the rows
    this statement stamped."""
    from monitoring.services.bulk import history_insert_select

    now = timezone.now()
    locked = Actual.objects.filter(pk__in=actuals.filter(is_locked=False).values("pk")).update(
        is_locked=True, updated_at=now
    )
    if locked:
        history_insert_select(
            Actual,
            "is_locked AND updated_at = %s",
            [now],
            history_type="~",
            when=now,
            reason=reason,
            user_id=getattr(actor, "pk", None),
        )
    return locked


@transaction.atomic
def period_close(*, reporting_period: ReportingPeriod, actor: User) -> int:
    """Lock the period's actuals and freeze the official ratings as they were reported; returns snapshot rows."""
    rp = ReportingPeriod.objects.select_for_update().get(pk=reporting_period.pk)
    if rp.is_closed:
        raise ValidationError(_("The period is already closed."))
    from monitoring.services.ratings import compute_ratings

    scope = period_scope_q(rp)
    ids = list(Target.objects.filter(scope).values_list("indicator_id", flat=True).distinct())
    compute_ratings(indicator_ids=ids)
    actuals_lock(actuals=Actual.objects.filter(scope), actor=actor, reason="period closed")
    now = timezone.now()
    snaps = [
        RatingSnapshot(
            reporting_period=rp,
            indicator_id=r.indicator_id,
            year=r.year,
            period=r.period,
            plan=r.plan,
            actual=r.actual,
            achievement=r.achievement,
            rag=r.rag,
            policy_version=r.policy_version,
            frozen_at=now,
        )
        for r in IndicatorRating.objects.filter(scope, is_official=True)
    ]
    RatingSnapshot.objects.bulk_create(snaps, batch_size=5000)
    rp.status = ReportingPeriod.Status.CLOSED
    rp.closed_at = now
    rp.closed_by = actor
    rp.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    reporting_period.status, reporting_period.closed_at = rp.status, rp.closed_at
    return len(snaps)
