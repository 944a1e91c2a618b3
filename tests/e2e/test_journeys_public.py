"""A member of the public, from the home page of the demo to a published shortlist, to published results and to
an archived K23 position with its announcement's PDF, only by clicking and typing: once at desktop width in
Albanian, once on a phone in English (chosen with the site's language switch). Every page is screenshot and
checked with axe-core (tests/e2e/harness.py)."""

import io

import pytest
from pypdf import PdfReader

from tests.e2e.harness import DESKTOP, PHONE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

VARIANTS = pytest.mark.parametrize(
    ("viewport", "language"), [(DESKTOP, "sq"), (PHONE, "en")], ids=["desktop-sq", "phone-en"]
)


def find_in_archive(j, query: str):
    """The archive's search, typed as a person types it; returns the result cards."""
    j.nav("Archive", "archive")
    j.page.get_by_label(j.t("Title, institution or place")).fill(query)
    j.page.get_by_label(j.t("Title, institution or place")).press("Enter")
    j.page.wait_for_load_state()
    j.check(f"archive-search-{query}")
    return j.page.locator(".cards .card")


@VARIANTS
def test_a_visitor_reaches_a_published_shortlist_and_published_results_from_the_home_page(
    demo, open_journey, viewport, language
):
    j = open_journey(viewport, language)

    # The competition at the evaluation stage has its shortlist published: found in the archive.
    cards = find_in_archive(j, "KQZ 11/2026")
    assert cards.count() == 1
    j.click(cards.first.locator("h3 a"), "position-at-evaluation")
    j.no_horizontal_scroll()
    j.click(j.page.locator(".shortlist-link a"), "shortlist")
    j.no_horizontal_scroll()
    names = [t.strip() for t in j.page.locator("table.shortlist tbody th").all_inner_texts()]
    assert len(names) >= 6, names
    assert "KQZ 11/2026" in j.main_text()

    # The published results of the demo's finished competition, linked from its position page.
    j.click(j.page.locator(".breadcrumb a").first, "open-vacancies")
    cards = find_in_archive(j, "KQZ 09/2026")
    assert cards.count() == 1
    j.click(cards.first.locator("h3 a"), "position-with-results")
    j.click(j.page.locator(".results-link a"), "results")
    j.no_horizontal_scroll()
    assert "KQZ 09/2026" in j.main_text()
    assert j.page.locator("main table tbody tr").count() >= 1

    # An archived K23 position (2023), found by its code, with its seats by place and the announcement's PDF.
    cards = find_in_archive(j, "44/2023")
    assert cards.count() == 1
    j.click(cards.first.locator("h3 a"), "k23-position")
    body = j.main_text()
    assert "KQZ 44/2023" in body and "Zubin Potok" in body and ("Zveçan" in body or "Zvečan" in body)
    pdf = j.page.locator(".deadline-box a.button").first
    href = pdf.get_attribute("href")
    with j.page.expect_response(lambda r: r.url.endswith(href)) as opened:
        pdf.click()
    assert opened.value.status == 200 and opened.value.headers["content-type"] == "application/pdf"
    body = j.page.request.get(opened.value.url).body()  # the bytes the browser's PDF viewer shows
    (j.shots / "announcement-k23.pdf").write_bytes(body)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert "KQZ 44/2023" in text and "KQZ 51/2023" in text
