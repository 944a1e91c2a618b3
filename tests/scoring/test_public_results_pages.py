"""Issue 13: the public results (R-25.2) read one page of the frozen rows, cut out by the database: 100 qualified
candidates a page, numbered by rank across the pages, and the same queries at 4 or 250 candidates."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring import services
from scoring.models import EvaluationResult
from tests.scoring.test_results_publication import completed  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def _grow(evaluation, qualified, not_qualified):
    """The frozen rows made longer: copies of the first qualified row, ranked 1…n, then unqualified ones."""
    result = EvaluationResult.objects.get(evaluation=evaluation)
    template = next(row for row in result.rows if row["qualified"])
    rows = [{**template, "rank": i + 1, "candidate_id": 10_000 + i} for i in range(qualified)]
    rows += [
        {**template, "rank": None, "qualified": False, "candidate_id": 20_000 + i}
        for i in range(not_qualified)
    ]
    result.rows = rows
    result.save(update_fields=["rows"])


def test_r25_2_the_public_results_show_100_qualified_a_page_in_rank_order(completed, hr_officer):  # noqa: F811
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    _grow(evaluation, 250, 30)
    url = reverse("scoring:public_results", args=[evaluation.pk])
    first = Client().get(url).content.decode()
    last = Client().get(url + "?page=3").content.decode()
    assert first.count("Ana Gashi") == 100 and last.count("Ana Gashi") == 50
    assert "?page=2" in first and "?page=4" not in last


def test_a_public_results_page_reads_the_same_queries_at_4_and_250_candidates(completed, hr_officer):  # noqa: F811
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    url = reverse("scoring:public_results", args=[evaluation.pk])
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(evaluation, 250, 30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).content.decode().count("Ana Gashi") == 100
    assert len(many.captured_queries) == len(few.captured_queries)
    # The frozen rows are never read whole: only the page's come out of the database.
    assert not any('"rows"' in q["sql"].split(" FROM ")[0] for q in many.captured_queries)


def test_the_qualified_list_pdf_is_the_workers_file_never_rendered_in_the_request(
    completed,  # noqa: F811
    hr_officer,
    monkeypatch,
    settings,
    tmp_path,
):
    import scoring.pdf
    from scoring import tasks

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    calls = []
    monkeypatch.setattr(tasks.results_pdf_render, "delay", lambda *args: calls.append(args))
    real_html_to_pdf = scoring.pdf.html_to_pdf
    monkeypatch.setattr(scoring.pdf, "html_to_pdf", lambda html: pytest.fail("rendered in the request"))
    url = reverse("scoring:public_results_pdf", args=[evaluation.pk])
    waiting = Client().get(url)
    assert waiting.status_code == 503 and waiting["Retry-After"] == "60"
    assert calls == [(evaluation.pk, "qualified", "sq")]
    monkeypatch.setattr(scoring.pdf, "html_to_pdf", real_html_to_pdf)
    tasks.results_pdf_render(evaluation.pk, "qualified", "sq")  # the worker
    monkeypatch.setattr(scoring.pdf, "html_to_pdf", lambda html: pytest.fail("rendered in the request"))
    served = Client().get(url)
    assert served.status_code == 200 and served.getvalue().startswith(b"%PDF")


def test_a_public_results_page_reads_its_own_rows_by_place_not_the_frozen_array(completed, hr_officer):  # noqa: F811
    """Issue 13: the page's SQL never expands the frozen rows (jsonb_array_elements made PostgreSQL detoast
    and read all 10,000 at each request, 3.1 → 21 ms) nor counts them: the count is the result's own and the
    page's rows are read by their place among the qualified."""
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    _grow(evaluation, 250, 30)
    url = reverse("scoring:public_results", args=[evaluation.pk]) + "?page=3"
    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).content.decode().count("Ana Gashi") == 50
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert not any("jsonb_array_elements" in sql or "count(" in sql.lower() for sql in sqls)
    rows = [sql for sql in sqls if "scoring_resultentry" in sql]
    assert len(rows) == 1 and '"qualified_place" > 200' in rows[0] and '"qualified_place" <= 250' in rows[0]


def test_the_count_and_the_rank_order_on_the_first_and_last_pages(completed, hr_officer):  # noqa: F811
    from scoring import selectors

    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    _grow(evaluation, 250, 30)
    published = selectors.published_evaluation(evaluation.pk)
    first = selectors.published_qualified_page(published, 1, per_page=100)
    last = selectors.published_qualified_page(published, 99, per_page=100)  # past the end: the last page
    assert first.paginator.count == 250 and last.number == 3
    assert [row.rank for row in first.object_list] == list(range(1, 101))
    assert [row.rank for row in last.object_list] == list(range(201, 251))


def test_saving_the_rows_rewrites_their_entries_and_the_qualified_count(completed, hr_officer):  # noqa: F811
    """The rows of ResultEntry follow EvaluationResult.rows whenever they are saved (the freezing, a correction
    of R-9.3): the same rows in the same order, the qualified numbered 1, 2, … among themselves."""
    from scoring.models import ResultEntry

    evaluation, _entrants = completed
    _grow(evaluation, 3, 2)
    result = EvaluationResult.objects.get(evaluation=evaluation)
    result.rows = [result.rows[3], result.rows[0], result.rows[4], *result.rows[1:3]]  # not, q, not, q, q
    result.save(update_fields=["rows"])
    result.refresh_from_db()
    entries = list(
        ResultEntry.objects.filter(result=result)
        .order_by("order")
        .values_list("order", "qualified_place", "data")
    )
    assert [data for _order, _place, data in entries] == result.rows
    assert [(order, place) for order, place, _data in entries] == [
        (1, None),
        (2, 1),
        (3, None),
        (4, 2),
        (5, 3),
    ]
    assert result.qualified_count == 3
