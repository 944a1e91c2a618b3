"""The committee's and HR's pages list candidates in one read: their query count does not grow with the rows
(the evaluation at the interview, HR's slips and list of evaluations, the ranking)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring import evaluation_page, services
from scoring.models import EvaluationCandidate
from tests.factories import AnnouncementFactory, PositionFactory, UserFactory
from tests.helpers.auth import login_with_second_factor
from tests.helpers.scoring import make_committee
from tests.scoring.results_helpers import candidate, submit_sheets, written_and_interviews

pytestmark = pytest.mark.django_db


def _count(client, url, *texts) -> int:
    # Once before counting: a session's first view of a page also refreshes its idle timestamp and learns which
    # collation the database has (one-off queries that say nothing about the rows).
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for text in texts:  # the rows are really on the page, not an empty table counted twice
        assert text in page
    return len(captured)


def _invite_more(evaluation, names) -> list[EvaluationCandidate]:
    """More candidates after the lock (written straight to the table: these tests are about reading)."""
    more = [candidate(evaluation, name) for name in names]
    EvaluationCandidate.objects.filter(pk__in=[c.pk for c in more]).update(
        written_score=Decimal(50), written_source="import", invited_to_interview=True
    )
    return more


def test_evaluation_detail_at_the_interview_reads_its_rows_in_a_fixed_number_of_queries(evaluation, chair):
    first = candidate(evaluation, "Ana Gashi")
    written_and_interviews(evaluation, chair, {first: "60"})
    client = login_with_second_factor(Client(), chair)
    url = reverse("scoring:evaluation", args=[evaluation.pk])
    few = _count(client, url, "Ana Gashi")
    _invite_more(evaluation, [f"Kandidat{i} Prova{i}" for i in range(10)])
    many = _count(client, url, "Ana Gashi", "Kandidat0 Prova0", "Kandidat9 Prova9")
    assert many == few


def test_evaluation_detail_reads_a_page_of_many_candidates_in_the_queries_of_a_few(evaluation, chair):
    """Issue 13: the tables show a page of candidates (evaluation_page.PER_PAGE) whatever their number."""
    first = candidate(evaluation, "Ana Gashi")
    written_and_interviews(evaluation, chair, {first: "60"})
    client = login_with_second_factor(Client(), chair)
    url = reverse("scoring:evaluation", args=[evaluation.pk])
    few = _count(client, url, "Ana Gashi")
    _invite_more(evaluation, [f"Kandidat{i:02d} Prova{i:02d}" for i in range(evaluation_page.PER_PAGE + 5)])
    assert _count(client, url, "Ana Gashi", "Kandidat00 Prova00") == few
    assert _count(client, f"{url}?page=2&sheets=2", "Kandidat29 Prova29") == few


def test_slips_read_their_rows_in_a_fixed_number_of_queries(evaluation, hr_officer):
    first = candidate(evaluation, "Ana Gashi")
    client = login_with_second_factor(Client(), hr_officer)
    url = reverse("scoring:slips", args=[evaluation.pk])
    few = _count(client, url, "Ana Gashi", first.code)
    more = [candidate(evaluation, f"Kandidat{i} Prova{i}") for i in range(10)]
    many = _count(client, url, "Ana Gashi", "Kandidat9 Prova9", more[-1].code)
    assert many == few


def test_the_ranking_reads_its_rows_in_a_fixed_number_of_queries(evaluation, chair, members, hr_officer):
    entrants = [candidate(evaluation, f"Kandidat{i} Prova{i}") for i in range(8)]
    written_and_interviews(evaluation, chair, dict.fromkeys(entrants, "60"))
    for entrant in entrants:
        submit_sheets(evaluation, members, entrant, ["20"] * 5)
    services.evaluation_complete(evaluation=evaluation, actor=chair)
    client = login_with_second_factor(Client(), hr_officer)
    url = reverse("scoring:ranking", args=[evaluation.pk])
    many = _count(client, url, "Kandidat0 Prova0", "Kandidat7 Prova7")
    # The same page with a single row: cut the frozen rows down to one.
    stored = evaluation.result
    stored.rows = stored.rows[:1]
    stored.save(update_fields=["rows"])
    assert _count(client, url, "Prova") == many


def test_hr_s_list_of_evaluations_reads_its_positions_in_a_fixed_number_of_queries(
    evaluation, institution, hr_officer
):
    client = login_with_second_factor(Client(), hr_officer)
    url = reverse("scoring:hr_evaluations")
    few = _count(client, url, str(evaluation.position))
    more = []
    for n in range(3):
        position = PositionFactory(announcement=AnnouncementFactory(institution=institution), code=f"Q-{n}")
        make_committee(
            position, [UserFactory(username=f"q{n}-{i}@example.org") for i in range(5)], hr_officer
        )
        more.append(position)
    services.evaluation_create(position=more[0], actor=hr_officer)
    many = _count(client, url, str(evaluation.position), *(str(p) for p in more))
    assert many == few
