"""Discoverable vacancies: Atom feeds, the sitemap with its language alternates, robots.txt, schema.org JobPosting,
page descriptions and the favicon."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone, translation

from tests.factories import AnnouncementFactory, PositionFactory, PositionPlaceFactory

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def vacancies(db, institution, other_institution):
    now = timezone.now()
    open_kqz = PositionFactory(
        announcement=AnnouncementFactory(institution=institution),
        title_sq="Zyrtar ligjor",
        title_en="Legal officer",
        category="professional",
        place_sq="Prishtinë",
    )
    open_mm = PositionFactory(
        announcement=AnnouncementFactory(institution=other_institution),
        title_sq="Zhvillues",
        title_en="Developer",
        category="specialist",
        contract_type="fixed_term",
        place_sq="",
    )
    PositionPlaceFactory(position=open_mm, place_sq="Tiranë", count=1)
    closed = PositionFactory(
        announcement=AnnouncementFactory(
            institution=institution,
            opens_at=now - dt.timedelta(days=20),
            published_at=now - dt.timedelta(days=20),
            closes_at=now - dt.timedelta(days=1),
        ),
        title_sq="I mbyllur",
    )
    draft = PositionFactory(
        announcement=AnnouncementFactory(institution=institution, status="draft", published_at=None),
        title_sq="Draft i fshehtë",
    )
    return {"open": [open_kqz, open_mm], "closed": closed, "draft": draft}


def _entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    return root.findall(f"{ATOM}entry")


def _entry_links(entries):
    return {entry.find(f"{ATOM}link").get("href") for entry in entries}


def test_the_feed_of_all_vacancies_is_atom_with_every_open_position_and_nothing_else(client, vacancies):
    entries = _entries(client, "/en/feeds/vacancies/")
    links = _entry_links(entries)
    assert links == {f"http://testserver{_en(_url(p))}" for p in vacancies["open"]}
    titles = " ".join(e.find(f"{ATOM}title").text for e in entries)
    assert "Legal officer" in titles and "Developer" in titles
    for entry in entries:
        assert entry.find(f"{ATOM}id").text and entry.find(f"{ATOM}updated").text


def _en(path):
    """The English address of a page (the path as reversed in Albanian, the default, prefixed)."""
    return "/en" + path


def _url(obj) -> str:
    with translation.override("sq"):
        return obj.get_absolute_url()


def test_the_institution_feed_holds_only_that_institutions_open_vacancies(client, vacancies):
    entries = _entries(client, "/en/feeds/vacancies/institutions/MM/")
    assert _entry_links(entries) == {f"http://testserver{_en(_url(vacancies['open'][1]))}"}
    assert client.get("/en/feeds/vacancies/institutions/NOPE/").status_code == 404


def test_the_category_feed_holds_only_that_categorys_open_vacancies(client, vacancies):
    entries = _entries(client, "/feeds/vacancies/categories/professional/")
    assert _entry_links(entries) == {f"http://testserver{_url(vacancies['open'][0])}"}
    assert client.get("/feeds/vacancies/categories/astronaut/").status_code == 404


def test_the_sitemap_lists_public_pages_with_an_alternate_in_each_language(client, vacancies):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = root.findall(f"{SM}url")
    locs = [u.find(f"{SM}loc").text for u in urls]
    assert urls
    for url in urls:
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        assert set(alternates) == {"sq", "sr-latn", "en", "x-default"}, url.find(f"{SM}loc").text
        assert alternates["x-default"] == alternates["sq"]
        assert "/en/" in alternates["en"] and "/sr-latn/" in alternates["sr-latn"]
    position = vacancies["open"][0]
    for prefix in ("", "/sr-latn", "/en"):
        assert f"http://testserver{prefix}{_url(position)}" in locs
    assert f"http://testserver{_url(vacancies['closed'])}" in locs  # the archive stays public
    assert not any(f"/positions/{vacancies['draft'].pk}/" in loc for loc in locs)


def test_robots_txt_points_at_the_sitemap_and_keeps_private_areas_out(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for private in (
        "/applications/",
        "/en/applications/",
        "/sr-latn/inbox/",
        "/admin/",
        "/accounts/",
        "/privacy/my-data/",
        "/en/alerts/*/",
    ):
        assert f"Disallow: {private}" in text
    assert "Disallow: /vacancies/" not in text


def _json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(b) for b in blocks]


REQUIRED = (
    "title",
    "description",
    "datePosted",
    "hiringOrganization",
    "jobLocation",
    "validThrough",
    "employmentType",
)


def test_every_open_position_page_carries_a_job_posting_with_the_required_fields(client, vacancies):
    for position in vacancies["open"]:
        html = client.get(_en(_url(position))).content.decode()
        (posting,) = _json_ld(html)
        assert posting["@context"] == "https://schema.org/" and posting["@type"] == "JobPosting"
        for field in REQUIRED:
            assert posting.get(field), field
        assert posting["title"] == position.title_en
        assert posting["hiringOrganization"]["name"] == position.announcement.institution.name_en
        assert dt.datetime.fromisoformat(posting["validThrough"]) == position.deadline
        assert dt.datetime.fromisoformat(posting["datePosted"]) == position.announcement.published_at
        for location in posting["jobLocation"]:
            address = location["address"]
            assert (
                address["@type"] == "PostalAddress"
                and address["addressLocality"]
                and address["addressCountry"]
            )
    kqz, mm = vacancies["open"]
    assert _json_ld(client.get(_url(kqz)).content.decode())[0]["employmentType"] == "FULL_TIME"
    mm_posting = _json_ld(client.get(_url(mm)).content.decode())[0]
    assert mm_posting["employmentType"] == "TEMPORARY"
    assert [loc["address"]["addressLocality"] for loc in mm_posting["jobLocation"]] == ["Tiranë"]
    assert mm_posting["jobLocation"][0]["address"]["addressCountry"] == "AL"


def test_a_closed_position_advertises_no_job_posting(client, vacancies):
    html = client.get(_url(vacancies["closed"])).content.decode()
    assert _json_ld(html) == []


def test_the_job_posting_cannot_be_closed_by_a_title_with_markup(client, db):
    position = PositionFactory(title_sq="</script><script>alert(1)</script>")
    html = client.get(_url(position)).content.decode()
    assert "</script><script>alert(1)" not in html
    assert _json_ld(html)[0]["title"] == "</script><script>alert(1)</script>"


def test_each_page_has_a_description_and_the_position_page_its_own(client, vacancies):
    position = vacancies["open"][0]
    home = client.get("/en/").content.decode()
    page = client.get(_en(_url(position))).content.decode()
    described = re.compile(r'<meta name="description" content="([^"]+)">')
    assert described.search(home)
    assert "Legal officer" in described.search(page).group(1)


def test_the_favicon_is_linked_and_served(client, db):
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html and "favicon.ico" in html and "emblem.svg" in html
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # the ICO signature
