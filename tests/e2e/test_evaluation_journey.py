"""The evaluation (R-19 … R-23) in headless Chromium: the chair signs in with the authenticator code, imports the
written test from a CSV through the page, seals it (its SHA-256 shown) and opens the sitting; two candidates, each
on a phone in their own anonymous browser, enter their one-time code and sit the test; the chair sees codes only
until the sitting ends and the results are locked, then names with scores; the chair sets the interview questions
and two members, after declaring no conflict of interest (R-13.6) on their committee page, fill their own sheets,
none seeing another's marks before every member has submitted (R-23.9)."""

import re
import time
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import translation

from scoring import services
from scoring.models import EvaluationStatus, InterviewSheet, SheetStatus
from tests.accounts.helpers import PASSWORD, activate_totp, totp_code, verified
from tests.factories import AnnouncementFactory, PositionFactory, UserFactory
from tests.helpers.scoring import (
    admit,
    end_sitting,
    make_committee,
    professional_questions,
    questions_csv,
    sealed_yesterday,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

PHONE = {"width": 390, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
# Arta answers every question right, Blerim the first 20 (35 of 70 points: under the gate of ), Dafina does
# not come: her saved nothing is marked at the lock as not sat.
FULL, PARTIAL, ABSENT = ("Arta", "Zhubi"), ("Blerim", "Qorri"), ("Dafina", "Xhemajli")
NAMES = [" ".join(n) for n in (FULL, PARTIAL, ABSENT)]
INTERVIEW_QUESTIONS = [
    "Si do ta organizonit punën e një vendvotimi?",
    "Cilat janë afatet e certifikimit të rezultateve?",
    "Si e trajtoni një ankesë të një vëzhguesi?",
    "Si e mbroni të dhënat personale të votuesve?",
    "Pse dëshironi të punoni në KQZ?",
]


@pytest.fixture
def journey(db, settings, institution, hr_officer):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()  # allauth's rate limits and used TOTP codes
    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution, reference="KQZ 7/2026"),
        code="KQZ 46/2026",
        title_sq="Zyrtar për edukimin e votuesve",
        title_en="Voter education officer",
        category="professional",
        scoring_scheme="kqz-professional",
    )
    chair = verified(UserFactory(username="chair@example.org", first_name="Vjosa", last_name="Berisha"))
    members = [chair] + [verified(UserFactory(username=f"member{i}@example.org")) for i in (2, 3, 4, 5)]
    committee = make_committee(position, members, hr_officer)
    evaluation = services.evaluation_create(position=position, actor=hr_officer)
    candidates = [admit(evaluation, *name) for name in (FULL, PARTIAL, ABSENT)]
    # The list the members declare against: the names HR entered on the committee.
    committee.candidate_names = "\n".join(NAMES)
    committee.save(update_fields=["candidate_names"])
    secrets = {user.email: activate_totp(user) for user in members[:3]}
    yield {
        "position": position,
        "committee": committee,
        "evaluation": evaluation,
        "candidates": candidates,
        "chair": chair,
        "members": members,
        "secrets": secrets,
    }
    cache.clear()


def sign_in(page, url, email, secret):
    """Password, then the authenticator code (staff must pass TOTP), arriving at ``url``."""
    page.goto(url)
    assert "/accounts/login/" in page.url, page.url
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/2fa/authenticate/" in page.url, page.url
    left = 30 - time.time() % 30
    if left < 3:  # a code computed at the end of its period could expire before the browser posts it
        time.sleep(left + 0.2)
    page.fill("input[name=code]", totp_code(secret))
    page.locator("form:has(input[name=code]) [type=submit]").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(url.split("://", 1)[1].split("/", 1)[1]), page.url


def main_text(page) -> str:
    return page.locator("main, #content").first.inner_text()


