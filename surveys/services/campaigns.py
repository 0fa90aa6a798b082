"""Customer campaigns: create, edit, launch, pause and close a campaign; send its waves (a period's round or one
event), remind the people who have not answered, close waves past their date. The daily tick
(`campaigns_tick`, beat task `surveys.campaigns_tick`) does the last three for every active campaign and is
idempotent: a wave is unique per (campaign, period, event), a reminder is sent once, a wave closes once.

An invitation's raw token goes only into its e-mail (built after commit); the database keeps its hash. The
in-app invitation and the reminder are stored as message keys, so each recipient reads them in their language.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from pmis.accounts.models import User
from pmis.core import texts
from pmis.core.texts import msg
from pmis.notifications.services import notify
from surveys import audience, permissions, tokens
from surveys.models import Campaign, Invitation, Survey, Wave
from surveys.services.builder import latest_version

logger = logging.getLogger(__name__)

S = Campaign.Status
PERIOD_MONTHS: dict[str, int] = {
    Campaign.Period.MONTH: 1,
    Campaign.Period.QUARTER: 3,
    Campaign.Period.HALF_YEAR: 6,
    Campaign.Period.YEAR: 12,
}
MAX_DAYS = 365


# --- periods ------------------------------------------------------------------------------------------------------


def period_bounds(period: str, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the campaign period (month, quarter, half-year, year) containing `day`."""
    months = PERIOD_MONTHS.get(period, 3)
    first_month = ((day.month - 1) // months) * months + 1
    start = datetime.date(day.year, first_month, 1)
    end_month = first_month + months  # the month after the period
    end_year = day.year + (end_month - 1) // 12
    end_month = (end_month - 1) % 12 + 1
    end = datetime.date(end_year, end_month, 1) - datetime.timedelta(days=1)
    return start, end


def response_rate(invited: int, answered: int) -> Decimal | None:
    """Used invitations / invitations, in percent with one decimal; None without invitations."""
    if not invited:
        return None
    return (Decimal(answered) * 100 / Decimal(invited)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def site_url() -> str:
    """The site's absolute address for links in e-mails (no request at hand in the beat task)."""
    url = getattr(settings, "PMIS_SITE_URL", "") or ""
    if not url:
        origins = list(getattr(settings, "CSRF_TRUSTED_ORIGINS", []) or [])
        url = origins[0] if origins else f"http://{(settings.ALLOWED_HOSTS or ['localhost'])[0]}"
    return str(url).rstrip("/")


def token_link(raw: str) -> str:
    return f"{site_url()}/surveys/t/{raw}/"


def _invitations_url() -> str:
    return reverse("surveys:my-invitations")


# --- campaign lifecycle -------------------------------------------------------------------------------------------


def _check(campaign_data: dict[str, Any]) -> None:
    """The rules of a campaign's settings (raised beside the field they concern)."""
    errors: dict[str, str] = {}
    kind = campaign_data["audience_kind"]
    trigger = campaign_data["trigger"]
    event = campaign_data.get("event") or ""
    if trigger == Campaign.Trigger.EVENT and not event:
        errors["event"] = _("Choose the event that sends the survey.")
    if trigger == Campaign.Trigger.SCHEDULE and event:
        errors["event"] = _("A campaign sent every period has no event.")
    if kind == Campaign.AudienceKind.REVIEW_APPLICANTS and event != Campaign.Event.OPINION_ISSUED:
        errors["audience_kind"] = _(
            "Applicants of review cases are known only when an opinion is issued: send on that event."
        )
    if event == Campaign.Event.OPINION_ISSUED and kind != Campaign.AudienceKind.REVIEW_APPLICANTS:
        errors["audience_kind"] = _("A survey after an opinion goes to the applicants of review cases.")
    # a gate passed or a project closed goes to that project's manager and department officers (within the
    # campaign's direction when one is chosen): the chosen departments or people do not apply to it
    project_event = trigger == Campaign.Trigger.EVENT and event in (
        Campaign.Event.GATE_PASSED,
        Campaign.Event.PROJECT_CLOSED,
    )
    if not project_event:
        if kind == Campaign.AudienceKind.DEPARTMENTS and not list(campaign_data.get("departments") or []):
            errors["departments"] = _("Choose at least one department.")
        if kind == Campaign.AudienceKind.DIRECTION_MANAGERS and not campaign_data.get("direction"):
            errors["direction"] = _("Choose the basic direction.")
        if kind == Campaign.AudienceKind.USERS and not list(campaign_data.get("recipients") or []):
            errors["recipients"] = _("Choose at least one person.")
    for name in ("reminder_days", "answer_days"):
        value = campaign_data.get(name)
        if value is None or not 1 <= int(value) <= MAX_DAYS:
            errors[name] = _("Enter a number of days from 1 to %(max)s.") % {"max": MAX_DAYS}
    if not errors and int(campaign_data["reminder_days"]) >= int(campaign_data["answer_days"]):
        errors["reminder_days"] = _("The reminder must come before the survey closes.")
    if errors:
        raise ValidationError(errors)


def _check_survey(actor: Any, survey: Survey) -> None:
    if not permissions.can_edit_survey(actor, survey):
        raise ValidationError({"survey": _("Only the survey's owners run campaigns of it.")})
    if survey.is_template or survey.audience != Survey.Audience.CUSTOMER:
        raise ValidationError({"survey": _("Campaigns send customer surveys only.")})
    if survey.status != Survey.Status.OPEN:
        raise ValidationError({"survey": _("Open the survey for answers before sending it.")})


FIELDS = ("name", "audience_kind", "direction", "trigger", "period", "event", "reminder_days", "answer_days")


@transaction.atomic
def campaign_create(*, actor: Any, survey: Survey, **data: Any) -> Campaign:
    """A draft campaign of an open customer survey the actor owns; the actor owns the campaign."""
    _check_survey(actor, survey)
    _check(data)
    campaign = Campaign(survey=survey, owner=actor, **{f: data.get(f) for f in FIELDS})
    campaign.event = campaign.event or ""
    if campaign.trigger == Campaign.Trigger.EVENT and not data.get("period"):
        campaign.period = Campaign.Period.QUARTER
    campaign._history_user = actor
    campaign.full_clean(exclude=["departments", "recipients"])
    campaign.save()
    campaign.departments.set(data.get("departments") or [])
    campaign.recipients.set(data.get("recipients") or [])
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, actor: Any, **data: Any) -> Campaign:
    """Change a campaign's settings (not its survey); a closed campaign is kept as it was."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status == S.CLOSED:
        raise ValidationError(_("A closed campaign is kept as it was."))
    _check(data)
    for f in FIELDS:
        setattr(campaign, f, data.get(f))
    campaign.event = campaign.event or ""
    campaign._history_user = actor
    campaign.full_clean(exclude=["departments", "recipients"])
    campaign.save()
    campaign.departments.set(data.get("departments") or [])
    campaign.recipients.set(data.get("recipients") or [])
    return campaign


def _set_status(campaign: Campaign, actor: Any, status: str, *, allowed_from: Sequence[str]) -> Campaign:
    campaign = Campaign.objects.select_for_update().select_related("survey").get(pk=campaign.pk)
    if campaign.status not in allowed_from:
        raise ValidationError(
            _("A campaign that is “%(status)s” cannot be changed so.")
            % {"status": campaign.get_status_display()}
        )
    campaign.status = status
    campaign._history_user = actor
    return campaign


@transaction.atomic
def campaign_launch(*, campaign: Campaign, actor: Any) -> Campaign:
    """Draft or paused → active (the survey must be open). The daily tick sends the current period's wave."""
    campaign = _set_status(campaign, actor, S.ACTIVE, allowed_from=[S.DRAFT, S.PAUSED])
    if campaign.survey.status != Survey.Status.OPEN:
        raise ValidationError(_("Open the survey for answers before sending it."))
    _check(
        {
            **{f: getattr(campaign, f) for f in FIELDS},
            "departments": list(campaign.departments.values_list("pk", flat=True)),
            "recipients": list(campaign.recipients.values_list("pk", flat=True)),
        }
    )
    campaign.launched_at = campaign.launched_at or timezone.now()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_pause(*, campaign: Campaign, actor: Any) -> Campaign:
    """Active → paused: no new waves nor reminders; open waves stay open until their date."""
    campaign = _set_status(campaign, actor, S.PAUSED, allowed_from=[S.ACTIVE])
    campaign.save()
    return campaign


@transaction.atomic
def campaign_close(*, campaign: Campaign, actor: Any) -> Campaign:
    """Close the campaign for good and its open waves with it."""
    campaign = _set_status(campaign, actor, S.CLOSED, allowed_from=[S.DRAFT, S.ACTIVE, S.PAUSED])
    campaign.save()
    _close(Wave.objects.filter(campaign=campaign, closed_at__isnull=True), actor=actor, now=timezone.now())
    return campaign


# --- waves --------------------------------------------------------------------------------------------------------


@dataclass
class _Mail:
    user: User
    raw: str


def _latest_version(survey: Survey) -> Any:
    version = latest_version(survey)
    if version is None:
        raise ValidationError(_("The survey has no questions yet."))
    return version


@transaction.atomic
def send_wave(
    campaign: Campaign,
    *,
    period_start: datetime.date,
    actor: Any = None,
    event_ref: str = "",
    project: Any = None,
    direction: Any = None,
    review_case_ref: int | None = None,
    recipients: Iterable[User] | None = None,
) -> Wave:
    """The campaign's wave of this period (and event): created once, with one invitation per recipient (the
    audience of the campaign, or `recipients` for an event); a second call returns the same wave.

    The wave uses the survey's latest version (the respondent side freezes it on the first answer); it closes,
    and its invitations expire, `answer_days` after sending. E-mails go after commit."""
    campaign = Campaign.objects.select_for_update().select_related("survey").get(pk=campaign.pk)
    existing = Wave.objects.filter(campaign=campaign, period_start=period_start, event_ref=event_ref).first()
    if existing is not None:
        return existing
    now = timezone.now()
    _start, period_end = period_bounds(campaign.period, period_start)
    wave = Wave(
        campaign=campaign,
        version=_latest_version(campaign.survey),
        period_start=period_start,
        period_end=max(period_end, period_start),
        event_ref=event_ref,
        project_id=getattr(project, "pk", project),
        direction_id=getattr(direction, "pk", direction),
        review_case_ref=review_case_ref,
        opened_at=now,
        closes_at=now + datetime.timedelta(days=campaign.answer_days),
    )
    wave._history_user = actor
    wave.save()
    people = list(recipients) if recipients is not None else audience.resolve(campaign)
    seen: set[int] = set()
    invitations: list[Invitation] = []
    mails: list[_Mail] = []
    for user in people:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        raw, hashed = tokens.new_token()
        invitations.append(
            Invitation(
                wave=wave,
                recipient=user,
                token_hash=hashed,
                department_id=user.organization_id,
                sent_at=now,
                expires_at=wave.closes_at,
            )
        )
        if user.email:
            mails.append(_Mail(user=user, raw=raw))
    bulk_create_with_history(invitations, Invitation, default_user=actor)
    users = [i.recipient for i in invitations]
    notify(
        recipients=users,
        title=msg("Please answer the survey “%(name)s”", name=campaign.name),
        body=msg(
            "Your answer is awaited until %(date)s.", date=texts.date(timezone.localdate(wave.closes_at))
        ),
        url=_invitations_url(),
    )
    if mails:
        wave_id = wave.pk
        transaction.on_commit(lambda: _mail_invitations(wave_id, mails))
    logger.info("survey wave sent campaign=%s wave=%s invitations=%s", campaign.pk, wave.pk, len(invitations))
    return wave


def _send(messages: list[EmailMessage]) -> None:
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)


