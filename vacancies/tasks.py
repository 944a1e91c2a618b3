from celery import shared_task

from .closing import positions_close_due


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def close_due_positions() -> int:
    """Beat, every POSITION_CLOSING_SWEEP_SECONDS: decides each position whose deadline has passed
    (R-12.2, R-12.3), one transaction per position. Idempotent: a decided position is left alone, and the
    decision depends on the scheduled deadline only, so a late or doubled run decides the same."""
    return positions_close_due()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def announcement_pdf_render(announcement_id: int, language: str) -> str | None:
    """Renders and stores the PDF of a published announcement in ``language`` (issue 13: never in a web request).
    Idempotent: a version already stored is kept; a draft (or a deleted one) is nothing to do."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from .pdf import announcement_pdf_ensure
    from .selectors import announcement_for_reader

    try:
        announcement = announcement_for_reader(user=AnonymousUser(), pk=announcement_id)
    except Http404:
        return None
    return announcement_pdf_ensure(announcement, language)
