from django.http import Http404

from recruitment.permissions import hr_institution_ids

from .models import Mandate


def _base():
    return Mandate.objects.select_related("institution", "holder", "appointment__post__position")


def mandates_for_hr(*, user):
    return _base().filter(institution_id__in=hr_institution_ids(user)).order_by("state", "starts_on", "pk")


def get_mandate_for_hr(user, pk: int) -> Mandate:
    mandate = _base().filter(pk=pk, institution_id__in=hr_institution_ids(user)).first()
    if mandate is None:
        raise Http404
    return mandate
