"""compute_results reads in a handful of queries whatever the number of candidates (no query per candidate)."""

import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees.models import SeatStatus
from scoring import results
from scoring.models import EvaluationCandidate, EvaluationStatus, InterviewSheet, SheetStatus
from tests.scoring.results_helpers import candidate

pytestmark = pytest.mark.django_db


def bulk(evaluation, committee, n: int, *, start: int = 0) -> None:
    """n candidates at 50 in the written test, each with a submitted interview sheet of 20 from every member
    (written straight to the tables: this test is about reading)."""
    from applications.models import Application, ApplicationStatus
    from tests.factories import UserFactory

    seats = list(committee.seats.filter(status=SeatStatus.ACTIVE))
    for i in range(start, start + n):
        user = UserFactory(username=f"bulk{i}@example.org", password=None)
        application = Application.objects.create(
            applicant=user, position=evaluation.position, status=ApplicationStatus.SUBMITTED
        )
        entrant = EvaluationCandidate.objects.create(
            evaluation=evaluation,
            application=application,
            written_score=Decimal(50),
            invited_to_interview=True,
        )
        InterviewSheet.objects.bulk_create(
            InterviewSheet(
                candidate=entrant, seat=seat, marks={}, status=SheetStatus.SUBMITTED, total=Decimal(20)
            )
            for seat in seats
        )


def _count(evaluation) -> int:
    with CaptureQueriesContext(connection) as captured:
        rows = results.compute_results(evaluation)
    assert all(row.total == 70 for row in rows)
    return len(captured)


def test_compute_results_query_count_is_independent_of_the_candidates(evaluation, committee):
    type(evaluation).objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.INTERVIEWS)
    candidate(evaluation, "Ana Gashi")
    EvaluationCandidate.objects.update(written_score=Decimal(50), invited_to_interview=True)
    entrant = EvaluationCandidate.objects.get()
    InterviewSheet.objects.bulk_create(
        InterviewSheet(candidate=entrant, seat=seat, status=SheetStatus.SUBMITTED, total=Decimal(20))
        for seat in committee.seats.all()
    )
    few = _count(evaluation)
    bulk(evaluation, committee, 30)
    started = time.perf_counter()
    assert _count(evaluation) == few <= 6
    assert time.perf_counter() - started < 2
