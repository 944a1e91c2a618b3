"""HR's list pages of the steps after the results read a fixed number of queries, however many rows they show:
each page is counted with one row and with three."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appeals import services as appeal_services
from applications.models import Application
from mandates import services as mandate_services
from probation.services import probation_start
from tests.factories import AnnouncementFactory, PositionFactory
from tests.helpers import appeals as appeal_clock
from tests.helpers.auth import login_with_second_factor
from tests.helpers.probation import ACT, make_appointment
from tests.helpers.probation import at as day_at
from tests.helpers.winners import at, published_result, winner_user
from winners import services as winner_services


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _rows(client, url):
    """The table rows the page shows (its header's included)."""
    return client.get(url).content.decode().count("<tr")


def _counts(client, hr_officer, url, add_rows):
    """The page's queries with one row, then with three (``add_rows`` adds the other two)."""
    login_with_second_factor(client, hr_officer)
    _count(client, url)  # the first request after the log-in also saves the session
    one, shown = _count(client, url), _rows(client, url)
    add_rows()
    assert _rows(client, url) == shown + 2  # the page shows the two rows added
    return one, _count(client, url)


def _winners_page(institution, hr_officer, reference, winners):
    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution, reference=reference),
        code=reference,
        category="professional",
        scoring_scheme="kqz-professional",
        number_of_positions=winners,
    )
    result = published_result(position, hr_officer, [90 - n for n in range(winners)])
    winners_list = winner_services.winners_list_create(result=result, actor=hr_officer, now=at(6))
    winner_services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    return reverse("winners:hr_list", args=[result.evaluation_id])


def test_winners_hr_list_does_not_query_per_winner(client, institution, hr_officer):
    one = _winners_page(institution, hr_officer, "KQZ 61/2026", 1)
    three = _winners_page(institution, hr_officer, "KQZ 62/2026", 3)
    login_with_second_factor(client, hr_officer)
    _count(client, one)
    assert _rows(client, three) == _rows(client, one) + 2  # three winners shown, then one
    assert _count(client, one) == _count(client, three)


def test_probation_list_does_not_query_per_probation(client, institution, hr_officer):
    def probation(reference):
        appointment = make_appointment(institution, hr_officer, reference=reference)
        probation_start(appointment=appointment, now=day_at(ACT + dt.timedelta(days=3)))

    probation("KQZ 71/2026")
    one, three = _counts(
        client,
        hr_officer,
        reverse("probation:list"),
        lambda: [probation(f"KQZ 7{n}/2026") for n in (2, 3)],
    )
    assert one == three


def test_mandates_list_does_not_query_per_mandate(client, institution, hr_officer):
    def mandate(reference):
        make_appointment(institution, hr_officer, category="middle_management", reference=reference)
        mandate_services.mandates_start_due(now=day_at(ACT + dt.timedelta(days=3)))

    mandate("KQZ 81/2026")
    one, three = _counts(
        client,
        hr_officer,
        reverse("mandates:list"),
        lambda: [mandate(f"KQZ 8{n}/2026") for n in (2, 3)],
    )
    assert one == three


@pytest.fixture
def appellants(settings, institution, hr_officer):
    """A published result (R-32) whose three last-ranked candidates appeal it."""
    settings.APPEAL_RESULTS_DAYS = 30
    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution, reference="KQZ 91/2026"),
        code="KQZ 91/2026",
        category="professional",
        scoring_scheme="kqz-professional",
        number_of_positions=1,
    )
    users = [winner_user(f"Ana A{n}") for n in range(4)]
    published_result(
        position, hr_officer, [90, 85, 80, 75], users=users, published_at=appeal_clock.PUBLISHED_AT
    )
    return [Application.objects.get(applicant=user, position=position) for user in users[1:]]


def test_appeals_hr_list_does_not_query_per_appeal(client, hr_officer, appellants):
    def lodge(application):
        appeal_services.appeal_results_lodge(
            actor=application.applicant, application=application, grounds="x", now=appeal_clock.at(10)
        )

    lodge(appellants[0])
    one, three = _counts(
        client, hr_officer, reverse("appeals:hr_list"), lambda: [lodge(a) for a in appellants[1:]]
    )
    assert one == three
