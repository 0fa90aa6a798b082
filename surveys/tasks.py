"""Celery wrappers of the survey services (the beat schedule lives in pmis/celery.py)."""

from celery import shared_task


@shared_task(name="surveys.campaigns_tick", acks_late=True, soft_time_limit=9 * 60, time_limit=10 * 60)
def campaigns_tick_task() -> dict[str, int]:
    """Customer campaigns, daily: close waves past their date, send the waves due this period, remind once."""
    from surveys.services.campaigns import campaigns_tick

    return campaigns_tick()


@shared_task(name="surveys.feedback_daily", acks_late=True, soft_time_limit=9 * 60, time_limit=10 * 60)
def feedback_daily_task() -> dict[str, int]:
    """Citizen feedback, daily: remind the departments before the answer is due and on the day, escalate an
    overdue item once to the department head, forget rate buckets older than a day."""
    from surveys.services.feedback import feedback_daily

    return feedback_daily()


@shared_task(name="surveys.feedback_answer_email", acks_late=True, soft_time_limit=60, time_limit=90)
def feedback_answer_email_task(feedback_id: int) -> None:
    """The department's answer to the citizen's address, in the language they wrote in."""
    from surveys.services.feedback import send_answer_email

    send_answer_email(feedback_id)
