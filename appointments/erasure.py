"""What the appointments app gives the data-protection layer (privacy calls it; it never writes these tables).

Only for appointments that are not an employment record: privacy refuses the applicant's erasure while an
appointment stands (appointed or reported: the institution's personnel file) and leaves those out of its
retention schedule. What is deleted: the stored acts (PDFs with the person's name, ``pdf.act_files_delete``),
the reasons the person gave for an extension and HR's note on it (R-30.2), and the reasons an original
differed (R-29.4). The rows (dates, results, the act's number) stay as the procedure's record. Idempotent."""

from django.db import transaction

from .models import Appointment, OriginalCheck
from .pdf import act_files_delete


def appointments_anonymise(*, application_ids) -> dict:
    """Returns {"act_files_deleted", "appointments_anonymised", "checks_anonymised"}; runs in the caller's
    transaction (privacy's, which writes the audit event)."""
    ids = list(application_ids)
    with transaction.atomic():
        appointments = Appointment.objects.select_for_update().filter(winner__application_id__in=ids)
        files = act_files_delete(application_ids=ids)
        anonymised = appointments.exclude(extension_reason="", extension_note="").update(
            extension_reason="", extension_note=""
        )
        checks = (
            OriginalCheck.objects.select_for_update()
            .filter(verification__winner__application_id__in=ids)
            .exclude(reason="")
            .update(reason="")
        )
    return {"act_files_deleted": files, "appointments_anonymised": anonymised, "checks_anonymised": checks}
