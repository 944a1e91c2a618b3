"""A full disk: an upload answers with a clear page (nothing kept, the draft intact, what to do), never a generic
500, and leaves no partial file: an upload's file, under a new name no row refers to yet, is removed when its
writing fails (save_new); a file that may be read while it is written goes to a temporary name and is moved
into place once whole (save_atomically)."""

import errno
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.urls import reverse

from applications.models import ApplicationDocument, ApplicationStatus
from recruitment.lib.files import save_atomically, save_new
from tests.helpers.applications import complete_profile, pdf_bytes, required_slots, start_draft, upload

pytestmark = pytest.mark.django_db


class FullDiskStorage(FileSystemStorage):
    """Writes the first 1000 bytes of a file, then the disk is full (as a real one fails: mid-write)."""

    def _save(self, name, content):
        full_path = self.path(name)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        with open(full_path, "wb") as fh:
            fh.write(content.read(1000))
        raise OSError(errno.ENOSPC, "No space left on device")


def _files_under(root) -> list[str]:
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files]


@pytest.fixture
def full_disk(settings, tmp_path):
    location = tmp_path / "full"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": f"{__name__}.FullDiskStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    return location


def test_an_upload_on_a_full_disk_answers_with_a_clear_page_keeps_the_draft_and_leaves_no_partial_file(
    applicant, open_position, private_storage, settings
):
    complete_profile(applicant)
    application = start_draft(applicant, open_position)
    slot = required_slots(open_position)[0]
    client = Client(raise_request_exception=False)
    client.force_login(applicant)
    url = reverse("applications:upload", args=[application.pk])
    detail = reverse("applications:detail", args=[application.pk])
    ok = client.post(url, {"slot": slot, "files": [upload("cv.pdf", pdf_bytes("first"))]})
    assert ok.status_code == 302
    before = _files_under(private_storage)
    assert len(before) == 1

    location = private_storage  # the same directory, now full
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": f"{__name__}.FullDiskStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    response = client.post(
        url,
        {
            "slot": required_slots(open_position)[1],
            "files": [upload("diploma.pdf", pdf_bytes("second " * 400))],
        },
        HTTP_REFERER=f"http://testserver{detail}",
    )
    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert "Your file could not be saved" in page
    assert "Nothing of this request was kept" in page and "Try again in a few minutes" in page
    assert f'href="{detail}"' in page
    # No partial file: only the first document's file is there; the draft and its one document unchanged.
    assert _files_under(private_storage) == before
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert ApplicationDocument.objects.filter(application=application).count() == 1


@pytest.mark.parametrize("save", [save_atomically, save_new])
def test_a_failed_save_leaves_no_file_and_a_good_one_appears_whole_under_its_name(tmp_path, save):
    """save_atomically removes its temporary file, save_new the file it began (a new name no row refers
    to)."""
    full = FullDiskStorage(location=str(tmp_path / "a"))
    with pytest.raises(OSError) as info:
        save(full, "documents/x.pdf", ContentFile(b"%PDF-" + b"x" * 5000))
    assert info.value.errno == errno.ENOSPC
    assert _files_under(tmp_path) == []
    good = FileSystemStorage(location=str(tmp_path / "b"))
    assert save(good, "documents/y.pdf", ContentFile(b"whole")) == "documents/y.pdf"
    assert good.open("documents/y.pdf").read() == b"whole"
    assert _files_under(tmp_path) == [str(tmp_path / "b" / "documents" / "y.pdf")]


def test_a_failed_save_new_under_a_name_taken_removes_its_own_file_not_the_one_there(tmp_path):
    """A name that exists already: storage.save writes under another (Django's available name), so what the
    failure leaves to remove is that other file, never the file that was there first."""
    full = FullDiskStorage(location=str(tmp_path))
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "x.pdf").write_bytes(b"someone's file")
    with pytest.raises(OSError):
        save_new(full, "documents/x.pdf", ContentFile(b"%PDF-" + b"x" * 5000))
    assert _files_under(tmp_path) == [str(tmp_path / "documents" / "x.pdf")]
    assert (tmp_path / "documents" / "x.pdf").read_bytes() == b"someone's file"


def test_the_library_upload_on_a_full_disk_answers_with_the_same_page(applicant, full_disk):
    client = Client(raise_request_exception=False)
    client.force_login(applicant)
    response = client.post(reverse("applications:library"), {"files": [upload("cv.pdf", pdf_bytes("cv"))]})
    assert response.status_code == 503
    assert "Your file could not be saved" in response.content.decode()
    assert _files_under(full_disk) == []
