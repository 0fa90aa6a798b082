"""End to end through a real Celery worker: Redis broker, PostgreSQL, a job row, a result file.

Runs only with REDIS_URL set and PostgreSQL as the database (in CI it must run: a skip there fails).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, transaction

import pmis
from pmis.core.jobs import job_create
from pmis.core.models import Job
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _require_services() -> None:
    reason = ""
    if not settings.REDIS_URL:
        reason = "REDIS_URL is not set"
    elif connection.vendor != "postgresql":
        reason = f"the database is {connection.vendor}, not PostgreSQL"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the Celery worker test must run in CI, but {reason}")
        pytest.skip(reason)


def _test_database_url() -> str:
    db = connection.settings_dict
    auth = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    return f"postgres://{auth}@{host}:{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def worker(settings, tmp_path):
    _require_services()
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "pmis.settings.dev",
        "PMIS_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log_path = tmp_path / "worker.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "pmis", "worker",
            "-Q", "default,documents,notifications", "--pool=solo", "--concurrency=1", "-l", "info",
            "--hostname", f"selfcheck-{os.getpid()}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    eager = pmis.celery_app.conf.task_always_eager
    pmis.celery_app.conf.task_always_eager = False
    try:
        yield process, log_path
    finally:
        pmis.celery_app.conf.task_always_eager = eager
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_selfcheck_job(worker):
    process, log_path = worker
    user = UserFactory(username="selfcheck")
    with transaction.atomic():
        job = job_create(kind="core.selfcheck", requested_by=user)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished or process.poll() is not None:
            break
        time.sleep(0.25)
    worker_log = log_path.read_text(errors="replace")
    assert process.poll() is None, f"the worker died:\n{worker_log}"
    assert job.status == Job.Status.SUCCEEDED, f"job {job.status} {job.error!r}\n{worker_log}"
    assert job.result["ok"] is True
    assert job.result["db"] == "postgresql"
    assert job.result["pid"] == process.pid  # it really ran in the worker, not in this process
    assert job.progress == 100
    assert job.attempts == 1
    with job.result_file.open("rb") as handle:
        assert handle.read() == b"PMIS self-check: ok, database postgresql\n"
    assert "core.run_job" in worker_log
