"""The public lists of open data read a fixed number of queries whatever the number of rows."""

import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import AnnouncementFactory, PositionFactory, PositionPlaceFactory
from tests.publicdata.test_statistics import _apply, _closed_position


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


_refs = itertools.count(100)


def _more(institution, n):
    for _ in range(n):
        position = _closed_position(institution, reference=f"KQZ {next(_refs)}/{timezone.now().year}")
        for _ in range(3):
            _apply(position, gender="female", community="albanian")
        open_one = PositionFactory(announcement=AnnouncementFactory(institution=institution))
        PositionPlaceFactory(position=open_one)


def test_the_statistics_page_api_feed_and_sitemap_cost_the_same_for_2_and_12_procedures(
    client, settings, institution
):
    settings.API_CACHE_SECONDS = 0
    urls = [
        "/en/statistics/",
        "/api/v1/statistics/",
        "/api/v1/positions/",
        "/api/v1/announcements/",
        "/en/feeds/vacancies/",
        "/sitemap.xml",
    ]
    _more(institution, 2)
    few = {url: _queries(client, url) for url in urls}
    _more(institution, 10)
    many = {url: _queries(client, url) for url in urls}
    assert many == few
