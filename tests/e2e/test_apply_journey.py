"""From the home page a person presses Apply on an open vacancy, signs up, confirms the address from the demo
mailbox and comes back to the same application, fills in the profile (dates as dd.mm.yyyy), attaches two PDFs,
previews the whole application, submits and downloads the receipt: in headless Chromium, only clicks and typing
into forms, one screenshot per step. The uploads' script (static/js/uploads.js) refuses an oversized file before
sending it and shows the progress."""

import datetime as dt
import io
from io import BytesIO

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from applications.models import Application, ApplicationDocument, ApplicationStatus
from tests.factories import AnnouncementFactory, InstitutionFactory, PositionFactory, RequiredDocumentFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

EMAIL = "drita.berisha@example.org"
PASSWORD = "Kalimi-i-forte-2026"


def pdf_file(folder, name: str, title: str):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buf = io.BytesIO()
    writer.write(buf)
    path = folder / name
    path.write_bytes(buf.getvalue())
    return path


@pytest.fixture
def open_vacancy(db):
    institution = InstitutionFactory(
        short_name="KQZ", name="Komisioni Qendror i Zgjedhjeve", name_en="Central Election Commission"
    )
    now = timezone.now()
    announcement = AnnouncementFactory(
        institution=institution,
        reference="KQZ 07/2026",
        title="Konkurs për zyrtarë",
        title_en="Competition",
        published_at=now - dt.timedelta(days=2),
        opens_at=now - dt.timedelta(days=2),
        closes_at=now + dt.timedelta(days=10),
    )
    position = PositionFactory(
        announcement=announcement,
        code="KQZ 44/2026",
        title="Zyrtar për teknologji",
        title_en="Technology officer",
    )
    RequiredDocumentFactory(position=position, order=1, name="CV", name_sq="CV", name_en="CV")
    RequiredDocumentFactory(position=position, order=2, name="Diplomë", name_sq="Diplomë", name_en="Diploma")
    RequiredDocumentFactory(
        position=position,
        order=3,
        name="Patentë",
        name_sq="Patentë",
        name_en="Driving licence",
        required=False,
    )
    return position


def application_documents():
    return list(ApplicationDocument.objects.all())


@pytest.fixture
def demo_mail(settings):
    cache.clear()  # allauth's rate limits live in the cache
    settings.EMAIL_BACKEND = "notifications.backends.DatabaseEmailBackend"
    settings.DEMO_MAILBOX = True


