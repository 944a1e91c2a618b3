"""What the winners app gives the data-protection layer (privacy calls it; it never writes these tables
itself).

A winner's row (rank, state, post) is the procedure's record and stays (R-26.7, R-26.8); what is deleted is
what names or describes the person beyond it: the scan of a consent given on paper (it carries the signature),
the text of the consent, the details of a reasonable cause (R-26.4–26.6: health, a death in the family) and
the free-text reason of the winner's last change. The SHA-256 of the scan stays (it proves what was received,
and names nobody). Idempotent: a second call deletes nothing more."""

from django.core.files.storage import storages
from django.db import transaction

from .models import Invitation, Winner


def winners_anonymise(*, winner_ids) -> dict:
    """Deletes the consent scans and empties the free texts of these winners and their invitations. Returns
    {"consent_scans_deleted", "invitations_anonymised", "winners_anonymised"}. Runs in the caller's
    transaction (privacy's erasure or retention, which writes the audit event)."""
    ids = list(winner_ids)
    storage = storages["private"]
    with transaction.atomic():
        invitations = Invitation.objects.select_for_update().filter(winner_id__in=ids)
        scans = 0
        for path in invitations.exclude(consent_scan_path="").values_list("consent_scan_path", flat=True):
            if storage.exists(path):
                storage.delete(path)
                scans += 1
        anonymised = invitations.exclude(consent_scan_path="", consent_text="", cause_note="").update(
            consent_scan_path="", consent_text="", cause_note=""
        )
        winners = (
            Winner.objects.select_for_update()
            .filter(pk__in=ids)
            .exclude(state_reason="")
            .update(state_reason="")
        )
    return {
        "consent_scans_deleted": scans,
        "invitations_anonymised": anonymised,
        "winners_anonymised": winners,
    }
