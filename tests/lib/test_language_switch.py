"""The header's language switch (vacancies/templatetags/portal.py url_in_language) links every page to itself
in each language, as Django's translate_url would: the request's own match reversed in the other language
(issue 13: it used to resolve the path again for each of the three links)."""

import re

import pytest
from django.urls import translate_url
from django.utils.translation import override

from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db

SWITCH = re.compile(r'<nav aria-label="[^"]*" class="lang-switch">(.*?)</nav>', re.S)
HREF = re.compile(r'<a href="([^"]*)" lang="([^"]*)"')


def _switch(client, path: str) -> dict[str, str]:
    response = client.get(path)
    nav = SWITCH.search(response.content.decode())
    assert nav, (path, response.status_code)
    return {lang: href.replace("&amp;", "&") for href, lang in HREF.findall(nav.group(1))}


def test_each_language_link_is_django_translate_url_of_the_page(client):
    position = PositionFactory()
    announcement_id = position.announcement_id
    pages = [
        "/",
        "/en/",
        "/sr-latn/vacancies/?q=zyrtar&page=1",
        f"/vacancies/{announcement_id}/",
        f"/en/vacancies/{announcement_id}/positions/{position.pk}/",
        "/sr-latn/vacancies/archive/",
        "/accounts/login/?next=/applications/",
        "/en/accounts/signup/",
    ]
    for path in pages:
        links = _switch(client, path)
        assert set(links) == {"sq", "sr-Latn", "en"}, path
        page_language = path.split("/")[1] if path.startswith(("/en/", "/sr-latn/")) else "sq"
        for lang, href in links.items():
            code = "sr-latn" if lang == "sr-Latn" else lang
            with override(page_language):  # translate_url resolves in the page's language, as a request does
                assert href == translate_url(path, code), (path, lang)


def test_a_page_not_found_links_as_translate_url_does(client):
    path = "/en/no-such-page/?x=1"
    response = client.get(path)
    assert response.status_code == 404
    nav = SWITCH.search(response.content.decode())
    if nav is None:  # the 404 page has no switch: nothing to compare
        pytest.skip("the 404 page carries no language switch")
    for href, lang in HREF.findall(nav.group(1)):
        code = "sr-latn" if lang == "sr-Latn" else lang
        with override("en"):
            assert href.replace("&amp;", "&") == translate_url(path, code)


def test_the_links_name_the_page_in_the_other_language():
    """The expectations themselves, written out (so the comparison above cannot pass by both being wrong)."""
    with override("en"):  # as in the request: the active language is the path's
        assert translate_url("/en/vacancies/?q=a", "sq") == "/vacancies/?q=a"
    assert translate_url("/vacancies/", "sr-latn") == "/sr-latn/vacancies/"
