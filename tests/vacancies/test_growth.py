"""Issue 13: the list pages read the distinct filter choices and the page's own rows, whatever the number of
positions, and the archive's choices are those of the archive (never an open position's)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import AnnouncementFactory, InstitutionFactory, PositionFactory, PositionPlaceFactory
from vacancies import selectors
from vacancies.models import AnnouncementStatus

pytestmark = pytest.mark.django_db


def _closed_announcement(institution):
    past = timezone.now() - dt.timedelta(days=30)
    return AnnouncementFactory(
        institution=institution,
        status=AnnouncementStatus.CLOSED,
        published_at=past,
        opens_at=past,
        closes_at=past + dt.timedelta(days=10),
    )


def test_the_archives_filters_offer_no_institution_or_place_of_an_open_position(institution):
    open_only = InstitutionFactory(short_name="OPEN")
    PositionFactory(announcement=AnnouncementFactory(institution=open_only), place_sq="Vendi i hapur")
    PositionPlaceFactory(
        position=PositionFactory(announcement=AnnouncementFactory(institution=open_only), place_sq=""),
        place_sq="Vendi i ndarë i hapur",
    )
    PositionFactory(announcement=_closed_announcement(institution), place_sq="Vendi i arkivës")
    archive = selectors.filter_choices(open_now=False)
    assert [i.short_name for i in archive["institutions"]] == [institution.short_name]
    assert archive["places"] == ["Vendi i arkivës"]
    listed = selectors.filter_choices(open_now=True)
    assert [i.short_name for i in listed["institutions"]] == ["OPEN"]
    assert listed["places"] == ["Vendi i hapur", "Vendi i ndarë i hapur"]


def test_the_place_filter_offers_each_place_once_in_the_readers_language_with_albanian_as_fallback(
    institution,
):
    for _ in range(3):
        PositionFactory(
            announcement=AnnouncementFactory(institution=institution),
            place_sq="Prizren",
            place_en="Prizren (en)",
        )
    PositionFactory(announcement=AnnouncementFactory(institution=institution), place_sq="Gjilan")
    PositionPlaceFactory(
        position=PositionFactory(announcement=AnnouncementFactory(institution=institution), place_sq=""),
        place_sq="Zveçan",
    )
    with translation.override("en"):
        assert selectors.filter_choices()["places"] == ["Gjilan", "Prizren (en)", "Zveçan"]
    with translation.override("sq"):
        assert selectors.filter_choices()["places"] == ["Gjilan", "Prizren", "Zveçan"]


def _make(n, institution):
    announcement = AnnouncementFactory(institution=institution)
    PositionFactory.create_batch(n, announcement=announcement)
    closed = _closed_announcement(institution)
    PositionFactory.create_batch(n, announcement=closed)


@pytest.mark.parametrize("name", ["home", "vacancies:list", "vacancies:archive"])
def test_a_list_page_reads_the_same_queries_at_10_and_500_positions(client, institution, name):
    with translation.override("sq"):
        target = reverse(name)
    _make(10, institution)
    client.get(target)
    with CaptureQueriesContext(connection) as few:
        client.get(target)
    _make(490, institution)
    with CaptureQueriesContext(connection) as many:
        response = client.get(target)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    # No query of the page fetches every position: each is a COUNT, a LIMITed page, the page's own positions
    # by their ids, or the distinct choices.
    for query in many.captured_queries:
        sql = query["sql"]
        if 'FROM "vacancies_position"' in sql and "DISTINCT" not in sql.split(" FROM ")[0]:
            by_ids = 'WHERE "vacancies_position"."id" IN (' in sql
            assert "LIMIT" in sql or "COUNT(" in sql.split(" FROM ")[0] or by_ids, sql
