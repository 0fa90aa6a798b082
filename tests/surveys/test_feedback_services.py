"""Citizen feedback services: moderation into the project's issue log with a working-day deadline (a holiday
included), masking, the answer (published, issue resolved, e-mail in the citizen's language, cache bumped),
reminders and the one escalation, history on every change."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from expertise.models import Holiday
from pmis.accounts import roles
from pmis.core import publiccache
from pmis.notifications.models import Notification
from projects.models import ProjectIssue
from surveys.models import Feedback, FeedbackRateBucket
from surveys.services import feedback as services
from tests.factories import UserFactory
from tests.surveys.factories_feedback import make_feedback, published_project

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 2)  # no seeded holiday in the next four weeks


@pytest.fixture
def project(officer: Any, manager: Any, department_a: Any) -> Any:
    return published_project(department=department_a, manager=manager)


def _accept(feedback: Feedback, pmo: Any, today: datetime.date = MONDAY, text: str | None = None) -> Feedback:
    return services.feedback_accept(
        feedback=feedback,
        actor=pmo,
        theme=Feedback.Theme.SCHEDULE,
        public_text=text if text is not None else feedback.text,
        today=today,
    )


def test_accept_routes_into_the_issue_log_with_a_working_day_deadline(
    project: Any, pmo: Any, officer: Any, manager: Any
) -> None:
    feedback = make_feedback(project)
    _accept(feedback, pmo)
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ROUTED
    assert feedback.department_id == project.department_id
    # 15 working days after Monday 2 November 2026: Monday 23 November
    assert feedback.due_date == datetime.date(2026, 11, 23)
    issue = ProjectIssue.objects.get(pk=feedback.issue_id)
    assert issue.project_id == project.pk
    assert issue.due_date == feedback.due_date
    assert issue.title.startswith(feedback.reference)
    assert issue.status == ProjectIssue.Status.OPEN
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {officer.username, manager.username} <= notified
    assert feedback.history.count() == 2
    assert feedback.history.first().history_user == pmo


def test_deadline_skips_a_holiday(project: Any, pmo: Any, settings: Any) -> None:
    settings.PMIS_FEEDBACK_RESPONSE_DAYS = 5
    Holiday.objects.create(date=datetime.date(2026, 11, 9), name="A holiday")
    feedback = make_feedback(project)
    _accept(feedback, pmo)
    feedback.refresh_from_db()
    # Mon 2 November + 5 working days = Mon 9 November, a holiday: Tue 10 November
    assert feedback.due_date == datetime.date(2026, 11, 10)


def test_accept_masks_personal_data_whatever_the_moderator_typed(project: Any, pmo: Any) -> None:
    feedback = make_feedback(
        project, language="en", text="Call me at +7 701 123 45 67 or ivan@example.kz about the works."
    )
    assert "+7 701" not in services.default_public_text(feedback)
    _accept(feedback, pmo, text=feedback.text)
    feedback.refresh_from_db()
    assert "+7 701" not in feedback.public_text
    assert "ivan@example.kz" not in feedback.public_text
    assert "[phone hidden]" in feedback.public_text
    assert feedback.text.startswith("Call me at +7 701")


def test_accept_needs_a_theme_and_a_pending_item(project: Any, pmo: Any) -> None:
    feedback = make_feedback(project)
    with pytest.raises(ValidationError) as exc:
        services.feedback_accept(feedback=feedback, actor=pmo, theme="", public_text=feedback.text)
    assert "theme" in exc.value.error_dict
    assert not ProjectIssue.objects.exists()
    services.feedback_reject(feedback=feedback, actor=pmo, reason=Feedback.RejectReason.INSULT)
    with pytest.raises(ValidationError):
        _accept(feedback, pmo)
    assert not ProjectIssue.objects.exists()
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.REJECTED


def test_answer_is_published_resolves_the_issue_and_mails_the_citizen_in_their_language(
    project: Any, pmo: Any, officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    feedback = make_feedback(project, email="citizen@example.kz", language="kk")
    _accept(feedback, pmo)
    before = publiccache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_answer(
            feedback=feedback, actor=officer, answer="<b>Жұмыстар</b> қазанда аяқталады."
        )
    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.ANSWERED
    assert feedback.answer == "Жұмыстар қазанда аяқталады."
    assert ProjectIssue.objects.get(pk=feedback.issue_id).status == ProjectIssue.Status.RESOLVED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["citizen@example.kz"]
    assert feedback.reference in message.subject
    assert "/kk/feedback/" in message.body
    assert publiccache.generation() != before
    from surveys.selectors_feedback import answered_for_project

    assert [f.pk for f in answered_for_project(project.pk)] == [feedback.pk]


def test_answer_without_email_sends_nothing(
    project: Any, pmo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    feedback = make_feedback(project)
    _accept(feedback, pmo)
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_answer(feedback=feedback, actor=pmo, answer="The works end in October.")
    assert mail.outbox == []


def test_reminders_and_one_escalation(project: Any, pmo: Any, officer: Any, department_a: Any) -> None:
    head = UserFactory(username="head-a", organization=department_a, roles=[roles.DIRECTION_HEAD])
    feedback = make_feedback(project)
    _accept(feedback, pmo)
    feedback.refresh_from_db()
    due = feedback.due_date
    assert due == datetime.date(2026, 11, 23)
    Notification.objects.all().delete()
    # Wed 18 November: due in 3 working days -> "due soon"; the weekend and Thursday stay quiet
    assert services.feedback_daily(today=datetime.date(2026, 11, 18))["reminded"] == 1
    for day in (19, 20, 21, 22):
        assert services.feedback_daily(today=datetime.date(2026, 11, day))["reminded"] == 0
    # the day itself: "due today", once
    assert services.feedback_daily(today=due)["reminded"] == 1
    assert services.feedback_daily(today=due)["reminded"] == 0
    to_officer = Notification.objects.filter(recipient=officer).count()
    assert to_officer == 2
    # overdue: escalated once, to the department head
    assert services.feedback_daily(today=datetime.date(2026, 11, 24))["escalated"] == 1
    assert services.feedback_daily(today=datetime.date(2026, 11, 25))["escalated"] == 0
    assert Notification.objects.filter(recipient=head).count() == 1
    feedback.refresh_from_db()
    assert feedback.escalated_at is not None
    reasons = list(feedback.history.values_list("history_change_reason", flat=True))
    assert reasons.count("reminded") == 2
    assert reasons.count("escalated") == 1


def test_daily_forgets_old_rate_buckets() -> None:
    from django.utils import timezone

    now = timezone.now()
    FeedbackRateBucket.objects.create(
        ip_hash="a" * 64, window_start=now - datetime.timedelta(days=2), count=3
    )
    FeedbackRateBucket.objects.create(ip_hash="b" * 64, window_start=services.window_start(now), count=1)
    assert services.feedback_daily()["buckets_deleted"] == 1
    assert list(FeedbackRateBucket.objects.values_list("ip_hash", flat=True)) == ["b" * 64]


def test_clean_text_keeps_line_breaks_and_drops_controls() -> None:
    assert services.clean_text("a\r\nb\x1b[31m\u200e\n\n\n\nc <i>d</i>") == "a\nb[31m\n\nc d"


def test_a_failed_save_leaves_no_photo_behind(monkeypatch: Any, settings: Any) -> None:
    import io as _io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    project = published_project()
    buffer = _io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="PNG")
    photo = SimpleUploadedFile("p.png", buffer.getvalue(), content_type="image/png")

    def broken_save(self: Any, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(Feedback, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.feedback_submit(
            project_code=project.code,
            data={"kind": "question", "text": "A long enough question text.", "consent": "on"},
            photo=photo,
            ip="10.0.0.1",
            language="ru",
        )
    media = settings.MEDIA_ROOT
    assert not [p for p in media.rglob("*") if p.is_file()] if media.exists() else True
