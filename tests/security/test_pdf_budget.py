"""Issue 10, finding 6: bounded work per request.

The probe posted five crafted 9.5 MB PDFs of 150,000 objects each (within the size limits) in one request and held
a worker 30 s; six clients looping on the announcement PDF slowed the home page from 15 ms to seconds. Document
checks now have a budget (objects, pages, decoded bytes, time; settings) and refuse what exceeds it, saying so;
the PDFs rendered on request are limited per client (429 with the site's 429 page).
"""

import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from applications.documents import DocumentRefused, inspect_upload
from applications.models import ApplicationDocument
from tests.security.test_upload_corpus import raw_pdf, writer_pdf


def plain_object_bomb(count: int = 150_000) -> bytes:
    """``count`` small objects, every one reachable from the catalog (what a walk of the graph must visit)."""
    refs = b" ".join(b"%d 0 R" % n for n in range(4, count + 4))
    return raw_pdf(
        catalog_extra=b"/Junk [" + refs + b"]", extra_objects=[b"<< /N %d >>" % n for n in range(count)]
    )


def packed_object_bomb(count: int = 150_000) -> bytes:
    """``count`` objects packed in one compressed object stream."""
    header = b" ".join(b"%d %d" % (n + 10, n * 5) for n in range(count))
    body = b"null " * count
    data = zlib.compress(header + b" " + body)
    return raw_pdf(
        extra_objects=[
            b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
            % (count, len(header) + 1, len(data))
            + data
            + b"\nendstream"
        ]
    )


@pytest.fixture
def draft_client(db, settings, tmp_path):
    from tests.factories import AnnouncementFactory, PositionFactory, RequiredDocumentFactory, UserFactory
    from tests.helpers.applications import complete_profile, start_draft

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    person = UserFactory(username="dos@example.org")
    position = PositionFactory(announcement=AnnouncementFactory())
    RequiredDocumentFactory(position=position, order=1, name="CV", name_sq="CV", name_en="CV", required=True)
    complete_profile(person)
    application = start_draft(person, position)
    client = Client()
    client.force_login(person)
    return client, application, f"doc-{position.documents.get().pk}"


def test_five_pdfs_of_150000_objects_in_one_request_are_refused_by_the_budget_with_a_clear_message(
    draft_client,
):
    client, application, slot = draft_client
    bombs = [
        plain_object_bomb(),
        plain_object_bomb(),
        plain_object_bomb(),
        packed_object_bomb(),
        packed_object_bomb(),
    ]
    assert all(len(b) < 10 * 1024 * 1024 for b in bombs)
    with translation.override("en"):
        url = reverse("applications:upload", args=[application.pk])
    response = client.post(
        url,
        {"slot": slot, "files": [SimpleUploadedFile(f"cv{i}.pdf", b) for i, b in enumerate(bombs)]},
        follow=True,
    )
    assert response.status_code == 200
    assert not ApplicationDocument.objects.filter(application=application).exists()
    assert any("too complex to be checked" in str(m) for m in response.context["messages"])


def test_the_budget_is_a_setting(settings, english):
    ten_pages = writer_pdf(pages=10)
    inspect_upload(SimpleUploadedFile("cv.pdf", ten_pages))
    settings.DOCUMENT_PDF_MAX_PAGES = 5
    with pytest.raises(DocumentRefused, match="too complex"):
        inspect_upload(SimpleUploadedFile("cv.pdf", ten_pages))
    settings.DOCUMENT_PDF_MAX_PAGES, settings.DOCUMENT_PDF_MAX_OBJECTS = 500, 3
    with pytest.raises(DocumentRefused, match="too complex"):
        inspect_upload(SimpleUploadedFile("cv.pdf", ten_pages))


def test_a_decompression_bomb_is_refused_without_being_inflated(english):
    zeros = zlib.compress(b"\0" * 100_000_000, 9)
    bomb = raw_pdf(
        page_extra=b"/Contents 4 0 R",
        extra_objects=[
            b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(zeros) + zeros + b"\nendstream"
        ],
    )
    with pytest.raises(DocumentRefused, match="too complex"):
        inspect_upload(SimpleUploadedFile("cv.pdf", bomb))


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("vacancies:announcement_pdf", {"announcement_id": 999_999}),
        ("verification:shortlist_pdf", {"position_id": 999_999}),
        ("scoring:public_results_pdf", {"pk": 999_999}),
    ],
)
def test_a_client_looping_on_a_public_pdf_is_answered_429_and_others_are_not(db, settings, name, kwargs):
    settings.PDF_RATE_LIMIT = "3/m/ip"
    with translation.override("en"):
        url = reverse(name, kwargs=kwargs)
    looping = Client(REMOTE_ADDR="203.0.113.7")
    assert [looping.get(url).status_code for _ in range(3)] == [404, 404, 404]
    refused = looping.get(url)
    assert refused.status_code == 429 and "Too many" in refused.content.decode()
    assert Client(REMOTE_ADDR="203.0.113.8").get(url).status_code == 404
