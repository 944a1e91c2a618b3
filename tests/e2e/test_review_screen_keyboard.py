"""HR's review screen with the keyboard only, at a laptop's width (1280 px): "all met" with the space bar, one
exception chosen with the arrow keys and its reason typed, the decision and its reason, saved with Enter; the
page never scrolls sideways and the focused control is always visibly outlined."""

import pytest
from django.urls import reverse

from tests.accounts.helpers import PASSWORD, totp_code
from tests.e2e.test_verification_journey import HR_EMAIL, clock, closed_position, private_storage  # noqa: F401
from verification import services
from verification.models import CheckResult, Decision, Review

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def tab_to(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement.matches(sel)", selector):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {selector}"
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_hr_reviews_a_candidate_with_the_keyboard_only(clock, live_server, page, shots, closed_position):  # noqa: F811
    position, hr, secret, _rejected = closed_position
    services.reviews_open(position=position, actor=hr)
    review = Review.objects.filter(position=position).order_by("pk").first()
    experience = review.checks.get(label__en="At least 2 years of work experience")

    page.goto(live_server.url + "/en/accounts/login/")
    page.fill("input[name=login]", HR_EMAIL)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.fill("input[name=code]", totp_code(secret))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(live_server.url + "/en" + reverse("admin:verification_review_change", args=[review.pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator("iframe[name=document-pane]").is_visible()  # the document beside the criteria
    page.screenshot(path=shots / "review-at-1280.png")  # what HR sees first, without scrolling

    tab_to(page, "input[name=all_met]")
    page.keyboard.press("Space")
    tab_to(page, f"input[name=result_{experience.pk}]")
    page.keyboard.press("ArrowRight")  # from "Met" to "Not met"
    assert page.locator(f"input[name=result_{experience.pk}][value=not_met]").is_checked()
    tab_to(page, f"input[name=note_{experience.pk}]")
    page.keyboard.type("One year at KEK (2023).")
    tab_to(page, "input[name=decision]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # "Not eligible (R-18.6)"
    tab_to(page, "input[name=reasons][value=experience]")
    page.keyboard.press("Space")
    tab_to(page, "textarea[name=explanation]")
    page.keyboard.type("The application shows one year of work experience; the position asks for two.")
    page.screenshot(path=shots / "review-keyboard-filled.png", full_page=True)
    page.screenshot(path=shots / "review-keyboard-at-the-decision.png")  # scrolled: the document stays beside
    tab_to(page, "input[name=_save]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".errornote, .errorlist").count() == 0, page.locator(
        ".errornote, .errorlist"
    ).all_inner_texts()
    page.screenshot(path=shots / "review-keyboard-saved.png", full_page=True)

    review.refresh_from_db()
    assert review.decision == Decision.NOT_ELIGIBLE and review.reasons == ["experience"]
    results = dict(review.checks.values_list("pk", "result"))
    assert results.pop(experience.pk) == CheckResult.NOT_MET
    assert set(results.values()) == {CheckResult.MET}
