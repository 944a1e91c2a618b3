from celery import shared_task

from .services import draft_reminders_send


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_draft_reminders() -> int:
    """Beat, every DRAFT_REMINDER_SWEEP_SECONDS: idempotent (one reminder per draft and deadline)."""
    return draft_reminders_send()
