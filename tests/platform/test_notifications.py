"""In-app notifications: who gets them, the bell, opening one, and the daily e-mail digest."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from pmis.notifications.models import Notification
from pmis.notifications.services import notify, send_digests
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def aidos():
    return UserFactory(username="aidos", first_name="Айдос", last_name="Сериков", language="ru")


@pytest.fixture
def asel():
    return UserFactory(username="asel", first_name="Әсел", last_name="Омарова", language="kk")


def test_notify_creates_one_per_distinct_active_recipient(aidos, asel):
    retired = UserFactory(username="retired", is_active=False)
    created = notify(
        recipients=[aidos, asel, aidos, None, retired, asel], title="Новое поручение", url="/projects/"
    )
    assert created == 2
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == ["aidos", "asel"]
    assert not Notification.objects.filter(recipient=retired).exists()
    assert notify(recipients=[], title="Nobody") == 0


def test_notify_trims_an_overlong_title(aidos):
    notify(recipients=[aidos], title="Ж" * 400)
    assert len(Notification.objects.get().title) == 255


def test_bell_shows_the_unread_count(client, aidos, asel):
    notify(recipients=[aidos], title="Первое")
    notify(recipients=[aidos], title="Второе")
    notify(recipients=[asel], title="Чужое")
    Notification.objects.filter(title="Второе").update(read_at="2026-01-01T00:00:00Z")
    notify(recipients=[aidos], title="Третье")
    login(client, aidos)
    html = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="unread-count">2<' in html


def test_no_bell_badge_without_unread_notifications(client, aidos):
    login(client, aidos)
    html = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="unread-count"' not in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/projects/?status=active", "/projects/?status=active"),
        ("", "/notifications/"),
        ("https://evil.example/phish", "/notifications/"),
        ("//evil.example/phish", "/notifications/"),
        ("javascript:alert(1)", "/notifications/"),
        ("http://testserver.evil.example/", "/notifications/"),
    ],
)
def test_opening_marks_read_and_follows_only_local_links(client, aidos, url, expected):
    notify(recipients=[aidos], title="Ссылка", url=url)
    note = Notification.objects.get()
    login(client, aidos)
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == expected
    note.refresh_from_db()
    assert note.read_at is not None


def test_opening_is_post_only(client, aidos):
    notify(recipients=[aidos], title="Ссылка", url="/")
    note = Notification.objects.get()
    login(client, aidos)
    assert client.get(reverse("notifications:open", args=[note.pk])).status_code == 405
    note.refresh_from_db()
    assert note.read_at is None


def test_someone_elses_notification_is_not_found(client, aidos, asel):
    notify(recipients=[asel], title="Личное", url="/")
    note = Notification.objects.get()
    login(client, aidos)
    assert client.post(reverse("notifications:open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_read_all_marks_only_my_notifications(client, aidos, asel):
    notify(recipients=[aidos, asel], title="Всем")
    notify(recipients=[aidos], title="Мне")
    login(client, aidos)
    assert client.post(reverse("notifications:read-all")).status_code == 302
    assert not Notification.objects.filter(recipient=aidos, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=asel, read_at__isnull=True).count() == 1


def test_digest_sends_one_mail_per_person_in_their_language(aidos, asel):
    notify(
        recipients=[aidos, asel],
        title="Заседание Управляющего комитета 12 марта",
        url="/portfolio/meetings/1/",
    )
    notify(recipients=[aidos], title="Просрочена контрольная точка")
    notify(recipients=[aidos], title="Уже прочитано")
    Notification.objects.filter(title="Уже прочитано").update(read_at="2026-01-01T00:00:00Z")
    quiet = UserFactory(username="quiet", email_notifications=False)
    no_mail = UserFactory(username="nomail", email="")
    notify(recipients=[quiet, no_mail], title="Тишина")

    assert send_digests() == 2
    assert len(mail.outbox) == 2
    by_rcpt = {m.to[0]: m for m in mail.outbox}
    assert set(by_rcpt) == {"aidos@pmis.example", "asel@pmis.example"}

    ru = by_rcpt["aidos@pmis.example"]
    assert ru.subject == "PMIS: 2 новых уведомления"
    assert "Заседание Управляющего комитета 12 марта" in ru.body
    assert "/portfolio/meetings/1/" in ru.body
    assert "Просрочена контрольная точка" in ru.body
    assert "Уже прочитано" not in ru.body

    kk = by_rcpt["asel@pmis.example"]
    assert kk.subject == "PMIS: 1 жаңа хабарлама"
    assert "Соңғы жиынтықтан бері" in kk.body
    assert "Просрочена контрольная точка" not in kk.body

    emailed = Notification.objects.filter(recipient__in=[aidos, asel], read_at__isnull=True)
    assert not emailed.filter(emailed_at__isnull=True).exists()
    assert Notification.objects.get(title="Уже прочитано").emailed_at is None
    assert not Notification.objects.filter(recipient__in=[quiet, no_mail], emailed_at__isnull=False).exists()

    mail.outbox.clear()
    assert send_digests() == 0
    assert mail.outbox == []

    notify(recipients=[aidos], title="Новое после дайджеста")
    assert send_digests() == 1
    assert "Новое после дайджеста" in mail.outbox[0].body
    assert "Просрочена контрольная точка" not in mail.outbox[0].body


def test_digest_task_runs_the_service(aidos):
    from pmis.notifications.tasks import send_digests_task

    notify(recipients=[aidos], title="Через задачу")
    assert send_digests_task.apply().get() == 1
    assert len(mail.outbox) == 1


REVIEW = "Status report %(period)s of %(code)s awaits your review"


def _review_note():
    from pmis.core.texts import msg

    return msg(REVIEW, period="12.2026", code="PRJ-2026-00011")


def test_a_notification_keeps_its_message_key_and_arguments(aidos):
    notify(recipients=[aidos], title=_review_note(), body=_review_note())
    note = Notification.objects.get()
    assert note.title_msg == {"key": REVIEW, "args": {"period": "12.2026", "code": "PRJ-2026-00011"}}
    assert note.body_msg == note.title_msg
    assert note.title == "Status report 12.2026 of PRJ-2026-00011 awaits your review"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "Отчёт о статусе за 12.2026 по проекту PRJ-2026-00011 ожидает вашего рассмотрения"),
        ("kk", "PRJ-2026-00011 жобасы бойынша 12.2026 кезеңіндегі мәртебе есебі сіздің қарауыңызды күтуде"),
        ("en", "Status report 12.2026 of PRJ-2026-00011 awaits your review"),
    ],
)
def test_the_list_and_home_show_a_notification_in_the_readers_language(client, aidos, language, expected):
    from django.conf import settings

    from pmis.core.texts import msg

    with translation.override("en"):  # whoever clicked read English
        notify(recipients=[aidos], title=_review_note(), body=msg("Project updated."))
    login(client, aidos)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    session = client.session
    session["_language"] = language
    session.save()
    listing = client.get(reverse("notifications:list")).content.decode()
    home = client.get(reverse("core:home")).content.decode()
    with translation.override(language):
        body = translation.gettext("Project updated.")
    assert expected in listing
    assert body in listing
    assert expected in home
    if language != "en":
        assert "awaits your review" not in listing
        assert "awaits your review" not in home


def test_the_digest_is_in_the_recipients_language_whoever_triggered_it(aidos, asel):
    with translation.override("en"):
        notify(recipients=[aidos, asel], title=_review_note())
    assert send_digests() == 2
    by_rcpt = {m.to[0]: m.body for m in mail.outbox}
    assert (
        "Отчёт о статусе за 12.2026 по проекту PRJ-2026-00011 ожидает вашего рассмотрения"
        in by_rcpt[aidos.email]
    )
    assert "PRJ-2026-00011 жобасы бойынша 12.2026 кезеңіндегі мәртебе есебі" in by_rcpt[asel.email]
    assert "awaits your review" not in by_rcpt[aidos.email] + by_rcpt[asel.email]


def test_the_migration_recovers_keys_of_stored_notifications(aidos):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "pmis.notifications.migrations.0003_recover_notification_message_keys"
    )
    with translation.override("kk"):
        kk_title = translation.gettext(REVIEW) % {"period": "12.2026", "code": "PRJ-2026-00011"}
    Notification.objects.create(recipient=aidos, title=kk_title, body="Свободный текст без ключа")
    Notification.objects.create(recipient=aidos, title="Новое поручение от руководителя")
    migration.recover_keys(apps, None)
    migration.recover_keys(apps, None)  # idempotent

    recovered = Notification.objects.get(title=kk_title)
    assert recovered.title_msg == {"key": REVIEW, "args": {"period": "12.2026", "code": "PRJ-2026-00011"}}
    assert recovered.body_msg == {}
    with translation.override("ru"):
        assert (
            recovered.title_text
            == "Отчёт о статусе за 12.2026 по проекту PRJ-2026-00011 ожидает вашего рассмотрения"
        )
        assert recovered.body_text == "Свободный текст без ключа"
    untouched = Notification.objects.get(title="Новое поручение от руководителя")
    assert untouched.title_msg == {}
    with translation.override("en"):
        assert untouched.title_text == "Новое поручение от руководителя"
