"""Reads of probations: HR's lists (scoped to the institutions it is HR of) and one probation for HR or for
its employee, someone else's being "not found"."""

from django.db.models import QuerySet
from django.http import Http404

from appointments.models import Appointment
from recruitment.permissions import hr_institution_ids

from .choices import ProbationState
from .models import Probation
from .services import PROBATION_CATEGORIES


def _base() -> QuerySet[Probation]:
    return Probation.objects.select_related(
        "institution", "employee", "appointment__post__position__announcement"
    ).prefetch_related("suspensions")


def probations_for_hr(*, user, state: str | None = None) -> QuerySet[Probation]:
    """The probations of the institutions the user is HR of, running first, by act date."""
    qs = _base().filter(institution_id__in=hr_institution_ids(user))
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-state", "act_date", "pk")


def get_probation_for_hr(user, pk: int) -> Probation:
    probation = _base().filter(pk=pk, institution_id__in=hr_institution_ids(user)).first()
    if probation is None:
        raise Http404
    return probation


def get_probation_for_reader(user, pk: int) -> Probation:
    """HR of its institution or the employee; else 404."""
    probation = _base().filter(pk=pk).first()
    if probation is None or not (
        probation.employee_id == getattr(user, "pk", None)
        or probation.institution_id in hr_institution_ids(user)
    ):
        raise Http404
    return probation


def appointments_awaiting_probation(*, user) -> QuerySet[Appointment]:
    """Appointees of the user's institutions who reported to work to a professional or specialist post and
    have no probation yet (the beat starts them within the hour; HR may start one at once)."""
    return (
        Appointment.objects.filter(
            reported_on__isnull=False,
            probation__isnull=True,
            post__position__category__in=list(PROBATION_CATEGORIES),
            post__position__announcement__institution_id__in=hr_institution_ids(user),
        )
        .select_related("post", "winner__application__applicant")
        .order_by("reported_on", "pk")
    )


def running(qs: QuerySet[Probation]) -> QuerySet[Probation]:
    return qs.filter(state=ProbationState.RUNNING)
