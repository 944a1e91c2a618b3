from celery import shared_task

from .services import retention_apply


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def apply_retention() -> int:
    """Beat, daily: the retention schedule (idempotent: what is deleted or anonymised is not done again)."""
    return retention_apply().pk
