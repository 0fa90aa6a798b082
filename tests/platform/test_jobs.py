"""Background jobs: dispatch on commit, progress, result download, failures, idempotence, broker outage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError

from pmis.core import tasks
from pmis.core.jobs import JobError, JobOutput, job_create, job_handler, job_run, jobs_sweep
from pmis.core.models import Job
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CALLS: list[dict[str, Any]] = []


@job_handler("tests.echo")
def _echo(job: Job, progress: Any) -> JobOutput:
    progress(40, "halfway there")
    seen = Job.objects.values("status", "progress", "message").get(pk=job.pk)
    CALLS.append({"job": job.pk, "seen": seen})
    text = job.params.get("text", "")
    return JobOutput(filename="echo.txt", content=text.encode(), result={"length": len(text)}, message="echoed")


@job_handler("tests.refuse")
def _refuse(job: Job, progress: Any) -> JobOutput:
    raise JobError("Nothing to export for the chosen period.")


@job_handler("tests.crash")
def _crash(job: Job, progress: Any) -> JobOutput:
    raise RuntimeError("secret database detail")


@pytest.fixture(autouse=True)
def _reset_calls():
    CALLS.clear()


@pytest.fixture
def requester():
    return UserFactory(username="aidos")


def _create(kind: str, user: Any, capture: Any, **params: Any) -> Job:
    with capture(execute=True) as callbacks, transaction.atomic():
        job = job_create(kind=kind, requested_by=user, params=params)
        assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    assert len(callbacks) == 1
    job.refresh_from_db()
    return job


def test_job_is_dispatched_on_commit_and_runs(requester, django_capture_on_commit_callbacks):
    job = _create("tests.echo", requester, django_capture_on_commit_callbacks, text="Сәлем, Алматы!")
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    assert job.attempts == 1
    assert job.result == {"length": 14}
    assert job.message == "echoed"
    assert job.dispatched_at is not None
    assert job.started_at <= job.finished_at
    assert job.result_name == "echo.txt"
    assert len(CALLS) == 1
    assert CALLS[0] == {"job": job.pk, "seen": {"status": "running", "progress": 40, "message": "halfway there"}}


def test_nothing_is_dispatched_when_the_transaction_rolls_back(requester, django_capture_on_commit_callbacks):
    def create_then_fail() -> None:
        with transaction.atomic():
            job_create(kind="tests.echo", requested_by=requester, params={"text": "x"})
            raise RuntimeError("user input was bad")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        create_then_fail()
    assert callbacks == []
    assert not Job.objects.exists()
    assert CALLS == []


def test_unknown_kind_is_refused(requester):
    with pytest.raises(ValueError, match="tests.nope"):
        job_create(kind="tests.nope", requested_by=requester)


def test_result_is_downloadable_by_the_requester_only(client, requester, django_capture_on_commit_callbacks):
    job = _create("tests.echo", requester, django_capture_on_commit_callbacks, text="Қазақстан")
    url = reverse("core:job-download", args=[job.pk])

    login(client, requester)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "Қазақстан".encode()
    assert 'filename="echo.txt"' in response["Content-Disposition"]

    login(client, UserFactory(username="dinara"))
    assert client.get(url).status_code == 404
    assert client.get(reverse("core:job-detail", args=[job.pk])).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_job_error_fails_with_the_users_message(requester, django_capture_on_commit_callbacks):
    job = _create("tests.refuse", requester, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert job.error == "Nothing to export for the chosen period."
    assert job.finished_at is not None
    assert not job.result_file


def test_unexpected_exception_fails_with_a_generic_message(requester, django_capture_on_commit_callbacks):
    job = _create("tests.crash", requester, django_capture_on_commit_callbacks)
    assert job.status == Job.Status.FAILED
    assert "secret database detail" not in job.error
    assert job.error.endswith("(RuntimeError)")
    assert len(job.error) > len("(RuntimeError)") + 10


def test_job_run_is_idempotent(requester, django_capture_on_commit_callbacks):
    job = _create("tests.echo", requester, django_capture_on_commit_callbacks, text="once")
    finished_at = job.finished_at
    again = job_run(job_id=job.pk)
    assert again.status == Job.Status.SUCCEEDED
    job.refresh_from_db()
    assert job.attempts == 1
    assert job.finished_at == finished_at
    assert len(CALLS) == 1
    assert tasks.job_run_task.apply(args=[job.pk]).get() == "succeeded"
    assert len(CALLS) == 1
    assert job_run(job_id=987654321) is None


def test_broker_outage_keeps_the_job_queued_and_the_sweep_completes_it(
    requester, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise BrokerError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(tasks.job_run_task, "apply_async", broker_down)
    job = _create("tests.echo", requester, django_capture_on_commit_callbacks, text="later")
    assert job.status == Job.Status.QUEUED
    assert job.dispatched_at is None  # not dispatched, so the next sweep takes it
    assert CALLS == []

    assert jobs_sweep() == {"stuck": 1, "redispatched": 0, "timed_out": 0}
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED

    monkeypatch.undo()
    assert jobs_sweep() == {"stuck": 1, "redispatched": 1, "timed_out": 0}
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"length": 5}
    assert jobs_sweep() == {"stuck": 0, "redispatched": 0, "timed_out": 0}


def test_broker_outage_does_not_break_the_request(client, requester, monkeypatch):
    """A page that creates a job still answers normally while the broker is down."""
    monkeypatch.setattr(tasks.job_run_task, "apply_async", lambda *a, **k: (_ for _ in ()).throw(BrokerError("down")))
    login(client, requester)
    with transaction.atomic():
        job = job_create(kind="tests.echo", requested_by=requester, params={"text": "x"})
    response = client.get(reverse("core:job-detail", args=[job.pk]))
    assert response.status_code == 200
    assert response.context["job"].status == Job.Status.QUEUED


def test_sweep_leaves_recently_dispatched_jobs_alone_and_times_out_runaways(requester, settings):
    recent = Job.objects.create(kind="tests.echo", requested_by=requester, dispatched_at=timezone.now())
    old = Job.objects.create(
        kind="tests.echo",
        requested_by=requester,
        dispatched_at=timezone.now() - timedelta(seconds=settings.PMIS_JOB_STUCK_AFTER_SECONDS + 5),
        params={"text": "old"},
    )
    runaway = Job.objects.create(
        kind="tests.echo",
        requested_by=requester,
        status=Job.Status.RUNNING,
        started_at=timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2 + 60),
    )
    assert jobs_sweep() == {"stuck": 1, "redispatched": 1, "timed_out": 1}
    assert Job.objects.get(pk=recent.pk).status == Job.Status.QUEUED
    assert Job.objects.get(pk=old.pk).status == Job.Status.SUCCEEDED
    assert Job.objects.get(pk=runaway.pk).status == Job.Status.FAILED


def test_status_fragment_polls_while_unfinished_and_stops_when_finished(client, requester):
    job = Job.objects.create(kind="tests.echo", requested_by=requester, status=Job.Status.RUNNING, progress=40)
    login(client, requester)
    url = reverse("core:job-detail", args=[job.pk])

    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="job-status"' in html
    assert 'role="progressbar"' in html
    assert 'aria-valuenow="40"' in html
    assert "width: 40%" in html
    assert f'hx-get="{url}"' in html
    assert 'hx-trigger="every 1s"' in html

    job.status = Job.Status.SUCCEEDED
    job.progress = 100
    job.save(update_fields=["status", "progress"])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'aria-valuenow="100"' in html
    assert "hx-get" not in html
    assert "hx-trigger" not in html

    full = client.get(url).content.decode()
    assert "<html" in full
    assert 'id="job-status"' in full


def test_failed_job_shows_its_error_in_the_fragment(client, requester, django_capture_on_commit_callbacks):
    job = _create("tests.refuse", requester, django_capture_on_commit_callbacks)
    login(client, requester)
    html = client.get(reverse("core:job-detail", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert "Nothing to export for the chosen period." in html
    assert "bg-danger" in html
    assert "hx-trigger" not in html


@job_handler("tests.publish")
def _publish(job: Job, progress: Any) -> JobOutput:
    from pmis.core.texts import msg

    progress(40, msg("Drawing charts"))
    CALLS.append({"job": job.pk, "seen": Job.objects.values("message", "message_msg").get(pk=job.pk)})
    return JobOutput(result={"version": 1}, message=msg("Version %(v)s published.", v=1))


@job_handler("tests.refuse_text")
def _refuse_text(job: Job, progress: Any) -> JobOutput:
    from pmis.core.texts import msg

    raise JobError(msg("The agenda is empty."))


def _read_in(client: Any, language: str, url: str) -> str:
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    session = client.session
    session["_language"] = language
    session.save()
    return client.get(url).content.decode()


def test_job_messages_keep_their_key_and_are_shown_in_the_readers_language(
    client, requester, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job = job_create(kind="tests.publish", requested_by=requester, language="kk")
    job.refresh_from_db()
    assert CALLS[0]["seen"] == {"message": "Диаграммаларды салу", "message_msg": {"key": "Drawing charts", "args": {}}}
    assert job.message_msg == {"key": "Version %(v)s published.", "args": {"v": 1}}
    assert job.message == "1 нұсқасы жарияланды."  # the requester's language, kept as the fallback
    login(client, requester)
    url = reverse("core:job-detail", args=[job.pk])
    assert "Опубликована версия 1." in _read_in(client, "ru", url)
    ru_list = _read_in(client, "ru", reverse("core:job-list"))
    assert "нұсқасы" not in _read_in(client, "ru", url) + ru_list
    assert "Version 1 published." in _read_in(client, "en", url)


def test_a_job_error_given_as_a_text_is_shown_in_the_readers_language(
    client, requester, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job = job_create(kind="tests.refuse_text", requested_by=requester, language="en")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "The agenda is empty."
    assert job.error_msg == {"key": "The agenda is empty.", "args": {}}
    login(client, requester)
    html = _read_in(client, "kk", reverse("core:job-detail", args=[job.pk]))
    with translation.override("kk"):
        assert translation.gettext("The agenda is empty.") in html
    assert "The agenda is empty." not in html


def test_an_unexpected_failure_is_explained_in_the_readers_language(requester, django_capture_on_commit_callbacks):
    job = _create("tests.crash", requester, django_capture_on_commit_callbacks)
    with translation.override("kk"):
        assert job.error_text == (
            translation.gettext("The job failed unexpectedly. The administrators have been informed.")
            + " (RuntimeError)"
        )


def test_the_migration_recovers_keys_of_stored_job_messages(requester):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("pmis.core.migrations.0003_recover_job_message_keys")
    published = Job.objects.create(kind="tests.publish", requested_by=requester, message="1 нұсқасы жарияланды.")
    failed = Job.objects.create(kind="tests.refuse", requested_by=requester, error="Неизвестная ошибка X")
    migration.recover_keys(apps, None)
    published.refresh_from_db()
    failed.refresh_from_db()
    assert published.message_msg == {"key": "Version %(v)s published.", "args": {"v": "1"}}
    with translation.override("ru"):
        assert published.message_text == "Опубликована версия 1."
    assert failed.error_msg == {}
    assert failed.error_text == "Неизвестная ошибка X"
