"""HR's list of one position's reviews (verification/review_list.py, issue 13): the admin's URL with
``?position__id__exact=``, served by a list built for it instead of Django's ChangeList. It shows what the
ChangeList showed (rows, order, cells, counts, filters, actions), pages by 100, answers 404 for a position HR
may not see, and costs the same queries for few rows or many."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin as django_admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import PositionFactory, UserFactory
from tests.helpers.auth import login_with_second_factor
from tests.helpers.plans import plan_without_sorting, require_name_order_indexes
from tests.helpers.verification import close, submitted
from verification import review_list, services
from verification.models import CheckResult, Decision, Reason, Review

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:verification_review_changelist"
SURNAMES = ["Dema", "Ëmini", "Çeku", "Berisha", "Dhima", "Cana"]


class _Rows(HTMLParser):
    """The rows of #result_list: per row, its cells as (tag, class, text, links, inputs)."""

    def __init__(self):
        super().__init__()
        self.rows, self.headers, self._cell, self._in_body, self._in_head = [], [], None, False, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tbody":
            self._in_body = True
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in ("td", "th") and (self._in_body or self._in_head):
            self._cell = [tag, attrs.get("class", ""), "", [], [], attrs.get("scope")]
        elif self._cell is not None and tag == "a":
            self._cell[3].append(attrs.get("href"))
        elif self._cell is not None and tag == "input":
            self._cell[4].append(tuple(sorted(attrs.items())))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            tag_, cls, text, links, inputs, scope = self._cell
            cell = (tag_, cls, " ".join(text.split()), tuple(links), tuple(inputs))
            if self._in_body:
                self.rows[-1].append(cell)
            else:
                column = next(
                    (c for c in cls.split() if c.startswith("column-") or c.endswith("-column")), cls
                )
                self.headers.append((column, cell[2], scope))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "thead":
            self._in_head = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data


def _rows(html: str):
    parser = _Rows()
    if '<table id="result_list">' in html:
        start = html.index('<table id="result_list">')
        parser.feed(html[start : html.index("</table>", start)])
    return parser


def _url(position, language="en", **params):
    """The list's URL in ``language`` (the admin's URLs carry the language: /en/admin/...)."""
    query = "&".join(f"{k}={v}" for k, v in {"position__id__exact": position.pk, **params}.items())
    with translation.override(language):
        return f"{reverse(CHANGELIST)}?{query}"


@pytest.fixture
def reviews(position, hr_officer):
    """Six candidates of the position, in an order other than the Albanian one; decisions of every kind, one
    name that needs escaping, criteria partly checked."""
    for surname in SURNAMES:
        submitted(position, first_name="Arta", last_name=surname)
    submitted(position, first_name='<b>Ana</b> & "Jo"', last_name="O'Neil")
    lacking = submitted(position, last_name="Gashi", missing=("CV",))
    services.reviews_open(position=position, actor=hr_officer)
    reviews = {r.last_name: r for r in Review.objects.filter(position=position)}
    for check in reviews["Cana"].checks.all():
        services.check_record(check=check, result=CheckResult.MET, actor=hr_officer)
    services.review_decide(review=reviews["Cana"], decision=Decision.ELIGIBLE, actor=hr_officer)
    services.check_record(check=reviews["Dema"].checks.first(), result=CheckResult.MET, actor=hr_officer)
    services.review_decide(
        review=reviews["Dhima"],
        decision=Decision.NOT_ELIGIBLE,
        reasons=[Reason.EXPERIENCE, Reason.OTHER_REQUIREMENT],
        explanation="Një vit përvojë.",
        actor=hr_officer,
    )
    assert lacking
    return reviews


def _through_the_changelist(monkeypatch):
    monkeypatch.setattr(review_list, "served", lambda request: False)


@pytest.mark.parametrize("language", ["sq", "en", "sr-latn"])
def test_the_list_shows_the_rows_cells_and_order_the_changelist_showed(
    client, hr_officer, reviews, position, monkeypatch, language
):
    login_with_second_factor(client, hr_officer)
    url = _url(position, language)
    ours = client.get(url)
    assert ours.status_code == 200
    with monkeypatch.context() as patched:
        _through_the_changelist(patched)
        theirs = client.get(url)
    ours_html, theirs_html = ours.content.decode(), theirs.content.decode()
    assert "ChangeList" not in ours_html and 'id="changelist"' in ours_html
    mine, django = _rows(ours_html), _rows(theirs_html)
    assert len(mine.rows) == len(django.rows) == 8
    for ours_row, their_row in zip(mine.rows, django.rows, strict=True):
        # Cells, classes, texts, links and checkboxes, in the same order.
        for ours_cell, their_cell in zip(ours_row, their_row, strict=True):
            assert ours_cell == their_cell
    assert [c for c, _t, _s in mine.headers] == [c for c, _t, _s in django.headers]
    for (_c, text, _s), (_c2, theirs_text, _s2) in zip(mine.headers, django.headers, strict=True):
        assert text in theirs_text  # theirs adds the sorting's priority
    assert {scope for _c, _t, scope in mine.headers} == {"col"}
    # The counts as the ChangeList writes them, and the title.
    verbose = str(Review._meta.verbose_name_plural)
    for html in (ours_html, theirs_html):
        assert re.search(rf"8\s+{re.escape(verbose)}", html)


