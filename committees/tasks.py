from celery import shared_task

from .services import pools_warn_expiring


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def warn_expiring_pools() -> int:
    """Daily (CELERY_BEAT_SCHEDULE "committee-pool-expiry"): HR hears 60 and 14 days before its list of
    potential committee members expires (R-13.5). Safe to run twice: each warning is written once."""
    return pools_warn_expiring()
