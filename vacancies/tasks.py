from celery import shared_task
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from .pdf import announcement_pdf_ensure
from .selectors import announcement_for_reader


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def announcement_pdf_render(announcement_id: int, language: str) -> str | None:
    """Renders and stores the PDF of a published announcement in ``language`` (issue 13: never in a web
    request). Idempotent: a version already stored is kept; a draft (or a deleted one) is nothing to do."""

    try:
        announcement = announcement_for_reader(user=AnonymousUser(), pk=announcement_id)
    except Http404:
        return None
    return announcement_pdf_ensure(announcement, language)
