"""A visitor finds a K23 position from the home page and prints its announcement."""

from io import BytesIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_search_k23_position_and_its_pdf(live_server, page, shots):
    call_command("load_demo", verbosity=0)

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "sq"
    page.screenshot(path=shots / "1-home.png", full_page=True)

    # The archive holds K23 (it closed in 2023): search there by the position's code, with the keyboard.
    page.goto(live_server.url + "/vacancies/archive/")
    page.get_by_label("Title, institution or place").or_(page.locator("#q")).first.fill("44/2023")
    page.locator("#q").press("Enter")
    page.wait_for_load_state()
    results = page.locator(".cards .card")
    assert results.count() == 1
    page.screenshot(path=shots / "2-search.png", full_page=True)

    results.first.locator("h3 a").click()
    page.wait_for_load_state()
    body = page.locator("main").inner_text()
    for expected in ("KQZ 44/2023", "Leposaviç", "Zubin Potok", "Zveçan"):  # the source spells it Leposaviç here
        assert expected in body
    page.screenshot(path=shots / "3-position.png", full_page=True)

    # The same page on a phone, in English through the language switch.
    page.set_viewport_size({"width": 375, "height": 800})
    page.locator(".lang-switch a[hreflang=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "/en/vacancies/" in page.url
    page.screenshot(path=shots / "4-position-phone-en.png", full_page=True)

    pdf_link = page.locator(".deadline-box a.button")
    response = page.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.body())).pages)
    assert "KQZ 44/2023" in text and "KQZ 51/2023" in text
    (shots / "5-announcement.pdf").write_bytes(response.body())
