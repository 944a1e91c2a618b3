"""R-33.1, R-33.2: the probation starts for an appointee who reported to work."""

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from appointments.models import Appointment
from recruitment.permissions import require_hr_of

from ..models import Probation
from .common import MANAGEMENT_CATEGORIES, PROBATION_CATEGORIES, ProbationError, _record_and_tell

if TYPE_CHECKING:
    from django.contrib.auth.models import User

log = logging.getLogger(__name__)

# --- Start --------------------------------------------------------------------------------------------------


def _appointment_facts(appointment: Appointment) -> dict[str, Any]:
    """The facts of an appointment the probation needs: institution, employee, category, unit."""
    post = appointment.post
    position = post.position
    return {
        "institution": position.announcement.institution,
        "employee": appointment.winner.application.applicant,
        "category": position.category,
        "unit": post.unit or position.department,
    }


def probation_start(
    *,
    appointment: Appointment,
    actor: "User | None" = None,
    now: dt.datetime | None = None,
    management_not_civil_servant: bool = False,
) -> Probation:
    """Start the probation of an appointee who reported to work (R-33.1), from the act's date; idempotent.

    ``actor`` None is the beat (professional and specialist appointments). A management appointee is on
    probation only when not a civil servant at the appointment (R-33.2): HR starts it, saying so."""
    now = now or timezone.now()
    facts = _appointment_facts(appointment)
    if actor is not None:
        require_hr_of(actor, facts["institution"].pk)
    if facts["category"] in MANAGEMENT_CATEGORIES and not management_not_civil_servant:
        raise ProbationError(
            _(
                "A management appointee is on probation only when not a civil servant at the appointment "
                "(R-33.2)."
            )
        )
    if facts["category"] not in PROBATION_CATEGORIES | MANAGEMENT_CATEGORIES:
        raise ProbationError(_("This category has no probation under the regulation (R-33)."))
    if appointment.reported_on is None:
        raise ProbationError(_("The appointee has not reported to work yet (R-30.2)."))
    with transaction.atomic():
        probation, created = Probation.objects.get_or_create(
            appointment=appointment,
            defaults={
                "institution": facts["institution"],
                "employee": facts["employee"],
                "act_date": appointment.act_date,
                "category": facts["category"],
                "unit": facts["unit"],
                "created_at": now,
            },
        )
        if created:
            _record_and_tell(
                probation,
                actor=actor,
                action="probation.started",
                data={
                    "appointment": appointment.pk,
                    "act_date": probation.act_date,
                    "r33_2": management_not_civil_servant,
                },
                template="probation_started",
                key="started",
                context={"end": probation.end(), "clocks": probation.clocks()},
            )
    return probation


def probations_start_due(*, now: dt.datetime | None = None) -> int:
    """The beat: every appointee of a professional or specialist post who reported to work and has no
    probation yet gets one (R-33.1). Idempotent (one probation per appointment)."""
    due = (
        Appointment.objects.filter(
            reported_on__isnull=False,
            probation__isnull=True,
            post__position__category__in=list(PROBATION_CATEGORIES),
        )
        .select_related("post__position__announcement__institution", "winner__application__applicant")
        .order_by("pk")
    )
    started = 0
    for appointment in due:
        try:
            probation_start(appointment=appointment, now=now)
            started += 1
        except ProbationError:
            log.exception("probation not started for appointment %s", appointment.pk)
    return started
