import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import (
    AnnouncementFactory,
    InstitutionFactory,
    PositionFactory,
    PositionPlaceFactory,
    RequiredDocumentFactory,
    RequirementFactory,
)
from tests.helpers.auth import login_with_second_factor
from vacancies import rules
from vacancies.models import AnnouncementStatus, Category, Position

pytestmark = pytest.mark.django_db

LANGS = {"sq": "sq", "sr-latn": "sr-Latn", "en": "en"}


def url(name, lang, *args):
    with translation.override(lang):
        return reverse(name, args=args)


@pytest.fixture
def k23_like(institution):
    announcement = AnnouncementFactory(
        institution=institution,
        reference="KQZ 42-51/2023",
        title_sq="Konkurs për staf jo permanent",
        title_en="Competition for non-permanent staff",
    )
    position = PositionFactory(
        announcement=announcement,
        code="KQZ 44/2023",
        title_sq="Zyrtar i Logjistikës",
        title_en="Logistics officer",
        number_of_positions=3,
        place_sq="",
        category=Category.NON_PERMANENT,
    )
    for place in ("Leposaviq", "Zubin Potok", "Zveçan"):
        PositionPlaceFactory(position=position, place_sq=place, count=1)
    RequirementFactory(position=position, text_sq="Diplomë e shkollës së mesme")
    RequiredDocumentFactory(position=position, name_sq="Letër motivuese", name_en="Motivation letter")
    return announcement, position


