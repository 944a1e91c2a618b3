from celery import shared_task

from .services import mandates_start_due, reminders_send


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_mandate_clocks() -> dict:
    """Daily (CELERY_BEAT_SCHEDULE "mandate-clocks"): records the mandate of each management appointee who
    reported (R-31.1) and reminds HR 6, 3 and 1 month before the end and on the day (R-31.4–31.9).
    Idempotent."""
    return {"started": mandates_start_due(), "reminded": reminders_send()}
