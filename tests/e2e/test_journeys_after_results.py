"""After the results (R-26, R-29 … R-40), on the demo's competition KQZ 08/2026 (load_demo: results published, the
winners kandidat9..12@demo.test, the first invited to choose a post), from the home page and only by clicking and
typing, each person in a browser of their own:

* from the published results to a confirmed probation: the first winner opens the invitation from My applications,
  chooses the post and consents in writing (confirmation page); HR (hr@kqz.demo, with its authenticator) opens Due
  this week, verifies each original against the submitted copy (R-29), appoints through the confirmation page
  (R-30.1; the appointee finds the appointment and its act in My applications), records the appointee's reporting
  to work (confirmation page, R-30.2), starts the probation (R-33.1), records a suspension (R-33.4) and the
  evaluation meeting (R-38), the supervisor's decision to confirm (confirmation page, R-39) and issues the act that
  informs the employee (R-39.7), which the employee then reads in My applications;
* the first winner refuses (confirmation page) and the next winner finds the invitation in My applications (R-26.3).

Each journey at desktop width in Albanian and on a phone in English;
every page screenshot and checked with axe-core."""

import datetime as dt

import pytest
from django.utils import timezone

from demo import data
from tests.e2e.harness import DESKTOP, PHONE, log_in, pass_second_factor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

VARIANTS = pytest.mark.parametrize(
    ("viewport", "language"), [(DESKTOP, "sq"), (PHONE, "en")], ids=["desktop-sq", "phone-en"]
)
STAGE = data.AFTER_RESULTS_STAGE
REFERENCE = STAGE["reference"]
FIRST, SECOND = (data.stage_applicant_email(n) for n in STAGE["winners"][:2])
FIRST_NAME = " ".join(data.STAGE_APPLICANTS[STAGE["winners"][0] - 1][:2])
HR = STAGE["hr"]


def today():
    """The date a person at KQZ reads on the calendar (typed into the date fields)."""
    return timezone.localdate()


def open_invitation(j, shot: str):
    """My applications, then the step that asks the winner to act: "Open your invitation"."""
    j.nav("My applications", f"{shot}-my-applications")
    link = j.page.get_by_role("link", name=j.t("Open your invitation"))
    assert link.count() == 1, j.main_text()
    j.click(link, f"{shot}-invitation")
    assert REFERENCE in j.main_text()


def confirm(j, button: str, shot: str):
    """A confirmation page: it says what will happen; its button does it."""
    assert j.page.locator("main ul.consequences li").count() >= 1, j.main_text()
    j.click(j.page.get_by_role("button", name=j.t(button)), shot)
    assert j.page.locator(".messages .error, .messagelist .error, main .errorlist").count() == 0, (
        j.main_text()
    )


@VARIANTS
def test_the_first_winner_refuses_and_the_next_winner_finds_the_invitation(
    demo, open_journey, viewport, language
):
    # 1. The first winner: My applications, the invitation, "Refuse the invitation", confirmed.
    first = open_journey(viewport, language, name="first-winner")
    log_in(first, FIRST, data.DEMO_PASSWORD)
    open_invitation(first, "first")
    first.click(first.page.get_by_role("link", name=first.t("Refuse the invitation")), "refusal-confirmation")
    confirm(first, "Refuse the invitation", "refused")
    first.nav("My applications", "first-after-refusal")
    assert first.page.get_by_role("link", name=first.t("Open your invitation")).count() == 0
    assert first.t("You refused the invitation, or did not answer it in time (R-26.3).") in first.main_text()

    # 2. The next winner, in a browser of their own: the invitation waits in My applications.
    second = open_journey(viewport, language, name="second-winner")
    log_in(second, SECOND, data.DEMO_PASSWORD)
    open_invitation(second, "second")
    assert second.page.locator("main input[type=radio][name=post]").count() >= 1, second.main_text()


def hr_signs_in(j):
    """HR logs in; its first page after the results, Due this week, asks for the authenticator first."""
    log_in(j, HR, data.DEMO_PASSWORD)
    j.nav("Due this week")
    secret = pass_second_factor(j, data.DEMO_PASSWORD)
    if "/recovery-codes/" in j.page.url:  # shown once, then the page is a click away
        j.check("recovery-codes")
        j.nav("Due this week")
        pass_second_factor(j, data.DEMO_PASSWORD, secret)
    j.check("due-this-week")


def submit(j, button: str, shot: str | None):
    """A form's button by its words; the page it leads to shows no error."""
    j.click(j.page.locator("main").get_by_role("button", name=j.t(button)).first, shot)
    errors = j.page.locator("main .errorlist, main .messages .error, .messagelist .error")
    assert errors.count() == 0, j.main_text()


