from celery import shared_task

from .models import Appointment
from .pdf import _appointment, act_pdf_ensure
from .services import appointments_revoke_due, reminders_send


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def revoke_unreported_appointments() -> int:
    """Hourly (CELERY_BEAT_SCHEDULE "appointments-revocation"): revokes each appointment whose last day to
    report passed (R-30.3), after reminding the appointees whose last day is near, and removes the winner so
    the next one is invited. Decided by the scheduled moment (the start of the day after the last day), not by
    when it runs; safe to run twice (the state is checked under the lock)."""
    reminders_send()  # REMINDER_DAYS before the last day, once per last day
    return appointments_revoke_due()


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def act_pdf_render(appointment_id: int, language: str) -> str | None:
    """Renders and stores the appointment act in ``language`` (never in a web request). Idempotent."""
    try:
        appointment = _appointment(pk=appointment_id)
    except Appointment.DoesNotExist:
        return None
    return act_pdf_ensure(appointment, language=language)