def page_urls(announcement, position):
    return [
        ("home", ()),
        ("vacancies:list", ()),
        ("vacancies:archive", ()),
        ("vacancies:announcement", (announcement.pk,)),
        ("vacancies:position", (announcement.pk, position.pk)),
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_each_public_page_renders_in_each_language(client, k23_like, lang):
    announcement, position = k23_like
    for name, args in page_urls(announcement, position):
        response = client.get(url(name, lang, *args))
        assert response.status_code == 200, name
        assert f'<html lang="{LANGS[lang]}">' in response.content.decode(), name


def test_r9_2_every_announcement_carries_both_sentences_in_the_readers_language(client, k23_like):
    announcement, position = k23_like
    for lang in LANGS:
        with translation.override(lang):
            expected = [str(n) for n in rules.R9_2_NOTICES]
        for name, args in page_urls(announcement, position)[3:]:
            html = client.get(url(name, lang, *args)).content.decode()
            for sentence in expected:
                assert sentence in html, (lang, name)


def test_r9_2_the_albanian_sentences_are_the_regulations_own_words(client, k23_like):
    announcement, _ = k23_like
    html = client.get(url("vacancies:announcement", "sq", announcement.pk)).content.decode()
    assert (
        "Komunitetet jo shumicë dhe pjesëtarët e tyre kanë të drejtë për përfaqësim të drejtë dhe proporcional "
        "në shërbimin civil të Kosovës, siç specifikohet në ligj"
    ) in html
    assert (
        "Aplikacionet e dorëzuara pas afatit të paraparë nuk pranohen dhe aplikacionet e mangëta refuzohen"
        in html
    )


def test_announcement_texts_are_shown_in_the_readers_language_with_albanian_as_fallback(client, k23_like):
    announcement, position = k23_like
    en = client.get(url("vacancies:position", "en", announcement.pk, position.pk)).content.decode()
    assert "Logistics officer" in en and "Motivation letter" in en
    assert "Diplomë e shkollës së mesme" in en  # no English text stored: the Albanian original shows
    sq = client.get(url("vacancies:position", "sq", announcement.pk, position.pk)).content.decode()
    assert "Zyrtar i Logjistikës" in sq and "Letër motivuese" in sq


def test_the_language_switch_keeps_the_page(client, k23_like):
    announcement, position = k23_like
    html = client.get(url("vacancies:position", "sq", announcement.pk, position.pk) + "?x=1").content.decode()
    assert f'href="/en/vacancies/{announcement.pk}/positions/{position.pk}/?x=1"' in html
    assert f'href="/sr-latn/vacancies/{announcement.pk}/positions/{position.pk}/?x=1"' in html


def test_the_detail_shows_the_split_and_the_time_left_in_the_institutions_zone(client, k23_like):
    announcement, position = k23_like
    html = client.get(url("vacancies:position", "en", announcement.pk, position.pk)).content.decode()
    for place in ("Leposaviq: 1", "Zubin Potok: 1", "Zveçan: 1"):
        assert place in html
    local_close = announcement.closes_at.astimezone(announcement.institution.tzinfo)
    assert local_close.strftime("%d.%m.%Y %H:%M") in html
    assert "Time left" in html and "Europe/Belgrade" in html


def test_a_draft_is_not_found_by_the_public_or_other_hr_but_hr_previews_it(
    client, institution, hr_officer, other_hr_officer, applicant
):
    draft = AnnouncementFactory(institution=institution, status=AnnouncementStatus.DRAFT, published_at=None)
    position = PositionFactory(announcement=draft)
    for name, args in (
        ("vacancies:announcement", (draft.pk,)),
        ("vacancies:position", (draft.pk, position.pk)),
        ("vacancies:announcement_pdf", (draft.pk,)),
    ):
        target = url(name, "sq", *args)
        assert client.get(target).status_code == 404
        client.force_login(applicant)
        assert client.get(target).status_code == 404
        login_with_second_factor(client, other_hr_officer)  # staff: the second factor first, then 404
        assert client.get(target).status_code == 404
        client.logout()
    login_with_second_factor(client, hr_officer)
    response = client.get(url("vacancies:announcement", "en", draft.pk))
    assert response.status_code == 200 and "Preview" in response.content.decode()
    assert client.get(url("vacancies:list", "sq")).content.decode().count(position.title) == 0


def test_a_position_of_another_announcement_is_not_found(client, k23_like, institution):
    announcement, _ = k23_like
    stranger = PositionFactory()
    assert client.get(url("vacancies:position", "sq", announcement.pk, stranger.pk)).status_code == 404


def _titles(response):
    # A page lists its positions' ids (vacancies.selectors.SearchPages).
    return [Position.objects.get(pk=pk).title for pk in response.context["page"].object_list]


def test_search_finds_by_title_institution_place_and_code_in_any_language(client, k23_like):
    _, position = k23_like
    other = PositionFactory(title_sq="Zyrtar për buxhet", title_en="Budget officer", place_sq="Prishtinë")
    list_url = url("vacancies:list", "sq")
    assert _titles(client.get(list_url, {"q": "logjist"})) == [position.title]
    assert _titles(client.get(list_url, {"q": "budget"})) == [other.title]
    assert _titles(client.get(list_url, {"q": "Zubin"})) == [position.title]
    assert _titles(client.get(list_url, {"q": "44/2023"})) == [position.title]
    assert position.title in _titles(client.get(list_url, {"q": "Komisioni Qendror"}))
    assert _titles(client.get(list_url, {"q": "nothing-like-this"})) == []


def test_filters_by_category_institution_and_place(client, k23_like):
    _, position = k23_like
    other = PositionFactory(
        category=Category.SPECIALIST,
        place_sq="Tiranë",
        announcement=AnnouncementFactory(institution=InstitutionFactory(short_name="MM")),
    )
    list_url = url("vacancies:list", "sq")
    assert _titles(client.get(list_url, {"category": "non_permanent"})) == [position.title]
    assert _titles(client.get(list_url, {"institution": "MM"})) == [other.title]
    assert _titles(client.get(list_url, {"place": "Zveçan"})) == [position.title]
    assert _titles(client.get(list_url, {"place": "Tiranë"})) == [other.title]
    assert _titles(client.get(list_url, {"category": "not-a-category"})) == sorted(
        _titles(client.get(list_url)), key=_titles(client.get(list_url)).index
    )


def test_closed_vacancies_move_to_the_archive(client, institution):
    now = timezone.now()
    closed = PositionFactory(
        announcement=AnnouncementFactory(
            institution=institution,
            status=AnnouncementStatus.CLOSED,
            opens_at=now - dt.timedelta(days=10),
            closes_at=now - dt.timedelta(days=5),
        )
    )
    past_deadline = PositionFactory(
        announcement=AnnouncementFactory(
            institution=institution,
            opens_at=now - dt.timedelta(days=10),
            closes_at=now - dt.timedelta(seconds=1),
        )
    )
    open_one = PositionFactory(announcement=AnnouncementFactory(institution=institution))
    assert _titles(client.get(url("vacancies:list", "sq"))) == [open_one.title]
    assert set(_titles(client.get(url("vacancies:archive", "sq")))) == {closed.title, past_deadline.title}


def test_the_list_is_paginated_and_keeps_the_filters(client, institution):
    announcement = AnnouncementFactory(institution=institution)
    PositionFactory.create_batch(25, announcement=announcement, place_sq="Pejë")
    first = client.get(url("vacancies:list", "sq"), {"place": "Pejë"})
    assert len(first.context["page"].object_list) == 20
    assert "place=Pej%C3%AB&amp;page=2" in first.content.decode()
    second = client.get(url("vacancies:list", "sq"), {"place": "Pejë", "page": 2})
    assert len(second.context["page"].object_list) == 5


def _make_open_positions(n, institution):
    per_announcement = 10
    for start in range(0, n, per_announcement):
        announcement = AnnouncementFactory(institution=institution)
        for i in range(min(per_announcement, n - start)):
            position = PositionFactory(announcement=announcement)
            if i % 3 == 0:
                PositionPlaceFactory(position=position)
            RequirementFactory(position=position)
            RequiredDocumentFactory(position=position)


def _queries(client, target):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(target).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["home", "vacancies:list", "vacancies:archive"])
def test_a_list_pages_query_count_does_not_grow_with_the_vacancies(
    client, institution, name, django_assert_max_num_queries
):
    _make_open_positions(10, institution)
    small = _queries(client, url(name, "sq"))
    _make_open_positions(490, institution)
    with django_assert_max_num_queries(small):
        client.get(url(name, "sq"))


def test_the_detail_pages_query_count_does_not_grow_with_the_positions(
    client, institution, django_assert_max_num_queries
):
    announcement = AnnouncementFactory(institution=institution)
    for _ in range(3):
        RequirementFactory(position=PositionFactory(announcement=announcement))
    small = _queries(client, url("vacancies:announcement", "sq", announcement.pk))
    for _ in range(40):
        position = PositionFactory(announcement=announcement)
        RequirementFactory(position=position)
        PositionPlaceFactory(position=position)
    with django_assert_max_num_queries(small):
        client.get(url("vacancies:announcement", "sq", announcement.pk))


def test_the_announcement_pdf_is_a_pdf_with_its_positions(client, k23_like):
    from io import BytesIO

    from pypdf import PdfReader

    announcement, position = k23_like
    response = client.get(url("vacancies:announcement_pdf", "en", announcement.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.getvalue())).pages)
    assert "KQZ 44/2023" in text and "Logistics officer" in text and "Zubin Potok: 1" in text
