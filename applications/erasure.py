"""Anonymising what the applications app holds about a person: the writer of its own tables for the
data-protection layer (privacy calls these; it never writes the tables itself).

Called by privacy's erasure (after its refusals: no procedure under way or open to appeal) and its retention
schedule, inside their transaction. Files are deleted at once: the person asked for it, or the retention
period has passed, and a second run finds nothing left to delete. The application rows stay (the procedure's
record, R-18.4, R-25.2), under the anonymous account; the frozen copies keep only what the statistics count
(R-28.4).
"""

from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from audit.services import audit_log

from .models import ApplicantProfile, Application, ApplicationDocument, ApplicationSubmission, LibraryDocument


def _delete_files(paths) -> int:
    storage = storages["private"]
    deleted = 0
    for path in paths:
        if path and storage.exists(path):
            storage.delete(path)
            deleted += 1
    return deleted


def applications_documents_purge(*, application_ids) -> int:
    """Deletes the files of the applications' documents (the rows stay, with their SHA-256, as the receipt
    lists them, marked removed). Returns how many files were deleted; a second run deletes none."""
    documents = ApplicationDocument.objects.filter(application_id__in=list(application_ids))
    deleted = _delete_files(documents.values_list("storage_path", flat=True))
    documents.filter(removed_at__isnull=True).update(removed_at=timezone.now())
    return deleted


def applications_anonymise(*, application_ids) -> dict:
    """Each submission's frozen copy keeps only what the statistics count (gender, community: R-28.4) and
    when; its receipt (a PDF with the person's name) is deleted. Returns {"submissions_anonymised",
    "receipts_deleted"}."""
    submissions = ApplicationSubmission.objects.filter(application_id__in=list(application_ids))
    receipts = _delete_files([s.receipt_path for s in submissions])
    now = timezone.now().isoformat()
    count = 0
    for submission in submissions.exclude(profile_snapshot__has_key="anonymised_at").select_for_update():
        snapshot = submission.profile_snapshot or {}
        submission.profile_snapshot = {
            "anonymised_at": now,
            "personal": {"gender": (snapshot.get("personal") or {}).get("gender", "")},
            "equality": {"community": (snapshot.get("equality") or {}).get("community", "")},
        }
        submission.save(update_fields=["profile_snapshot"])
        count += 1
    return {"submissions_anonymised": count, "receipts_deleted": receipts}


def applicant_anonymise(*, user) -> dict:
    """Everything of the person in this app, for their erasure: their applications' document files, receipts
    and frozen copies; their profile (and its lists); their document library, rows and files. Returns the
    counts; an audit event names the account by id only."""
    with transaction.atomic():
        application_ids = list(
            Application.objects.filter(applicant=user).select_for_update().values_list("pk", flat=True)
        )
        library = LibraryDocument.objects.filter(owner=user)
        library_paths = list(library.select_for_update().values_list("storage_path", flat=True))
        counts = {
            "documents_deleted": applications_documents_purge(application_ids=application_ids),
            **applications_anonymise(application_ids=application_ids),
            "library_files_deleted": _delete_files(library_paths),
            "library_documents_deleted": library.delete()[0],
            "profile_deleted": ApplicantProfile.objects.filter(user=user).delete()[0],
        }
        audit_log(
            actor="data subject",
            action="applications.applicant_anonymised",
            object_type="auth.user",
            object_id=str(user.pk),
            data=counts,
        )
    return counts
