from celery import shared_task

from .models import Probation
from .pdf import act_pdf_ensure
from .services import probations_start_due, reminders_send


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_probation_clocks() -> dict:
    """Hourly (CELERY_BEAT_SCHEDULE "probation-clocks"): starts the probation of each appointee who reported
    to work (R-33.1) and reminds HR of each clock of R-38 and R-39 a week ahead and when overdue. Safe to run
    twice: one probation per appointment, each reminder written once (dedupe key per probation, clock, date,
    stage, person)."""
    return {"started": probations_start_due(), "reminded": reminders_send()}


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def probation_act_render(probation_id: int) -> str | None:
    """Renders and stores the act of confirmation or termination (R-39.4, R-39.5), once."""
    probation = Probation.objects.select_related("institution", "employee").filter(pk=probation_id).first()
    if probation is None or not probation.act_number:
        return None
    return act_pdf_ensure(probation)
