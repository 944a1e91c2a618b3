from celery import shared_task

from .closing import positions_close_due


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def close_due_positions() -> int:
    """Beat, every POSITION_CLOSING_SWEEP_SECONDS: decides each position whose deadline has passed
    (R-12.2, R-12.3), one transaction per position. Idempotent: a decided position is left alone, and the
    decision depends on the scheduled deadline only, so a late or doubled run decides the same."""
    return positions_close_due()