def test_the_rows_are_in_the_albanian_order_and_escaped(client, hr_officer, reviews, position):
    login_with_second_factor(client, hr_officer)
    html = client.get(_url(position)).content.decode()
    names = [row[1][2].split(",")[0] for row in _rows(html).rows]
    assert names == ["Berisha", "Cana", "Çeku", "Dema", "Dhima", "Ëmini", "Gashi", "O'Neil"]
    assert "<b>Ana</b>" not in html and "&lt;b&gt;Ana&lt;/b&gt; &amp; &quot;Jo&quot;" in html
    cana = next(row for row in _rows(html).rows if row[1][2].startswith("Cana"))
    criteria = reviews["Cana"].checks.count()
    assert cana[3][2] == "eligible" and cana[5][2] == f"{criteria} / {criteria}"
    dhima = next(row for row in _rows(html).rows if row[1][2].startswith("Dhima"))
    assert dhima[4][2] == "; ".join(Review.objects.get(pk=reviews["Dhima"].pk).reason_labels())


def test_each_checkbox_is_the_one_django_writes(client, hr_officer, reviews, position):
    login_with_second_factor(client, hr_officer)
    html = client.get(_url(position)).content.decode()
    model_admin = django_admin.site._registry[Review]
    for review in reviews.values():
        assert str(django_admin.ModelAdmin.action_checkbox(model_admin, review)) in html


def test_the_list_does_not_go_through_djangos_changelist(client, hr_officer, reviews, position, monkeypatch):
    from django.contrib.admin.views import main

    def refuse(*args, **kwargs):
        raise AssertionError("the ChangeList was built")

    monkeypatch.setattr(main.ChangeList, "__init__", refuse)
    login_with_second_factor(client, hr_officer)
    response = client.get(_url(position))
    assert response.status_code == 200 and "Berisha" in response.content.decode()
    # A column's sorting is still the ChangeList's.
    with pytest.raises(AssertionError, match="ChangeList was built"):
        client.get(_url(position, o="2"))


def test_the_list_pages_by_the_size_and_leaves_a_missing_page_to_the_changelist(
    client, hr_officer, reviews, position, monkeypatch
):
    monkeypatch.setattr(review_list, "PER_PAGE", 3)
    login_with_second_factor(client, hr_officer)
    first = client.get(_url(position)).content.decode()
    second = client.get(_url(position, p=2)).content.decode()
    third = client.get(_url(position, p=3)).content.decode()
    names = [[row[1][2].split(",")[0] for row in _rows(html).rows] for html in (first, second, third)]
    assert names == [["Berisha", "Cana", "Çeku"], ["Dema", "Dhima", "Ëmini"], ["Gashi", "O'Neil"]]
    assert f"?position__id__exact={position.pk}&amp;p=2" in first and 'aria-current="page">2<' in second
    assert re.search(rf"8\s+{re.escape(str(Review._meta.verbose_name_plural))}", third)
    # Select all the position's reviews across the pages (the admin's script uses these).
    assert 'class="question hidden"' in first and 'data-actions-icnt="3"' in first
    # A page past the last: the ChangeList's own answer.
    past = client.get(_url(position, p=9))
    with monkeypatch.context() as patched:
        _through_the_changelist(patched)
        assert past.status_code == client.get(_url(position, p=9)).status_code


def test_a_position_hr_may_not_see_is_not_found(client, other_hr_officer, reviews, position):
    login_with_second_factor(client, other_hr_officer)
    assert client.get(_url(position)).status_code == 404
    missing = PositionFactory.build(pk=position.pk + 1000)
    assert client.get(_url(missing)).status_code == 404


