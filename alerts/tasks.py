from celery import shared_task

from .services import alerts_send_due


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_job_alerts() -> int:
    """Beat, hourly: idempotent (each vacancy once per alert; an alert runs once a day or a week)."""
    return alerts_send_due()
