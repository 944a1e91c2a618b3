"""E-mails are delivered at least once through SMTP outages and worker crashes, and a copy is recognisable:
every attempt of a message carries the Message-ID fixed by its outbox row. Each test runs its own SMTP server."""

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from notifications.models import Message, MessageStatus
from notifications.services import message_deliver, notify, outbox_sweep
from tests.helpers.auth import login_with_second_factor

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def _write_message(user) -> Message:
    with transaction.atomic():
        return notify(
            recipient=user,
            kind="test",
            template="generic",
            context={"subject": "Receipt", "text": "Your application was received."},
        )


def _sweep_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return outbox_sweep(older_than_seconds=0)


def test_a_message_is_retried_with_back_off_through_a_two_day_smtp_outage_and_delivered_once_when_it_returns(
    applicant, smtp, settings
):
    settings.OUTBOX_RETRY_DAYS = 3
    settings.OUTBOX_BACKOFF_SECONDS = 60
    settings.OUTBOX_BACKOFF_MAX_SECONDS = 3600
    message = _write_message(applicant)  # the first attempt, on commit, fails: nothing listens
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING and message.attempts == 1
    assert "refused" in message.last_error.lower() or "connect" in message.last_error.lower()
    assert message.next_attempt_at >= message.created_at + dt.timedelta(seconds=59)

    # Not due yet: the sweep leaves it alone.
    assert _sweep_at(message.created_at + dt.timedelta(seconds=30)) == 0
    assert Message.objects.get(pk=message.pk).attempts == 1
    # Two days of outage, the sweep running every 10 minutes: retried with growing gaps, never given up.
    start = message.created_at
    for minutes in range(10, 2 * 24 * 60, 10):
        _sweep_at(start + dt.timedelta(minutes=minutes))
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    # 60 s doubling to an hour: 7 attempts in the first two hours, then one an hour.
    assert 45 <= message.attempts <= 60

    smtp.start()
    assert _sweep_at(start + dt.timedelta(days=2, hours=1)) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(smtp.received) == 1
    assert smtp.received[0]["Message-ID"] == message.message_id == f"<outbox-{message.pk}@example.org>"
    assert _sweep_at(start + dt.timedelta(days=2, hours=2)) == 0
    assert len(smtp.received) == 1


def test_a_message_undelivered_over_the_retry_period_is_failed_listed_in_the_admin_and_re_sent_from_it(
    applicant, smtp, settings, django_user_model, caplog
):
    settings.OUTBOX_RETRY_DAYS = 1
    settings.OUTBOX_BACKOFF_SECONDS = 3600
    message = _write_message(applicant)
    start = Message.objects.get(pk=message.pk).created_at
    for hours in range(1, 30):
        _sweep_at(start + dt.timedelta(hours=hours, minutes=1))
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert any(r.levelname == "ERROR" and f"Message {message.pk}" in r.getMessage() for r in caplog.records)

    operator = django_user_model.objects.create_superuser("operator", "operator@example.org", "x-password-1")
    client = login_with_second_factor(Client(), operator)
    changelist = reverse("admin:notifications_message_changelist")
    page = client.get(changelist + "?status__exact=failed")
    assert page.status_code == 200 and applicant.email in page.content.decode()

    smtp.start()
    response = client.post(changelist, {"action": "resend", "_selected_action": [message.pk]})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT  # eager: the re-send delivers on commit
    assert len(smtp.received) == 1 and smtp.received[0]["Message-ID"] == message.message_id
    event = Event.objects.get(action="message.resend")
    assert event.object_id == str(message.pk)
    # A second click finds nothing failed and sends nothing.
    client.post(changelist, {"action": "resend", "_selected_action": [message.pk]})
    assert len(smtp.received) == 1 and Event.objects.filter(action="message.resend").count() == 1


