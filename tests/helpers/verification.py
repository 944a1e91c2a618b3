"""Positions closed and applications submitted for the verification's tests."""

import datetime as dt
import hashlib
import itertools

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from applications.models import (
    ApplicantProfile,
    Application,
    ApplicationDocument,
    ApplicationStatus,
    ApplicationSubmission,
)
from tests.factories import (
    UserFactory,
)
from vacancies.models import ClosingState

_seq = itertools.count(1)


def close(position, *, closed_at=None):
    """As vacancies' closing does it (R-12.3): the state and the final closing time."""
    position.closing_state = ClosingState.CLOSED
    position.closed_at = closed_at or (timezone.now() - dt.timedelta(days=2))
    position.save(update_fields=["closing_state", "closed_at"])
    return position


def submitted(position, *, first_name="Alba", last_name="Krasniqi", user=None, missing=(), language="sq"):
    """A submitted application of ``position`` with every required document except the names in
    ``missing`` (the English names, e.g. "Diploma")."""
    n = next(_seq)
    user = user or UserFactory(username=f"candidate{n}@example.org")
    ApplicantProfile.objects.update_or_create(
        user=user, defaults={"first_name": first_name, "last_name": last_name, "email": user.email}
    )
    app = Application.objects.create(
        applicant=user, position=position, status=ApplicationStatus.SUBMITTED, language=language
    )
    checklist = []
    for doc in position.documents.order_by("order", "id"):
        slot = f"doc-{doc.pk}"
        files = []
        if doc.required and doc.name_en not in missing:
            content = f"%PDF-1.4 {doc.name_en} of {last_name}".encode()
            path = f"documents/test-{n}-{doc.pk}.pdf"
            storages["private"].save(path, ContentFile(content))
            d = ApplicationDocument.objects.create(
                application=app,
                slot=slot,
                required_document=doc,
                label=f"{doc.name_en}.pdf",
                storage_path=path,
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_by=user,
                submitted=True,
            )
            files.append(
                {
                    "id": d.pk,
                    "label": d.label,
                    "sha256": d.sha256,
                    "size": d.size,
                    "content_type": d.content_type,
                }
            )
        checklist.append(
            {
                "slot": slot,
                "name": {"sq": doc.name_sq, "sr_latn": "", "en": doc.name_en},
                "required": doc.required,
                "documents": files,
            }
        )
    sub = ApplicationSubmission.objects.create(
        application=app,
        number=1,
        reference=f"KQZ-2026-{app.pk:06d}-1",
        submitted_at=position.announcement.closes_at - dt.timedelta(days=1),
        submitted_by=user,
        profile_snapshot={
            "personal": {
                "first_name": first_name,
                "last_name": last_name,
                "email": user.email,
                "date_of_birth": "1990-05-17",
                "personal_number": "1234567890",
            },
            "equality": {"community": "serbian", "disability": ""},
            "education": [
                {
                    "level": "master",
                    "field_of_study": "Informatikë",
                    "institution": "UP",
                    "country": "XK",
                    "graduation_date": "2014-06-30",
                    "nostrification": "",
                }
            ],
            "experience": [],
            "languages": [{"language": "English", "level": "C1"}],
            "qualifications": [],
            "computer_skills": "Python",
            "referees": [],
        },
        checklist_snapshot=checklist,
        context_snapshot={
            "institution": {"sq": "KQZ", "en": "CEC"},
            "time_zone": "Europe/Belgrade",
            "announcement": {
                "reference": position.announcement.reference,
                "title": {"sq": "Konkurs", "en": "Competition"},
            },
            "position": {"code": position.code, "title": {"sq": position.title_sq, "en": position.title_en}},
            "declaration": {"language": language},
        },
    )
    app.last_submission = sub
    app.save(update_fields=["last_submission"])
    return app


def submitted_and_decided(position, hr_officer, *, eligible, rejected, first_name="Arta"):
    """A submitted application per surname in ``eligible`` and ``rejected``, reviews opened, every check met,
    and each decided through the services: eligible, or not eligible for experience (R-18.4 … R-18.6)."""
    from verification import services
    from verification.models import CheckResult, Decision, Reason, Review

    for surname in [*eligible, *rejected]:
        submitted(position, first_name=first_name, last_name=surname)
    services.reviews_open(position=position, actor=hr_officer)
    rejected = set(rejected)
    for review in Review.objects.filter(position=position, decision=Decision.UNDECIDED):
        results = {c.pk: (CheckResult.MET, "") for c in review.checks.all()}
        if review.last_name in rejected:
            services.review_record(
                review=review,
                results=results,
                decision=Decision.NOT_ELIGIBLE,
                reasons=[Reason.EXPERIENCE],
                explanation="Një vit përvojë.",
                actor=hr_officer,
            )
        else:
            services.review_record(
                review=review, results=results, decision=Decision.ELIGIBLE, actor=hr_officer
            )