def _mail_invitations(wave_id: int, mails: list[_Mail]) -> None:
    wave = Wave.objects.select_related("campaign__survey").get(pk=wave_id)
    messages = []
    for mail in mails:
        with translation.override(mail.user.language or settings.LANGUAGE_CODE):
            context = {
                "user": mail.user,
                "survey": wave.campaign.survey,
                "campaign": wave.campaign,
                "wave": wave,
                "url": token_link(mail.raw),
                "closes": timezone.localtime(wave.closes_at),
            }
            subject = render_to_string("surveys/campaigns/email/invitation_subject.txt", context).strip()
            body = render_to_string("surveys/campaigns/email/invitation_body.txt", context)
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [mail.user.email]))
    _send(messages)


def send_current_wave(*, campaign: Campaign, actor: Any, today: datetime.date | None = None) -> Wave:
    """ "Send now": the current period's wave of an active campaign sent every period (once per period)."""
    if campaign.status != S.ACTIVE:
        raise ValidationError(_("Launch the campaign before sending it."))
    if campaign.trigger != Campaign.Trigger.SCHEDULE:
        raise ValidationError(_("A campaign on an event sends its waves when the event happens."))
    start, _end = period_bounds(campaign.period, today or timezone.localdate())
    if Wave.objects.filter(campaign=campaign, period_start=start, event_ref="").exists():
        raise ValidationError(_("This period's wave has already been sent."))
    return send_wave(campaign, period_start=start, actor=actor)


