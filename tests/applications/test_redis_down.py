"""Redis down: submissions still succeed (their messages wait in the outbox), and once Redis is back a
real Celery worker delivers each message once, with its receipt.

A real worker process runs against the local Redis on a spare database (REDIS_TEST_DB, default 13)
and this test's database (a transactional test, so the worker sees committed rows)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from notifications.models import Message, MessageStatus, StoredEmail
from tests.factories import UserFactory
from tests.helpers.applications import attach_required, complete_profile, start_draft

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('REDIS_TEST_DB', '13')}"
DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1: "Redis is down"


def redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def use_broker(url: str | None):
    """Point this process's Celery app at a broker (None: back to eager, as the rest of the suite runs).

    Celery prefers the CELERY_BROKER_URL environment variable (set in CI) over conf.broker_url, but
    it publishes through broker_write_url first, so that is the one set here."""
    from recruitment.celery import app

    app.conf.task_always_eager = url is None
    app.conf.broker_url = url or ""
    app.conf.broker_write_url = url or None
    app.conf.task_publish_retry_policy = {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.1,
        "interval_max": 0.1,
    }
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


@pytest.fixture
def broker_cleanup():
    import redis

    r = redis.Redis.from_url(REDIS_URL)
    r.flushdb()
    yield
    use_broker(None)
    r.flushdb()


def start_worker(private_storage) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DATABASE_POOL": "0",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PRIVATE_MEDIA_ROOT": str(private_storage),
        "EMAIL_BACKEND": "notifications.backends.DatabaseEmailBackend",
        "DJANGO_SETTINGS_MODULE": "recruitment.settings",
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


def stop_worker(worker: subprocess.Popen) -> str:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=5)
    return worker.stdout.read().decode(errors="replace") if worker.stdout else ""


def wait_until(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)  # polling a separate process: the only wait in the suite
    return False


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the worker shares the PostgreSQL test database"
)
def test_submissions_succeed_while_redis_is_down_and_are_delivered_once_when_it_returns(
    open_position, private_storage, settings, broker_cleanup
):
    if not redis_up():
        pytest.skip(f"no Redis at {REDIS_URL}")
    # The web side, like production: a broker, not eager, and the demo mail backend (rows we can count).
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.EMAIL_BACKEND = "notifications.backends.DatabaseEmailBackend"
    private_storage.mkdir(parents=True, exist_ok=True)
    use_broker(DEAD_BROKER)

    people = [UserFactory(username=f"applicant{i}@example.org") for i in range(3)]
    references = []
    for person in people:
        complete_profile(person)
        application = start_draft(person, open_position)
        attach_required(application, person)
        client = Client()
        client.force_login(person)
        response = client.post(reverse("applications:submit", args=[application.pk]), {"declaration": "on"})
        assert response.status_code == 302  # no error page while Redis is down
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED
        references.append(application.last_submission.reference)

    pending = Message.objects.filter(kind="application.received")
    assert pending.count() == 3 and all(m.status == MessageStatus.PENDING for m in pending)
    assert StoredEmail.objects.count() == 0
    # The outage lasted a minute: older than the sweep's grace period.
    pending.update(created_at=timezone.now() - timezone.timedelta(minutes=1))

    # Redis is back: a real worker, and the periodic sweep, enqueued twice (as beat would, again and again).
    use_broker(REDIS_URL)
    worker = start_worker(private_storage)
    try:
        from notifications.tasks import sweep_outbox

        sweep_outbox.delay()
        sweep_outbox.delay()
        delivered = wait_until(
            lambda: (
                Message.objects.filter(kind="application.received", status=MessageStatus.SENT).count() == 3
            )
        )
        # Let the second sweep finish too, then nothing more may have been sent.
        wait_until(lambda: False, timeout=1.5)
    finally:
        log = stop_worker(worker)
    assert delivered, f"the worker did not deliver the messages; its log:\n{log}"
    assert StoredEmail.objects.count() == 3  # once each
    assert sorted(StoredEmail.objects.values_list("to", flat=True)) == sorted(p.email for p in people)
    for reference in references:
        assert StoredEmail.objects.filter(subject__contains=reference).count() == 1
    for message in Message.objects.filter(kind="application.received"):
        assert message.attempts == 1
        assert (private_storage / message.attachment_path).exists()  # the worker made the receipt
