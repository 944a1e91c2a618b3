"""The receipt is a pure renderer of the frozen copy: reference, time in the institution's zone,
position, each document with its SHA-256."""

import datetime as dt
from io import BytesIO

import pytest
from pypdf import PdfReader

from applications import receipts, services
from vacancies.models import Position

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


@pytest.fixture
def submission(ready_draft, applicant):
    submission, _ = services.application_submit(
        application=ready_draft, actor=applicant, declaration_accepted=True, now=None
    )
    return submission


def test_the_receipt_shows_the_time_in_the_institutions_time_zone(submission):
    submission.submitted_at = dt.datetime(2026, 3, 24, 14, 59, 59, tzinfo=dt.UTC)  # 15:59:59 in Prishtina
    text = text_of(receipts.render_receipt_pdf(submission, language="en"))
    assert "24.03.2026 15:59:59" in text
    assert "Europe/Belgrade" in text


def test_the_receipt_is_made_from_the_frozen_copy_not_from_todays_position(submission, ready_draft):
    Position.objects.filter(pk=ready_draft.position_id).update(
        title_sq="Renamed later", title_en="Renamed later"
    )
    submission.refresh_from_db()
    text = text_of(receipts.render_receipt_pdf(submission, language="en"))
    assert "IT officer" in text and "Renamed later" not in text
    assert submission.reference in text
    flat = "".join(text.split())
    for item in submission.checklist_snapshot:
        for doc in item["documents"]:
            assert doc["sha256"] in flat


def test_the_stored_receipt_is_rendered_once(submission, private_storage, monkeypatch):
    path = receipts.receipt_ensure(submission)
    first = (private_storage / path).read_bytes()
    monkeypatch.setattr(receipts, "render_receipt_pdf", lambda *a, **k: pytest.fail("rendered again"))
    assert receipts.receipt_ensure(submission) == path
    assert (private_storage / path).read_bytes() == first