def test_from_the_home_page_apply_sign_up_verify_fill_profile_attach_two_pdfs_submit_and_download_the_receipt(
    live_server, page, shots, open_vacancy, demo_mail, tmp_path
):
    position = open_vacancy

    # 1. The home page lists the vacancy with its Apply button; a signed-out visitor is asked to sign in.
    page.goto(live_server.url + "/en/")
    page.screenshot(path=shots / "01-home.png", full_page=True)
    card = page.locator(".cards .card", has_text="Technology officer").first
    card.get_by_role("link", name="Apply").click()
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    page.screenshot(path=shots / "02-sign-in-or-sign-up.png", full_page=True)

    # 2. No account yet: sign up from the sign-in page (the way back to the application is kept).
    page.locator("main a[href*='/accounts/signup/']").first.click()
    page.wait_for_load_state()
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.screenshot(path=shots / "03-sign-up.png", full_page=True)
    page.locator("form:has(input[name=password2]) [type=submit]").first.click()
    page.wait_for_load_state()
    page.screenshot(path=shots / "04-verify-your-address.png", full_page=True)

    # 3. Confirm the address with the link in the e-mail (the demo mailbox shows what was sent): back at the
    # application to the same position.
    page.locator("nav.main-nav").get_by_role("link", name="Demo mailbox").click()
    page.wait_for_load_state()
    page.screenshot(path=shots / "05-mailbox.png", full_page=True)
    page.locator(f"article:has-text('{EMAIL}') a[href*='confirm-email']").first.click()
    page.wait_for_load_state()
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()
    page.screenshot(path=shots / "06-back-at-the-application.png", full_page=True)
    assert page.url.endswith(f"/en/applications/apply/{position.pk}/"), page.url
    assert page.locator("nav.main-nav a[href$='/applications/']").count() == 1  # signed in

    # 4. Start the application; the draft asks for the profile first.
    page.get_by_role("button", name="Start the application").click()
    page.wait_for_load_state()
    draft_url = page.url
    page.get_by_role("link", name="Review or complete the profile").click()
    page.get_by_role("link", name="Edit personal data").click()
    for field, value in {
        "first_name": "Drita",
        "last_name": "Berisha",
        "date_of_birth": "03.04.1992",
        "personal_number": "1122334455",
        "address": "Rr. Nëna Terezë 5, Prishtinë",
        "phone": "+383 44 123 456",
    }.items():
        page.fill(f"[name={field}]", value)
    page.select_option("[name=gender]", "female")
    page.screenshot(path=shots / "07-personal-data.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    page.locator("a[href$='/profile/education/']").click()
    page.select_option("[name=education-0-level]", "master")
    page.fill("[name=education-0-field_of_study]", "Computer science")
    page.fill("[name=education-0-institution]", "University of Prishtina")
    page.fill("[name=education-0-graduation_date]", "30.06.2015")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    page.locator("a[href$='/profile/experience/']").click()
    for name, value in {
        "employer": "KEK",
        "employer_address": "Prishtinë",
        "function": "IT officer",
        "start_date": "01.09.2016",
        "end_date": "31.08.2024",
        "duties": "Networks",
    }.items():
        page.fill(f"[name=experience-0-{name}]", value)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    page.locator("a[href$='/profile/referees/']").click()
    for i, (name, address, contact) in enumerate(
        [("Arben Hoxha", "Prishtinë", "+383 44 000 001"), ("Vjosa Krasniqi", "Pejë", "vjosa@example.org")]
    ):
        page.fill(f"[name=referees-{i}-name]", name)
        page.fill(f"[name=referees-{i}-address]", address)
        page.fill(f"[name=referees-{i}-contact]", contact)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".gaps").count() == 0  # nothing left to fill in
    page.screenshot(path=shots / "08-profile-complete.png", full_page=True)

    # Back to the draft through "My applications".
    page.locator("nav.main-nav a[href$='/applications/']").click()
    page.get_by_role("link", name="Continue your application").first.click()
    page.wait_for_load_state()
    assert page.url == draft_url
    assert "left." in page.locator("main .status").first.inner_text()  # the time left, in plain words

    # 5. Attach two PDFs, one per required line of the checklist, each with its own small form. A file over the
    # limit is refused by the page before anything is sent (static/js/uploads.js); the others show their progress.
    posts = []
    page.on(
        "request", lambda r: posts.append(r.url) if r.method == "POST" and "/documents/" in r.url else None
    )
    first = page.locator(f"#item-doc-{position.documents.get(order=1).pk}")
    big = tmp_path / "too-big.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(settings.DOCUMENT_MAX_BYTES + 1)
    first.locator("input[type=file]").set_input_files(str(big))
    expect(first.locator(".upload-status")).to_contain_text("too-big.pdf")
    first.get_by_role("button", name="Upload").click()
    page.screenshot(path=shots / "09-oversized-refused.png", full_page=True)
    assert posts == [] and not application_documents()
    cv = pdf_file(tmp_path, "CV Drita Berisha.pdf", "CV")
    diploma = pdf_file(tmp_path, "diploma.pdf", "Diploma")
    for order, path in ((1, cv), (2, diploma)):
        slot = f"doc-{position.documents.get(order=order).pk}"
        item = page.locator(f"#item-{slot}")
        item.locator("input[type=file]").set_input_files(str(path))
        item.get_by_role("button", name="Upload").click()
        expect(page.locator(f"#item-{slot} .files li")).to_have_count(1)
        expect(page.locator("main")).to_contain_text(f"“{path.name}” attached.")
    assert len(posts) == 2
    page.screenshot(path=shots / "10-documents-attached.png", full_page=True)

    # 6. Preview the whole application as HR will see it, then tick the self-declaration and submit.
    page.locator("#preview-link").click()
    page.wait_for_load_state()
    page.screenshot(path=shots / "11-preview.png", full_page=True)
    main = page.locator("main").inner_text()
    assert "Berisha" in main and "University of Prishtina" in main and "KEK" in main and "diploma.pdf" in main
    page.check("#id_declaration")
    page.locator("#submit-application").click()
    page.wait_for_load_state()
    page.screenshot(path=shots / "12-submitted.png", full_page=True)
    application = Application.objects.get(applicant__email=EMAIL, position=position)
    assert application.status == ApplicationStatus.SUBMITTED
    reference = application.last_submission.reference
    assert reference in page.locator("main").inner_text()

    # 7. Download the receipt and read its reference.
    href = page.locator("#receipt-link").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    (shots / "13-receipt.pdf").write_bytes(response.body())
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.body())).pages)
    assert reference in text
    flat = "".join(text.split())
    hashes = list(application.documents.values_list("sha256", flat=True))
    assert len(hashes) == 2 and all(sha in flat for sha in hashes)

    # 8. "My applications" and the inbox tell the same in plain words.
    page.locator("nav.main-nav a[href$='/applications/']").click()
    assert reference in page.locator("main").inner_text()
    page.screenshot(path=shots / "14-my-applications.png", full_page=True)
    page.locator("nav.main-nav a[href$='/inbox/']").click()
    assert reference in page.locator("main").inner_text()
    page.screenshot(path=shots / "15-inbox.png", full_page=True)


def test_without_javascript_a_signed_in_person_applies_and_uploads_from_the_home_page(
    live_server, browser, shots, open_vacancy, demo_mail
):
    """The uploads' script only enhances: with JavaScript off the same clicks attach the file."""
    from allauth.account.models import EmailAddress

    from tests.factories import UserFactory

    user = UserFactory(username=EMAIL, email=EMAIL)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + "/en/")
        page.locator(".cards .card", has_text="Technology officer").first.get_by_role(
            "link", name="Apply"
        ).click()
        page.fill("input[name=login]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        page.locator("main form [type=submit]").first.click()
        page.get_by_role("button", name="Start the application").click()
        slot = f"doc-{open_vacancy.documents.get(order=1).pk}"
        page.locator(f"#item-{slot} input[type=file]").set_input_files(str(pdf_file(shots, "cv.pdf", "CV")))
        page.locator(f"#item-{slot}").get_by_role("button", name="Upload").click()
        expect(page.locator(f"#item-{slot} .files li")).to_have_count(1)
        page.screenshot(path=shots / "no-js-phone-uploaded.png", full_page=True)
        assert ApplicationDocument.objects.filter(application__applicant=user).count() == 1
    finally:
        context.close()
