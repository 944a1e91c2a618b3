"""The dedupe key tells a person once even when two transactions write the same message at the same time, and a
duplicate leaves the caller's transaction usable (notify's INSERT ... ON CONFLICT DO NOTHING on PostgreSQL)."""

import threading

import pytest
from django.db import connection, transaction

from notifications.models import Message
from notifications.services import notify

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _write(user, key):
    return notify(
        recipient=user, kind="test", template="generic", context={"subject": "s", "text": "t"}, dedupe_key=key
    )


def test_a_duplicate_keeps_the_callers_transaction_usable(applicant):
    with transaction.atomic():
        first = _write(applicant, "once")
        assert _write(applicant, "once") is None
        assert Message.objects.filter(dedupe_key="once").count() == 1  # no aborted transaction
    assert first.pk is not None and Message.objects.get(dedupe_key="once").pk == first.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
def test_two_concurrent_writers_of_one_key_leave_one_message(applicant):
    first_written, second_started = threading.Event(), threading.Event()
    results = {}

    def first():
        try:
            with transaction.atomic():
                results["first"] = _write(applicant, "race")
                first_written.set()
                second_started.wait(5)
                # Still uncommitted: the second writer waits on the key, then finds it taken.
                threading.Event().wait(0.3)
        finally:
            connection.close()

    def second():
        try:
            first_written.wait(5)
            second_started.set()
            with transaction.atomic():
                results["second"] = _write(applicant, "race")
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results["first"] is not None and results["second"] is None
    assert Message.objects.filter(dedupe_key="race").count() == 1
