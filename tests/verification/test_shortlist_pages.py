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


def _page(position, number):
    from verification.selectors import published_shortlist_page

    _shortlist, page = published_shortlist_page(position.pk, number, per_page=100)
    return page


def test_a_shortlist_page_reads_its_own_rows_not_the_published_array(client, position, hr_officer):
    """Issue 13: the page's SQL never expands the stored list (jsonb_array_elements made PostgreSQL detoast
    and read all 10,000 names at each request, 1.4 → 12 ms) nor counts it: the count is the list's own and
    the names come from their rows, at most a page of them from the page's first rank."""
    close(position)
    _publish(position, hr_officer, 250)
    client.get(_url(position, 3))
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(_url(position, 3)).content.decode()
    assert _numbers(html) == list(range(201, 251))
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert not any("jsonb_array_elements" in sql or "count(" in sql.lower() for sql in sqls)
    assert not any('"entries"' in sql.split(" FROM ")[0] for sql in sqls)
    rows = [sql for sql in sqls if "verification_shortlistentry" in sql]
    assert len(rows) == 1 and '"rank" >= 201' in rows[0] and "LIMIT 50" in rows[0]


def test_publishing_writes_a_row_per_name_in_the_published_order_and_the_count(position, hr_officer):
    from tests.verification.test_services import _decided_position
    from verification import services
    from verification.models import ShortlistEntry

    _decided_position(position, hr_officer)
    shortlist = services.shortlist_publish(position=position, actor=hr_officer)
    shortlist.refresh_from_db()
    rows = list(
        ShortlistEntry.objects.filter(shortlist=shortlist).order_by("rank").values_list("rank", "data")
    )
    assert rows == [(i, entry) for i, entry in enumerate(shortlist.entries, start=1)]
    assert shortlist.listed_count == 2 and [data["last_name"] for _rank, data in rows] == ["Cana", "Çeku"]
    # Ranks of the reviews and of the rows are the same places (the exclusions are read by rank).
    assert sorted(
        Review.objects.filter(position=position, shortlist_rank__isnull=False).values_list(
            "shortlist_rank", "pk"
        )
    ) == [(rank, data["review"]) for rank, data in rows]


@pytest.mark.parametrize("excluded", [(1,), (100, 101), (1, 2, 250), (99, 100, 101, 102, 201)])
def test_r9_3_exclusions_keep_the_count_the_order_and_the_first_and_last_pages_exact(
    position, hr_officer, excluded
):
    close(position)
    _publish(position, hr_officer, 250)
    for rank in excluded:
        Review.objects.filter(position=position, shortlist_rank=rank).update(decision=Decision.EXCLUDED)
    expected = [f"Mbiemri{i:05d}" for i in range(250) if i + 1 not in excluded]
    pages = [_page(position, n) for n in (1, 2, 3)]
    assert pages[0].paginator.count == 250 - len(excluded) and pages[0].paginator.num_pages == 3
    shown = [entry["last_name"] for page in pages for entry in page.object_list]
    assert shown == expected
    assert [len(page.object_list) for page in pages] == [100, 100, 50 - len(excluded)]


def test_r9_3_an_exclusion_recorded_after_publication_leaves_the_page_and_its_count(
    client, position, hr_officer
):
    from verification import services

    close(position)
    _publish(position, hr_officer, 120)
    review = Review.objects.get(position=position, shortlist_rank=100)
    services.false_declaration_record(
        review=review,
        evidence="Certifikata e gjykatës nr. 55/2026 tregon dënim të formës së prerë.",
        explanation="Keni deklaruar se nuk jeni dënuar; certifikata e gjykatës tregon të kundërtën.",
        actor=hr_officer,
    )
    first = client.get(_url(position)).content.decode()
    assert "119 candidates continue" in first and "Mbiemri00099" not in first and "Mbiemri00100" in first
    assert _numbers(first) == list(range(1, 101))
    second = client.get(_url(position, 2)).content.decode()
    assert _numbers(second) == list(range(101, 120)) and "Mbiemri00101" in second


def test_the_exclusions_are_read_from_their_own_index(position, hr_officer):
    """The page's read of the excluded places is served by the partial index review_ranked_not_eligible (a
    handful of rows), not by a scan of the position's reviews."""
    from verification.models import Review as R

    close(position)
    _publish(position, hr_officer, 5)
    query = (
        R.objects.filter(position_id=position.pk, shortlist_rank__isnull=False)
        .exclude(decision=Decision.ELIGIBLE)
        .values_list("shortlist_rank", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    assert "review_ranked_not_eligible" in query.explain()
