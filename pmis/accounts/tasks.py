"""Celery wrappers of the accounts services that send e-mail (queue: task_routes in pmis/celery.py)."""

from celery import shared_task


@shared_task(name="accounts.password_reset_email", acks_late=True, soft_time_limit=100, time_limit=120)
def password_reset_email_task(email: str, domain: str, use_https: bool) -> None:
    from pmis.accounts.services import password_reset_email_send

    password_reset_email_send(email=email, domain=domain, use_https=use_https)


@shared_task(name="accounts.otp_enrolment_email", acks_late=True, soft_time_limit=100, time_limit=120)
def otp_enrolment_email_task(user_id: int, base_url: str) -> bool:
    from pmis.accounts.services import otp_enrolment_email_send

    return otp_enrolment_email_send(user_id=user_id, base_url=base_url)
