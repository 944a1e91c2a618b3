"""The applicant's pages through the web: access (404 for anyone else), bad uploads refused with a
message and nothing half-saved, names shown escaped, documents and receipts served only to who may."""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from applications import services
from applications.models import Application, ApplicationDocument, ApplicationStatus
from notifications.models import Message, MessageStatus
from tests.helpers.applications import complete_profile, pdf_bytes, start_draft, upload
from tests.helpers.auth import login_with_second_factor

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def client_for(user, *, second_factor=False) -> Client:
    client = Client()
    if user is None:
        return client
    if second_factor:
        return login_with_second_factor(client, user)
    client.force_login(user)
    return client


def slot(position, order=1):
    return f"doc-{position.documents.get(order=order).pk}"


def post_upload(client, application, slot_name, *files):
    return client.post(
        reverse("applications:upload", args=[application.pk]), {"slot": slot_name, "files": list(files)}
    )


def page_messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def submitted(ready_draft, applicant):
    services.application_submit(application=ready_draft, actor=applicant, declaration_accepted=True)
    ready_draft.refresh_from_db()
    return ready_draft


# --- Access ---------------------------------------------------------------------------------------


def _urls(application):
    doc = application.documents.first()
    return [
        reverse("applications:detail", args=[application.pk]),
        reverse("applications:receipt", args=[application.pk]),
        reverse("applications:receipt_number", args=[application.pk, 1]),
        reverse("applications:document", args=[application.pk, doc.pk]),
        reverse("applications:withdraw", args=[application.pk]),
    ]


@pytest.mark.parametrize("who", ["other_applicant", "committee_member", "observer", "other_hr_officer", None])
def test_nobody_else_sees_an_applicants_application_receipt_or_documents(request, submitted, who):
    user = request.getfixturevalue(who) if who else None
    client = client_for(user, second_factor=True)
    for url in _urls(submitted):
        assert client.get(url).status_code == 404, url
    posts = [
        reverse("applications:withdraw", args=[submitted.pk]),
        reverse("applications:submit", args=[submitted.pk]),
        reverse("applications:upload", args=[submitted.pk]),
        reverse("applications:document_remove", args=[submitted.pk, submitted.documents.first().pk]),
    ]
    for url in posts:
        assert client.post(url, {"declaration": "on"}).status_code == 404, url
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_a_missing_application_looks_the_same_as_someone_elses(submitted, other_applicant):
    client = client_for(other_applicant)
    theirs = client.get(reverse("applications:detail", args=[submitted.pk]))
    missing = client.get(reverse("applications:detail", args=[submitted.pk + 1000]))
    assert theirs.status_code == missing.status_code == 404


def test_the_anonymous_visitor_gets_404_with_a_way_to_log_in(submitted):
    response = Client().get(reverse("applications:detail", args=[submitted.pk]))
    assert response.status_code == 404
    assert reverse("account_login") in response.content.decode()


def test_the_applicant_sees_their_application_receipt_and_documents(submitted, applicant):
    client = client_for(applicant)
    for url in _urls(submitted):
        assert client.get(url).status_code == 200, url


def test_hr_of_the_institution_sees_a_submitted_application_but_may_not_withdraw_it(submitted, hr_officer):
    client = client_for(hr_officer, second_factor=True)
    assert client.get(reverse("applications:detail", args=[submitted.pk])).status_code == 200
    assert client.post(reverse("applications:withdraw", args=[submitted.pk])).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_hr_does_not_see_an_applicants_draft(ready_draft, hr_officer):
    client = client_for(hr_officer, second_factor=True)
    assert client.get(reverse("applications:detail", args=[ready_draft.pk])).status_code == 404


# --- The journey through the pages -----------------------------------------------------------------


