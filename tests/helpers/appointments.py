"""A submitted document of an application, as the final verification (R-29) compares it with the original."""

import hashlib
import uuid

from applications.models import ApplicationDocument


def submitted_document(application, label: str):
    return ApplicationDocument.objects.create(
        application=application,
        slot="diploma",
        label=label,
        storage_path=f"documents/{uuid.uuid4().hex}.pdf",
        content_type="application/pdf",
        size=100,
        sha256=hashlib.sha256(label.encode()).hexdigest(),
        uploaded_by=application.applicant,
        submitted=True,
    )