def test_an_open_position_of_the_institution_is_listed_and_another_institutions_is_not(
    client, hr_officer, position, other_institution
):
    from tests.factories import AnnouncementFactory

    login_with_second_factor(client, hr_officer)
    still_open = PositionFactory(announcement=position.announcement, code="KQZ 44/2026-7")
    response = client.get(_url(still_open))
    assert response.status_code == 200 and "KQZ 44/2026-7" in response.content.decode()
    theirs = PositionFactory(
        announcement=AnnouncementFactory(institution=other_institution), code="MM 1/2026-1"
    )
    assert client.get(_url(close(theirs))).status_code == 404


def test_the_others_are_refused_as_by_the_admin(client, committee_member, applicant, reviews, position):
    staff = UserFactory(username="staff.member@example.org", is_staff=True)
    login_with_second_factor(client, staff)
    assert client.get(_url(position)).status_code == 403
    for user in (committee_member, applicant):
        login_with_second_factor(client, user)
        response = client.get(_url(position))
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_superuser_sees_the_list_read_only(client, reviews, position):
    root = UserFactory(username="root@example.org", is_staff=True, is_superuser=True)
    login_with_second_factor(client, root)
    html = client.get(_url(position)).content.decode()
    assert "Berisha" in html and 'name="_selected_action"' not in html and 'name="action"' not in html


def test_the_filters_and_the_search_narrow_the_rows_and_say_of_how_many(
    client, hr_officer, reviews, position
):
    login_with_second_factor(client, hr_officer)
    html = client.get(_url(position, decision__exact="not_eligible", q="Dhima")).content.decode()
    assert [row[1][2] for row in _rows(html).rows] == ["Dhima, Arta"]
    assert "1 result (" in html and "8 total" in html
    # The filters keep the others and the search: decision links carry the position and q.
    assert f"?position__id__exact={position.pk}&amp;q=Dhima&amp;decision__exact=eligible" in html
    assert 'class="selected"><a href="?position__id__exact=' in html
    # "Show counts": the ChangeList's filters with their counts.
    assert "_facets=True" in html and client.get(_url(position, _facets="True")).status_code == 200
    html = client.get(_url(position, q="arta cana")).content.decode()  # every word, in any field
    assert [row[1][2] for row in _rows(html).rows] == ["Cana, Arta"]
    html = client.get(_url(position, decision__exact="undecided")).content.decode()
    assert len(_rows(html).rows) == 6


def test_the_bulk_actions_post_from_the_list_and_come_back_to_it(client, hr_officer, reviews, position):
    login_with_second_factor(client, hr_officer)
    url = _url(position)
    assert 'name="action"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "action": "bulk_missing_document",
            "index": "0",
            "_selected_action": [r.pk for r in reviews.values()],
        },
    )
    assert response.status_code == 302 and response["Location"].endswith(url.split("/admin/")[-1])
    assert Review.objects.get(pk=reviews["Gashi"].pk).decision == Decision.NOT_ELIGIBLE
    assert Review.objects.get(pk=reviews["Berisha"].pk).decision == Decision.UNDECIDED
    page = client.get(response["Location"]).content.decode()
    assert 'class="success"' in page  # the action's message, shown once on the list
    assert 'class="success"' not in client.get(url).content.decode()
    # Nothing selected: the admin's own refusal, nothing changed.
    client.post(url, {"action": "bulk_eligible", "index": "0"})
    assert "Items must be selected" in client.get(url).content.decode()


def test_select_across_acts_on_the_positions_reviews_only(client, hr_officer, reviews, position):
    other = close(PositionFactory(announcement=position.announcement, code="KQZ 44/2026-2"))
    elsewhere = submitted(other, last_name="Hoxha", missing=("CV",))
    services.reviews_open(position=other, actor=hr_officer)
    login_with_second_factor(client, hr_officer)
    client.post(
        _url(position),
        {
            "action": "bulk_missing_document",
            "index": "0",
            "select_across": "1",
            "_selected_action": [reviews["Berisha"].pk],
        },
    )
    assert Review.objects.get(pk=reviews["Gashi"].pk).decision == Decision.NOT_ELIGIBLE
    assert Review.objects.get(application=elsewhere).decision == Decision.UNDECIDED


def test_the_list_works_without_javascript_and_names_its_controls(client, hr_officer, reviews, position):
    login_with_second_factor(client, hr_officer)
    html = client.get(_url(position)).content.decode()
    # One form posts the checkboxes, the action and "Go" (button name=index), with the CSRF token.
    start = html.index('<form id="changelist-form"')
    form = html[start : html.index("</form>", start)]
    assert 'name="csrfmiddlewaretoken"' in form and 'name="index"' in form and 'name="action"' in form
    assert form.count('name="_selected_action"') == 8
    # Labels: the search field, the action's select, each checkbox, the select-all box.
    assert '<label for="searchbar">' in html and "<label>Action: <select" in html
    assert 'id="action-toggle" aria-label=' in html
    assert all(row[1][0] == "th" for row in _rows(html).rows)  # the row's header cell
    assert html.count('<th class="field-name_shown" scope="row">') == 8


