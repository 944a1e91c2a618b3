"""A newcomer applies to the demo's open vacancy, from the home page to the submitted application and its receipt,
only by clicking and typing: signs up, confirms the address from the demo mailbox, fills in the profile, attaches
the checklist's documents, reads the preview, ticks the declaration, submits and downloads the receipt. Once at
desktop width in Albanian, once on a phone in English; every page screenshot and checked with axe-core."""

import io
import re

import pytest
from pypdf import PdfReader, PdfWriter

from tests.e2e.harness import DESKTOP, PHONE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

VARIANTS = pytest.mark.parametrize(
    ("viewport", "language"), [(DESKTOP, "sq"), (PHONE, "en")], ids=["desktop-sq", "phone-en"]
)
PASSWORD = "Kalimi-i-forte-2026"
OPEN_VACANCY = "KQZ 12/2026"


def pdf(folder, name: str) -> str:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": name})
    buf = io.BytesIO()
    writer.write(buf)
    path = folder / f"{name}.pdf"
    path.write_bytes(buf.getvalue())
    return str(path)


def save(j, name: str):
    """The form's own submit button (Save), then the page it leads to."""
    j.click(j.page.locator("main form button[type=submit], main form input[type=submit]").first, name)
    errors = j.page.locator("main .errorlist")
    assert errors.count() == 0, errors.all_inner_texts()


@VARIANTS
def test_a_newcomer_signs_up_applies_to_the_open_vacancy_and_downloads_the_receipt(
    demo, open_journey, viewport, language, tmp_path
):
    j = open_journey(viewport, language)
    page = j.page
    email = f"drita.{language}@example.org"

    # 1. The open vacancy, found with the home page's search, and its Apply button.
    search = page.get_by_label(j.t("Search vacancies by title, institution or place"))
    search.fill(OPEN_VACANCY)
    search.press("Enter")
    j.check("search")
    j.click(page.locator(".cards .card", has_text=OPEN_VACANCY).first.locator("h3 a"), "vacancy")
    j.no_horizontal_scroll()
    j.click(page.get_by_role("link", name=j.t("Apply for this position")), "sign-in-to-apply")

    # 2. No account yet: sign up, from the log-in page the Apply button led to.
    j.click(page.locator("main a[href*='/signup/']").first, "sign-up")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    j.check("sign-up-filled")
    save(j, "verify-your-address")

    # 3. The confirmation e-mail, read in the demo mailbox, and its link.
    j.click(
        page.locator("main a[href$='/mailbox/']").first, "mailbox"
    )  # the page itself points to the mailbox
    letter = page.locator("main article", has_text=email).first
    assert letter.count() == 1
    j.click(letter.locator("a[href*='confirm-email']").first, "confirm-address")
    save(j, "address-confirmed")

    # 4. Back to the vacancy (the sign-in remembered it, or My applications has the way), then the profile.
    if OPEN_VACANCY not in j.main_text():
        j.nav("Open vacancies", "open-vacancies")
        j.click(
            page.locator(".cards .card", has_text=OPEN_VACANCY).first.locator("h3 a"), "vacancy-signed-in"
        )
        j.click(page.get_by_role("link", name=j.t("Apply for this position")), "apply")
    j.click(page.get_by_role("link", name=j.t("Review or complete the profile")), "profile")
    j.click(page.get_by_role("link", name=j.t("Edit personal data")), "personal-data")
    for field, value in {
        "first_name": "Drita",
        "last_name": "Berisha",
        "date_of_birth": "03.04.1992",
        "personal_number": "1122334455" if language == "sq" else "1122334466",
        "address": "Rr. Nëna Terezë 5, Prishtinë",
        "phone": "+383 44 123 456",
    }.items():
        page.locator(f"main [name={field}]").fill(value)
    page.locator("main [name=gender]").select_option("female")
    j.check("personal-data-filled")
    save(j, "profile-personal-saved")
    for slug, rows in {
        "education": {
            "education-0-level": "master",
            "education-0-field_of_study": "Shkenca kompjuterike",
            "education-0-institution": "Universiteti i Prishtinës",
            "education-0-graduation_date": "30.06.2015",
        },
        "experience": {
            "experience-0-employer": "KEK",
            "experience-0-employer_address": "Prishtinë",
            "experience-0-function": "Zyrtare e IT-së",
            "experience-0-start_date": "01.09.2016",
            "experience-0-end_date": "31.08.2024",
            "experience-0-duties": "Mirëmbajtja e rrjetit",
        },
        "referees": {
            "referees-0-name": "Arben Hoxha",
            "referees-0-address": "Prishtinë",
            "referees-0-contact": "+383 44 000 001",
            "referees-1-name": "Vjosa Krasniqi",
            "referees-1-address": "Pejë",
            "referees-1-contact": "vjosa@example.org",
        },
    }.items():
        j.click(page.locator(f"main a[href$='/profile/{slug}/']").first, f"profile-{slug}")
        for name, value in rows.items():
            field = page.locator(f"main [name='{name}']")
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        save(j, f"profile-{slug}-saved")
    assert page.locator("main .gaps").count() == 0, j.main_text()

    # 5. Apply: start the application from the vacancy's Apply button.
    j.nav("Open vacancies", "open-vacancies")
    j.click(
        page.locator(".cards .card", has_text=OPEN_VACANCY).first.locator("h3 a"), "vacancy-profile-ready"
    )
    j.click(page.get_by_role("link", name=j.t("Apply for this position")), "apply")
    j.click(page.get_by_role("button", name=j.t("Start the application")), "draft")
    j.no_horizontal_scroll()

    # 6. One PDF for every required line of the checklist, each with its own small form.
    missing = page.locator("main li[id^=item-doc-]:has(.missing)")
    slots = [missing.nth(i).get_attribute("id") for i in range(missing.count())]
    assert len(slots) == 4, j.main_text()  # KQZ 12/2026: diplomas, employment, conditions, CV
    for n, slot in enumerate(slots, start=1):
        item = page.locator(f"#{slot}")
        item.locator("input[type=file]").set_input_files(pdf(tmp_path, f"dokumenti-{n}"))
        item.get_by_role("button", name=j.t("Upload")).click()
        # uploads.js sends the file with a progress bar and puts the answer in place of the page.
        page.locator(f"#{slot} .files li").wait_for()
        assert page.locator(f"#{slot} .files li").count() == 1
    assert missing.count() == 0
    j.check("documents-attached")

    # 7. The preview of the whole application as HR will see it; there, the declaration and submit.
    j.click(page.locator("#preview-link"), "preview")
    preview = j.main_text()
    assert "Berisha" in preview and "Universiteti i Prishtinës" in preview and "dokumenti-4" in preview
    page.locator("#id_declaration").check()
    j.click(page.locator("#submit-application"), "submitted")
    reference = re.search(r"KQZ-\d{4}-\d{6}-\d+", j.main_text()).group(0)

    # 8. The receipt, opened by clicking its link (a PDF shown in the browser); it names the reference.
    receipt = page.locator("#receipt-link")
    href = receipt.get_attribute("href")
    with page.expect_response(lambda r: r.url.endswith(href)) as opened:
        receipt.click()
    response = opened.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    body = page.request.get(response.url).body()  # the bytes the browser's PDF viewer shows
    (j.shots / "receipt.pdf").write_bytes(body)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert reference in text
    page.go_back()
    page.wait_for_load_state()

    # 9. My applications and the inbox say the same.
    j.nav("My applications", "my-applications")
    assert OPEN_VACANCY in j.main_text()
    j.nav("Inbox", "inbox")
