"""Celery wrappers of the portfolio services (the beat schedule lives in pmis/celery.py)."""

from celery import shared_task


@shared_task(name="portfolio.sweep", acks_late=True, soft_time_limit=9 * 60, time_limit=10 * 60)
def sweep_task() -> dict[str, int]:
    from portfolio.services import portfolio_sweep

    return portfolio_sweep()


@shared_task(name="portfolio.escalations_take", acks_late=True)
def escalations_take_task() -> int:
    """File the escalations monitoring recorded (dispatched when the scan that recorded them commits)."""
    from portfolio.services import escalations_take

    return escalations_take()
