"""Issue 13 (the deadline spike): the delivery of a message written by a request is published over a broker
connection the process keeps, not one opened for each message; a kept connection that fails is replaced, and
what cannot be published stays pending for the sweep."""

import pytest

from notifications import services, tasks


class FakeConnection:
    def __init__(self, number: int):
        self.number = number
        self.released = False

    def release(self):
        self.released = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()
        return False


@pytest.fixture
def broker(monkeypatch):
    """The Celery app publishing (not eager) to a broker that records each connection and publish."""
    app = tasks.deliver_message.app
    saved = {name: app.conf[name] for name in ("task_always_eager", "broker_write_url")}
    app.conf.update(task_always_eager=False, broker_write_url="redis://broker.invalid:6379/1")
    monkeypatch.setattr(services, "_publisher", services.threading.local(), raising=False)
    state = {"opened": [], "published": [], "fail_on": set()}

    def connection_for_write(**options):
        assert options["connect_timeout"] == services.publish_options()["connect_timeout"]  # the short one
        connection = FakeConnection(len(state["opened"]) + 1)
        state["opened"].append(connection)
        return connection

    def apply_async(args, connection=None, retry=True):
        assert retry is False and connection is not None
        if connection.number in state["fail_on"]:
            raise ConnectionError("connection reset by peer")
        state["published"].append((args[0], connection.number))

    monkeypatch.setattr(app, "connection_for_write", connection_for_write)
    monkeypatch.setattr(tasks.deliver_message, "apply_async", apply_async)
    yield state
    app.conf.update(saved)


def test_the_deliveries_of_successive_requests_share_one_connection(broker):
    for message_id in (1, 2, 3):
        services._schedule(message_id)
    assert broker["published"] == [(1, 1), (2, 1), (3, 1)]
    assert len(broker["opened"]) == 1
    assert not broker["opened"][0].released


def test_a_kept_connection_that_fails_is_replaced_and_the_message_published_on_a_new_one(broker):
    services._schedule(1)
    broker["fail_on"].add(1)  # Redis restarted: the kept connection is dead
    services._schedule(2)
    assert broker["published"] == [(1, 1), (2, 2)]
    assert broker["opened"][0].released
    services._schedule(3)
    assert broker["published"][-1] == (3, 2)  # the new one is kept


def test_a_broker_that_fails_on_a_new_connection_leaves_the_message_to_the_sweep(broker, caplog):
    broker["fail_on"].update({1, 2, 3})
    services._schedule(7)  # no exception: the request that wrote the message has committed
    assert broker["published"] == []
    assert "the sweep will deliver it" in caplog.text
    assert len(broker["opened"]) == 1 and broker["opened"][0].released
    broker["fail_on"].clear()
    services._schedule(8)  # the next request tries a new connection
    assert broker["published"] == [(8, 2)]


def test_another_broker_url_opens_its_own_connection(broker):
    services._schedule(1)
    tasks.deliver_message.app.conf.broker_write_url = "redis://other.invalid:6379/2"
    services._schedule(2)
    assert broker["published"] == [(1, 1), (2, 2)]
    assert broker["opened"][0].released
