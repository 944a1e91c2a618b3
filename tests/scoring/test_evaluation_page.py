"""The committee's evaluation page in pages (issue 13): the candidates' table and the interview's each show a page
of evaluation_page.PER_PAGE candidates in the order of names, paged on their own with plain links; the URL
without a query string is the first page of both; before the lock no page says who (R-20.3)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring import evaluation_page
from scoring.models import InterviewSheet, SheetStatus
from tests.helpers.auth import login_with_second_factor
from tests.helpers.plans import plan_without_sorting, require_name_order_indexes
from tests.helpers.scoring import sealed
from tests.scoring.results_helpers import candidate, written_and_interviews

pytestmark = pytest.mark.django_db

PER_PAGE = evaluation_page.PER_PAGE
COUNT = PER_PAGE + 5


@pytest.fixture
def entrants(evaluation):
    # Admitted out of the order of names: the page orders them.
    return {i: candidate(evaluation, f"Emri{i:02d} Mbiemri{i:02d}") for i in reversed(range(COUNT))}


@pytest.fixture
def at_the_interview(evaluation, chair, entrants):
    written_and_interviews(evaluation, chair, dict.fromkeys(entrants.values(), "60"))
    return evaluation


def _section(html: str, heading: str) -> str:
    return html.split(f'aria-labelledby="{heading}"', 1)[1].split("</section>", 1)[0]


def _numbers(section: str) -> list[int]:
    """The candidates of a table, by their number in the fixture (Emri07 Mbiemri07 -> 7), in the page's order."""
    return [int(n) for n in re.findall(r"Emri(\d\d) Mbiemri\d\d", section)]


