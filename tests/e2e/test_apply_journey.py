"""A person signs up, verifies the address from the mailbox, fills in the profile, applies to an open
vacancy with two PDFs, and downloads the receipt: in headless Chromium, one screenshot per step."""

import datetime as dt
import io
from io import BytesIO

import pytest
from django.core.cache import cache
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from applications.models import Application, ApplicationStatus
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
    institution = InstitutionFactory(short_name="KQZ", name="Komisioni Qendror i Zgjedhjeve",
                                     name_en="Central Election Commission")
    now = timezone.now()
    announcement = AnnouncementFactory(
        institution=institution, reference="KQZ 07/2026", title="Konkurs për zyrtarë", title_en="Competition",
        published_at=now - dt.timedelta(days=2), opens_at=now - dt.timedelta(days=2),
        closes_at=now + dt.timedelta(days=10),
    )
    position = PositionFactory(announcement=announcement, code="KQZ 44/2026", title="Zyrtar për teknologji",
                               title_en="Technology officer")
    RequiredDocumentFactory(position=position, order=1, name="CV", name_sq="CV", name_en="CV")
    RequiredDocumentFactory(position=position, order=2, name="Diplomë", name_sq="Diplomë", name_en="Diploma")
    RequiredDocumentFactory(position=position, order=3, name="Patentë", name_sq="Patentë", name_en="Driving licence",
                            required=False)
    return position


@pytest.fixture
def demo_mail(settings):
    cache.clear()  # allauth's rate limits live in the cache
    settings.EMAIL_BACKEND = "notifications.backends.DatabaseEmailBackend"
    settings.DEMO_MAILBOX = True


def test_sign_up_verify_fill_profile_apply_with_two_pdfs_and_download_the_receipt(
    live_server, page, shots, open_vacancy, demo_mail, tmp_path
):
    base = live_server.url + "/en"

    # 1. Sign up with an e-mail and a password.
    page.goto(base + "/accounts/signup/")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.screenshot(path=shots / "01-sign-up.png", full_page=True)
    page.locator("form:has(input[name=password2]) [type=submit]").first.click()
    page.wait_for_load_state()
    page.screenshot(path=shots / "02-verify-your-address.png", full_page=True)

    # 2. Verify the address with the link in the e-mail (the demo mailbox shows what was sent).
    page.goto(base + "/mailbox/")
    page.screenshot(path=shots / "03-mailbox.png", full_page=True)
    link = page.locator(f"article:has-text('{EMAIL}') a[href*='confirm-email']").first
    page.goto(link.get_attribute("href"))
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()
    page.screenshot(path=shots / "04-address-confirmed.png", full_page=True)
    assert page.locator("nav.main-nav a[href$='/applications/']").count() == 1  # signed in

    # 3. Fill in the profile: personal data, one degree, two referees.
    page.locator("nav.main-nav a[href$='/applications/']").click()
    page.get_by_role("link", name="Fill in my profile").click()
    page.get_by_role("link", name="Edit personal data").click()
    for field, value in {"first_name": "Drita", "last_name": "Berisha", "date_of_birth": "1992-04-03",
                         "personal_number": "1122334455", "address": "Rr. Nëna Terezë 5, Prishtinë",
                         "phone": "+383 44 123 456"}.items():
        page.fill(f"[name={field}]", value)
    page.select_option("[name=gender]", "female")
    page.screenshot(path=shots / "05-personal-data.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    page.locator("a[href$='/profile/education/']").click()
    page.select_option("[name=education-0-level]", "master")
    page.fill("[name=education-0-field_of_study]", "Computer science")
    page.fill("[name=education-0-institution]", "University of Prishtina")
    page.fill("[name=education-0-graduation_date]", "2015-06-30")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    page.locator("a[href$='/profile/referees/']").click()
    for i, (name, address, contact) in enumerate([("Arben Hoxha", "Prishtinë", "+383 44 000 001"),
                                                  ("Vjosa Krasniqi", "Pejë", "vjosa@example.org")]):
        page.fill(f"[name=referees-{i}-name]", name)
        page.fill(f"[name=referees-{i}-address]", address)
        page.fill(f"[name=referees-{i}-contact]", contact)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".gaps").count() == 0  # nothing left to fill in
    page.screenshot(path=shots / "06-profile-complete.png", full_page=True)

    # 4. Apply to the open vacancy from its page.
    position = open_vacancy
    page.goto(base + position.get_absolute_url().removeprefix("/en"))
    page.screenshot(path=shots / "07-vacancy.png", full_page=True)
    apply_link = page.locator(f"a[href$='/applications/apply/{position.pk}/']")
    if apply_link.count():
        apply_link.first.click()
    else:  # the vacancy page does not link to it yet (templates/applications/_apply_link.html)
        page.goto(f"{base}/applications/apply/{position.pk}/")
    page.screenshot(path=shots / "08-apply.png", full_page=True)
    page.get_by_role("button", name="Start the application").click()
    page.wait_for_load_state()

    # 5. Attach two PDFs, one per required line of the checklist, each with its own small form.
    cv = pdf_file(tmp_path, "CV Drita Berisha.pdf", "CV")
    diploma = pdf_file(tmp_path, "diploma.pdf", "Diploma")
    for order, path in ((1, cv), (2, diploma)):
        slot = f"doc-{position.documents.get(order=order).pk}"
        item = page.locator(f"#item-{slot}")
        item.locator("input[type=file]").set_input_files(str(path))
        item.get_by_role("button", name="Upload").click()
        page.wait_for_load_state()
        assert page.locator(f"#item-{slot} .files li").count() == 1
    page.screenshot(path=shots / "09-documents-attached.png", full_page=True)

    # 6. Tick the self-declaration and submit.
    page.check("#id_declaration")
    page.locator("#submit-application").click()
    page.wait_for_load_state()
    page.screenshot(path=shots / "10-submitted.png", full_page=True)
    application = Application.objects.get(applicant__email=EMAIL, position=position)
    assert application.status == ApplicationStatus.SUBMITTED
    reference = application.last_submission.reference
    assert reference in page.locator("main").inner_text()

    # 7. Download the receipt and read its reference.
    href = page.locator("#receipt-link").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    (shots / "11-receipt.pdf").write_bytes(response.body())
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.body())).pages)
    assert reference in text
    flat = "".join(text.split())
    hashes = list(application.documents.values_list("sha256", flat=True))
    assert len(hashes) == 2 and all(sha in flat for sha in hashes)

    # 8. "My applications" and the inbox tell the same in plain words.
    page.locator("nav.main-nav a[href$='/applications/']").click()
    assert reference in page.locator("main").inner_text()
    page.screenshot(path=shots / "12-my-applications.png", full_page=True)
    page.locator("nav.main-nav a[href$='/inbox/']").click()
    assert reference in page.locator("main").inner_text()
    page.screenshot(path=shots / "13-inbox.png", full_page=True)
