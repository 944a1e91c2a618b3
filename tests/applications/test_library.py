"""The person's document library: a file uploaded once (a diploma, a CV) is attached to later applications without
uploading it again; each application gets its own copy and each submission freezes its own SHA-256; the files are
checked as any upload; another person's library is not found."""

import pytest
from django.core.files.storage import storages
from django.test import Client
from django.urls import reverse

from applications import services
from applications.library import documents_attach_from_library, library_documents_add
from applications.models import ApplicationDocument, LibraryDocument
from audit.models import Event as AuditEvent
from recruitment.permissions import NotAllowed
from tests.factories import PositionFactory, RequiredDocumentFactory
from tests.helpers.applications import complete_profile, pdf_bytes, start_draft, upload

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00" + b"\x00" * 200


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def keep(user, name="diploma.pdf", content=None):
    (doc,) = library_documents_add(owner=user, uploads=[upload(name, content or pdf_bytes(name))], actor=user)
    return doc


def slot(position, order):
    return f"doc-{position.documents.get(order=order).pk}"


def test_a_file_is_kept_in_the_library_through_its_page_and_listed(applicant, private_storage):
    client = client_for(applicant)
    response = client.post(
        reverse("applications:library"), {"files": [upload("Diploma UP.pdf", pdf_bytes())]}
    )
    assert response.status_code == 302
    doc = LibraryDocument.objects.get(owner=applicant)
    assert doc.label == "Diploma UP.pdf" and doc.content_type == "application/pdf"
    assert (private_storage / doc.storage_path).is_file() and "Diploma" not in doc.storage_path
    page = client.get(reverse("applications:library")).content.decode()
    assert "Diploma UP.pdf" in page and reverse("applications:library_delete", args=[doc.pk]) in page
    assert AuditEvent.objects.filter(action="library.document_added").count() == 1


def test_the_library_refuses_what_an_application_refuses(applicant, private_storage):
    client = client_for(applicant)
    response = client.post(reverse("applications:library"), {"files": [upload("cv.pdf", EXE)]}, follow=True)
    assert any("not a PDF, JPEG or PNG" in str(m) for m in response.context["messages"])
    assert not LibraryDocument.objects.exists()
    assert not [p for p in private_storage.rglob("*") if p.is_file()]


def test_a_file_of_the_library_is_attached_to_a_draft_as_its_own_copy(
    applicant, open_position, private_storage
):
    kept = keep(applicant)
    draft = start_draft(applicant, open_position)
    client = client_for(applicant)
    page = client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    assert "Or attach from my library" in page and f'<option value="{kept.pk}">' in page
    response = client.post(
        reverse("applications:attach_from_library", args=[draft.pk]),
        {"slot": slot(open_position, 2), "document": kept.pk},
    )
    assert response.status_code == 302
    attached = ApplicationDocument.objects.get(application=draft)
    assert attached.slot == slot(open_position, 2) and attached.label == "diploma.pdf"
    assert attached.sha256 == kept.sha256 and attached.storage_path != kept.storage_path
    assert (private_storage / attached.storage_path).read_bytes() == (
        private_storage / kept.storage_path
    ).read_bytes()
    assert AuditEvent.objects.filter(action="library.document_attached").count() == 1
    assert draft.events.filter(kind="document_added").count() == 1


