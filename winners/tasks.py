from celery import shared_task

from .services import run_clocks


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_winners_clocks() -> dict:
    """R-26.3, R-26.5, R-26.7: the winners' clocks (services.run_clocks); idempotent, decided by the
    deadlines."""
    return run_clocks()
