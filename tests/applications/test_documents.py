"""Documents are recognised by their content, limited in size, free of active content, stored under
a random private path with their SHA-256, and the original name is only a label."""

import hashlib

import pytest

from applications import documents, services
from applications.models import ApplicationDocument
from tests.helpers.applications import image_bytes, pdf_bytes, start_draft, upload

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("cv.pdf", pdf_bytes(), documents.PDF),
        ("photo.jpg", image_bytes("JPEG"), documents.JPEG),
        ("PHOTO.JPEG", image_bytes("JPEG"), documents.JPEG),
        ("scan.png", image_bytes("PNG"), documents.PNG),
        ("no-extension", pdf_bytes(), documents.PDF),  # the content decides
    ],
)
def test_pdf_jpeg_and_png_are_recognised_by_their_content(name, content, content_type):
    checked = documents.inspect_upload(upload(name, content, "application/octet-stream"))
    assert checked.content_type == content_type
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("cv.pdf", EXE, "not a PDF, JPEG or PNG"),  # a renamed executable
        ("cv.pdf", b"", "empty"),
        ("notes.txt", b"plain text, not a document", "not a PDF, JPEG or PNG"),
        ("cv.pdf", image_bytes("PNG"), "named as a .pdf file but its content is PNG"),  # mislabelled
        ("photo.png", image_bytes("JPEG"), "named as a .png file"),
        ("cv.pdf", b"%PDF-1.7\n garbage that is no PDF at all", "cannot be read as a PDF"),
        ("cv.pdf", pdf_bytes()[:300], "cannot be read as a PDF"),  # truncated
        ("photo.png", image_bytes("PNG")[:40], "cannot be read as an image"),  # truncated
        ("locked.pdf", pdf_bytes(encrypt=True), "encrypted"),
        ("js.pdf", pdf_bytes(js=True), "/JavaScript"),
        ("attached.pdf", pdf_bytes(attachment=True), "/EmbeddedFiles"),
        ("launch.pdf", pdf_bytes(launch=True), "/Launch"),
        ("open.pdf", pdf_bytes(open_action_js=True), "/OpenAction"),
        ("aa.pdf", pdf_bytes(additional_action=True), "/AA"),
    ],
)
def test_bad_files_are_refused_saying_which_file_and_why(name, content, reason):
    with pytest.raises(documents.DocumentRefused) as exc:
        documents.inspect_upload(upload(name, content))
    assert reason in str(exc.value)
    assert name in str(exc.value)


def test_a_file_over_the_limit_is_refused(settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    content = pdf_bytes() + b"\n%" + b"x" * 1000
    with pytest.raises(documents.DocumentRefused, match="at most"):
        documents.inspect_upload(upload("big.pdf", content))


def test_a_pdf_that_opens_at_a_page_is_not_active_content():
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject, NumberObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )
    buf = BytesIO()
    writer.write(buf)
    assert documents.find_active_content(PdfReader(BytesIO(buf.getvalue()))) == set()
    assert NumberObject  # imported for the reader of this test: destinations are plain arrays


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\alba\\Desktop\\cv.pdf", "cv.pdf"),
        ("<img src=x onerror=alert(1)>.pdf", "<img src=x onerror=alert(1)>.pdf"),  # kept, escaped where shown
        ("<script>alert(1)</script>.pdf", "script>.pdf"),  # a "/" makes it a path: its last part is kept
        ("cv\x00\n\r.pdf", "cv.pdf"),
        ("   ", "document"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_the_original_name_is_only_a_label(name, label):
    assert documents.clean_label(name) == label


@pytest.mark.django_db
def test_an_accepted_document_is_stored_under_a_random_private_path(
    applicant, open_position, private_storage
):
    application = start_draft(applicant, open_position)
    slot = f"doc-{open_position.documents.get(order=1).pk}"
    content = pdf_bytes("mine")
    [doc] = services.documents_add(
        application=application, slot=slot, uploads=[upload("../../etc/passwd.pdf", content)], actor=applicant
    )
    assert doc.label == "passwd.pdf"
    assert doc.storage_path.startswith("documents/") and "passwd" not in doc.storage_path
    stored = private_storage / doc.storage_path
    assert stored.read_bytes() == content
    assert doc.sha256 == hashlib.sha256(content).hexdigest()
    assert not str(stored.resolve()).startswith(str(private_storage.parent / "media"))


@pytest.mark.django_db
def test_one_bad_file_among_several_saves_none_of_them(applicant, open_position, private_storage):
    application = start_draft(applicant, open_position)
    slot = f"doc-{open_position.documents.get(order=1).pk}"
    with pytest.raises(services.ApplicationError) as exc:
        services.documents_add(
            application=application,
            slot=slot,
            actor=applicant,
            uploads=[upload("good.pdf", pdf_bytes()), upload("evil.pdf", EXE)],
        )
    assert any("evil.pdf" in m for m in exc.value.messages)
    assert not ApplicationDocument.objects.exists()
    assert not list(private_storage.rglob("*.pdf"))


@pytest.mark.django_db
def test_a_refusal_after_storing_deletes_the_stored_files(
    applicant, open_position, private_storage, settings
):
    settings.APPLICATION_MAX_BYTES = 100  # the total is checked under the lock, after the files are written
    application = start_draft(applicant, open_position)
    slot = f"doc-{open_position.documents.get(order=1).pk}"
    with pytest.raises(services.ApplicationError, match="at most"):
        services.documents_add(
            application=application, slot=slot, uploads=[upload("cv.pdf", pdf_bytes())], actor=applicant
        )
    assert not ApplicationDocument.objects.exists()
    assert not [p for p in private_storage.rglob("*") if p.is_file()]


@pytest.mark.django_db
def test_more_files_than_a_request_may_carry_are_refused(applicant, open_position, settings):
    settings.DOCUMENT_MAX_FILES_PER_REQUEST = 2
    application = start_draft(applicant, open_position)
    slot = f"doc-{open_position.documents.get(order=1).pk}"
    with pytest.raises(services.ApplicationError, match="at most 2 files"):
        services.documents_add(
            application=application,
            slot=slot,
            actor=applicant,
            uploads=[upload(f"{i}.pdf", pdf_bytes()) for i in range(3)],
        )
    assert not ApplicationDocument.objects.exists()


@pytest.mark.django_db
def test_a_slot_not_on_the_checklist_is_refused(applicant, open_position, private_storage):
    application = start_draft(applicant, open_position)
    with pytest.raises(services.ApplicationError, match="checklist"):
        services.documents_add(
            application=application, slot="consent", uploads=[upload("c.pdf", pdf_bytes())], actor=applicant
        )
    assert not [p for p in private_storage.rglob("*") if p.is_file()]
