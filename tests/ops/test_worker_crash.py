"""A real Celery worker SIGKILLed in the middle of a batch of e-mails: every message is delivered, and the crash
costs at most one copy, with the same Message-ID. Private Redis and SMTP servers; the worker is a process."""

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import Message, MessageStatus
from notifications.services import notify, outbox_sweep
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker shares the test database"),
]
ROOT = Path(__file__).resolve().parents[2]
BATCH = 12


def _start_worker(broker_url: str, smtp_port: int) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_POOL": "0",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_SETTINGS_MODULE": "recruitment.settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "OUTBOX_LEASE_SECONDS": "2",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "recruitment",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def test_a_worker_killed_mid_batch_leaves_every_message_delivered_and_at_most_one_copy(
    own_redis, broker, smtp, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    smtp.start()
    worker = _start_worker(own_redis.url, smtp.port)
    killed = []

    def kill_at_the_fifth():
        if len(smtp.received) == 5 and not killed:
            os.killpg(worker.pid, signal.SIGKILL)  # the fifth e-mail is in, its sender never hears "250"
            killed.append(time.monotonic())

    smtp.on_data = kill_at_the_fifth
    broker(own_redis.url)
    people = [UserFactory(username=f"batch{i}@example.org") for i in range(BATCH)]
    with transaction.atomic():
        for person in people:
            notify(
                recipient=person,
                kind="test",
                template="generic",
                context={"subject": "Receipt", "text": "Received."},
            )
    deadline = time.monotonic() + 20
    while not killed and time.monotonic() < deadline:
        time.sleep(0.05)
    worker.wait(timeout=10)
    assert killed, worker.stdout.read().decode(errors="replace")
    smtp.on_data = None
    assert Message.objects.filter(status=MessageStatus.SENDING).count() == 1  # the one it died sending

    # Beat's sweep, after the crashed claim's lease (2 s) has expired, sends what is left.
    time.sleep(2.1)
    broker(None)
    Message.objects.filter(status=MessageStatus.PENDING).update(
        created_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    outbox_sweep(older_than_seconds=30)
    assert Message.objects.filter(status=MessageStatus.SENT).count() == BATCH
    ids = collections.Counter(m["Message-ID"] for m in smtp.received)
    assert set(ids) == {m.message_id for m in Message.objects.all()}  # every message delivered
    assert sum(ids.values()) <= BATCH + 1 and max(ids.values()) <= 2  # at most one copy, same Message-ID
