from celery import shared_task
from django.contrib.auth import get_user_model

from .models import Evaluation
from .pdf import PDF_KINDS, representation_pdf_ensure, results_pdf_ensure


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def results_pdf_render(evaluation_id: int, kind: str, language: str) -> str | None:
    """Renders and stores the act or the qualified list of a completed evaluation in ``language`` (issue 13:
    never in a web request). Idempotent: a version already stored is kept; the qualified list only once
    published."""

    statuses = ("published",) if kind == "qualified" else ("complete", "published")
    evaluation = (
        Evaluation.objects.select_related("position__announcement__institution", "result")
        .filter(pk=evaluation_id, status__in=statuses)
        .first()
    )
    if evaluation is None or kind not in PDF_KINDS:
        return None
    return results_pdf_ensure(evaluation, kind, language)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def representation_pdf_render(user_id: int, year: int, language: str) -> str | None:
    """Renders and stores HR's yearly representation report (R-28) as ``user_id`` reads it (their
    institutions), issue 13: never in a web request. Idempotent: a version already stored is kept."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    return representation_pdf_ensure(user, year=year, language=language)
