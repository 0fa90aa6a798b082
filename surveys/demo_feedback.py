"""Demo of citizen feedback: messages in every state on the published demo projects — awaiting moderation (one
with a phone number the moderator will see masked), not published (an insult), with the department (one due
soon, one overdue), and answered (on time) — so the queue, the deadlines, the statistics and the public
tracking pages can be tried at once.

`load(stdout)` runs after the publication demo (it needs published projects); without any it says so and
returns. The rows go through the services where that matters (the issue-log entry, the working-day deadline,
the answer) and are back-dated for the statistics. Idempotent: a project that has demo feedback is left alone.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from pmis.accounts import roles
from pmis.accounts.models import User
from projects.selectors.public import published_projects
from surveys.models import Feedback
from surveys.services import feedback as services

MESSAGES: list[dict[str, Any]] = [
    {
        "kind": Feedback.Kind.QUESTION,
        "language": "kk",
        "text": "Жұмыстар қашан аяқталады? Мектепке баратын жол жабық, балалар айналып жүреді.",
        "state": "answered",
        "theme": Feedback.Theme.SCHEDULE,
        "answer": "Жұмыстар қазан айының соңына дейін аяқталады. Уақытша жаяу жүргінші жолы ашылды.",
        "days_ago": 40,
    },
    {
        "kind": Feedback.Kind.COMPLAINT,
        "language": "ru",
        "text": "Строители шумят после 23:00, невозможно спать. Мой телефон +7 701 123 45 67, перезвоните.",
        "state": "pending",
        "days_ago": 1,
    },
    {
        "kind": Feedback.Kind.SUGGESTION,
        "language": "ru",
        "text": "Предлагаю посадить вдоль новой дороги деревья, а не только газон.",
        "state": "routed",
        "theme": Feedback.Theme.ENVIRONMENT,
        "days_ago": 12,
    },
    {
        "kind": Feedback.Kind.QUESTION,
        "language": "en",
        "text": "Will the new bus stop have a shelter and a ramp for wheelchairs?",
        "state": "overdue",
        "theme": Feedback.Theme.INFORMATION,
        "days_ago": 35,
    },
    {
        "kind": Feedback.Kind.COMPLAINT,
        "language": "ru",
        "text": "Все эти начальники ничего не делают, одни бездельники и воры!",
        "state": "rejected",
        "days_ago": 5,
    },
]


def _reference(n: int, today: datetime.date) -> str:
    return f"FB-{today.year}-9{n:05d}"


def load(stdout: Any = None) -> None:
    def say(text: str) -> None:
        if stdout is not None:
            stdout.write(text)

    projects = list(published_projects().select_related("department").order_by("code")[:6])
    if not projects:
        say("Citizen feedback demo skipped: no published project yet (run the publication demo first).")
        return
    pmo = User.objects.filter(groups__name=roles.PMO_STAFF, is_active=True).order_by("pk").first()
    today = timezone.localdate()
    now = timezone.now()
    created = 0
    n = 0
    for index, project in enumerate(projects):
        if Feedback.objects.filter(project=project, reference__startswith=f"FB-{today.year}-9").exists():
            continue
        for position, spec in enumerate(MESSAGES):
            n = index * 10 + position
            if index > 0 and position not in (0, 1, (index % 3) + 2):
                continue  # every project gets some; the first gets all five states
            created += _one(project, spec, pmo, today, now, _reference(n, today))
    say(f"Citizen feedback demo: {created} messages on {len(projects)} published projects.")


def _one(
    project: Any, spec: dict[str, Any], pmo: Any, today: datetime.date, now: datetime.datetime, reference: str
) -> int:
    if Feedback.objects.filter(reference=reference).exists():
        return 0
    sent = now - datetime.timedelta(days=spec["days_ago"])
    feedback = Feedback.objects.create(
        reference=reference,
        project=project,
        kind=spec["kind"],
        text=spec["text"],
        consent_at=sent,
        language=spec["language"],
    )
    Feedback.objects.filter(pk=feedback.pk).update(created_at=sent)
    state = spec["state"]
    if state == "rejected":
        services.feedback_reject(feedback=feedback, actor=pmo, reason=Feedback.RejectReason.INSULT)
    elif state in ("routed", "overdue", "answered"):
        moderated_on = (sent + datetime.timedelta(days=1)).date()
        services.feedback_accept(
            feedback=feedback,
            actor=pmo,
            theme=spec["theme"],
            public_text=services.default_public_text(feedback),
            today=moderated_on,
        )
        if state == "answered":
            feedback.refresh_from_db()
            services.feedback_answer(feedback=feedback, actor=pmo, answer=spec["answer"])
            Feedback.objects.filter(pk=feedback.pk).update(answered_at=sent + datetime.timedelta(days=9))
    return 1