def test_the_frame_is_the_admins(client, hr_officer, reviews, position):
    """The list writes the admin's frame itself (once per process and language): its header, user links and
    breadcrumbs' start are those admin/base_site.html writes on the review screen."""
    login_with_second_factor(client, hr_officer)
    ours = client.get(_url(position)).content.decode()
    screen = client.get(
        reverse("admin:verification_review_change", args=[reviews["Cana"].pk])
    ).content.decode()

    def header(html):
        part = html[html.index('<header id="header">') : html.index("</header>")]
        part = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", part)
        return " ".join(re.sub(r">\s+<", "><", part).split())

    assert header(ours) == header(screen)
    for link in re.findall(r'<link rel="stylesheet" href="([^"]+)"', screen):
        assert link in ours
    assert 'class="skip-to-content-link"' in ours and 'id="content-start"' in ours


@pytest.mark.parametrize("language", ["sq", "en", "sr-latn"])
def test_the_position_filters_labels_are_the_positions_own(rf, hr_officer, position, language):
    only_albanian = close(
        PositionFactory(announcement=position.announcement, code="KQZ 44/2026-3", title="Jurist", title_en="")
    )
    request = rf.get("/")
    request.user = hr_officer
    with translation.override(language):
        labels = dict(review_list.position_choices(request))
        for p in (position, only_albanian):
            p.refresh_from_db()
            assert labels[p.pk] == f"{p.announcement.reference} · {p}"


def test_the_list_costs_the_same_queries_for_few_rows_or_many(client, hr_officer, position):
    submitted(position, last_name="Berisha")
    services.reviews_open(position=position, actor=hr_officer)
    login_with_second_factor(client, hr_officer)
    urls = [_url(position), _url(position, decision__exact="undecided"), _url(position, q="a")]
    for url in urls:
        client.get(url)
    few = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        few.append(len(ctx.captured_queries))
    for i in range(7):
        submitted(position, last_name=f"Mbiemri{i}")
    services.reviews_open(position=position, actor=hr_officer)
    for url, expected in zip(urls, few, strict=True):
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        assert html.count("Mbiemri") >= 7
        assert len(ctx.captured_queries) == expected


def test_a_page_of_the_list_is_read_in_an_indexs_order_not_by_sorting_every_review(
    client, hr_officer, position
):
    """Issue 13: the page's rows came with a count of every row shown in the same statement (a window), so
    PostgreSQL read and sorted all of a position's reviews for each page of 100 (10.8 ms at 10,000). Now the
    order of R-18.4 is an index's, read up to the page: with sorting and whole-table reads priced out, the
    plan of the page's statement, whichever filter narrows it, has neither a sort nor a window."""
    require_name_order_indexes()
    for name in SURNAMES:
        submitted(position, last_name=name)
    services.reviews_open(position=position, actor=hr_officer)
    login_with_second_factor(client, hr_officer)
    for url in (_url(position), _url(position, decision__exact="undecided")):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        (page,) = [q["sql"] for q in ctx.captured_queries if "LIMIT 100" in q["sql"]]
        plan = plan_without_sorting(page)
        # review_position_name_order, or with the decision review_position_decision_name_order (migration 0004).
        assert "_name_order on verification_review" in plan, plan
        assert "Sort" not in plan and "WindowAgg" not in plan, plan


def test_the_list_reads_the_number_of_the_positions_reviews_and_does_not_count_them(
    client, hr_officer, position
):
    """Issue 13: the count of a position's reviews grew with them (1.2 ms at 10,000) on every page; the number
    kept when they were opened is read instead. Narrowed by a filter or the search, the rows shown are
    counted, and the position's number is the total."""
    for name in SURNAMES:
        submitted(position, last_name=name)
    services.reviews_open(position=position, actor=hr_officer)
    login_with_second_factor(client, hr_officer)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(_url(position)).content.decode()
    counts = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith("SELECT COUNT(*)") or " OVER (" in q["sql"]
    ]
    assert counts == []  # neither a count nor a window over the rows
    # The number is the rows' in all: the six fill the only page ("select across pages" is not offered).
    assert len(_rows(html).rows) == 6 and 'class="all hidden"' not in html
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(_url(position, q="Dema")).content.decode()
    assert len([q for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]) == 1
    assert "1 result" in html and "6 total" in html
