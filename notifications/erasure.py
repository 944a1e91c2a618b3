"""Anonymising a person's messages: the outbox's own writer for the data-protection layer (privacy calls it;
it never writes these tables itself). The rows stay, so the delivery history still counts; what they said and
where they went is emptied."""

from django.db import transaction
from django.db.models import Q

from audit.services import audit_log

from .models import Message, StoredEmail

ERASED_ADDRESS = "erased@invalid"  # RFC 2606's reserved top-level domain: never deliverable


def messages_anonymise(*, user, email: str = "") -> dict:
    """The messages to the person (by account, or by address for those sent before the account existed, e.g.
    job alerts): subject, body, renderings and attachment emptied, the address replaced; the demo mailbox's
    copies deleted. Called by privacy's erasure inside its transaction, with the address the account had.
    Returns the counts; an audit event names the account by id only."""

    address = Q(email__iexact=email) if email else Q(pk__in=[])
    with transaction.atomic():
        mine = Message.objects.filter(Q(recipient=user) | address)
        counts = {
            "demo_mailbox_copies_deleted": StoredEmail.objects.filter(
                Q(message__in=mine) | (Q(to__iexact=email) if email else Q(pk__in=[]))
            ).delete()[0],
            "messages_emptied": mine.update(
                email=ERASED_ADDRESS,
                subject="",
                body="",
                renderings={},
                attachment_path="",
                attachment_name="",
            ),
        }
        audit_log(
            actor="data subject",
            action="notifications.messages_anonymised",
            object_type="auth.user",
            object_id=str(user.pk),
            data=counts,
        )
    return counts
