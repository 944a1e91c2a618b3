"""Issue 13: HR's "Positions to verify" counts each figure by its own subquery (the former COUNT(DISTINCT) over
applications × reviews ran for minutes at 5,000 applications); the figures, and the page's queries, stay right
whatever the number of applications (bench/verify_bench.py times it at 10,000)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from tests.helpers.auth import login_with_second_factor
from tests.helpers.vacancies import application
from tests.helpers.verification import close
from verification.models import Decision, Review
from verification.selectors import positions_to_verify

pytestmark = pytest.mark.django_db


def _applications(position, n, *, reviewed_every=2, eligible_every=4):
    for i in range(n):
        app = application(position)
        if i % reviewed_every == 0:
            Review.objects.create(
                application=app,
                position=position,
                submission=app.last_submission,
                reference=app.last_submission.reference,
                opened_at=timezone.now(),
                decision=Decision.ELIGIBLE if i % eligible_every == 0 else Decision.UNDECIDED,
            )


def test_the_counts_are_those_of_the_position_each_counted_once(position, hr_officer):
    close(position)
    _applications(position, 8)  # 4 reviewed, 2 of them decided
    application(position, status=ApplicationStatus.WITHDRAWN)
    application(position, status=ApplicationStatus.DRAFT)
    row = positions_to_verify(user=hr_officer).get(pk=position.pk)
    assert (row.submitted_count, row.review_count, row.undecided_count) == (8, 4, 2)


def test_the_query_joins_neither_applications_nor_reviews_and_counts_nothing_distinct(position, hr_officer):
    close(position)
    sql = str(positions_to_verify(user=hr_officer).query)
    assert "COUNT(DISTINCT" not in sql.upper()
    assert 'APPLICATIONS_APPLICATION" ON' not in sql.upper() and 'VERIFICATION_REVIEW" ON' not in sql.upper()
    assert 'VERIFICATION_SHORTLIST"."ENTRIES' not in sql.upper()  # the names of a published list are not read


def test_the_positions_to_verify_page_reads_the_same_queries_at_10_and_500_applications(
    client, position, hr_officer
):
    close(position)
    _applications(position, 10)
    login_with_second_factor(client, hr_officer)
    url = reverse("admin:verification_verificationposition_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _applications(position, 490)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    row = positions_to_verify(user=hr_officer).get(pk=position.pk)
    assert (row.submitted_count, row.review_count) == (500, 250)
