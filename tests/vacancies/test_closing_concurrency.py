"""Two beats running at once (two workers, a retried task) decide a position once: one extension,
one audit event, one message per person (PostgreSQL row locks; each thread has its own connection)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from applications.models import ApplicationStatus
from audit.models import Event
from notifications.models import Message
from tests.helpers.vacancies import application, make_position
from vacancies.models import ClosingState
from verification import tasks

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def run_concurrently(work, n=2):
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def target(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work()
        except BaseException as exc:  # collected and asserted by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_two_concurrent_beats_extend_once_and_tell_each_person_once(institution, hr_officer):
    position = make_position(
        institution, closes=timezone.now().replace(microsecond=0) - dt.timedelta(minutes=1)
    )
    submitted = application(position)
    draft = application(position, status=ApplicationStatus.DRAFT)

    results = run_concurrently(tasks.close_due_positions)

    assert sorted(results) == [0, 1]  # one run decided, the other found nothing left to decide
    position.refresh_from_db()
    assert position.closing_state == ClosingState.EXTENDED
    assert Event.objects.filter(action="position.extended").count() == 1
    messages = Message.objects.filter(kind="position.extended")
    assert sorted(messages.values_list("recipient_id", flat=True)) == sorted(
        [submitted.applicant_id, draft.applicant_id, hr_officer.pk]
    )
