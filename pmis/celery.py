"""The Celery application. The beat schedule lives here and nowhere else."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmis.settings.dev")

app = Celery("pmis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # every 5 minutes: re-dispatch jobs left in "queued" (Redis was down, worker lost the message)
    "core.sweep_stuck_jobs": {"task": "core.sweep_stuck_jobs", "schedule": crontab(minute="*/5")},
    # 07:00 Asia/Almaty every day: e-mail digest of unread notifications
    "notifications.send_digests": {
        "task": "notifications.send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # 05:30 Asia/Almaty every day: lag scan (ratings, alerts, escalations) before the 07:00 digest mails them
    "monitoring.scan": {"task": "monitoring.scan", "schedule": crontab(hour=5, minute=30)},
    # 06:00 Asia/Almaty every day: reporting-calendar reminders (due soon, overdue; once per owner, period and
    # kind), in the app before the 07:00 digest mails them
    "monitoring.period_reminders": {
        "task": "monitoring.period_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # every 30 minutes: over-tolerance change requests and escalations into the review queue, assignment
    # reminders (at most once a day each), overdue assignments onto the next meeting's agenda
    "portfolio.sweep": {"task": "portfolio.sweep", "schedule": crontab(minute="*/30")},
    # 06:15 Asia/Almaty every day: overdue corrective actions notify their owners and department heads (once a
    # day each) and overdue critical findings are escalated, before the 07:00 digest mails the notices; the
    # portfolio sweep then takes the escalated findings into the review queue
    "audits.overdue_follow_up": {"task": "audits.overdue_follow_up", "schedule": crontab(hour=6, minute=15)},
    # 05:45 Asia/Almaty every day: survey campaigns close the waves past their date, send the waves due this
    # period (quarterly by default) and remind, once, who has not answered, before the 07:00 digest
    "surveys.campaigns_tick": {"task": "surveys.campaigns_tick", "schedule": crontab(hour=5, minute=45)},
    # 04:30 Asia/Almaty every day: rebuild the open-data files (OC4IDS package and CSV of the published projects;
    # milestones fall overdue with the date); a new release only when the content changed
    "portfolio.opendata_refresh": {
        "task": "portfolio.opendata_refresh",
        "schedule": crontab(hour=4, minute=30),
    },
    # 05:50 Asia/Almaty every day: citizen feedback reminds the departments 3 working days before the answer is
    # due and on the day, escalates once to the department head when overdue, and forgets old rate buckets
    "surveys.feedback_daily": {"task": "surveys.feedback_daily", "schedule": crontab(hour=5, minute=50)},
}

# Queues are chosen here, not in task decorators (Celery deprecates `queue=` on the task): e-mail goes to the
# "notifications" queue, everything else to CELERY_TASK_DEFAULT_QUEUE; jobs pick theirs when dispatched.
app.conf.task_routes = {
    "notifications.send_digests": {"queue": "notifications"},
    "accounts.password_reset_email": {"queue": "notifications"},
    "accounts.otp_enrolment_email": {"queue": "notifications"},
    "surveys.feedback_answer_email": {"queue": "notifications"},
}