def no_horizontal_scroll(page):
    """On a phone nothing may push the page wider than the screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def declare_no_conflict(page, committee_url):
    """R-13.6 on the committee page, as a member declares."""
    page.goto(committee_url)
    listed = [t.strip() for t in page.locator("ul[aria-labelledby=candidates-h] li").all_inner_texts()]
    assert listed == NAMES
    page.check("input[name=has_conflict][value=no]")
    page.get_by_role("button", name="Record my declaration").click()
    page.wait_for_load_state()
    assert "Your declaration is recorded." in main_text(page)


def test_chair_runs_the_written_test_candidates_sit_it_on_phones_and_members_mark_the_interview(
    live_server, browser, shots, journey
):
    evaluation, committee, chair = journey["evaluation"], journey["committee"], journey["chair"]
    full, partial, absent = journey["candidates"]
    base = live_server.url + "/en"
    eval_url = f"{base}/evaluations/{evaluation.pk}/"
    committee_url = f"{base}/committees/mine/{committee.pk}/"
    chair_ctx = browser.new_context(viewport=DESKTOP, locale="en")
    contexts = [chair_ctx]
    try:
        # 1. The chair signs in with the code, imports the questions, seals the test, opens the sitting.
        cp = chair_ctx.new_page()
        cp.set_default_timeout(15_000)
        sign_in(cp, eval_url, chair.email, journey["secrets"][chair.email])
        assert "You chair this committee." in main_text(cp)
        cp.screenshot(path=shots / "01-chair-draft.png", full_page=True)
        cp.set_input_files(
            "input[name=file]",
            files=[
                {
                    "name": "questions.csv",
                    "mimeType": "text/csv",
                    "buffer": questions_csv(professional_questions()),
                }
            ],
        )
        cp.get_by_role("button", name="Import the questions").click()
        cp.wait_for_load_state()
        assert "50 questions imported." in main_text(cp)
        assert "50 questions." in main_text(cp)
        assert cp.locator("#test-h ~ ul li").count() == 0  # no problem left before sealing
        cp.screenshot(path=shots / "02-questions-imported.png", full_page=True)
        cp.get_by_role("link", name="Seal the test…").click()  # irreversible: a confirmation page first
        cp.wait_for_load_state()
        assert "Seals the written test of 50 questions worth 70.00 points in all." in main_text(cp)
        assert "3 candidates admitted so far will sit this test." in main_text(cp)
        evaluation.refresh_from_db()
        assert evaluation.status == EvaluationStatus.DRAFT
        cp.screenshot(path=shots / "02b-seal-confirmation.png", full_page=True)
        cp.get_by_role("button", name="Seal the test").click()
        cp.wait_for_load_state()
        evaluation.refresh_from_db()
        assert evaluation.status == EvaluationStatus.SEALED
        assert re.fullmatch(r"[0-9a-f]{64}", evaluation.test_sha256)
        assert f"SHA-256: {evaluation.test_sha256}" in main_text(cp)
        assert cp.locator("section[aria-labelledby=test-h] code").first.inner_text() == evaluation.test_sha256
        cp.screenshot(path=shots / "03-sealed.png", full_page=True)

        # drafted the day before; the same day the sitting does not open.
        def open_sitting():  # the form, then its confirmation page ("…until 18:20: the codes of the 3 …")
            cp.fill("input[name=minutes]", "60")
            cp.get_by_role("button", name="Open the sitting…").click()
            cp.wait_for_load_state()
            assert "Opens the electronic sitting for 60 minutes" in main_text(cp)
            assert "the codes of the 3 admitted candidates open the test" in main_text(cp)
            cp.get_by_role("button", name="Open the sitting", exact=True).click()
            cp.wait_for_load_state()

        open_sitting()
        assert "R-20.5" in main_text(cp) and "The sitting is open." not in main_text(cp)
        sealed_yesterday(evaluation)  # the next day, as far as the seal is concerned
        open_sitting()
        assert "The sitting is open." in main_text(cp)
        evaluation.refresh_from_db()
        assert evaluation.status == EvaluationStatus.SITTING
        page_html = cp.content()
        for candidate in (
            full,
            partial,
            absent,
        ):  # a code is the key to a paper: hidden while it can be entered
            assert candidate.code not in page_html
        assert cp.locator("#cand-h ~ table").count() == 0  # no row per candidate before the lock
        assert (
            " ".join(cp.locator("#sitting-counts").inner_text().split())
            == "Admitted 3 Started the test 0 Handed in 0"
        )
        cp.screenshot(path=shots / "04-sitting-open.png", full_page=True)

        # 2. Two candidates, each on a phone, in an anonymous browser of their own (Albanian, the default).
        with translation.override("sq"):
            saved_msg, handed_msg = (
                translation.gettext("Your answers are saved."),
                translation.gettext("Your test is handed in."),
            )
            already_msg = translation.gettext("You have already handed in your test.")
            final_msg = translation.gettext(
                "Hand in only when you have finished: after that your answers can no longer change."
            )
            refused_msg = translation.gettext(
                "This code does not open a test now. Check it, or ask the person in charge of the room."
            )
        papers = {}
        for who, candidate, right, wrong in ((FULL, full, 50, 0), (PARTIAL, partial, 20, 5)):
            ctx = browser.new_context(viewport=PHONE, locale="sq-AL", is_mobile=True, has_touch=True)
            contexts.append(ctx)
            me = ctx.new_page()
            me.set_default_timeout(15_000)
            me.goto(live_server.url + "/written-test/")
            no_horizontal_scroll(me)
            if candidate is full:
                me.screenshot(path=shots / "05-phone-enter-code.png", full_page=True)
            me.fill("input[name=code]", candidate.code.lower())  # typed as read, in whatever case
            me.locator("form:has(input[name=code]) [type=submit]").click()
            me.wait_for_load_state()
            assert me.url.endswith("/written-test/paper/"), me.url
            html = me.content()
            assert candidate.code in html
            for other in journey["candidates"]:
                if other is not candidate:
                    assert other.code not in html
            assert not any(name in html for name in NAMES) and str(candidate.application_id) not in html
            questions = me.locator("fieldset")
            assert questions.count() == 50
            no_horizontal_scroll(me)
            me.screenshot(path=shots / f"06-phone-paper-start-{who[0].lower()}.png")
            # Half of the answers, saved, kept on the page after the reload; then the rest, and hand in.
            questions.nth(0).get_by_label("Po", exact=True).focus()  # the keyboard works too
            me.keyboard.press("Space")
            assert questions.nth(0).get_by_label("Po", exact=True).is_checked()
            for i in range(1, min(right, 10)):
                questions.nth(i).get_by_label("Po", exact=True).check()
            me.locator("button[name=save]").first.click()  # one after every ten questions, and at the end
            me.wait_for_load_state()
            assert saved_msg in main_text(me)
            assert me.locator("fieldset input:checked").count() == min(right, 10)
            for i in range(10, right):
                questions.nth(i).get_by_label("Po", exact=True).check()
            for i in range(right, right + wrong):
                questions.nth(i).get_by_label("Jo", exact=True).check()
            assert final_msg in main_text(me)  # handing in is final, and the page says so before the button
            me.locator("button[name=hand_in]").scroll_into_view_if_needed()
            me.screenshot(path=shots / f"06-phone-paper-end-{who[0].lower()}.png")
            second_tab = ctx.new_page()  # the same paper still open in another tab
            second_tab.goto(live_server.url + "/written-test/paper/")
            me.locator("button[name=hand_in]").click()
            me.wait_for_load_state()
            assert handed_msg in main_text(me) and me.locator("fieldset").count() == 0
            no_horizontal_scroll(me)
            me.screenshot(path=shots / f"07-phone-handed-in-{who[0].lower()}.png", full_page=True)
            candidate.refresh_from_db()
            papers[who] = candidate.written_score
            # Handing in again (from the other tab, with other answers) is refused and changes nothing.
            second_tab.locator("fieldset").nth(0).get_by_label("Ndoshta", exact=True).check()
            second_tab.locator("button[name=hand_in]").click()
            second_tab.wait_for_load_state()
            assert already_msg in main_text(second_tab)
            candidate.refresh_from_db()
            assert candidate.written_score == papers[who]
            # And the code opens nothing any more.
            me.goto(live_server.url + "/written-test/")
            me.fill("input[name=code]", candidate.code)
            me.locator("form:has(input[name=code]) [type=submit]").click()
            me.wait_for_load_state()
            assert refused_msg in main_text(me) and me.url.endswith("/written-test/")
            if candidate is partial:
                me.screenshot(path=shots / "08-phone-code-used.png", full_page=True)
        assert papers == {FULL: Decimal("70.00"), PARTIAL: Decimal("35.00")}

        # 3. The chair's page: how many handed in, never who (no row, no score, no code) until the lock; names
        # beside codes and scores after it.
        cp.reload()
        html = cp.content()
        assert not any(name in html for name in NAMES)
        assert "70.00" not in html and "35.00" not in html
        assert (
            " ".join(cp.locator("#sitting-counts").inner_text().split())
            == "Admitted 3 Started the test 2 Handed in 2"
        )
        assert "Once the sitting ends you can import results" in main_text(cp)
        end_sitting(evaluation)
        cp.reload()
        html = cp.content()
        assert not any(name in html for name in NAMES)
        for candidate in (full, partial, absent):
            assert candidate.code not in html  # codes only after the lock
        assert "Did not sit 1" in " ".join(cp.locator("#sitting-counts").inner_text().split())
        cp.screenshot(path=shots / "09-chair-counts-only.png", full_page=True)
        cp.get_by_role("link", name="Lock the results…").click()
        cp.wait_for_load_state()
        assert "Locks the written results of 3 candidates." in main_text(cp)
        assert (
            "Handed in: 2; imported from another testing system: 0; answers saved but not handed in, marked "
            "now: 0; did not sit: 1." in main_text(cp)
        )
        cp.screenshot(path=shots / "09b-lock-confirmation.png", full_page=True)
        cp.get_by_role("button", name="Lock the results").click()
        cp.wait_for_load_state()
        assert "The written results are locked." in main_text(cp)
        # names only once the chair has declared no conflict for the committee's list.
        assert "Declare first." in main_text(cp) and not any(name in cp.content() for name in NAMES)
        cp.screenshot(path=shots / "10-chair-declare-first.png", full_page=True)
        cp.get_by_role("link", name="your committee's page").click()
        cp.wait_for_load_state()
        assert cp.url == committee_url
        declare_no_conflict(cp, committee_url)
        cp.goto(eval_url)
        rows = {r.locator("td").nth(0).inner_text(): r for r in cp.locator("#cand-h ~ table tbody tr").all()}
        assert set(rows) == set(NAMES)
        cells = {name: [c.strip() for c in row.locator("td").all_inner_texts()] for name, row in rows.items()}
        assert cells["Arta Zhubi"] == ["Arta Zhubi", full.code, "70.00", "invited"]
        assert cells["Blerim Qorri"] == ["Blerim Qorri", partial.code, "35.00", "not invited"]
        assert cells["Dafina Xhemajli"] == ["Dafina Xhemajli", absent.code, "did not sit", "not invited"]
        cp.screenshot(path=shots / "11-chair-names-and-scores.png", full_page=True)

        # 4. The interview: the chair sets the questions; the sheets open for the one invited candidate.
        cp.get_by_role("link", name="Set the interview questions").click()
        cp.wait_for_load_state()
        for n, text in enumerate(INTERVIEW_QUESTIONS, start=1):
            cp.fill(f"textarea[name=text_{n}]", text)
        cp.screenshot(path=shots / "12-interview-questions.png", full_page=True)
        cp.get_by_role("button", name="Open the interview sheets").click()
        cp.wait_for_load_state()
        assert "The interview sheets are open." in main_text(cp)
        assert [
            t.split(" (")[0] for t in cp.locator("#int-h ~ ol li").all_inner_texts()
        ] == INTERVIEW_QUESTIONS
        interview_rows = cp.locator("#int-h ~ table tbody tr")
        assert interview_rows.count() == 1 and "Arta Zhubi" in interview_rows.first.inner_text()
        cp.screenshot(path=shots / "13-interview-open.png", full_page=True)

        # The chair and the last two members mark through the services; two members use the pages.
        marks = {
            "chair": ("6", "5", "5.5", "4", "6"),
            4: ("5", "5", "5", "5", "5"),
            5: ("4", "4", "4", "4", "4"),
        }
        for user, values in (
            (chair, marks["chair"]),
            (journey["members"][3], marks[4]),
            (journey["members"][4], marks[5]),
        ):
            services.sheet_save(
                candidate=full,
                actor=user,
                marks=dict(zip("12345", values, strict=True)),
                justifications={k: "Përgjigje e qartë." for k in "12345"},
                submit=True,
            )
        member_marks = {
            journey["members"][1]: ("5", "6", "4.5", "5", "5.25"),
            journey["members"][2]: ("3", "4", "5", "6", "2"),
        }
        pages = {}
        for n, (member, values) in enumerate(member_marks.items()):
            ctx = browser.new_context(viewport=DESKTOP, locale="en")
            contexts.append(ctx)
            mp = ctx.new_page()
            mp.set_default_timeout(15_000)
            sign_in(mp, eval_url, member.email, journey["secrets"][member.email])
            assert "Declare first." in main_text(mp) and not any(name in mp.content() for name in NAMES)
            mp.get_by_role("link", name="your committee's page").click()
            mp.wait_for_load_state()
            declare_no_conflict(mp, committee_url)
            if n == 0:
                mp.screenshot(path=shots / "14-member-declared.png", full_page=True)
            mp.goto(eval_url)
            mp.get_by_role("link", name="Arta Zhubi").click()
            mp.wait_for_load_state()
            pages[member] = mp
            assert "All members' marks" in main_text(mp)
            assert mp.locator("section[aria-labelledby=all-h] table").count() == 0
            html = mp.content()  # nobody else's sheet: no other member's name, no other justification
            assert "Anëtar chair@example.org" not in html and "Përgjigje e qartë." not in html
            assert "Shënim 1 (anëtari 2)." not in html or n == 0  # the first member's submitted sheet
            for q, value in enumerate(values, start=1):
                mp.fill(f"input[name=mark_{q}]", value)
                mp.fill(f"textarea[name=note_{q}]", f"Shënim {q} (anëtari {n + 2}).")
            mp.locator("button[name=save]").click()
            mp.wait_for_load_state()
            assert "Your marks are saved." in main_text(mp)
            assert Decimal(mp.input_value("input[name=mark_5]")) == Decimal(values[4])  # kept, as "2.00"
            if n == 0:
                mp.screenshot(path=shots / "15-member-sheet-saved.png", full_page=True)
            mp.locator("button[name=submit]").click()
            mp.wait_for_load_state()
            assert "Your sheet is submitted." in main_text(mp)
            submitted = 4 + n
            assert f"{submitted} of 5 members have submitted their sheet." in main_text(mp)
            if n == 0:  # four of five in: still nobody else's marks
                assert mp.locator("section[aria-labelledby=all-h] table").count() == 0
                assert (
                    "The other members' marks are shown once every member has submitted their sheet."
                    in main_text(mp)
                )
                mp.screenshot(path=shots / "16-member-submitted-others-hidden.png", full_page=True)
        # Every sheet in: each member now sees every member's totals.
        sheets = InterviewSheet.objects.filter(candidate=full, step="interview")
        assert sheets.count() == 5 and all(s.status == SheetStatus.SUBMITTED for s in sheets)
        first = pages[journey["members"][1]]
        first.reload()
        table = first.locator("section[aria-labelledby=all-h] table tbody tr")
        assert table.count() == 5
        totals = {
            row.locator("th").inner_text().strip(): row.locator("td").last.inner_text().strip()
            for row in table.all()
        }
        assert totals == {
            "Anëtar chair@example.org": "26.50",
            "Anëtar member2@example.org": "25.75",
            "Anëtar member3@example.org": "20.00",
            "Anëtar member4@example.org": "25.00",
            "Anëtar member5@example.org": "20.00",
        }, totals
        first.screenshot(path=shots / "17-all-marks.png", full_page=True)
        cp.goto(eval_url)
        row = cp.locator("#int-h ~ table tbody tr").first
        assert "5 / 5" in row.inner_text()
        score = row.locator("td").last.inner_text().strip()
        assert score == "23.45", score  # (26.5 + 25 + 20 + 25.75 + 20) / 5
        cp.screenshot(path=shots / "18-chair-interview-scores.png", full_page=True)
        # The chair, once all are in, may correct a sheet: the lines are named by their question, not a bare key.
        row.get_by_role("link", name="Arta Zhubi").click()
        cp.wait_for_load_state()
        corrections = cp.locator("section[aria-labelledby=all-h] details")
        assert corrections.count() == 5
        corrections.first.locator("summary").click()  # folded: one opened at a time
        assert (
            corrections.first.locator("select").is_visible()
            and not corrections.nth(1).locator("select").is_visible()
        )
        options = corrections.first.locator("select option").all_inner_texts()
        assert options == [f"{n}. {text}" for n, text in enumerate(INTERVIEW_QUESTIONS, start=1)], options
        cp.screenshot(path=shots / "19-chair-corrections.png", full_page=True)
    finally:
        for ctx in contexts:
            ctx.close()
