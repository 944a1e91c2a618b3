from celery import shared_task

from .services import reminders_send


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_verification_reminders() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE "verification-reminders"): HR hears 10 and 13 days after the final
    closing of a position whose shortlist is not published yet (R-18.5). Safe to run twice: each
    reminder is written once (dedupe key per position, stage and person)."""
    return reminders_send()
