"""Issue 13: the public shortlist is paginated (100 names a page), each page cut out of the published list by the
database, so a page costs the same at 10 names as at 250 (or 10,000); an excluded candidate (R-9.3) stays out."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.helpers.vacancies import application
from tests.helpers.verification import close
from verification.models import Decision, Review, Shortlist

pytestmark = pytest.mark.django_db


def _publish(position, hr_officer, n):
    """A published shortlist of n names (written directly: publishing has its own tests)."""
    Shortlist.objects.filter(position=position).delete()
    entries = []
    for i in range(n):
        app = application(position)
        review = Review.objects.create(
            application=app,
            position=position,
            submission=app.last_submission,
            reference=f"REF-{i:05d}",
            opened_at=timezone.now(),
            decision=Decision.ELIGIBLE,
            shortlist_rank=i + 1,
            first_name=f"Emri{i:05d}",
            last_name=f"Mbiemri{i:05d}",
        )
        entries.append(
            {
                "review": review.pk,
                "application": app.pk,
                "reference": review.reference,
                "first_name": review.first_name,
                "last_name": review.last_name,
            }
        )
    return Shortlist.objects.create(
        position=position, published_at=timezone.now(), published_by=hr_officer, entries=entries
    )


def _url(position, page=None):
    with translation.override("en"):
        base = reverse("verification:shortlist", args=[position.pk])
    return base + (f"?page={page}" if page else "")


def _numbers(html):
    return [int(n) for n in re.findall(r'<td class="number">(\d+)</td>', html)]


def test_the_shortlist_shows_100_names_a_page_numbered_across_the_pages(client, position, hr_officer):
    close(position)
    _publish(position, hr_officer, 250)
    first = client.get(_url(position)).content.decode()
    assert _numbers(first) == list(range(1, 101))
    assert "250 candidates continue" in first and "Page 1 of 3" in first and "Mbiemri00099" in first
    last = client.get(_url(position, 3)).content.decode()
    assert _numbers(last) == list(range(201, 251))
    assert "Mbiemri00249" in last and "Mbiemri00199" not in last


def test_r9_3_an_excluded_candidate_is_left_out_of_the_pages_and_the_count(client, position, hr_officer):
    close(position)
    _publish(position, hr_officer, 120)
    Review.objects.filter(position=position, reference="REF-00050").update(decision=Decision.EXCLUDED)
    first = client.get(_url(position)).content.decode()
    assert "119 candidates continue" in first and "Mbiemri00050" not in first
    assert _numbers(first) == list(range(1, 101)) and "Mbiemri00100" in first
    assert "Mbiemri00119" in client.get(_url(position, 2)).content.decode()


def test_a_shortlist_page_reads_the_same_queries_at_10_and_250_names(client, position, hr_officer):
    close(position)
    _publish(position, hr_officer, 10)
    client.get(_url(position))
    with CaptureQueriesContext(connection) as few:
        client.get(_url(position))
    _publish(position, hr_officer, 250)
    with CaptureQueriesContext(connection) as many:
        html = client.get(_url(position)).content.decode()
    assert len(_numbers(html)) == 100
    assert len(many.captured_queries) == len(few.captured_queries)
    # The names of the list are never read whole: only the page's rows come out of the database.
    assert not any('"entries"' in q["sql"].split(" FROM ")[0] for q in many.captured_queries)
