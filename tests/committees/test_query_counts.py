"""Public and member pages cost the same number of queries for one row or many (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import services
from tests.factories import AnnouncementFactory, PositionFactory
from tests.helpers.auth import login_with_second_factor
from tests.helpers.committees import drawn

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more_committees(institution, pool, it_field, hr_officer, n):
    for i in range(n):
        position = PositionFactory(
            announcement=AnnouncementFactory(institution=institution),
            code=f"P-{i + 10}",
            category="professional",
            scoring_scheme="kqz-professional",
        )
        drawn(
            services.committee_create(position=position, pool=pool, fields=[it_field], actor=hr_officer),
            hr_officer,
        )


def test_the_public_draw_list_costs_the_same_for_one_draw_or_many(
    client, drawn_committee, institution, pool, it_field, hr_officer
):
    url = reverse("committees:draw_list")
    client.get(url)
    few = _queries(client, url)
    _more_committees(institution, pool, it_field, hr_officer, 3)
    assert client.get(url).content.decode().count("P-1") >= 4  # P-1 and P-10 … P-12
    assert _queries(client, url) == few


def test_the_member_s_committees_cost_the_same_for_one_seat_or_many(
    client, drawn_committee, institution, pool, it_field, hr_officer, committee_member
):
    login_with_second_factor(client, committee_member)
    url = reverse("committees:my_committees")
    client.get(url)
    few = _queries(client, url)
    _more_committees(institution, pool, it_field, hr_officer, 3)  # three managers: the persona sits on each
    assert client.get(url).content.decode().count("P-1") >= 4
    assert _queries(client, url) == few
