"""Issue 13: the vacancy cards of the home page and the lists are kept per position, language and content
(vacancies/views.py), and the open list's page is read from two sorted streams (vacancies.selectors.SearchPages):
a kept card shows what changed at once (an amendment, an extension, a closing), and the order is the one of
the effective deadline."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import AnnouncementFactory, PositionFactory
from tests.helpers.vacancies import make_position
from vacancies import selectors, services, views
from verification import closing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cards_kept(settings):
    """The shared parts (the cards among them) on, the pages themselves not stored (tests/conftest.py): what a
    page rendered after a change shows is then the kept cards' doing."""
    settings.PUBLIC_PART_CACHE_SECONDS = 60
    views._CARDS.clear()
    yield
    views._CARDS.clear()


def _url(name):
    with translation.override("en"):
        return reverse(name)


def _shown(when, position):
    tz = zoneinfo.ZoneInfo(position.announcement.institution.time_zone)
    return timezone.localtime(when, tz).strftime("%d.%m.%Y %H:%M")


def _card(html, position):
    """The card of ``position`` in a page's HTML."""
    start = html.index(f'href="/en/vacancies/{position.announcement_id}/positions/{position.pk}/"')
    return html[html.rindex('<li class="card">', 0, start) : html.index("</li>", start)]


def test_a_kept_card_shows_the_new_title_and_the_amended_deadline(client, institution, hr_officer):
    soon = timezone.now() + dt.timedelta(days=3)
    position = make_position(institution, closes=soon, title_en="Logistics officer")
    first = _card(client.get(_url("vacancies:list")).content.decode(), position)
    assert "Logistics officer" in first and _shown(soon, position) in first
    assert len(views._CARDS) == 1  # kept
    assert _card(client.get(_url("vacancies:list")).content.decode(), position) == first

    later = soon + dt.timedelta(days=2)
    services.announcement_amend(
        announcement=position.announcement, actor=hr_officer, reason={"sq": "Arsye."}, closes_at=later
    )
    card = _card(client.get(_url("vacancies:list")).content.decode(), position)
    assert _shown(later, position) in card and _shown(soon, position) not in card

    position.title_en = "Senior logistics officer"
    position.save(update_fields=["title_en"])
    card = _card(client.get(_url("vacancies:list")).content.decode(), position)
    assert "Senior logistics officer" in card and _shown(later, position) in card


def test_a_kept_card_shows_the_extension_then_the_closing(client, institution):
    closes = timezone.now() + dt.timedelta(hours=1)
    position = make_position(institution, closes=closes)
    home = _card(client.get(_url("home")).content.decode(), position)
    assert _shown(closes, position) in home and "extended (R-12.2)" not in home
    assert "data-apply" in home

    closing.position_closing_decide(position_id=position.pk, now=closes + dt.timedelta(minutes=1))
    position.refresh_from_db()
    assert position.extended_until > timezone.now()  # still open, in the list and on the home page
    for page in ("home", "vacancies:list"):
        card = _card(client.get(_url(page)).content.decode(), position)
        assert _shown(position.extended_until, position) in card and "extended (R-12.2)" in card, page

    closing.position_closing_decide(
        position_id=position.pk, now=position.extended_until + dt.timedelta(minutes=1)
    )
    position.refresh_from_db()
    html = client.get(_url("vacancies:list")).content.decode()
    assert f"/positions/{position.pk}/" not in html
    card = _card(client.get(_url("vacancies:archive")).content.decode(), position)
    assert "Closed: <time datetime" in card and _shown(position.closed_at, position) in card
    assert "data-apply" not in card  # a closed position offers no Apply


def test_a_signed_in_reader_gets_the_kept_card_with_their_own_apply_control(client, institution):
    from tests.factories import UserFactory
    from tests.helpers.vacancies import application

    position = make_position(institution, closes=timezone.now() + dt.timedelta(days=3))
    anonymous = _card(client.get(_url("vacancies:list")).content.decode(), position)
    assert ">Apply<" in anonymous
    user = UserFactory()
    application(position, user=user, status="draft")
    client.force_login(user)
    card = _card(client.get(_url("vacancies:list")).content.decode(), position)
    assert "Continue your application" in card and ">Apply<" not in card


def test_the_open_lists_two_streams_keep_the_order_of_the_effective_deadline(institution):
    now = timezone.now()
    early = AnnouncementFactory(institution=institution, closes_at=now + dt.timedelta(days=2))
    late = AnnouncementFactory(institution=institution, closes_at=now + dt.timedelta(days=9))
    extended_past_late = PositionFactory(announcement=early, order=0)
    extended_past_late.extended_until = now + dt.timedelta(days=10)
    extended_past_late.closing_state = "extended"
    extended_past_late.save()
    extended_between = PositionFactory(announcement=early, order=1)
    extended_between.extended_until = now + dt.timedelta(days=5)
    extended_between.closing_state = "extended"
    extended_between.save()
    on_time = [PositionFactory(announcement=early, order=i) for i in (2, 3)]
    later = [PositionFactory(announcement=late, order=i) for i in range(3)]
    expected = [p.pk for p in [*on_time, extended_between, *later, extended_past_late]]
    assert list(selectors.positions_search(open_now=True).values_list("pk", flat=True)) == expected
    pages = selectors.search_pages(open_now=True)
    assert pages[0:20] == expected
    assert pages[2:5] == expected[2:5]
    assert pages[5:7] == expected[5:7]
