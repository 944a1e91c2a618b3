"""Issue 13: what every anonymous visitor sees is served from a cache (recruitment/lib/public_cache.py) until a
publication, an amendment or a closing changes it; a signed-in person is never served or stored; a conditional
request is answered 304."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from recruitment.lib import public_cache
from tests.factories import AnnouncementFactory, PositionFactory, make_publishable
from tests.verification.conftest import position  # noqa: F401 (a fixture)
from vacancies import services
from vacancies.models import AnnouncementStatus
from verification import closing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def public_pages_cached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    settings.PUBLIC_CACHE_GENERATION_SECONDS = 0  # each test's generation is its own (read at every request)
    # A generation of this test's own: one committed by an earlier test (a browser journey's live server) would
    # otherwise be shared, and with it what an earlier test kept under it.
    public_cache._bump()


def url(name, lang="en", *args):
    with translation.override(lang):
        return reverse(name, args=args)


@pytest.fixture
def published(institution):
    announcement = AnnouncementFactory(institution=institution, reference="KQZ 7/2026")
    PositionFactory(announcement=announcement, title_en="Logistics officer")
    return announcement


def test_a_second_anonymous_visit_is_served_from_the_cache_with_one_query(client, published):
    first = client.get(url("vacancies:list"))
    assert first["X-Public-Cache"] == "miss"
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(url("vacancies:list"))
    assert second["X-Public-Cache"] == "hit" and second.content == first.content
    assert len(ctx.captured_queries) == 1  # the generation of the public content
    assert "Logistics officer" in second.content.decode()


def test_within_a_second_of_reading_the_generation_a_hit_reads_nothing_from_the_database(
    client, published, settings
):
    settings.PUBLIC_CACHE_GENERATION_SECONDS = 60
    public_cache._bump()  # this process's own change: known at once
    client.get(url("vacancies:list"))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url("vacancies:list"))["X-Public-Cache"] == "hit"
    assert len(ctx.captured_queries) == 0


def test_each_language_is_stored_apart(client, published):
    client.get(url("home", "en"))
    albanian = client.get(url("home", "sq"))
    assert albanian["X-Public-Cache"] == "miss" and '<html lang="sq">' in albanian.content.decode()
    assert "Accept-Language" in albanian["Vary"]


def test_a_publication_retires_the_stored_pages(
    client, institution, hr_officer, django_capture_on_commit_callbacks
):
    now = timezone.now()
    draft = AnnouncementFactory(
        institution=institution,
        status=AnnouncementStatus.DRAFT,
        published_at=None,
        opens_at=now,
        closes_at=now + dt.timedelta(days=20),
    )
    PositionFactory(announcement=draft, title_en="Archivist")
    make_publishable(draft)
    assert "Archivist" not in client.get(url("vacancies:list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_publish(announcement=draft, actor=hr_officer)
    after = client.get(url("vacancies:list"))
    assert after["X-Public-Cache"] == "miss" and "Archivist" in after.content.decode()


def test_an_amendment_retires_the_stored_announcement(
    client, published, hr_officer, django_capture_on_commit_callbacks
):
    target = url("vacancies:announcement", "en", published.pk)
    client.get(target)
    assert client.get(target)["X-Public-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_amend(
            announcement=published,
            actor=hr_officer,
            reason={"sq": "Gabim", "en": "A typing error in the date"},
            closes_at=published.closes_at + dt.timedelta(days=2),
        )
    after = client.get(target)
    assert after["X-Public-Cache"] == "miss" and "A typing error in the date" in after.content.decode()


def test_an_extension_retires_the_stored_list(client, published, django_capture_on_commit_callbacks):
    extended = published.positions.get()
    assert "extended (R-12.2)" not in client.get(url("vacancies:list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # nobody applied: extended by 5 days
        closing.position_closing_decide(
            position_id=extended.pk, now=published.closes_at + dt.timedelta(minutes=1)
        )
    after = client.get(url("vacancies:list"))
    assert after["X-Public-Cache"] == "miss" and "extended (R-12.2)" in after.content.decode()


def test_a_signed_in_person_is_never_served_or_stored(client, published, applicant):
    client.get(url("home"))  # stored for the anonymous
    client.force_login(applicant)
    for _ in range(2):
        response = client.get(url("home"))
        assert "X-Public-Cache" not in response
        assert "no-store" in response["Cache-Control"]
        assert reverse("account_logout") in response.content.decode()
    client.logout()
    anonymous = client.get(url("home"))
    assert anonymous["X-Public-Cache"] == "hit"
    assert reverse("account_logout") not in anonymous.content.decode()


def test_a_conditional_request_is_answered_304(client, published):
    target = url("vacancies:position", "en", published.pk, published.positions.get().pk)
    first = client.get(target)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    same = client.get(target, HTTP_IF_NONE_MATCH=first["ETag"])
    assert same.status_code == 304 and same.content == b""
    assert client.get(target, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(target, HTTP_IF_NONE_MATCH='"another"').status_code == 200


def test_a_page_with_a_message_for_the_visitor_is_neither_served_nor_stored(client, published):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest
    from django.http import HttpResponse as Response

    client.get(url("home"))
    storage = CookieStorage(HttpRequest())
    storage.add(constants.INFO, "You have signed out.")
    response = Response()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    shown = client.get(url("home"))
    assert "X-Public-Cache" not in shown and "You have signed out." in shown.content.decode()
    again = client.get(url("home"))
    assert again["X-Public-Cache"] == "hit" and "You have signed out." not in again.content.decode()


def test_r9_3_an_exclusion_from_a_published_shortlist_retires_the_stored_shortlist(
    client,
    position,  # noqa: F811
    hr_officer,
    django_capture_on_commit_callbacks,
):
    from tests.helpers.verification import close
    from tests.verification.test_shortlist_pages import _publish
    from verification.models import Decision, Review

    close(position)
    with django_capture_on_commit_callbacks(execute=True):
        _publish(position, hr_officer, 3)
    target = url("verification:shortlist", "en", position.pk)
    assert "Mbiemri00001" in client.get(target).content.decode()
    assert client.get(target)["X-Public-Cache"] == "hit"
    review = Review.objects.get(position=position, reference="REF-00001")
    review.decision = Decision.EXCLUDED
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():  # as the exclusion's service
        review.save(update_fields=["decision"])
    assert "Mbiemri00001" not in client.get(target).content.decode()


def test_the_lists_filter_choices_are_computed_once_per_change_of_the_content(
    client, published, institution, django_capture_on_commit_callbacks
):
    from tests.factories import InstitutionFactory

    with CaptureQueriesContext(connection) as first:
        client.get(url("vacancies:list") + "?q=Logistics")
    with CaptureQueriesContext(
        connection
    ) as other_search:  # another page of the list: rendered, choices kept
        assert client.get(url("vacancies:list") + "?q=officer")["X-Public-Cache"] == "miss"

    def choices(ctx):
        return [
            q
            for q in ctx.captured_queries
            if "DISTINCT" in q["sql"] or 'FROM "vacancies_institution"' in q["sql"]
        ]

    assert len(choices(first)) == 3 and choices(other_search) == []
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        PositionFactory(announcement=AnnouncementFactory(institution=InstitutionFactory(short_name="NEW")))
    assert 'value="NEW"' in client.get(url("vacancies:list") + "?q=officer").content.decode()


def test_a_transaction_of_many_changes_bumps_the_generation_once(
    published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for _ in range(50):
            PositionFactory(announcement=published)
    assert [c for c in callbacks if c is public_cache._bump] == [public_cache._bump]


def test_a_hit_is_answered_before_the_session_and_authentication_run_with_the_pages_own_headers(
    client, published
):
    first = client.get(url("vacancies:list"))
    second = client.get(url("vacancies:list"))
    assert second["X-Public-Cache"] == "hit" and second.content == first.content
    # PublicCacheMiddleware answered: the inner middleware (session, authentication) never saw the request.
    assert not hasattr(second.wsgi_request, "user") and not hasattr(second.wsgi_request, "session")
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "Vary", "ETag"):
        assert second[header] == first[header], header


def test_a_request_with_a_session_cookie_goes_past_the_middleware_to_the_view(client, published, applicant):
    client.get(url("vacancies:list"))
    client.get(url("vacancies:list"))  # stored by the middleware
    client.force_login(applicant)
    response = client.get(url("vacancies:list"))
    assert hasattr(response.wsgi_request, "user") and response.wsgi_request.user == applicant
    assert "X-Public-Cache" not in response


def test_the_middleware_keeps_each_language_apart_by_the_urls_prefix(client, published):
    for lang in ("en", "sq"):
        client.get(url("home", lang))
    english, albanian = client.get(url("home", "en")), client.get(url("home", "sq"))
    assert english["X-Public-Cache"] == albanian["X-Public-Cache"] == "hit"
    assert '<html lang="en">' in english.content.decode() and '<html lang="sq">' in albanian.content.decode()
    assert english["Content-Language"] == "en" and albanian["Content-Language"] == "sq"


def test_a_change_of_the_content_retires_what_the_middleware_keeps(client, published):
    client.get(url("vacancies:list"))
    assert client.get(url("vacancies:list"))["X-Public-Cache"] == "hit"
    public_cache._bump()
    assert client.get(url("vacancies:list"))["X-Public-Cache"] == "miss"


def test_a_page_that_is_not_public_reads_no_generation_on_its_way_past_the_middleware(client, monkeypatch):
    # The health check must answer even when the shared cache cannot be read (a database without its table).
    monkeypatch.setattr(public_cache, "current_generation", lambda: pytest.fail("generation read"))
    assert client.get("/healthz").status_code in (200, 503)