def test_apply_upload_and_submit_through_the_pages(applicant, open_position):
    complete_profile(applicant)
    client = client_for(applicant)
    response = client.get(reverse("applications:apply", args=[open_position.pk]))
    assert response.status_code == 200
    response = client.post(reverse("applications:apply", args=[open_position.pk]))
    application = Application.objects.get(applicant=applicant, position=open_position)
    assert response.url == reverse("applications:detail", args=[application.pk])
    for order in (1, 2):
        post_upload(client, application, slot(open_position, order), upload(f"d{order}.pdf", pdf_bytes()))
    # Without the self-declaration: refused, with the reason on the page.
    response = client.post(reverse("applications:submit", args=[application.pk]), follow=True)
    assert any("R-9.3" in m for m in page_messages(response))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    response = client.post(reverse("applications:submit", args=[application.pk]), {"declaration": "on"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert response["X-Application-Reference"] == application.last_submission.reference
    assert application.last_submission.reference in client.get(response.url).content.decode()
    # "My applications" says it in plain words.
    mine = client.get(reverse("applications:mine")).content.decode()
    assert application.last_submission.reference in mine and "Submitted." in mine


def test_the_profile_is_filled_in_through_its_pages(applicant):
    client = client_for(applicant)
    response = client.post(
        reverse("applications:profile_personal"),
        {
            "first_name": "Alba",
            "last_name": "Krasniqi",
            "date_of_birth": "1990-05-17",
            "personal_number": "1234567890",
            "gender": "female",
            "address": "Prishtinë",
            "phone": "044000000",
            "email": "alba@example.org",
        },
    )
    assert response.status_code == 302
    data = {
        "referees-TOTAL_FORMS": "2",
        "referees-INITIAL_FORMS": "0",
        "referees-MIN_NUM_FORMS": "0",
        "referees-MAX_NUM_FORMS": "1000",
        "referees-0-name": "A",
        "referees-0-address": "X",
        "referees-0-contact": "1",
        "referees-1-name": "B",
        "referees-1-address": "Y",
        "referees-1-contact": "2",
    }
    assert client.post(reverse("applications:profile_section", args=["referees"]), data).status_code == 302
    profile = applicant.applicant_profile
    assert profile.last_name == "Krasniqi" and profile.referees.count() == 2
    assert client.get(reverse("applications:profile_section", args=["nonsense"])).status_code == 404


# --- Bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("cv.pdf", EXE, "not a PDF, JPEG or PNG"),
        ("cv.pdf", b"", "empty"),
        ("../../../../etc/cron.d/evil.pdf", EXE, "evil.pdf"),
    ],
)
def test_a_bad_upload_is_refused_with_a_message_and_nothing_saved(
    applicant, open_position, private_storage, name, content, expected
):
    application = start_draft(applicant, open_position)
    client = client_for(applicant)
    response = post_upload(client, application, slot(open_position), upload(name, content))
    assert response.status_code == 302
    page = client.get(response.url)
    assert any(expected in m for m in page_messages(page))
    assert not ApplicationDocument.objects.exists()
    assert not [p for p in private_storage.rglob("*") if p.is_file()]


def test_an_oversized_upload_is_refused_before_it_is_read(
    applicant, open_position, settings, private_storage
):
    settings.DOCUMENT_MAX_BYTES = 10_000
    settings.DOCUMENT_MAX_FILES_PER_REQUEST = 1
    application = start_draft(applicant, open_position)
    client = client_for(applicant)
    big = pdf_bytes() + b"%" + b"x" * (2 * 1024 * 1024)
    response = post_upload(client, application, slot(open_position), upload("big.pdf", big))
    assert response.status_code == 302
    assert any("too large" in m for m in page_messages(client.get(response.url)))
    assert not ApplicationDocument.objects.exists()


def test_an_upload_just_over_the_file_limit_is_refused_by_the_check(applicant, open_position, settings):
    settings.DOCUMENT_MAX_BYTES = 2000
    application = start_draft(applicant, open_position)
    client = client_for(applicant)
    response = post_upload(
        client, application, slot(open_position), upload("big.pdf", pdf_bytes() + b"%" + b"x" * 2000)
    )
    assert any("at most" in m for m in page_messages(client.get(response.url)))
    assert not ApplicationDocument.objects.exists()


