"""Customer campaigns, the services: periods, the daily tick (one wave per period, reminders once, closing),
invitations by e-mail in the recipient's language and in the app as message keys, audience resolution, the
response rate and the event waves sent from the real project and expertise services."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from pmis.accounts import roles
from pmis.notifications.models import Notification
from projects.models import GateDecision, Project
from projects.services.project import gate_decision_record
from surveys import audience
from surveys.models import Campaign, Invitation, Survey, Wave
from surveys.services import campaigns as svc
from surveys.tokens import token_hash
from tests.factories import UserFactory
from tests.projects.factories import ProjectFactory
from tests.surveys.factories import make_survey
from tests.surveys.factories_campaigns import make_campaign, open_customer_survey

pytestmark = pytest.mark.django_db

SITE = "https://pmis.example.kz"


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.PMIS_SITE_URL = SITE


@pytest.fixture
def staff(department_a: Any) -> list[Any]:
    """Three active users of department A (one in Kazakh, one in English, one without e-mail) and an inactive one."""
    kk = UserFactory(username="sv-kk", organization=department_a, language="kk", email="kk@example.kz")
    en = UserFactory(username="sv-en", organization=department_a, language="en", email="en@example.kz")
    nomail = UserFactory(username="sv-nomail", organization=department_a, language="ru", email="")
    UserFactory(username="sv-gone", organization=department_a, is_active=False, email="gone@example.kz")
    return [kk, en, nomail]


def _campaign(pmo: Any, department_a: Any, **data: Any) -> Campaign:
    return make_campaign(pmo, departments=[department_a], **data)


# --- periods and rate ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "day", "start", "end"),
    [
        ("month", datetime.date(2026, 2, 14), datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
        ("quarter", datetime.date(2026, 11, 30), datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        ("quarter", datetime.date(2026, 4, 1), datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
        ("half_year", datetime.date(2026, 7, 3), datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)),
        ("year", datetime.date(2026, 5, 5), datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    ],
)
def test_period_bounds(period: str, day: datetime.date, start: datetime.date, end: datetime.date) -> None:
    assert svc.period_bounds(period, day) == (start, end)


def test_response_rate() -> None:
    assert svc.response_rate(0, 0) is None
    assert str(svc.response_rate(3, 1)) == "33.3"
    assert str(svc.response_rate(4, 4)) == "100.0"


# --- the campaign's rules -----------------------------------------------------------------------------------------


def test_only_owners_of_an_open_customer_survey_create_campaigns(pmo: Any, department_a: Any) -> None:
    survey = open_customer_survey(pmo)
    other = UserFactory(username="sv-other-pmo", roles=[roles.PMO_STAFF])
    with pytest.raises(ValidationError) as exc:
        make_campaign(other, survey=survey, departments=[department_a])
    assert "survey" in exc.value.error_dict
    draft = make_survey(pmo)
    with pytest.raises(ValidationError) as exc:
        make_campaign(pmo, survey=draft, departments=[department_a])
    assert "survey" in exc.value.error_dict
    citizen = open_customer_survey(pmo)
    Survey.objects.filter(pk=citizen.pk).update(audience=Survey.Audience.CITIZEN)
    citizen.refresh_from_db()
    with pytest.raises(ValidationError):
        make_campaign(pmo, survey=citizen, departments=[department_a])


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"departments": []}, "departments"),
        ({"audience_kind": "direction_managers"}, "direction"),
        ({"audience_kind": "users"}, "recipients"),
        ({"trigger": "event"}, "event"),
        ({"audience_kind": "review_applicants"}, "audience_kind"),
        ({"reminder_days": 20, "answer_days": 14}, "reminder_days"),
        ({"answer_days": 0}, "answer_days"),
    ],
)
def test_campaign_settings_are_checked(pmo: Any, department_a: Any, data: dict[str, Any], field: str) -> None:
    fields = {"departments": [department_a], **data}
    with pytest.raises(ValidationError) as exc:
        make_campaign(pmo, launch=False, **fields)
    assert field in exc.value.error_dict
    assert not Campaign.objects.exists()


def test_launch_pause_close_are_kept_in_history(pmo: Any, department_a: Any) -> None:
    campaign = _campaign(pmo, department_a, launch=False)
    assert campaign.status == Campaign.Status.DRAFT
    campaign = svc.campaign_launch(campaign=campaign, actor=pmo)
    assert campaign.status == Campaign.Status.ACTIVE
    assert campaign.launched_at is not None
    campaign = svc.campaign_pause(campaign=campaign, actor=pmo)
    with pytest.raises(ValidationError):
        svc.campaign_pause(campaign=campaign, actor=pmo)
    campaign = svc.campaign_close(campaign=campaign, actor=pmo)
    with pytest.raises(ValidationError):
        svc.campaign_launch(campaign=campaign, actor=pmo)
    statuses: list[str] = []
    for h in campaign.history.order_by("history_date", "history_id"):
        if not statuses or statuses[-1] != h.status:
            statuses.append(h.status)
    assert statuses == ["draft", "active", "paused", "closed"]
    assert {h.history_user_id for h in campaign.history.all()} == {pmo.pk}


# --- audience -----------------------------------------------------------------------------------------------------


def test_audience_of_departments_is_their_active_users(pmo: Any, department_a: Any, staff: list[Any]) -> None:
    campaign = _campaign(pmo, department_a, launch=False)
    assert {u.username for u in audience.resolve(campaign)} == {"sv-kk", "sv-en", "sv-nomail"}


def test_audience_of_direction_managers(pmo: Any, direction: Any, other_direction: Any, manager: Any) -> None:
    running = ProjectFactory(direction=direction, manager=manager)
    ended = UserFactory(username="sv-ended-manager")
    ProjectFactory(direction=direction, manager=ended, stage=Project.Stage.TERMINATED)
    elsewhere = UserFactory(username="sv-elsewhere-manager")
    ProjectFactory(direction=other_direction, manager=elsewhere)
    campaign = make_campaign(pmo, audience_kind="direction_managers", direction=direction, launch=False)
    assert [u.pk for u in audience.resolve(campaign)] == [running.manager_id]


def test_audience_of_chosen_people(pmo: Any, officer: Any, manager: Any) -> None:
    campaign = make_campaign(pmo, audience_kind="users", recipients=[officer, manager], launch=False)
    assert {u.pk for u in audience.resolve(campaign)} == {officer.pk, manager.pk}


# --- waves and invitations ----------------------------------------------------------------------------------------


def test_wave_invites_by_mail_in_the_recipients_language_and_in_the_app(
    pmo: Any, department_a: Any, staff: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    kk, en, nomail = staff
    campaign = _campaign(pmo, department_a)
    start, _end = svc.period_bounds("quarter", timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        wave = svc.send_wave(campaign, period_start=start, actor=pmo)
    invitations = {i.recipient_id: i for i in wave.invitations.all()}
    assert set(invitations) == {kk.pk, en.pk, nomail.pk}  # no e-mail: still invited (in the app)
    assert all(i.expires_at == wave.closes_at for i in invitations.values())
    assert wave.closes_at - wave.opened_at == datetime.timedelta(days=14)
    assert wave.version == campaign.survey.versions.get(number=1)

    assert len(mail.outbox) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    survey = campaign.survey
    assert survey.title_kk in by_address["kk@example.kz"].subject
    assert survey.title_en in by_address["en@example.kz"].subject
    for user, message in ((kk, by_address["kk@example.kz"]), (en, by_address["en@example.kz"])):
        found = re.search(rf"{re.escape(SITE)}/surveys/t/([\w-]+)/", message.body)
        assert found is not None
        # the link's token is the one whose hash the invitation keeps (the raw token is nowhere in the database)
        assert token_hash(found.group(1)) == invitations[user.pk].token_hash
        assert not Invitation.objects.filter(token_hash=found.group(1)).exists()

    notes = Notification.objects.filter(recipient__in=staff)
    assert notes.count() == 3
    assert {n.title_msg["key"] for n in notes} == {"Please answer the survey “%(name)s”"}
    assert all(n.title_msg["args"]["name"] == campaign.name for n in notes)


def test_send_wave_is_idempotent_per_period_and_event(pmo: Any, department_a: Any, staff: list[Any]) -> None:
    campaign = _campaign(pmo, department_a)
    start = datetime.date(2026, 10, 1)
    first = svc.send_wave(campaign, period_start=start)
    again = svc.send_wave(campaign, period_start=start)
    assert first.pk == again.pk
    assert Invitation.objects.count() == 3
    other = svc.send_wave(campaign, period_start=start, event_ref="gate:1:approved", recipients=staff[:1])
    assert other.pk != first.pk
    assert other.invitations.count() == 1


def test_quarterly_tick_sends_one_wave_per_period(
    pmo: Any, department_a: Any, staff: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    campaign = _campaign(pmo, department_a)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        result = svc.campaigns_tick(now=now)
        assert result["sent"] == 1
        assert svc.campaigns_tick(now=now + datetime.timedelta(hours=3))["sent"] == 0
    assert Wave.objects.filter(campaign=campaign).count() == 1
    wave = Wave.objects.get(campaign=campaign)
    assert wave.period_start == svc.period_bounds("quarter", timezone.localdate(now))[0]
    assert wave.period_start.day == 1
    assert wave.period_start.month in (1, 4, 7, 10)
    assert len(mail.outbox) == 2

    next_quarter = now + datetime.timedelta(days=95)
    svc.campaigns_tick(now=next_quarter)
    svc.campaigns_tick(now=next_quarter)
    assert Wave.objects.filter(campaign=campaign).count() == 2
    # a paused campaign sends nothing
    svc.campaign_pause(campaign=campaign, actor=pmo)
    assert svc.campaigns_tick(now=now + datetime.timedelta(days=190))["sent"] == 0


def test_reminders_go_once_after_the_days(
    pmo: Any, department_a: Any, staff: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    campaign = _campaign(pmo, department_a, reminder_days=5)
    now = timezone.now()
    wave = svc.send_wave(campaign, period_start=svc.period_bounds("quarter", timezone.localdate())[0])
    answered = wave.invitations.get(recipient=staff[1])
    answered.used_at = now
    answered.save()
    mail.outbox.clear()
    assert svc.send_reminders(now=now + datetime.timedelta(days=4)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert svc.send_reminders(now=now + datetime.timedelta(days=5, minutes=1)) == 2
    assert svc.send_reminders(now=now + datetime.timedelta(days=6)) == 0
    reminded = wave.invitations.filter(reminded_at__isnull=False)
    assert {i.recipient_id for i in reminded} == {staff[0].pk, staff[2].pk}
    assert [m.to for m in mail.outbox] == [["kk@example.kz"]]  # the one without e-mail: in the app only
    assert "/surveys/invitations/" in mail.outbox[0].body
    notes = Notification.objects.filter(title_msg__key="Reminder: please answer the survey “%(name)s”")
    assert {n.recipient_id for n in notes} == {staff[0].pk, staff[2].pk}
    # the history keeps the reminder
    assert reminded.first().history.filter(reminded_at__isnull=False).exists()  # type: ignore[union-attr]


def test_waves_close_past_their_date_once(pmo: Any, department_a: Any, staff: list[Any]) -> None:
    campaign = _campaign(pmo, department_a, answer_days=14, reminder_days=5)
    now = timezone.now()
    wave = svc.send_wave(campaign, period_start=svc.period_bounds("quarter", timezone.localdate())[0])
    assert svc.close_waves(now=now + datetime.timedelta(days=13)) == 0
    later = now + datetime.timedelta(days=15)
    assert svc.close_waves(now=later) == 1
    assert svc.close_waves(now=later + datetime.timedelta(days=1)) == 0
    wave.refresh_from_db()
    assert wave.closed_at == later
    # no reminder for a closed wave
    assert svc.send_reminders(now=later) == 0


def test_closing_a_campaign_closes_its_open_waves(pmo: Any, department_a: Any, staff: list[Any]) -> None:
    campaign = _campaign(pmo, department_a)
    wave = svc.send_wave(campaign, period_start=datetime.date(2026, 10, 1))
    svc.campaign_close(campaign=campaign, actor=pmo)
    wave.refresh_from_db()
    assert wave.closed_at is not None


def test_response_rate_of_a_campaign(pmo: Any, department_a: Any, staff: list[Any]) -> None:
    from surveys.selectors_campaigns import campaign_totals, campaign_waves

    campaign = _campaign(pmo, department_a)
    wave = svc.send_wave(campaign, period_start=datetime.date(2026, 10, 1))
    wave.invitations.filter(recipient=staff[0]).update(used_at=timezone.now())
    totals = campaign_totals(campaign)
    assert (totals["invited"], totals["answered"], str(totals["rate"])) == (3, 1, "33.3")
    (row,) = campaign_waves(campaign)
    assert (row.invited, row.answered, str(row.rate)) == (3, 1, "33.3")  # type: ignore[attr-defined]


def test_send_current_wave_once_per_period(pmo: Any, department_a: Any, staff: list[Any]) -> None:
    campaign = _campaign(pmo, department_a)
    wave = svc.send_current_wave(campaign=campaign, actor=pmo)
    assert wave.history.first().history_user_id == pmo.pk  # type: ignore[union-attr]
    with pytest.raises(ValidationError):
        svc.send_current_wave(campaign=campaign, actor=pmo)


# --- events from the real services --------------------------------------------------------------------------------


@pytest.fixture
def gate_project(direction: Any, department_a: Any, manager: Any, officer: Any) -> Project:
    return ProjectFactory(
        direction=direction, department=department_a, manager=manager, stage=Project.Stage.INITIATION
    )


def _event_campaign(pmo: Any, event: str, **data: Any) -> Campaign:
    kind = "review_applicants" if event == "opinion_issued" else "direction_managers"
    fields: dict[str, Any] = {"audience_kind": kind, "trigger": "event", "event": event, **data}
    if kind == "direction_managers" and "direction" not in fields:
        raise AssertionError("pass the direction")
    return make_campaign(pmo, **fields)


def test_gate_passed_sends_an_event_wave(
    pmo: Any,
    direction: Any,
    other_direction: Any,
    gate_project: Project,
    manager: Any,
    officer: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    campaign = _event_campaign(pmo, "gate_passed", direction=direction, name="After a gate")
    elsewhere = _event_campaign(pmo, "gate_passed", direction=other_direction, name="Other direction")
    closed_only = _event_campaign(pmo, "project_closed", direction=direction, name="After closure")
    with django_capture_on_commit_callbacks(execute=True):
        gate_decision_record(
            project=gate_project,
            actor=pmo,
            gate=GateDecision.Gate.GATE_1,
            decision=GateDecision.Decision.PROCEED,
            decided_on=datetime.date(2026, 11, 2),
            decided_by_body="Steering committee",
        )
    wave = Wave.objects.get(campaign=campaign)
    assert wave.event_ref == f"gate:{gate_project.pk}:approved"
    assert wave.project_id == gate_project.pk
    assert wave.direction_id == direction.pk
    assert {i.recipient_id for i in wave.invitations.all()} == {manager.pk, officer.pk}
    assert not Wave.objects.filter(campaign__in=[elsewhere, closed_only]).exists()


def test_a_gate_on_hold_sends_nothing(
    pmo: Any, direction: Any, gate_project: Project, django_capture_on_commit_callbacks: Any
) -> None:
    _event_campaign(pmo, "gate_passed", direction=direction)
    with django_capture_on_commit_callbacks(execute=True):
        gate_decision_record(
            project=gate_project,
            actor=pmo,
            gate=GateDecision.Gate.GATE_1,
            decision=GateDecision.Decision.HOLD,
            decided_on=datetime.date(2026, 11, 2),
            decided_by_body="Steering committee",
        )
    assert not Wave.objects.exists()


def test_project_closed_sends_an_event_wave(
    pmo: Any, direction: Any, gate_project: Project, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    Project.objects.filter(pk=gate_project.pk).update(stage=Project.Stage.CLOSURE)
    campaign = _event_campaign(pmo, "project_closed", direction=direction)
    with django_capture_on_commit_callbacks(execute=True):
        gate_decision_record(
            project=gate_project,
            actor=pmo,
            gate=GateDecision.Gate.GATE_3,
            decision=GateDecision.Decision.PROCEED,
            decided_on=datetime.date(2026, 11, 2),
            decided_by_body="Steering committee",
        )
    wave = Wave.objects.get(campaign=campaign)
    assert wave.event_ref == f"closed:{gate_project.pk}"
    assert manager.pk in {i.recipient_id for i in wave.invitations.all()}


def test_opinion_issued_sends_a_wave_to_the_applicants(
    pmo: Any,
    department_a: Any,
    officer: Any,
    manager: Any,
    expert: Any,
    expertise_head: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from expertise.models import Opinion
    from expertise.services import opinions as op_svc
    from expertise.services.cases import CHECKLIST_ITEMS, completeness_record, experts_assign
    from tests.expertise.factories import ReviewCaseFactory

    campaign = _event_campaign(pmo, "opinion_issued")
    case = ReviewCaseFactory(applicant=department_a)
    completeness_record(case=case, actor=expertise_head, checklist=dict.fromkeys(CHECKLIST_ITEMS, True))
    experts_assign(case=case, actor=expertise_head, lead=expert, members=[])
    case.refresh_from_db()
    opinion = op_svc.opinion_start(case=case, actor=expert)
    op_svc.section_save(opinion=opinion, actor=expert, key="conclusion", text="Вывод эксперта.")
    opinion = op_svc.opinion_submit(
        opinion=Opinion.objects.get(pk=opinion.pk), actor=expert, outcome="negative"
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        op_svc.opinion_issue(opinion=opinion, actor=expertise_head, outcome="negative")
    # run only the event (the opinion's PDF job is the expertise tests' business)
    from pmis.core import events

    received = []
    events.opinion_issued.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t-opinion")
    try:
        for callback in callbacks:
            if getattr(callback, "__qualname__", "").startswith("send_on_commit"):
                callback()
    finally:
        events.opinion_issued.disconnect(dispatch_uid="t-opinion")
    assert received
    assert received[0]["case_id"] == case.pk
    assert received[0]["applicant_organization_id"] == department_a.pk
    wave = Wave.objects.get(campaign=campaign)
    assert wave.event_ref == f"opinion:{case.pk}"
    assert wave.review_case_ref == case.pk
    assert {i.recipient_id for i in wave.invitations.all()} == {officer.pk, manager.pk}


def test_a_failing_event_wave_never_breaks_the_project_service(
    pmo: Any, direction: Any, gate_project: Project, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    _event_campaign(pmo, "gate_passed", direction=direction)

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("mail server down")

    monkeypatch.setattr(svc, "send_wave", boom)
    with django_capture_on_commit_callbacks(execute=True):
        gate_decision_record(
            project=gate_project,
            actor=pmo,
            gate=GateDecision.Gate.GATE_1,
            decision=GateDecision.Decision.PROCEED,
            decided_on=datetime.date(2026, 11, 2),
            decided_by_body="Steering committee",
        )
    gate_project.refresh_from_db()
    assert gate_project.stage == Project.Stage.APPROVED


def test_the_daily_tick_is_scheduled_and_runs_as_a_task(
    pmo: Any, department_a: Any, staff: list[Any]
) -> None:
    from celery.schedules import crontab

    from pmis.celery import app
    from surveys.tasks import campaigns_tick_task

    entry = app.conf.beat_schedule["surveys.campaigns_tick"]
    assert entry["task"] == "surveys.campaigns_tick"
    assert entry["schedule"] == crontab(hour=5, minute=45)
    campaign = _campaign(pmo, department_a)
    assert campaigns_tick_task.delay().get() == {"closed": 0, "sent": 1, "reminded": 0}
    assert Wave.objects.filter(campaign=campaign).count() == 1
