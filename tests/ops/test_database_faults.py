"""The database connection of a submit killed mid-transaction (pg_terminate_backend while it waits for a lock):
the request fails without acknowledging anything, nothing is half-saved, and the person's retry is accepted once.
Against a live server with threads; the connection is killed from another session of this test."""

import threading
import time

import psycopg
import pytest
from django.db import connection

from applications.models import Application, ApplicationStatus, ApplicationSubmission
from audit.models import Event
from tests.ops.test_deadline_burst import _hold_announcement_lock, _ready, _submit, _warm_up

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backends"),
]


def _waiting_backends() -> list[int]:
    """Backends of this test's database waiting for a lock (a session of its own: in a transaction,
    pg_stat_activity would show one snapshot for ever)."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=db["NAME"],
        autocommit=True,
    ) as conn:
        return [
            row[0]
            for row in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchall()
        ]


def test_a_submit_whose_connection_is_killed_acknowledges_nothing_and_its_retry_is_accepted_once(
    live_server, open_position
):
    [(pk, session)] = _ready(open_position, 1, "killed")
    _warm_up(live_server.url, [session])
    events_before = Event.objects.count()
    holder = _hold_announcement_lock(open_position.announcement_id)
    results = {}
    thread = threading.Thread(target=_submit, args=(live_server.url, pk, session, results, "first"))
    try:
        thread.start()
        deadline = time.monotonic() + 10
        while not (waiting := _waiting_backends()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert waiting, f"the submit never waited for the lock: {results}"
        holder.execute("SELECT pg_terminate_backend(%s)", [waiting[0]])
    finally:
        holder.rollback()
        holder.close()
    thread.join(timeout=20)
    status, reference, _sent, _answered = results["first"]
    assert reference is None and status >= 500  # not acknowledged
    assert Application.objects.get(pk=pk).status == ApplicationStatus.DRAFT
    assert not ApplicationSubmission.objects.filter(application_id=pk).exists()
    assert Event.objects.count() == events_before  # nothing of it in the audit log either

    _submit(live_server.url, pk, session, results, "retry")
    assert results["retry"][1]  # acknowledged with its reference
    _submit(live_server.url, pk, session, results, "double")  # a double click: the same submission
    assert results["double"][1] == results["retry"][1]
    assert ApplicationSubmission.objects.filter(application_id=pk).count() == 1
