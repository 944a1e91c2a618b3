"""What the appeals app gives the data-protection layer (privacy calls it; it never writes this table itself).

An appeal awaiting KPMSHCK's decision is never touched (privacy refuses the erasure while it is pending, R-32,
R-40). Of a decided appeal the row stays (kind, dates, the decision, its number and effect: the history the
appeal re-opened), and what describes the person is deleted: the scans of the appeal and of KPMSHCK's
decision, the grounds, and the notes on the decision and its effect. The SHA-256 of the scans stay.
Idempotent."""

from django.core.files.storage import storages
from django.db import transaction

from .choices import AppealState
from .models import Appeal


def appeals_anonymise(*, appeal_ids) -> dict:
    """Returns {"appeal_scans_deleted", "appeals_anonymised"}; undecided appeals among ``appeal_ids`` are left
    as they are. Runs in the caller's transaction (privacy's, which writes the audit event)."""
    storage = storages["private"]
    with transaction.atomic():
        appeals = Appeal.objects.select_for_update().filter(
            pk__in=list(appeal_ids), state=AppealState.DECIDED
        )
        scans = 0
        for paths in appeals.values_list("scan_path", "decision_scan_path"):
            for path in paths:
                if path and storage.exists(path):
                    storage.delete(path)
                    scans += 1
        anonymised = appeals.exclude(
            scan_path="", decision_scan_path="", grounds="", decision_note="", effect_note=""
        ).update(scan_path="", decision_scan_path="", grounds="", decision_note="", effect_note="")
    return {"appeal_scans_deleted": scans, "appeals_anonymised": anonymised}
