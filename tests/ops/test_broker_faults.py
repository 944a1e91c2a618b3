"""A frozen (SIGSTOP) or absent Redis never holds a web request: the delivery is handed to the broker through a
connection that gives up after CELERY_PUBLISH_TIMEOUT (0.05 s), and the message waits in the outbox for the sweep.

Bound stated: a submit answers in under 0.5 s whatever the broker does (the publish itself under 0.2 s); the
same submit with kombu's defaults waits until Redis is thawed (after 5 s here, for ever in the issue)."""

import threading
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from applications.models import ApplicationStatus
from notifications.models import Message, MessageStatus
from notifications.services import outbox_sweep
from tests.factories import UserFactory
from tests.helpers.applications import attach_required, complete_profile, start_draft

pytestmark = pytest.mark.django_db(transaction=True)

REQUEST_BOUND = 0.5  # seconds: a submit, broker or no broker
THAW_AFTER = 5.0  # a safety net: the frozen Redis is thawed after this long whatever happens


def _ready_client(position, name):
    person = UserFactory(username=f"{name}@example.org")
    complete_profile(person)
    application = start_draft(person, position)
    attach_required(application, person)
    client = Client()
    client.force_login(person)
    return client, application


def _timed_submit(client, application) -> float:
    started = time.monotonic()
    response = client.post(reverse("applications:submit", args=[application.pk]), {"declaration": "on"})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    return elapsed


def _receipt(application) -> Message:
    return Message.objects.get(kind="application.received", recipient=application.applicant)


def test_a_submit_answers_within_the_bound_while_redis_is_frozen_and_its_message_waits_for_the_sweep(
    open_position, own_redis, broker, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    broker(own_redis.url)
    warm_client, warm = _ready_client(open_position, "warm")
    _timed_submit(warm_client, warm)  # Redis answering: the task is queued in Redis
    assert _receipt(warm).status == MessageStatus.PENDING  # no worker in this test
    import redis

    assert redis.Redis.from_url(own_redis.url).llen("celery") == 1

    client, application = _ready_client(open_position, "frozen")
    own_redis.freeze()
    safety = threading.Timer(THAW_AFTER, own_redis.thaw)
    safety.start()
    try:
        elapsed = _timed_submit(client, application)
    finally:
        safety.cancel()
        own_redis.thaw()
    assert elapsed < REQUEST_BOUND, f"the submit took {elapsed:.2f} s with Redis frozen"
    message = _receipt(application)
    assert message.status == MessageStatus.PENDING and message.attempts == 0
    # Redis back: nothing of this message reached it; the sweep delivers it, once.
    assert redis.Redis.from_url(own_redis.url).llen("celery") == 1
    Message.objects.filter(pk=message.pk).update(created_at=message.created_at - _minutes(1))
    broker(None)
    assert outbox_sweep(older_than_seconds=30) >= 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [m.to for m in mail.outbox].count([application.applicant.email]) == 1


def test_a_submit_answers_within_the_bound_while_redis_is_down(open_position, own_redis, broker, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    broker(own_redis.url)
    own_redis.stop()  # connection refused
    client, application = _ready_client(open_position, "down")
    elapsed = _timed_submit(client, application)
    assert elapsed < REQUEST_BOUND, f"the submit took {elapsed:.2f} s with Redis down"
    assert _receipt(application).status == MessageStatus.PENDING


def test_handing_a_delivery_to_a_frozen_broker_gives_up_after_the_publish_timeout(
    own_redis, broker, settings, applicant
):
    from notifications.services import _schedule

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_PUBLISH_TIMEOUT = 0.05
    broker(own_redis.url)
    own_redis.freeze()
    safety = threading.Timer(THAW_AFTER, own_redis.thaw)
    safety.start()
    try:
        started = time.monotonic()
        _schedule(123456)  # no such row: only the publish is timed
        elapsed = time.monotonic() - started
    finally:
        safety.cancel()
        own_redis.thaw()
    assert elapsed < 0.2, f"publishing took {elapsed:.3f} s"


def _minutes(n):
    from django.utils import timezone

    return timezone.timedelta(minutes=n)