def test_a_user_without_the_right_can_not_re_send(applicant):
    from django.core.exceptions import PermissionDenied

    from notifications.services import message_resend

    message = Message.objects.create(
        recipient=applicant,
        email=applicant.email,
        language="sq",
        kind="test",
        subject="s",
        body="b",
        status=MessageStatus.FAILED,
    )
    with pytest.raises(PermissionDenied):
        message_resend(message=message, actor=applicant)


def _worker(message_id: int, smtp_port: int, lease_seconds: int) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DATABASE_POOL": "0",
        "DEBUG": "1",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "EMAIL_TIMEOUT": "5",
        "OUTBOX_LEASE_SECONDS": str(lease_seconds),
        "DJANGO_SETTINGS_MODULE": "recruitment.settings",
    }
    code = (
        "import django; django.setup(); from notifications.services import message_deliver; "
        f"message_deliver(message_id={message_id})"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_a_worker_killed_between_sending_and_recording_causes_one_copy_with_the_same_message_id(
    applicant, smtp, settings
):
    # Written while SMTP is down (its first try fails, as a queued task would wait): then a worker process sends it
    # and is SIGKILLed by the server the moment the e-mail's data has arrived, before it can record "sent".
    message = _write_message(applicant)
    Message.objects.filter(pk=message.pk).update(next_attempt_at=None)
    smtp.start()
    worker = _worker(message.pk, smtp.port, lease_seconds=2)
    smtp.on_data = lambda: os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=20)
    assert worker.returncode == -signal.SIGKILL
    smtp.on_data = None
    message.refresh_from_db()
    assert len(smtp.received) == 1
    assert message.status == MessageStatus.SENDING and message.attempts == 2  # the crashed attempt counts

    # The sweep leaves a live claim alone, and takes it once the lease has expired.
    assert outbox_sweep(older_than_seconds=0) == 0
    assert _sweep_at(timezone.now() + dt.timedelta(seconds=3)) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 3
    assert len(smtp.received) == 2  # one copy
    assert {m["Message-ID"] for m in smtp.received} == {message.message_id}
    assert outbox_sweep(older_than_seconds=0) == 0 and len(smtp.received) == 2


def test_two_workers_on_one_message_send_it_once(applicant, smtp):
    message = _write_message(applicant)
    Message.objects.filter(pk=message.pk).update(next_attempt_at=None)
    smtp.start()
    assert message_deliver(message_id=message.pk) is True
    assert message_deliver(message_id=message.pk) is False
    assert len(smtp.received) == 1


def test_hr_sees_and_re_sends_the_failed_messages_of_its_own_applicants_only(
    applicant, other_applicant, hr_officer, other_hr_officer, open_position, smtp
):
    from tests.helpers.applications import start_draft

    start_draft(applicant, open_position)  # applied to HR's institution; other_applicant did not
    mine = Message.objects.create(
        recipient=applicant,
        email=applicant.email,
        language="en",
        kind="test",
        subject="Receipt",
        body="b",
        status=MessageStatus.FAILED,
        last_error="refused",
    )
    other = Message.objects.create(
        recipient=other_applicant,
        email=other_applicant.email,
        language="en",
        kind="test",
        subject="Other",
        body="b",
        status=MessageStatus.FAILED,
    )
    changelist = reverse("admin:notifications_message_changelist")
    client = login_with_second_factor(Client(), hr_officer)
    page = client.get(changelist + "?status__exact=failed").content.decode()
    assert applicant.email in page and other_applicant.email not in page
    assert client.get(reverse("admin:notifications_message_change", args=[other.pk])).status_code == 302
    smtp.start()
    client.post(changelist, {"action": "resend", "_selected_action": [mine.pk, other.pk]})
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.status == MessageStatus.SENT and other.status == MessageStatus.FAILED
    assert Event.objects.filter(action="message.resend", object_id=str(mine.pk)).count() == 1
    # HR of another institution sees neither.
    elsewhere = login_with_second_factor(Client(), other_hr_officer)
    assert applicant.email not in elsewhere.get(changelist).content.decode()