# --- the daily tick -----------------------------------------------------------------------------------------------


def send_scheduled_waves(*, today: datetime.date) -> int:
    """The current period's wave of every active scheduled campaign that has none yet."""
    sent = 0
    campaigns = Campaign.objects.filter(
        status=S.ACTIVE, trigger=Campaign.Trigger.SCHEDULE, survey__status=Survey.Status.OPEN
    ).select_related("survey")
    for campaign in campaigns:
        start, _end = period_bounds(campaign.period, today)
        if Wave.objects.filter(campaign=campaign, period_start=start, event_ref="").exists():
            continue
        try:
            send_wave(campaign, period_start=start)
        except ValidationError:
            logger.warning("survey wave not sent campaign=%s", campaign.pk, exc_info=True)
            continue
        sent += 1
    return sent


@transaction.atomic
def send_reminders(*, now: datetime.datetime) -> int:
    """Remind, once, every unanswered invitation of an open wave of an active campaign `reminder_days` after
    it was sent (in the app and by e-mail, in the recipient's language)."""
    due = []
    candidates = (
        Invitation.objects.select_for_update()
        .filter(
            used_at__isnull=True,
            reminded_at__isnull=True,
            wave__closed_at__isnull=True,
            wave__closes_at__gt=now,
            wave__campaign__status=S.ACTIVE,
            recipient__is_active=True,
        )
        .select_related("recipient", "wave__campaign")
        .order_by("pk")
    )
    for invitation in candidates:
        if invitation.sent_at + datetime.timedelta(days=invitation.wave.campaign.reminder_days) <= now:
            invitation.reminded_at = now
            due.append(invitation)
    if not due:
        return 0
    bulk_update_with_history(due, Invitation, ["reminded_at", "updated_at"])
    by_wave: dict[int, list[Invitation]] = {}
    for invitation in due:
        by_wave.setdefault(invitation.wave_id, []).append(invitation)
    for invitations in by_wave.values():
        wave = invitations[0].wave
        notify(
            recipients=[i.recipient for i in invitations],
            title=msg("Reminder: please answer the survey “%(name)s”", name=wave.campaign.name),
            body=msg(
                "Your answer is awaited until %(date)s.", date=texts.date(timezone.localdate(wave.closes_at))
            ),
            url=_invitations_url(),
            kind="warning",
        )
    ids = [i.pk for i in due if i.recipient.email]
    if ids:
        transaction.on_commit(lambda: _mail_reminders(ids))
    return len(due)


