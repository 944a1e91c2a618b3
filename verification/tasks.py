from celery import shared_task
from django.http import Http404

from .closing import positions_close_due
from .pdf import shortlist_pdf_ensure
from .selectors import published_shortlist
from .services import reminders_send


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def send_verification_reminders() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE "verification-reminders"): HR hears 10 and 13 days after the final
    closing of a position whose shortlist is not published yet (R-18.5). Safe to run twice: each
    reminder is written once (dedupe key per position, stage and person)."""
    return reminders_send()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def shortlist_pdf_render(position_id: int, language: str) -> str | None:
    """Renders and stores the PDF of a position's published shortlist, its current version, in ``language``
    (issue 13: never in a web request). Idempotent: a version already stored is kept."""

    try:
        shortlist, entries = published_shortlist(position_id)
    except Http404:
        return None
    return shortlist_pdf_ensure(shortlist, entries, language=language)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def close_due_positions() -> int:
    """Beat, every POSITION_CLOSING_SWEEP_SECONDS: decides each position whose deadline has passed
    (R-12.2, R-12.3), one transaction per position. Idempotent: a decided position is left alone, and the
    decision depends on the scheduled deadline only, so a late or doubled run decides the same."""
    return positions_close_due()
