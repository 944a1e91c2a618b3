"""HR's preliminary verification (R-18) in headless Chromium: HR signs in with the password and the
authenticator code, verifies the applications of a closed KQZ position in the admin (frozen profile,
protected documents, one row per criterion), publishes the shortlist; the public sees the list in the
Albanian alphabetical order (R-18.4) with its PDF, and the rejected candidate reads the outcome (R-18.6)."""

import datetime as dt
import io
import re
import time
from io import BytesIO

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from applications import services as application_services
from applications.models import Application, Education, Referee, WorkExperience
from notifications.models import Message
from tests.accounts.helpers import PASSWORD, activate_totp, totp_code, verified
from tests.factories import (
    AnnouncementFactory,
    InstitutionFactory,
    PositionFactory,
    RequiredDocumentFactory,
    RequirementFactory,
    UserFactory,
    make_hr,
)
from vacancies.models import ClosingState
from verification import rules
from verification.closing import position_closing_decide
from verification.models import Decision, Review, Shortlist

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

HR_EMAIL = "hr@kqz.example.org"
# Entered in this order on purpose: the shortlist must come out as Cana, Çeku, Dushi, Dhima (the 36 letters:
# C < Ç < D < Dh), which neither a byte order (D… before Ç…) nor an English one (Dh… before Du…) gives.
ELIGIBLE = [("Arta", "Dhima"), ("Blerim", "Çeku"), ("Valon", "Dushi"), ("Drita", "Cana")]
REJECTED = ("Ilir", "Berisha")  # one year of experience where the position asks for two
SHORTLIST_ORDER = ["Cana", "Çeku", "Dushi", "Dhima"]


