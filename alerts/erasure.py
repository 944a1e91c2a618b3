"""Deleting a person's job alerts: the alerts app's own writer for the data-protection layer (privacy calls
it)."""

from django.db import transaction
from django.db.models import Q

from audit.services import audit_log

from .models import AlertSubscription, SubscriptionStatus

_LABEL = AlertSubscription._meta.label  # the key of Django's per-model counts of a delete


def alerts_anonymise(*, user, email: str = "") -> int:
    """The person's alerts (by account, or by the address they subscribed with, without an account) are
    deleted with what they matched: an alert is nothing but a person's address and search. Returns how
    many."""
    address = Q(email__iexact=email) if email else Q(pk__in=[])
    with transaction.atomic():
        deleted = AlertSubscription.objects.filter(Q(user=user) | address).delete()[1].get(_LABEL, 0)
        audit_log(
            actor="data subject",
            action="alerts.anonymised",
            object_type="auth.user",
            object_id=str(user.pk),
            data={"alerts_deleted": deleted},
        )
    return deleted


def alerts_expire(*, created_before, unsubscribed_before) -> int:
    """The retention schedule: alerts never confirmed since ``created_before``, and stopped before
    ``unsubscribed_before``, are deleted (privacy's retention run records and audits the count)."""
    with transaction.atomic():
        return (
            AlertSubscription.objects.filter(
                Q(status=SubscriptionStatus.PENDING, created_at__lt=created_before)
                | Q(status=SubscriptionStatus.UNSUBSCRIBED, unsubscribed_at__lt=unsubscribed_before)
            )
            .delete()[1]
            .get(_LABEL, 0)
        )
