"""R-9.2.2 under a burst: a submit is judged by when the portal received it, not by when it got its turn.

Against a live server with threads (each request is taken on arrival and waits inside the portal): a database
lock on the announcement holds every submit until after the deadline, as a burst of submits queued behind each
other would. Those sent before the deadline are accepted, those sent after are refused. Behind nginx the arrival
time comes from its X-Request-Start, trusted only from REQUEST_START_TRUSTED_PROXIES."""

import datetime as dt
import http.client
import threading
import time
from urllib.parse import urlsplit

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from tests.factories import UserFactory
from tests.helpers.applications import attach_required, complete_profile, start_draft
from vacancies.models import Announcement

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a lock held from another connection"),
]

CSRF = "a" * 32


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _ready(position, n, prefix):
    ready = []
    for i in range(n):
        person = UserFactory(username=f"{prefix}{i}@example.org")
        complete_profile(person)
        application = start_draft(person, position)
        attach_required(application, person)
        ready.append((application.pk, _session_cookie(person)))
    return ready


def _submit(base_url, application_pk, session, results, key, extra_headers=None):
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    body = f"declaration=on&csrfmiddlewaretoken={CSRF}"
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={CSRF}",
        "Content-Type": "application/x-www-form-urlencoded",
        **(extra_headers or {}),
    }
    started = time.time()
    conn.request("POST", reverse("applications:submit", args=[application_pk]), body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    results[key] = (response.status, response.getheader("X-Application-Reference"), started, time.time())
    LOCATIONS[key] = response.getheader("Location")
    conn.close()


_SESSIONS = {}
LOCATIONS = {}


def _said(base_url, when, key) -> str:
    """What the page after a refused submit says (for the failure's message)."""
    import re

    pk, session = _SESSIONS[(when, key)]
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", reverse("applications:detail", args=[pk]), headers={"Cookie": f"sessionid={session}"})
    text = re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", conn.getresponse().read().decode()))
    return f"{LOCATIONS.get((when, key))} {text[:300]}"


def _warm_up(base_url, sessions):
    """The live server's first requests load what a warm worker has loaded (~0.6 s): done before the burst."""

    def get(session):
        parts = urlsplit(base_url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        conn.request("GET", reverse("applications:mine"), headers={"Cookie": f"sessionid={session}"})
        conn.getresponse().read()
        conn.close()

    for _round in range(2):
        threads = [threading.Thread(target=get, args=(session,)) for session in sessions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)


def _hold_announcement_lock(announcement_id):
    db = connection.settings_dict
    holder = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=db["NAME"],
        autocommit=False,
    )
    holder.execute(f"SELECT 1 FROM {Announcement._meta.db_table} WHERE id = %s FOR UPDATE", [announcement_id])
    return holder


def _at(moment: float):
    time.sleep(max(0.0, moment - time.time()))


def test_r9_2_2_submits_sent_before_the_deadline_are_accepted_and_after_it_refused_however_long_they_queued(
    live_server, open_position
):
    before = _ready(open_position, 4, "early")
    after = _ready(open_position, 3, "late")
    _warm_up(live_server.url, [session for _pk, session in before + after])
    deadline = time.time() + 2.0
    Announcement.objects.filter(pk=open_position.announcement_id).update(
        closes_at=dt.datetime.fromtimestamp(deadline, tz=dt.UTC)
    )
    _SESSIONS.update({("before", k): v for k, v in enumerate(before)})
    holder = _hold_announcement_lock(open_position.announcement_id)
    results, threads = {}, []
    try:
        for key, (pk, session) in enumerate(before):
            threads.append(
                threading.Thread(
                    target=lambda pk=pk, s=session, k=("before", key): (
                        _at(deadline - 0.8),
                        _submit(live_server.url, pk, s, results, k),
                    )
                )
            )
        for key, (pk, session) in enumerate(after):
            threads.append(
                threading.Thread(
                    target=lambda pk=pk, s=session, k=("after", key): (
                        _at(deadline + 0.3),
                        _submit(live_server.url, pk, s, results, k),
                    )
                )
            )
        for thread in threads:
            thread.start()
        _at(deadline + 1.0)  # everybody queued behind the lock well past the deadline
    finally:
        holder.rollback()
        holder.close()
    for thread in threads:
        thread.join(timeout=20)

    assert len(results) == 7
    for (when, _key), (status, reference, sent, answered) in results.items():
        assert status == 302
        if when == "before":
            assert sent < deadline and answered > deadline + 0.9  # sent in time, answered after the deadline
            assert reference, (
                f"a submit sent before the deadline was refused: {_said(live_server.url, when, _key)}"
            )
        else:
            assert sent > deadline
            assert reference is None, "a submit sent after the deadline was accepted"
    assert Application.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 4
    for application in Application.objects.filter(status=ApplicationStatus.SUBMITTED):
        assert application.last_submission.submitted_at.timestamp() < deadline


@pytest.mark.parametrize("trusted, accepted", [(["127.0.0.1"], True), ([], False)])
def test_r9_2_2_the_proxy_s_arrival_time_counts_only_from_a_trusted_proxy(
    live_server, open_position, settings, trusted, accepted
):
    """A request that waited in nginx's queue past the deadline: X-Request-Start says it arrived before."""
    settings.REQUEST_START_TRUSTED_PROXIES = trusted
    [(pk, session)] = _ready(open_position, 1, "queued")
    deadline = timezone.now() - dt.timedelta(seconds=1)
    Announcement.objects.filter(pk=open_position.announcement_id).update(closes_at=deadline)
    results = {}
    arrived = f"t={deadline.timestamp() - 0.5:.3f}"
    _submit(live_server.url, pk, session, results, "x", {"X-Request-Start": arrived})
    status, reference, _sent, _answered = results["x"]
    assert status == 302
    assert (reference is not None) == accepted


def test_a_request_start_in_the_future_or_too_old_is_clamped(rf, settings):
    from recruitment.middleware_ops import ArrivalTimeMiddleware

    settings.REQUEST_START_TRUSTED_PROXIES = ["127.0.0.0/8"]
    settings.REQUEST_START_MAX_AGE = 120
    seen = {}
    middleware = ArrivalTimeMiddleware(lambda request: seen.setdefault("at", request.received_at))
    now = time.time()
    middleware(rf.get("/", HTTP_X_REQUEST_START=f"t={now + 3600:.3f}"))
    assert abs(seen.pop("at").timestamp() - now) < 1
    middleware(rf.get("/", HTTP_X_REQUEST_START=f"t={now - 3600:.3f}"))
    assert abs(seen.pop("at").timestamp() - (now - 120)) < 1
    middleware(rf.get("/", HTTP_X_REQUEST_START=f"{int((now - 5) * 1e6)}"))  # microseconds
    assert abs(seen.pop("at").timestamp() - (now - 5)) < 1
