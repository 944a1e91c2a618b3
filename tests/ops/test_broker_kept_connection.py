"""Issue 13 (the deadline spike): the deliveries a process publishes after its commits go over one broker
connection it keeps, asked a PING first, not over a connection opened for each (two sockets, a handshake and
kombu's PING each time). What the kept connection must not lose of the connection per publish: a Redis that
froze (SIGSTOP) receives nothing of a publish that gave up, even after it thaws (the sweep delivers that
message, once); a Redis restarted, or closing the idle connection, costs no message. Each test runs its own
redis-server (tests/ops/conftest.py)."""

import base64
import json
import threading
import time

import pytest
import redis

from notifications import services

THAW_AFTER = 5.0  # a safety net: the frozen Redis is thawed after this long whatever happens


@pytest.fixture
def publishing(own_redis, broker, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_PUBLISH_TIMEOUT = 0.05
    broker(own_redis.url)
    return own_redis


def _queued(own_redis) -> list[int]:
    """The message ids of the delivery tasks waiting in the queue, oldest first."""
    client = redis.Redis.from_url(own_redis.url)
    bodies = [json.loads(raw) for raw in reversed(client.lrange("celery", 0, -1))]
    return [json.loads(base64.b64decode(b["body"]))[0][0] for b in bodies]


def _connections_received(client) -> int:
    return int(client.info("stats")["total_connections_received"])


def test_successive_publishes_of_a_process_share_one_kept_connection(publishing):
    watcher = redis.Redis.from_url(publishing.url)
    watcher.ping()
    before = _connections_received(watcher)
    services._schedule(1)
    opened_by_first = _connections_received(watcher) - before
    services._schedule(2)
    services._schedule(3)
    assert opened_by_first >= 1
    assert _connections_received(watcher) - before == opened_by_first  # the second and third opened none
    assert _queued(publishing) == [1, 2, 3]


def test_a_publish_that_gave_up_on_a_frozen_redis_never_reaches_it_and_the_next_one_does(publishing):
    services._schedule(1)  # the connection is kept
    publishing.freeze()
    safety = threading.Timer(THAW_AFTER, publishing.thaw)
    safety.start()
    try:
        started = time.monotonic()
        services._schedule(2)  # the PING times out: given up, left to the sweep
        elapsed = time.monotonic() - started
    finally:
        safety.cancel()
        publishing.thaw()
    assert elapsed < 0.2, f"publishing took {elapsed:.3f} s"
    time.sleep(0.2)  # Redis reads whatever the kernel kept for it
    assert _queued(publishing) == [1]
    services._schedule(3)  # a new connection
    assert _queued(publishing) == [1, 3]


def test_a_redis_restarted_between_two_publishes_loses_neither(publishing):
    services._schedule(1)
    assert _queued(publishing) == [1]
    publishing.stop()  # its queue goes with it (no persistence here): only the next publish is looked at
    publishing.start()
    services._schedule(2)
    assert _queued(publishing) == [2]


def test_a_publish_while_redis_is_down_gives_up_at_once_and_the_one_after_it_is_back_gets_through(
    publishing, caplog
):
    services._schedule(1)
    publishing.stop()
    started = time.monotonic()
    services._schedule(2)
    assert time.monotonic() - started < 0.2
    assert "the sweep will deliver it" in caplog.text
    publishing.start()
    services._schedule(3)
    assert _queued(publishing) == [3]


def test_a_broker_other_than_redis_gets_a_connection_per_publish_none_kept(broker, settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    for folder in ("in", "out", "processed", "control"):
        (tmp_path / folder).mkdir()
    broker("filesystem://")
    from recruitment.celery import app

    saved = app.conf.broker_transport_options
    app.conf.broker_transport_options = {
        "data_folder_in": str(tmp_path / "out"),
        "data_folder_out": str(tmp_path / "out"),
        "processed_folder": str(tmp_path / "processed"),
        "control_folder": str(tmp_path / "control"),  # else kombu writes one in the working directory
    }
    try:
        services._schedule(1)
        services._schedule(2)
    finally:
        app.conf.broker_transport_options = saved
    assert getattr(services._kept, "connection", None) is None
    assert len(list((tmp_path / "out").iterdir())) == 2
