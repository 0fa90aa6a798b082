"""Platform URLs: home, jobs, accounts, notifications, language switch, health."""

from __future__ import annotations

from typing import Any

from pmis.core.models import Job
from pmis.notifications.models import Notification
from tests.authz import LOGIN, Entry


def setup(world: Any) -> None:
    world.job = Job.objects.create(
        kind="test.noop", requested_by=world.users["officer"], status=Job.Status.SUCCEEDED
    )
    world.job.result_file.save(
        "result.txt", __import__("django.core.files.base", fromlist=["ContentFile"]).ContentFile(b"ok")
    )
    world.note = Notification.objects.create(recipient=world.users["officer"], title="Hello", url="/")


ENTRIES = [
    # a visitor without an account is sent to the public side (public:home) in their language
    Entry("core:home", expect={"anonymous": 302, "*": 200}),
    Entry("core:healthz", expect={"*": 200}),
    Entry("core:ping", expect={"anonymous": LOGIN, "*": 200}),
    Entry("core:job-list", expect={"anonymous": LOGIN, "*": 200}),
    # a job is visible to its requester (and administrators) only; others get 404, never 403
    Entry(
        "core:job-detail",
        args=lambda w: [w.job.pk],
        expect={"anonymous": LOGIN, "officer": 200, "admin": 200, "*": 404},
    ),
    Entry(
        "core:job-download",
        args=lambda w: [w.job.pk],
        expect={"anonymous": LOGIN, "officer": 200, "admin": 200, "*": 404},
    ),
    Entry("accounts:login", expect={"anonymous": 200, "*": 302}),
    Entry("accounts:logout", method="POST", expect={"*": 302}),
    Entry("accounts:profile", expect={"anonymous": LOGIN, "*": 200}),
    Entry("accounts:password-change", expect={"anonymous": LOGIN, "*": 200}),
    Entry("accounts:password-reset", expect={"*": 200}),
    Entry("accounts:password-reset-done", expect={"*": 200}),
    Entry("accounts:password-reset-confirm", args=lambda w: ["MQ", "bad-token"], expect={"*": 200}),
    Entry("accounts:password-reset-complete", expect={"*": 200}),
    Entry("accounts:otp-setup", expect={"anonymous": LOGIN, "*": 200}),
    # a link that is not the reader's own (or is spent) enrols nothing: back to the set-up page
    Entry("accounts:otp-enrol", args=lambda w: ["MQ", "bad-token"], expect={"anonymous": LOGIN, "*": 302}),
    Entry(
        "accounts:otp-verify", expect={"anonymous": LOGIN, "admin": 200, "*": 302}, note="no device → setup"
    ),
    Entry("accounts:otp-disable", method="POST", expect={"*": 302}),
    Entry("notifications:list", expect={"anonymous": LOGIN, "*": 200}),
    Entry(
        "notifications:open",
        method="POST",
        args=lambda w: [w.note.pk],
        expect={"anonymous": LOGIN, "officer": 302, "*": 404},
    ),
    Entry("notifications:read-all", method="POST", expect={"*": 302}),
    Entry("set_language", method="POST", data=lambda w: {"language": "kk", "next": "/"}, expect={"*": 302}),
]