def test_a_name_with_html_is_shown_escaped(applicant, open_position):
    application = start_draft(applicant, open_position)
    client = client_for(applicant)
    name = "<img src=x onerror=alert(1)>.pdf"
    response = post_upload(client, application, slot(open_position), upload(name, pdf_bytes()))
    page = client.get(response.url.split("#")[0]).content.decode()
    assert "<img src=x onerror=alert(1)>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in page
    doc = ApplicationDocument.objects.get()
    download = client.get(reverse("applications:document", args=[application.pk, doc.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"] and "<" not in download["Content-Disposition"]


def test_a_slot_from_another_position_is_refused_without_a_server_error(applicant, open_position):
    application = start_draft(applicant, open_position)
    client = client_for(applicant)
    for bogus in ("doc-999999", "../../x", "<b>"):
        response = post_upload(client, application, bogus, upload("a.pdf", pdf_bytes()))
        assert response.status_code == 302
    assert not ApplicationDocument.objects.exists()


def test_garbage_in_the_urls_is_404_not_500(applicant, submitted):
    client = client_for(applicant)
    assert client.get(f"/applications/{submitted.pk}/receipt/99/").status_code == 404
    assert client.get(f"/applications/{submitted.pk}/documents/999999/").status_code == 404


# --- Documents and receipts as files ------------------------------------------------------------------


def test_a_document_is_streamed_with_safe_headers(submitted, applicant, private_storage):
    doc = submitted.documents.first()
    response = client_for(applicant).get(reverse("applications:document", args=[submitted.pk, doc.pk]))
    assert b"".join(response.streaming_content) == (private_storage / doc.storage_path).read_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]


def test_behind_nginx_a_document_is_handed_over_by_x_accel_redirect(submitted, applicant, settings):
    settings.DOCUMENTS_X_ACCEL_PREFIX = "/protected/"
    doc = submitted.documents.first()
    response = client_for(applicant).get(reverse("applications:document", args=[submitted.pk, doc.pk]))
    assert response["X-Accel-Redirect"] == f"/protected/{doc.storage_path}"
    assert response.content == b""
    # ...and only after the permission check.
    assert (
        client_for(None).get(reverse("applications:document", args=[submitted.pk, doc.pk])).status_code == 404
    )


def test_the_receipt_names_the_reference_the_position_and_each_documents_sha256(submitted, applicant):
    response = client_for(applicant).get(reverse("applications:receipt", args=[submitted.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in PdfReader(BytesIO(b"".join(response.streaming_content))).pages
    )
    flat = "".join(text.split())
    assert submitted.last_submission.reference in text
    assert "KQZ 44/2026" in text
    for sha in submitted.documents.values_list("sha256", flat=True):
        assert sha in flat


# --- HR applies for a candidate ------------------------------------------------------------


def test_r12_1_hr_applies_for_a_candidate_with_the_consent_attached(hr_officer, open_position):
    client = client_for(hr_officer, second_factor=True)
    response = client.post(
        reverse("applications:assisted_start"),
        {
            "position": open_position.pk,
            "first_name": "Drita",
            "last_name": "Gashi",
            "email": "drita@example.org",
        },
    )
    application = Application.objects.get(assisted=True)
    assert response.url == reverse("applications:detail", args=[application.pk])
    # The e-mail is the application's (its profile copy's), not a held account's: the person may still register.
    assert application.assisted_by == hr_officer and application.applicant.email == ""
    assert application.applicant.applicant_profile.email == "drita@example.org"
    # HR completes the candidate's profile through the candidate's profile pages.
    assert client.get(reverse("applications:candidate_profile", args=[application.pk])).status_code == 200
    profile = complete_profile(application.applicant)
    profile.email = "drita@example.org"
    profile.save()
    for order in (1, 2):
        post_upload(client, application, slot(open_position, order), upload(f"{order}.pdf", pdf_bytes()))
    response = client.post(
        reverse("applications:submit", args=[application.pk]), {"declaration": "on"}, follow=True
    )
    assert any("R-12.1" in m for m in page_messages(response))  # the consent is missing
    post_upload(client, application, "consent", upload("pelqimi.pdf", pdf_bytes("consent")))
    client.post(reverse("applications:submit", args=[application.pk]), {"declaration": "on"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    submission = application.last_submission
    assert submission.assisted and submission.submitted_by == hr_officer
    assert "consent" in [item["slot"] for item in submission.checklist_snapshot]
    assert profile.user == application.applicant


def test_r12_1_hr_of_another_institution_cannot_touch_it(hr_officer, other_hr_officer, open_position):
    application = services.assisted_application_start(
        actor=hr_officer,
        position=open_position,
        email="",
        first_name="Drita",
        last_name="Gashi",
        language="sq",
    )
    client = client_for(other_hr_officer, second_factor=True)
    assert client.get(reverse("applications:detail", args=[application.pk])).status_code == 404
    assert client.get(reverse("applications:candidate_profile", args=[application.pk])).status_code == 404
    response = client.post(
        reverse("applications:assisted_start"),
        {
            "position": open_position.pk,
            "first_name": "X",
            "last_name": "Y",
            "email": "",
        },
    )
    assert response.status_code == 200 and Application.objects.count() == 1  # not one of its positions


def test_r12_1_an_applicant_cannot_use_the_hr_form(applicant):
    assert client_for(applicant).get(reverse("applications:assisted_start")).status_code == 404


# --- Inbox ---------------------------------------------------------------------------------------------


def test_the_inbox_shows_the_persons_delivered_messages_only(applicant, other_applicant):
    Message.objects.create(
        recipient=applicant,
        email=applicant.email,
        language="sq",
        kind="k",
        subject="Mine",
        body="b",
        status=MessageStatus.SENT,
    )
    Message.objects.create(
        recipient=applicant,
        email=applicant.email,
        language="sq",
        kind="k",
        subject="Not yet delivered",
        body="b",
    )
    Message.objects.create(
        recipient=other_applicant,
        email=other_applicant.email,
        language="sq",
        kind="k",
        subject="Theirs",
        body="b",
        status=MessageStatus.SENT,
    )
    page = client_for(applicant).get(reverse("notifications:inbox")).content.decode()
    assert "Mine" in page and "Theirs" not in page and "Not yet delivered" not in page
    assert Client().get(reverse("notifications:inbox")).status_code == 302  # log in first


def test_the_main_menu_links_my_applications_and_the_inbox(applicant):
    page = client_for(applicant).get(reverse("applications:mine")).content.decode()
    assert reverse("applications:mine") in page and reverse("notifications:inbox") in page


def test_more_files_than_django_accepts_in_one_request_is_a_message_not_an_error(
    applicant, open_position, settings
):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    application = start_draft(applicant, open_position)
    client = client_for(applicant)
    response = post_upload(
        client, application, slot(open_position), *[upload(f"{i}.pdf", pdf_bytes()) for i in range(3)]
    )
    assert response.status_code == 302
    assert page_messages(client.get(response.url))
    assert not ApplicationDocument.objects.exists()