@pytest.fixture
def clock():
    """Start just after a TOTP period begins (tests/accounts/conftest.py totp_clock), so the code the
    test computes at the log-in is still valid when the browser posts it."""
    period_start = (int(time.time()) // 30 + 1) * 30
    with time_machine.travel(period_start + 1, tick=True):
        yield


@pytest.fixture
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()  # allauth's rate limits and used TOTP codes
    yield
    cache.clear()


def pdf_upload(name: str, title: str) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buf = io.BytesIO()
    writer.write(buf)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/pdf")


def apply(position, first_name, last_name, *, years):
    """A person with a complete profile applies through the applications' services (the clock is before
    the deadline)."""
    slug = last_name.lower().replace("ç", "c")
    user = verified(UserFactory(username=f"{first_name.lower()}.{slug}@example.org"))
    profile = application_services.profile_get_or_create(user=user)
    for field, value in {
        "first_name": first_name,
        "last_name": last_name,
        "date_of_birth": dt.date(1991, 3, 12),
        "personal_number": f"12{abs(hash(last_name)) % 10**8:08d}",
        "gender": "female",
        "address": "Rr. Nëna Terezë 5, Prishtinë",
        "phone": "+383 44 123 456",
    }.items():
        setattr(profile, field, value)
    profile.save()
    Education.objects.create(
        profile=profile,
        level="master",
        field_of_study="Shkenca kompjuterike",
        institution="Universiteti i Prishtinës",
        country="XK",
        graduation_date=dt.date(2015, 6, 30),
    )
    WorkExperience.objects.create(
        profile=profile,
        employer="KEK",
        employer_address="Prishtinë",
        function="Zyrtar i IT-së",
        start_date=dt.date(2024, 1, 1) - dt.timedelta(days=365 * years),
        end_date=dt.date(2024, 1, 1),
        duties="Mirëmbajtja e rrjetit",
    )
    Referee.objects.create(
        profile=profile, name="Arben Hoxha", address="Prishtinë", contact="+383 44 000 001"
    )
    Referee.objects.create(
        profile=profile, name="Vjosa Krasniqi", address="Pejë", contact="vjosa@example.org"
    )
    application, _ = application_services.application_start(
        applicant=user, position=position, actor=user, language="en"
    )
    for doc in position.documents.filter(required=True).order_by("order"):
        application_services.documents_add(
            application=application,
            slot=f"doc-{doc.pk}",
            actor=user,
            uploads=[pdf_upload(f"{doc.name_en} {last_name}.pdf", doc.name_en)],
        )
    application_services.application_submit(application=application, actor=user, declaration_accepted=True)
    return user


@pytest.fixture
def closed_position(db, private_storage):
    institution = InstitutionFactory(
        short_name="KQZ", name_sq="Komisioni Qendror i Zgjedhjeve", name_en="Central Election Commission"
    )
    now = timezone.now()
    closes_at = now - dt.timedelta(hours=50)  # the 15 days of count from here
    announcement = AnnouncementFactory(
        institution=institution,
        reference="KQZ 09/2026",
        title_sq="Konkurs për zyrtarë",
        title_en="Competition",
        published_at=closes_at - dt.timedelta(days=15),
        opens_at=closes_at - dt.timedelta(days=15),
        closes_at=closes_at,
    )
    position = PositionFactory(
        announcement=announcement,
        code="KQZ 45/2026",
        title_sq="Zyrtar për teknologji",
        title_en="Technology officer",
    )
    RequirementFactory(
        position=position,
        order=1,
        kind="general",
        text="Shtetas i Kosovës",
        text_sq="Shtetas i Kosovës",
        text_en="Citizen of Kosovo",
    )
    RequirementFactory(
        position=position,
        order=2,
        kind="experience",
        text="Së paku 2 vjet përvojë pune",
        text_sq="Së paku 2 vjet përvojë pune",
        text_en="At least 2 years of work experience",
        min_years=2,
    )
    RequiredDocumentFactory(position=position, order=1, name="CV", name_sq="CV", name_en="CV")
    RequiredDocumentFactory(position=position, order=2, name="Diplomë", name_sq="Diplomë", name_en="Diploma")
    with time_machine.travel(closes_at - dt.timedelta(days=3), tick=True):  # they applied three days before
        for first, last in ELIGIBLE:
            apply(position, first, last, years=3)
        rejected = apply(position, *REJECTED, years=1)
    # The beat's closing decision: five applications for one seat, so no extension.
    assert position_closing_decide(position_id=position.pk, now=now) == "close"
    position.refresh_from_db()
    assert position.closing_state == ClosingState.CLOSED
    hr = verified(make_hr(UserFactory(username=HR_EMAIL), institution))
    secret = activate_totp(hr)
    return position, hr, secret, rejected


def main_text(page) -> str:
    return page.locator("main, #content").first.inner_text()


def test_hr_verifies_publishes_the_shortlist_and_the_rejected_candidate_reads_the_decision(
    clock, live_server, browser, page, shots, closed_position
):
    position, hr, secret, rejected = closed_position
    base = live_server.url + "/en"

    # 1. HR signs in with the password, then the authenticator code (staff must pass TOTP).
    page.goto(base + "/admin/")
    assert "/accounts/login/" in page.url  # the admin's own form is replaced by allauth's
    page.fill("input[name=login]", HR_EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/2fa/authenticate/" in page.url
    page.screenshot(path=shots / "01-authenticator-code.png", full_page=True)
    page.fill("input[name=code]", totp_code(secret))
    page.locator("form:has(input[name=code]) [type=submit]").first.click()
    page.wait_for_load_state()
    assert re.search(r"/en/admin/$", page.url), page.url
    page.screenshot(path=shots / "02-admin-home.png", full_page=True)

    # 2. The positions to verify: the closed position, its counts and the days left of.
    page.locator("a[href$='/admin/verification/verificationposition/']").first.click()
    page.wait_for_load_state()
    row = page.locator("#result_list tbody tr", has_text=position.code)
    assert row.count() == 1
    assert row.locator("td.field-submitted").inner_text().strip() == "5"
    tz = position.announcement.institution.tzinfo
    left = rules.days_left(position.closed_at, timezone.now(), tz)  # 12 or 13: it closed 50 hours ago
    assert left in (12, 13)
    deadline = rules.shortlist_deadline(position.closed_at, tz).strftime("%d.%m.%Y")
    assert row.locator("td.field-days_left").inner_text().split() == [str(left), "until", deadline]
    page.screenshot(path=shots / "03-positions-to-verify.png", full_page=True)

    # Open the verification (one review per submitted application) with the admin action.
    row.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", "open_reviews")
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    assert "5 review(s) opened." in page.locator("ul.messagelist li.success").inner_text()
    assert Review.objects.filter(position=position).count() == 5
    page.screenshot(path=shots / "04-reviews-opened.png", full_page=True)

    # 3. The reviews of the position.
    page.locator("#result_list tbody tr", has_text=position.code).locator("td.field-reviews_link a").click()
    page.wait_for_load_state()
    assert page.locator("#result_list tbody tr").count() == 5
    # HR's list in the shortlist's Albanian order too (recruitment.collation).
    names = [t.split(",")[0] for t in page.locator("#result_list tbody .field-name_shown").all_inner_texts()]
    assert names == ["Berisha", *SHORTLIST_ORDER]
    page.screenshot(path=shots / "05-reviews.png", full_page=True)
    reviews_url = page.url

    # One review: the frozen profile, the documents through the protected link, the check rows.
    page.locator("#result_list tbody tr", has_text=REJECTED[1]).locator("th a, td a").first.click()
    page.wait_for_load_state()
    body = main_text(page)
    for expected in (
        "Shkenca kompjuterike",
        "Universiteti i Prishtinës",
        "Arben Hoxha",
        "Citizen of Kosovo",
        "At least 2 years of work experience",
    ):
        assert expected in body, expected
    # The frozen profile reads as a person reads it: labels of the choices, dates as on every other page.
    education = page.locator(
        "table:has(th:text-is('institution')) tbody tr, table:has(th:text-is('Institution')) tbody tr"
    ).first.inner_text()
    assert education.split("\t")[:5] == [
        "Master",
        "Shkenca kompjuterike",
        "Universiteti i Prishtinës",
        "Kosovo",
        "30.06.2015",
    ], education
    # The documents open beside the criteria (inline, in the named pane), each with its download too.
    links = page.locator(".review-documents a[target=document-pane]")
    assert links.count() == 2
    assert page.locator("iframe[name=document-pane]").get_attribute("src") == links.first.get_attribute(
        "href"
    )
    response = page.request.get(live_server.url + links.first.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.body().startswith(b"%PDF")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # fits a laptop's width
    page.screenshot(path=shots / "06-review-rejected-before.png", full_page=True)

    # Not eligible: the experience is not met; the decision is reasoned.
    decide(
        page,
        results={
            "Citizen of Kosovo": "met",
            "At least 2 years of work experience": "not_met",
            "CV": "met",
            "Diploma": "met",
        },
        notes={"At least 2 years of work experience": "One year at KEK (2023)."},
        decision="not_eligible",
        reasons=["experience"],
        explanation="The application shows one year of work experience; the position asks for two.",
        shot=shots / "07-review-rejected-filled.png",
    )
    page.screenshot(path=shots / "08-reviews-after-decision.png", full_page=True)

    # Eligible: "all met" in one tick, no exception.
    for i, (_first, last) in enumerate(ELIGIBLE):
        assert page.url == reviews_url  # Save returns to the position's reviews (the admin keeps the filter)
        page.locator("#result_list tbody tr", has_text=last).locator("th a, td a").first.click()
        page.wait_for_load_state()
        decide(
            page,
            all_met=True,
            decision="eligible",
            shot=shots / "09-review-eligible-filled.png" if i == 0 else None,
        )
    decisions = dict(Review.objects.filter(position=position).values_list("last_name", "decision"))
    assert decisions == {
        **{last: Decision.ELIGIBLE for _f, last in ELIGIBLE},
        REJECTED[1]: Decision.NOT_ELIGIBLE,
    }
    page.screenshot(path=shots / "10-reviews-decided.png", full_page=True)

    # 4. Publish the shortlist (the admin action on the position).
    page.goto(base + "/admin/verification/verificationposition/")
    row = page.locator("#result_list tbody tr", has_text=position.code)
    row.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", "publish_shortlist")
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    # The confirmation says what will happen and to how many people before anything is sent.
    assert "Publishes the shortlist of 4 candidates and sends 1 rejection decision." in main_text(page)
    assert not Shortlist.objects.exists()
    page.screenshot(path=shots / "10b-publish-confirmation.png", full_page=True)
    page.locator(".publish-confirm input[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("ul.messagelist li.error").count() == 0, main_text(page)
    assert "(4 candidate(s))" in page.locator("ul.messagelist li.success").inner_text()
    assert Shortlist.objects.filter(position=position).exists()
    page.screenshot(path=shots / "11-published.png", full_page=True)

    # The public page, for anyone (a fresh browser, nobody signed in), in Albanian: the 36-letter order.
    public = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sq-AL")
    try:
        visitor = public.new_page()
        visitor.goto(live_server.url + position.get_absolute_url())  # the position's public page links to it
        visitor.locator(f".shortlist-link a[href$='/shortlists/{position.pk}/']").click()
        visitor.wait_for_load_state()
        assert visitor.url == f"{live_server.url}/shortlists/{position.pk}/"
        assert visitor.locator("html").get_attribute("lang") == "sq"
        names = [t.strip() for t in visitor.locator("table.shortlist tbody th").all_inner_texts()]
        assert names == SHORTLIST_ORDER
        assert REJECTED[1] not in main_text(visitor)
        visitor.screenshot(path=shots / "12-public-shortlist.png", full_page=True)
        href = visitor.locator(f"a[href$='/shortlists/{position.pk}/pdf/']").get_attribute("href")
        response = visitor.request.get(live_server.url + href)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        (shots / "13-shortlist.pdf").write_bytes(response.body())
        text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.body())).pages)
        positions = [text.find(name) for name in SHORTLIST_ORDER]
        assert -1 not in positions and positions == sorted(positions), positions
        assert REJECTED[1] not in text
    finally:
        public.close()

    # 5. The rejected candidate signs in (no second factor for an applicant) and reads the outcome.
    applicant = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    try:
        me = applicant.new_page()
        me.goto(base + "/accounts/login/")
        me.fill("input[name=login]", rejected.email)
        me.fill("input[name=password]", PASSWORD)
        me.locator("form:has(input[name=password]) [type=submit]").first.click()
        me.wait_for_load_state()
        me.locator("nav.main-nav a[href$='/applications/']").click()
        me.wait_for_load_state()
        application = Application.objects.get(applicant=rejected, position=position)
        reference = application.last_submission.reference
        mine = main_text(me)
        assert "Not admitted to the evaluation." in mine and reference in mine
        me.screenshot(path=shots / "14-my-applications.png", full_page=True)
        me.locator(f"a[href$='/applications/{application.pk}/']").first.click()
        me.wait_for_load_state()
        assert "Not admitted to the evaluation." in main_text(me)
        me.screenshot(path=shots / "15-application.png", full_page=True)
        me.locator("nav.main-nav a[href$='/inbox/']").click()
        me.wait_for_load_state()
        decision = me.locator(".inbox details", has_text=f"Decision on your application: {reference}")
        assert decision.count() == 1
        if decision.first.get_attribute("open") is None:  # the newest message is open already
            decision.first.locator("summary").click()
        message = decision.first.inner_text()
        assert "The work experience is insufficient" in message
        assert "one year of work experience" in message
        assert f"{reference}-decision.pdf" in message
        # The reasoned decision the e-mail carries: a PDF naming the reason and the explanation.
        sent = Message.objects.get(recipient=rejected, attachment_name=f"{reference}-decision.pdf")
        with storages["private"].open(sent.attachment_path, "rb") as f:
            decision_text = " ".join(p.extract_text() for p in PdfReader(f).pages)
        assert "one year of work experience" in " ".join(decision_text.split())
        me.screenshot(path=shots / "16-inbox.png", full_page=True)
    finally:
        applicant.close()


def decide(page, *, decision, results=None, all_met=False, notes=None, reasons=(), explanation="", shot=None):
    """On a review's screen: "all met" and/or each criterion's result (and reason), then the decision, as a
    person fills in the form; saved with Save."""
    if all_met:
        page.check("input[name=all_met]")
    groups = page.locator("fieldset.criterion")
    if results is not None:
        assert groups.count() == len(results)
    for i in range(groups.count()):
        group = groups.nth(i)
        label = group.locator("legend .criterion-text").inner_text().strip()
        if results and label in results:
            group.locator(f"input[type=radio][value={results[label]}]").check()
        if notes and label in notes:
            group.locator("input[name^=note_]").fill(notes[label])
    page.check(f"input[name=decision][value={decision}]")
    for reason in reasons:
        page.check(f"input[name=reasons][value={reason}]")
    if explanation:
        page.fill("textarea[name=explanation]", explanation)
    if shot:
        page.screenshot(path=shot, full_page=True)
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    errors = page.locator(".errornote, .errorlist")
    assert errors.count() == 0, errors.all_inner_texts()
    assert page.locator("ul.messagelist li.success").count() == 1
