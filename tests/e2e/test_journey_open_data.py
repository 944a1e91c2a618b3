"""A member of the public, from the home page of the demo: reads the transparency statistics, and subscribes to a
job alert, confirmed from the e-mail (double opt-in), only by clicking and typing; at desktop width in Albanian and
on a phone in English. Every page is screenshot and checked with axe-core (tests/e2e/harness.py)."""

import pytest

from tests.e2e.harness import DESKTOP, PHONE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def footer_link(j, msgid: str):
    return j.page.locator("footer.site-footer").get_by_role("link", name=j.t(msgid), exact=True)


@pytest.mark.parametrize(
    ("viewport", "language"), [(DESKTOP, "sq"), (PHONE, "en")], ids=["desktop-sq", "phone-en"]
)
def test_a_visitor_reads_the_statistics_and_subscribes_to_a_job_alert(demo, open_journey, viewport, language):
    from alerts.models import AlertSubscription

    j = open_journey(viewport, language)

    j.click(footer_link(j, "Statistics"), "statistics")
    j.no_horizontal_scroll()
    main = j.main_text()
    assert "KQZ" in main
    assert j.page.locator("table.stats-table").count() >= 2
    # A procedure's own figures, one click away.
    j.click(j.page.locator("table.stats-table tbody th a").first, "statistics-of-a-procedure")
    assert j.page.locator("table.stats-table tbody tr").count() == 6

    email = f"reader-{language}@example.org"
    j.click(footer_link(j, "Job alerts"), "job-alerts")
    j.page.get_by_label(j.t("Your e-mail address")).fill(email)
    j.page.get_by_label(j.t("Daily")).check()
    j.page.get_by_label(
        j.t(
            "I agree that the portal keeps this address to send me these e-mails until I "
            "unsubscribe (see the privacy notice)."
        )
    ).check()
    j.click(j.page.locator("main form button[type=submit]"), "alert-requested")
    assert AlertSubscription.objects.get(email=email).status == "pending"

    j.nav("Demo mailbox", "mailbox")
    mail = j.page.locator("article.mail").filter(has_text=email).first
    j.click(mail.locator("a[href*='/confirm/']"), "confirm-alert")
    j.click(j.page.locator("main form button[type=submit]"), "alert-confirmed")
    assert AlertSubscription.objects.get(email=email).status == "active"
