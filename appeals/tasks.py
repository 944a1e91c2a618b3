from celery import shared_task

from .services import r40_release_unappealed


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def release_unappealed_posts() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE "appeals-r40-release"): R-40.2 holds the post of an employee not confirmed
    vacant until the time to appeal has run out; without an appeal, it is released from the day after the last
    day. Safe to run twice: a post vacant already is left alone, and the decision depends on the dates
    only."""
    return r40_release_unappealed()
