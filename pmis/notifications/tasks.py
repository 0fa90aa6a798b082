from celery import shared_task


@shared_task(
    name="notifications.send_digests", acks_late=True, time_limit=600
)  # queue: task_routes in pmis/celery.py
def send_digests_task() -> int:
    from pmis.notifications.services import send_digests

    return send_digests()