def test_one_library_file_serves_two_applications_and_each_submission_freezes_its_own_copy(
    applicant, open_position, private_storage, django_capture_on_commit_callbacks
):
    complete_profile(applicant)
    cv, diploma = keep(applicant, "cv.pdf"), keep(applicant, "diploma.pdf")
    second = PositionFactory(announcement=open_position.announcement)
    RequiredDocumentFactory(position=second, order=1, name="Diplomë", name_en="Diploma", required=True)
    first_draft, second_draft = start_draft(applicant, open_position), start_draft(applicant, second)
    documents_attach_from_library(
        application=first_draft, slot=slot(open_position, 1), library_document=cv, actor=applicant
    )
    for draft, position, order in ((first_draft, open_position, 2), (second_draft, second, 1)):
        documents_attach_from_library(
            application=draft, slot=slot(position, order), library_document=diploma, actor=applicant
        )
    copies = ApplicationDocument.objects.filter(label="diploma.pdf")
    assert copies.count() == 2 and len({c.storage_path for c in copies}) == 2
    for draft in (first_draft, second_draft):
        services.application_submit(application=draft, actor=applicant, declaration_accepted=True)
        draft.refresh_from_db()
        frozen = [d for item in draft.last_submission.checklist_snapshot for d in item["documents"]]
        assert diploma.sha256 in [d["sha256"] for d in frozen]
    # Deleting the library's file leaves every application's copy.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(applicant).post(reverse("applications:library_delete", args=[diploma.pk]))
    assert not LibraryDocument.objects.filter(pk=diploma.pk).exists()
    assert not (private_storage / diploma.storage_path).exists()
    assert all((private_storage / c.storage_path).is_file() for c in copies)


def test_deleting_asks_first_and_a_second_click_changes_nothing(applicant):
    kept = keep(applicant)
    client = client_for(applicant)
    url = reverse("applications:library_delete", args=[kept.pk])
    assert "Delete this file from your library?" in client.get(url).content.decode()
    assert LibraryDocument.objects.filter(pk=kept.pk).exists()
    assert client.post(url).status_code == 302 and client.post(url).status_code == 302
    assert not LibraryDocument.objects.exists()
    assert AuditEvent.objects.filter(action="library.document_deleted").count() == 1


def test_another_persons_library_is_not_found(applicant, other_applicant, open_position):
    kept = keep(applicant)
    other = client_for(other_applicant)
    assert other.get(reverse("applications:library_document", args=[kept.pk])).status_code == 404
    assert other.get(reverse("applications:library_delete", args=[kept.pk])).status_code == 404
    other.post(reverse("applications:library_delete", args=[kept.pk]))
    assert LibraryDocument.objects.filter(pk=kept.pk).exists()
    assert "diploma.pdf" not in other.get(reverse("applications:library")).content.decode()
    # Nor can it be attached to one's own draft by its number.
    draft = start_draft(other_applicant, open_position)
    other.post(
        reverse("applications:attach_from_library", args=[draft.pk]),
        {"slot": slot(open_position, 1), "document": kept.pk},
    )
    assert not ApplicationDocument.objects.exists()
    with pytest.raises(NotAllowed):
        documents_attach_from_library(
            application=draft, slot=slot(open_position, 1), library_document=kept, actor=other_applicant
        )
    # The owner downloads it.
    response = client_for(applicant).get(reverse("applications:library_document", args=[kept.pk]))
    assert (
        response.status_code == 200
        and b"".join(response.streaming_content) == storages["private"].open(kept.storage_path).read()
    )


def test_the_library_keeps_at_most_its_number_of_files(applicant, settings):
    settings.DOCUMENT_LIBRARY_MAX_FILES = 1
    keep(applicant)
    with pytest.raises(services.ApplicationError):
        keep(applicant, "second.pdf")
    assert LibraryDocument.objects.count() == 1


def test_attaching_after_the_deadline_is_refused_and_the_copy_removed(
    applicant, open_position, private_storage
):
    import datetime as dt

    from django.utils import timezone

    kept = keep(applicant)
    draft = start_draft(applicant, open_position)
    with pytest.raises(services.ApplicationError):
        documents_attach_from_library(
            application=draft,
            slot=slot(open_position, 1),
            library_document=kept,
            actor=applicant,
            now=timezone.now() + dt.timedelta(days=60),
        )
    assert not ApplicationDocument.objects.exists()
    assert [p.name for p in private_storage.rglob("*") if p.is_file()] == [
        kept.storage_path.rsplit("/", 1)[-1]
    ]
