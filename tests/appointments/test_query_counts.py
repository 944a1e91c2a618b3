"""HR's pages read a fixed number of queries, however many winners and appointments there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appointments import services
from appointments.choices import CheckResult
from tests.helpers.appointments import submitted_document
from tests.helpers.auth import login_with_second_factor
from tests.helpers.winners import at
from winners import services as winner_services
from winners.models import Invitation, Post


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _provider_count(winner):
    import datetime as dt

    from appointments.selectors import due_items

    institution_id = winner.winners_list.position.announcement.institution_id
    with CaptureQueriesContext(connection) as ctx:
        due_items({institution_id}, dt.date(2026, 3, 1), dt.date(2027, 12, 31))
    return len(ctx.captured_queries)


def test_due_this_week_and_hr_s_list_do_not_query_per_winner(client, consented, hr_officer):
    login_with_second_factor(client, hr_officer)
    verification = services.verification_start(actor=hr_officer, winner=consented, now=at(9))
    for row in verification.checks.all():
        services.check_record(actor=hr_officer, check=row, result=CheckResult.MATCHES, now=at(9))
    services.appointment_make(actor=hr_officer, winner=consented, act_number="1", now=None)
    # The page asks every app's provider; this app's own provider is counted on its own.
    urls = [reverse("appointments:hr_list")]
    _count(client, urls[0])  # the first request after the log-in also saves the session
    before = [_count(client, url) for url in urls] + [_provider_count(consented)]

    second = consented.winners_list.winners.get(rank=2)
    invitation = Invitation.objects.get(winner=second, outcome="open")
    post = Post.objects.exclude(pk=consented.post_id).get(position=consented.winners_list.position)
    winner_services.invitation_consent(
        actor=second.application.applicant, invitation=invitation, post=post, now=at(8), consent_text="Yes"
    )
    submitted_document(second.application, "diploma.pdf")
    services.verification_start(actor=hr_officer, winner=second, now=at(9))
    assert [_count(client, url) for url in urls] + [_provider_count(consented)] == before
    assert client.get(reverse("appointments:due_this_week")).status_code == 200
