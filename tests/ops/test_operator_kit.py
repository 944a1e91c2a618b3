"""The operator's kit: JSON log lines carrying the request's id, error reports with personal data scrubbed,
Prometheus metrics behind a token, /healthz with the outbox, worker and beat, and the daily clean-up."""

import datetime as dt
import io
import json
import logging
import os
import time

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone

from notifications.models import Message
from recruitment.lib.observability import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def access_lines():
    """What recruitment.access writes, through the production formatter and filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("recruitment.access")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_each_request_logs_one_json_line_with_its_id_which_the_response_carries(client, access_lines):
    response = client.get("/healthz")
    [line] = access_lines()
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert line["level"] == "INFO" and line["duration_ms"] >= 0 and line["time"].endswith("+00:00")


def test_nginx_s_request_id_is_kept_only_from_a_trusted_proxy(client, settings, access_lines):
    settings.REQUEST_START_TRUSTED_PROXIES = ["127.0.0.1"]
    assert client.get("/healthz", HTTP_X_REQUEST_ID="0123456789abcdef")["X-Request-ID"] == "0123456789abcdef"
    settings.REQUEST_START_TRUSTED_PROXIES = []
    assert client.get("/healthz", HTTP_X_REQUEST_ID="0123456789abcdef")["X-Request-ID"] != "0123456789abcdef"


def test_an_error_report_carries_no_e_mail_address_nor_personal_or_phone_number():
    import sentry_sdk
    from sentry_sdk.transport import Transport

    from recruitment.lib.observability import sentry_init

    sent = []

    class Capture(Transport):
        def capture_envelope(self, envelope):
            sent.append(envelope.get_event())

    sentry_init("https://public@sentry.example.org/1", transport=Capture)
    try:
        sentry_sdk.add_breadcrumb(message="looked up alba@example.org")
        sentry_sdk.set_user({"id": 7, "email": "alba@example.org"})
        try:
            raise ValueError(
                "no profile for alba@example.org, personal number 1234567890, phone +383 44 123 456"
            )
        except ValueError:
            sentry_sdk.capture_exception()
        sentry_sdk.flush()
    finally:
        sentry_sdk.init()  # no DSN: reporting off again
    [event] = [e for e in sent if e]
    text = json.dumps(event)
    assert "ValueError" in text and "[email]" in text and "[number]" in text
    for personal in ("alba@example.org", "1234567890", "44 123 456"):
        assert personal not in text
    assert event["user"] == {"id": 7}


def test_metrics_need_the_token_and_tell_the_outbox_backlog_its_oldest_age_and_task_failures(
    client, settings, applicant
):
    from recruitment.tasks import heartbeat

    settings.METRICS_TOKEN = "s3cret-token-for-prometheus"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    message = Message.objects.create(
        recipient=applicant, email=applicant.email, language="sq", kind="test", subject="s", body="b"
    )
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - dt.timedelta(minutes=10))
    before = cache.get("ops:task-failures", 0)
    assert heartbeat.apply(args=("unexpected",), throw=False).failed()  # a task that fails: task_failure
    client.get("/healthz")
    page = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token-for-prometheus")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'portal_outbox_messages{status="pending"} 1.0' in text
    age = float(
        next(
            line.split()[-1]
            for line in text.splitlines()
            if line.startswith("portal_outbox_oldest_pending_age_seconds")
        )
    )
    assert 600 <= age < 700
    assert f"portal_celery_task_failures_total {before + 1}.0" in text
    assert 'portal_http_requests_total{method="GET",status="200",view="healthz"}' in text
    assert "portal_http_request_duration_seconds_bucket" in text
    assert 'portal_heartbeat_age_seconds{process="worker"}' in text


def test_healthz_reports_the_outbox_and_the_worker_s_and_beat_s_heartbeats(
    client, settings, own_redis, broker, applicant
):
    import time_machine

    from recruitment.tasks import heartbeat

    cache.delete_many(["ops:heartbeat:worker", "ops:heartbeat:beat"])
    body = client.get("/healthz").json()
    assert body["worker"]["status"] == "never" and body["beat"]["status"] == "never"
    assert body["outbox"]["pending"] == 0
    # Beat sends the heartbeat (to a broker of this test's own) and no worker takes it yet.
    broker(own_redis.url)
    heartbeat.delay()
    body = client.get("/healthz").json()
    assert body["beat"]["status"] == "ok" and body["worker"]["status"] == "never"
    broker(None)
    heartbeat.delay()  # eager: as a worker runs it
    assert client.get("/healthz").json()["worker"]["status"] == "ok"
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=3 * settings.HEARTBEAT_SECONDS + 5)):
        body = client.get("/healthz").json()
    assert body["worker"]["status"] == "stale" and body["beat"]["status"] == "stale"
    assert client.get("/healthz").status_code == 200  # stale heartbeats delay work; they break no page


def test_the_daily_clean_up_deletes_expired_sessions_cache_rows_and_unfinished_uploads(
    applicant, private_storage
):
    from django.contrib.sessions.backends.db import SessionStore

    from recruitment.tasks import clean_up

    expired = SessionStore()
    expired["x"] = 1
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - dt.timedelta(days=1)
    )
    live = SessionStore()
    live.create()
    cache.set("short-lived", 1, timeout=1)
    cache.set("long-lived", 1, timeout=3600)
    partial = private_storage / "documents" / "2026" / "12" / "abc.pdf.partial-1234"
    partial.parent.mkdir(parents=True)
    partial.write_bytes(b"half")
    os.utime(partial, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    fresh = partial.with_name("def.pdf.partial-5678")
    fresh.write_bytes(b"in progress")
    time.sleep(1.1)
    removed = clean_up()
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert Session.objects.filter(session_key=live.session_key).exists()
    assert removed["cache_rows"] >= 1 and cache.get("long-lived") == 1
    assert removed["partial_files"] == 1 and not partial.exists() and fresh.exists()
