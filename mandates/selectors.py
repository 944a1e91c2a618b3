from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404

from appointments.models import Appointment
from recruitment.permissions import hr_institution_ids

from .models import Mandate
from .services import MANAGEMENT_CATEGORIES


def _base() -> QuerySet[Mandate]:
    return Mandate.objects.select_related("institution", "holder", "appointment__post__position")


def mandates_for_hr(*, user) -> QuerySet[Mandate]:
    return _base().filter(institution_id__in=hr_institution_ids(user)).order_by("state", "starts_on", "pk")


def get_mandate_for_hr(user, pk: int) -> Mandate:
    mandate = _base().filter(pk=pk, institution_id__in=hr_institution_ids(user)).first()
    if mandate is None:
        raise Http404
    return mandate


def appointments_awaiting_mandate(
    *, user=None, institution_ids: Iterable[int] | None = None
) -> QuerySet[Appointment]:
    """Management appointees of these institutions who reported to work and have no mandate recorded yet (the
    beat records them within the hour; HR may at once)."""
    ids = hr_institution_ids(user) if institution_ids is None else institution_ids
    return (
        Appointment.objects.filter(
            reported_on__isnull=False,
            mandate__isnull=True,
            post__position__category__in=MANAGEMENT_CATEGORIES,
            post__position__announcement__institution_id__in=ids,
        )
        .select_related("post__position__announcement", "winner__application__applicant")
        .order_by("reported_on", "pk")
    )
