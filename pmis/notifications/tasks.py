from celery import shared_task


@shared_task(name="notifications.send_digests", queue="notifications", acks_late=True, time_limit=600)
def send_digests_task() -> int:
    from pmis.notifications.services import send_digests

    return send_digests()
