""" "My applications" costs the same number of queries for one application or many (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, ApplicationStatus
from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_my_applications_costs_the_same_for_one_application_or_many(client, applicant):
    Application.objects.create(
        applicant=applicant, position=PositionFactory(), status=ApplicationStatus.DRAFT
    )
    client.force_login(applicant)
    url = reverse("applications:mine")
    client.get(url)  # warm the per-process caches
    few = _queries(client, url)
    for _ in range(5):
        Application.objects.create(
            applicant=applicant, position=PositionFactory(), status=ApplicationStatus.DRAFT
        )
    assert client.get(url).content.decode().count('class="status"') >= 6
    assert _queries(client, url) == few


def _submitted_application(applicant, n: int) -> Application:
    """A submitted application (with its frozen submission): the page asks the verification's outcome and the
    steps after the results for it."""
    from django.utils import timezone

    from applications.models import ApplicationSubmission

    app = Application.objects.create(
        applicant=applicant, position=PositionFactory(), status=ApplicationStatus.SUBMITTED
    )
    app.last_submission = ApplicationSubmission.objects.create(
        application=app,
        number=1,
        reference=f"QC-{n}",
        submitted_at=timezone.now(),
        submitted_by=applicant,
        profile_snapshot={},
        checklist_snapshot=[],
        context_snapshot={},
    )
    app.save(update_fields=["last_submission"])
    return app


def test_my_applications_costs_the_same_for_one_submitted_application_or_many(client, applicant):
    _submitted_application(applicant, 0)
    client.force_login(applicant)
    url = reverse("applications:mine")
    client.get(url)
    few = _queries(client, url)
    for n in range(1, 6):
        _submitted_application(applicant, n)
    assert client.get(url).content.decode().count('class="card"') >= 6
    assert _queries(client, url) == few


def test_a_drafts_page_costs_the_same_for_few_documents_or_many(client, applicant):
    from applications.models import ApplicationDocument, LibraryDocument
    from tests.factories import RequiredDocumentFactory

    position = PositionFactory()
    documents = [
        RequiredDocumentFactory(position=position, order=i, name_sq=f"Dokumenti {i}") for i in range(3)
    ]
    draft = Application.objects.create(applicant=applicant, position=position, status=ApplicationStatus.DRAFT)

    def upload(n):
        ApplicationDocument.objects.create(
            application=draft,
            slot=f"doc-{documents[n % 3].pk}",
            required_document=documents[n % 3],
            label=f"skedari-{n}.pdf",
            storage_path=f"documents/qc-{n}.pdf",
            content_type="application/pdf",
            size=1000,
            uploaded_by=applicant,
        )
        LibraryDocument.objects.create(
            owner=applicant,
            label=f"biblioteka-{n}.pdf",
            storage_path=f"library/qc-{n}.pdf",
            content_type="application/pdf",
            size=1000,
        )

    upload(0)
    client.force_login(applicant)
    url = reverse("applications:detail", args=[draft.pk])
    client.get(url)
    few = _queries(client, url)
    for n in range(1, 8):
        upload(n)
    page = client.get(url).content.decode()
    assert "skedari-7.pdf" in page and "biblioteka-7.pdf" in page
    assert _queries(client, url) == few
