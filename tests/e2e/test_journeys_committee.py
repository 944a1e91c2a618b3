"""A committee member of the demo's competition at the interview (KQZ 10/2026), from the home page to submitted
interview marks, only by clicking and typing: logs in, sets up the authenticator (the code computed from the
secret the page shows, typed), declares no conflict of interest with the shortlisted candidates (R-13.6), opens
the evaluation, and fills, saves and submits an interview sheet for every invited candidate (R-23). Once at
desktop width in Albanian, once on a phone in English; every page screenshot and checked with axe-core."""

import pytest

from tests.e2e.harness import DESKTOP, PHONE, log_in, pass_second_factor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

VARIANTS = pytest.mark.parametrize(
    ("viewport", "language"), [(DESKTOP, "sq"), (PHONE, "en")], ids=["desktop-sq", "phone-en"]
)
DEMO_PASSWORD = "demo-portal-2026"  # demo/data.py, printed by load_demo
MEMBER = "member3@kqz.demo"
AT_INTERVIEW = "KQZ 10/2026"
MARKS = ["5", "4.5", "6", "3.75", "5"]  # five questions, up to 6 points each (KQZ's preset)


@VARIANTS
def test_a_committee_member_declares_and_submits_interview_marks_from_the_home_page(
    demo, open_journey, viewport, language
):
    j = open_journey(viewport, language)
    page = j.page

    # 1. Log in; My committees asks for the authenticator first (committee members must pass TOTP).
    log_in(j, MEMBER, DEMO_PASSWORD)
    j.nav("My committees")
    secret = pass_second_factor(j, DEMO_PASSWORD)
    if "/recovery-codes/" in page.url:
        j.check("recovery-codes")
        j.nav("My committees")
        pass_second_factor(j, DEMO_PASSWORD, secret)
    j.check("my-committees")
    j.no_horizontal_scroll()

    # 2. The committee of the competition at the interview: the declaration against the shortlist.
    j.click(page.locator("main tbody tr", has_text=AT_INTERVIEW).locator("th a"), "committee")
    assert page.locator("ul[aria-labelledby=candidates-h] li").count() >= 6
    page.locator("input[name=has_conflict][value=no]").check()
    j.check("declaration-filled")
    j.click(page.get_by_role("button", name=j.t("Record my declaration")), "declared")
    j.no_horizontal_scroll()

    # 3. The evaluation: every invited candidate's interview sheet, filled, saved, then submitted.
    j.click(page.get_by_role("link", name=j.t("Go to the evaluation")), "evaluation")
    j.no_horizontal_scroll()
    invited = page.locator("section[aria-labelledby=int-h] tbody th a")
    count = invited.count()
    assert count >= 1, j.main_text()
    for n in range(count):
        j.click(page.locator("section[aria-labelledby=int-h] tbody th a").nth(n), f"sheet-{n + 1}")
        for q, mark in enumerate(MARKS, start=1):
            page.locator(f"input[name=mark_{q}]").fill(mark)
            page.locator(f"textarea[name=note_{q}]").fill(f"Përgjigje e argumentuar mirë për pyetjen {q}.")
        j.click(page.locator("button[name=save]"), f"sheet-{n + 1}-saved" if n == 0 else None)
        assert page.locator("main .errorlist, main .form-errors").count() == 0, j.main_text()
        j.click(page.locator("button[name=submit]"), f"sheet-{n + 1}-submitted" if n == 0 else None)
        if page.locator("main form button[name=confirm], main form [type=submit].confirm").count():
            j.click(page.locator("main form button[name=confirm], main form [type=submit].confirm").first)
        assert page.locator("main .errorlist, main .form-errors").count() == 0, j.main_text()
        assert page.locator("input[name=mark_1]").count() == 0, "the sheet is still open after submitting"
        j.no_horizontal_scroll()
        j.click(page.locator("nav.breadcrumb a").first, "evaluation-after-sheet" if n == count - 1 else None)
    rows = page.locator("section[aria-labelledby=int-h] tbody tr")
    assert rows.count() == count