def _mail_reminders(invitation_ids: list[int]) -> None:
    messages = []
    url = f"{site_url()}{_invitations_url()}"
    for invitation in Invitation.objects.filter(pk__in=invitation_ids).select_related(
        "recipient", "wave__campaign__survey"
    ):
        user = invitation.recipient
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "survey": invitation.wave.campaign.survey,
                "campaign": invitation.wave.campaign,
                "url": url,
                "closes": timezone.localtime(invitation.wave.closes_at),
            }
            subject = render_to_string("surveys/campaigns/email/reminder_subject.txt", context).strip()
            body = render_to_string("surveys/campaigns/email/reminder_body.txt", context)
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    _send(messages)


def _close(waves: Any, *, actor: Any, now: datetime.datetime) -> int:
    rows = list(waves.select_for_update())
    for wave in rows:
        wave.closed_at = now
    if rows:
        bulk_update_with_history(rows, Wave, ["closed_at", "updated_at"], default_user=actor)
    return len(rows)


@transaction.atomic
def close_waves(*, now: datetime.datetime) -> int:
    """Close every wave past its closing time (once)."""
    return _close(Wave.objects.filter(closed_at__isnull=True, closes_at__lte=now), actor=None, now=now)


def campaigns_tick(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The daily run: close waves past their date, send the waves due this period, remind once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    closed = close_waves(now=now)
    sent = send_scheduled_waves(today=today)
    reminded = send_reminders(now=now)
    return {"closed": closed, "sent": sent, "reminded": reminded}


# --- events -------------------------------------------------------------------------------------------------------


def _event_campaigns(event: str) -> Any:
    return Campaign.objects.filter(
        status=S.ACTIVE, trigger=Campaign.Trigger.EVENT, event=event, survey__status=Survey.Status.OPEN
    ).select_related("survey")


def on_project_event(*, event: str, project_id: int, event_ref: str) -> list[Wave]:
    """A gate passed or a project closed: a wave of every active campaign on that event, to the project's
    manager and its department's officers (limited to the campaign's basic direction when it has one)."""
    waves = []
    today = timezone.localdate()
    for campaign in _event_campaigns(event):
        project, users = audience.project_event(campaign, project_id)
        if project is None or not users:
            continue
        start, _end = period_bounds(campaign.period, today)
        waves.append(
            send_wave(
                campaign,
                period_start=start,
                event_ref=event_ref,
                project=project,
                direction=project.direction_id,
                recipients=users,
            )
        )
    return waves


def on_opinion_issued(
    *, case_id: int, applicant_organization_id: int | None, project_id: int | None
) -> list[Wave]:
    """An opinion issued: a wave of every active campaign on that event, to the applicant's users."""
    waves: list[Wave] = []
    today = timezone.localdate()
    users = audience.applicants(applicant_organization_id)
    if not users:
        return waves
    for campaign in _event_campaigns(Campaign.Event.OPINION_ISSUED):
        start, _end = period_bounds(campaign.period, today)
        waves.append(
            send_wave(
                campaign,
                period_start=start,
                event_ref=f"opinion:{case_id}",
                project=project_id,
                review_case_ref=case_id,
                recipients=users,
            )
        )
    return waves


def invitation_answer_url(invitation: Invitation) -> str:
    """The signed-in respondent's page of an invitation."""
    return reverse("surveys:invitation-answer", args=[invitation.pk])