def _get(client, evaluation, query="") -> str:
    response = client.get(reverse("scoring:evaluation", args=[evaluation.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_candidates_table_shows_a_page_of_candidates_in_the_order_of_names(at_the_interview, chair):
    client = login_with_second_factor(Client(), chair)
    first = _section(_get(client, at_the_interview), "cand-h")
    assert _numbers(first) == list(range(PER_PAGE))
    assert re.findall(r'<th scope="row">(\d+)</th>', first) == [str(n) for n in range(1, PER_PAGE + 1)]
    second = _section(_get(client, at_the_interview, "?page=2"), "cand-h")
    assert _numbers(second) == list(range(PER_PAGE, COUNT))
    # Numbered across the pages, as the whole list would number them.
    assert re.findall(r'<th scope="row">(\d+)</th>', second) == [
        str(n) for n in range(PER_PAGE + 1, COUNT + 1)
    ]


def test_the_interview_table_pages_on_its_own_and_each_pager_keeps_the_other_table_s_page(
    at_the_interview, chair
):
    client = login_with_second_factor(Client(), chair)
    page = _get(client, at_the_interview, "?sheets=2")
    interview, candidates = _section(page, "int-h"), _section(page, "cand-h")
    assert _numbers(interview) == list(range(PER_PAGE, COUNT))
    assert _numbers(candidates) == list(range(PER_PAGE))  # still the candidates' first page
    # Plain links, each pager named for its table (two navigations on one page need two names).
    labels = re.findall(r'<nav class="pagination" aria-label="([^"]+)">', page)
    assert len(labels) == 2 and len(set(labels)) == 2
    assert 'href="?sheets=2&amp;page=2" rel="next"' in candidates
    assert 'href="?sheets=1" rel="prev"' in interview
    page = _get(client, at_the_interview, "?page=2&sheets=2")
    assert 'href="?page=2&amp;sheets=1" rel="prev"' in _section(page, "int-h")
    assert 'href="?sheets=2&amp;page=1" rel="prev"' in _section(page, "cand-h")


def test_the_url_without_a_query_is_the_first_page_and_a_page_past_the_end_the_last(at_the_interview, chair):
    client = login_with_second_factor(Client(), chair)
    plain = _get(client, at_the_interview)
    assert _numbers(_section(plain, "int-h")) == list(range(PER_PAGE))
    assert 'href="?page=2" rel="next"' in plain and 'href="?sheets=2" rel="next"' in plain
    assert _numbers(_section(_get(client, at_the_interview, "?page=x&sheets=x"), "int-h")) == list(
        range(PER_PAGE)
    )
    past = _get(client, at_the_interview, "?page=99&sheets=99")
    assert _numbers(_section(past, "int-h")) == list(range(PER_PAGE, COUNT))
    assert _numbers(_section(past, "cand-h")) == list(range(PER_PAGE, COUNT))


def test_a_sheet_submitted_from_the_second_page_leaves_the_first_page_s_candidates_as_they_were(
    at_the_interview, committee_member, entrants
):
    """Each sheet is its own form: marking a candidate reached from page 2 touches that candidate only."""
    client = login_with_second_factor(Client(), committee_member)
    second = _section(_get(client, at_the_interview, "?sheets=2"), "int-h")
    link = re.search(r'<a href="([^"]+)">Emri27 Mbiemri27</a>', second).group(1)
    client.post(
        link,
        {
            **{f"mark_{n}": "4" for n in range(1, 6)},
            **{f"note_{n}": "ok" for n in range(1, 6)},
            "submit": "1",
        },
    )
    sheet = InterviewSheet.objects.get()
    assert sheet.candidate == entrants[27] and sheet.status == SheetStatus.SUBMITTED
    row = re.search(
        r"Emri27 Mbiemri27.*?</tr>", _section(_get(client, at_the_interview, "?sheets=2"), "int-h"), re.S
    )
    assert "<td>1 / 5</td>" in row.group(0)
    first = _section(_get(client, at_the_interview), "int-h")
    assert first.count("<td>0 / 5</td>") == PER_PAGE


def test_before_the_lock_no_page_of_the_evaluation_says_who(evaluation, chair, entrants):
    sealed(evaluation, chair)
    client = login_with_second_factor(Client(), chair)
    for query in ("", "?page=2", "?page=2&sheets=2"):
        page = _get(client, evaluation, query)
        assert "Mbiemri" not in page
        assert not any(entrant.code in page for entrant in entrants.values())
        assert 'id="sitting-counts"' in page


def test_the_committee_sees_the_shortlists_names_not_a_profile_changed_since(
    at_the_interview, chair, entrants
):
    """The candidate keeps the name of the published shortlist (R-18.4), against which the members declared
    (R-13.6): a person who renames their profile after the shortlist is still listed, and ordered, under the
    shortlisted name on the evaluation page and on their sheet."""
    profile = entrants[3].application.applicant.applicant_profile
    profile.first_name, profile.last_name = "Zana", "Zeqiri"
    profile.save()
    client = login_with_second_factor(Client(), chair)
    page = _get(client, at_the_interview)
    assert "Zeqiri" not in page
    assert _numbers(_section(page, "cand-h")) == list(range(PER_PAGE))
    assert _numbers(_section(page, "int-h")) == list(range(PER_PAGE))
    sheet = re.search(r'<a href="([^"]+)">Emri03 Mbiemri03</a>', _section(page, "int-h")).group(1)
    html = client.get(sheet).content.decode()
    assert "Emri03 Mbiemri03" in html and "Zeqiri" not in html


def test_a_page_of_each_table_is_read_in_an_indexs_order_not_by_sorting_every_candidate(
    at_the_interview, chair
):
    """Issue 13: each table's statement joined every candidate to the applicant's profile and sorted them all
    by its names with ICU to keep a page (1.7 ms at 300 candidates against 0.26 at 50). The names the
    candidate keeps (migration 0011) have an index in the order of R-18.4 (migration 0012): with sorting and
    whole-table reads priced out, the plan of each table's page has no sort and reads that index."""
    require_name_order_indexes()
    client = login_with_second_factor(Client(), chair)
    with CaptureQueriesContext(connection) as ctx:
        _get(client, at_the_interview)
    pages = [q["sql"] for q in ctx.captured_queries if f"LIMIT {PER_PAGE}" in q["sql"]]
    assert len(pages) == 2  # the candidates' table, the interview's sheets
    for sql in pages:
        plan = plan_without_sorting(sql)
        assert "_name_order on scoring_evaluationcandidate" in plan, plan
        assert "Sort" not in plan and "applicantprofile" not in plan, plan