@pytest.mark.parametrize(
    ("viewport", "language"), [(DESKTOP, "sq"), (PHONE, "en")], ids=["desktop-sq", "phone-en"]
)
def test_from_the_published_results_to_a_confirmed_probation(demo, open_journey, viewport, language):
    # 1. The first winner: the invitation from My applications, the post chosen, the written consent confirmed.
    winner = open_journey(viewport, language, name="winner")
    page = winner.page
    log_in(winner, FIRST, data.DEMO_PASSWORD)
    open_invitation(winner, "winner")
    posts = page.locator("main input[type=radio][name=post]")
    assert posts.count() >= 1, winner.main_text()
    posts.first.check()
    winner.click(page.get_by_role("button", name=winner.t("Choose this post")), "consent-confirmation")
    confirm(winner, "I consent in writing to this post", "consented")
    winner.nav("My applications", "winner-after-consent")
    assert page.get_by_role("link", name=winner.t("Open your invitation")).count() == 0

    # 2. HR: Due this week, the winners who consented, the final verification of each original.
    hr = open_journey(viewport, language, name="hr")
    page = hr.page
    hr_signs_in(hr)
    hr.click(
        page.locator("main").get_by_role("link", name=hr.t("Verification of originals and appointment")),
        "verification-and-appointment",
    )
    row = page.locator("main tbody tr", has_text=FIRST_NAME)
    assert row.count() == 1, hr.main_text()
    hr.click(row.get_by_role("link", name=hr.t("Final verification")), "final-verification")
    submit(hr, "Start the final verification", "final-verification-started")
    # Each row still to check shows its form (a checked one keeps it folded under "Change").
    to_check = page.locator("main ol.checks li > form")
    rows = to_check.count()
    assert rows >= 1, hr.main_text()
    for n in range(rows):
        form = to_check.first
        form.locator("input[name=result][value=matches]").check()
        hr.click(form.get_by_role("button", name=hr.t("Record")), "original-checked" if n == 0 else None)
    assert to_check.count() == 0, hr.main_text()
    hr.check("final-verification-positive")

    # 3. The appointment through its confirmation page: the act's number, today's date.
    hr.click(
        page.locator("main").get_by_role("link", name=hr.t("Appoint"), exact=True), "appoint-confirmation"
    )
    page.locator("main input[name=act_number]").fill("KQZ-08/2026-E-1")
    submit(hr, "Confirm the appointment", "appointed")

    # The appointee finds the appointment, its act and the last day to report in My applications.
    winner.nav("My applications", "appointee-my-applications")
    card = winner.page.locator("main p.status").first.inner_text()
    assert winner.t("Appointed: report to work by %(day)s.").split("%")[0] in card, card
    winner.click(winner.page.get_by_role("link", name=winner.t("Your appointment")), "appointee-appointment")
    assert "KQZ-08/2026-E-1" in winner.main_text()

    # 4. The appointee reports to work; HR records it, through its confirmation page.
    page.locator("main input[name=reported_on]").fill(today().isoformat())
    submit(hr, "Record the reporting to work", "reporting-confirmation")
    submit(hr, "Confirm the reporting", "reported")

    # 5. The probation: started from Due this week, a suspension recorded, the meeting.
    hr.nav("Due this week", "due-after-reporting")
    hr.click(page.locator("main ul.due-items a", has_text=FIRST_NAME).first, "probations")
    submit(hr, "Start the probation", "probation")
    page.locator("main select[name=cause]").select_option("medical")
    page.locator("main input[name=starts_on]").fill((today() + dt.timedelta(days=30)).isoformat())
    page.locator("main input[name=ends_on]").fill((today() + dt.timedelta(days=39)).isoformat())
    page.locator("main input[name=note]").fill("Raport mjekësor për dhjetë ditë.")
    submit(hr, "Record the suspension", "suspension-recorded")
    assert page.locator("main ul li", has_text=(today() + dt.timedelta(days=39)).strftime("%d.%m.%Y")).count()
    # The supervisor met the employee today, the notice given three days ahead, so the decision can follow.
    page.locator("main input[name=meeting_on]").fill(today().isoformat())
    page.locator("main input[name=announced_on]").fill((today() - dt.timedelta(days=3)).isoformat())
    submit(hr, "Record the meeting", "meeting-recorded")

    # 6. The supervisor's decision, confirmed on its page, then the act that informs the employee.
    hr.click(
        page.locator("main").get_by_role("link", name=hr.t("Record the supervisor's decision")), "decision"
    )
    page.locator("main input[name=outcome][value=confirm]").check()
    page.locator("main input[name=received_on]").fill(today().isoformat())
    page.locator("main input[name=supervisor_name]").fill("Agim Gashi")
    page.locator("main textarea[name=reasons]").fill("Ka përmbushur detyrat me sukses gjatë provës.")
    submit(hr, "Continue", "decision-confirmation")
    submit(hr, "Confirm and record the decision", "decision-recorded")
    hr.click(
        page.locator("main").get_by_role("link", name=hr.t("Issue the act and inform the employee")),
        "inform-confirmation",
    )
    page.locator("main input[name=act_number]").fill("KQZ-08/2026-P-1")
    submit(hr, "Issue the act and inform the employee", "probation-confirmed")
    assert page.locator("main a[href$='/act.pdf']").count() == 1, hr.main_text()

    # 7. The employee reads it in My applications, with the act; the status card says where they stand now.
    winner.nav("My applications", "employee-confirmed")
    card = winner.page.locator("main p.status").first.inner_text()
    assert winner.t("Confirmed in the civil service.") in card, card
    assert winner.t("On the shortlist.") not in card, card
    assert (
        winner.t("Confirmed in the civil service at the end of the probation (R-39.4).") in winner.main_text()
    )
    assert winner.page.get_by_role("link", name=winner.t("The act (PDF)")).count() == 1
