"""nginx (Debian's, with deploy/nginx.conf) beyond capacity answers at once with 503 and Retry-After instead of
letting requests queue, and stamps each request with its arrival time for the deadline (R-9.2.2)."""

import threading
import time

import pytest

from tests import test_deploy
from tests.test_deploy import FakeDjango, https, needs_nginx, nginx_in_front, replaced  # noqa: F401


class SlowDjango(FakeDjango):
    """A worker busy for 1.5 s on /slow."""

    def do_GET(self):
        if self.path == "/slow":
            time.sleep(1.5)
        super().do_GET()


@pytest.fixture
def slow_nginx(request, monkeypatch):
    """deploy/nginx.conf with its site-wide limit lowered from 64 to 4 requests in progress (the number is the
    only change), in front of a slow upstream."""
    monkeypatch.setattr(
        test_deploy,
        "NGINX_CONF_TEXT",
        replaced(test_deploy.NGINX_CONF_TEXT, "limit_conn portal_site 64;", "limit_conn portal_site 4;"),
    )
    monkeypatch.setattr(test_deploy, "FakeDjango", SlowDjango)
    return request.getfixturevalue("nginx_in_front")


@needs_nginx
def test_beyond_capacity_nginx_answers_503_with_retry_after_at_once(slow_nginx):
    ports, handler = slow_nginx
    results = []

    def one():
        started = time.monotonic()
        response, body = https(ports, "GET", "/slow")
        results.append((response.status, response.getheader("Retry-After"), time.monotonic() - started, body))

    threads = [threading.Thread(target=one) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    served = [r for r in results if r[0] == 200]
    busy = [r for r in results if r[0] == 503]
    assert len(served) == 4 and len(busy) == 6, [r[:3] for r in results]
    for _status, retry_after, elapsed, body in busy:
        assert retry_after == "10" and elapsed < 0.5
        assert b"The portal is busy" in body and b"Portali" in body
    assert len([r for r in handler.requests if r[1] == "/slow"]) == 4  # the refused never reached the workers


@needs_nginx
def test_nginx_stamps_the_arrival_time_over_whatever_the_client_sent(nginx_in_front):  # noqa: F811
    ports, handler = nginx_in_front
    before = time.time()
    https(ports, "GET", "/en/", headers={"X-Request-Start": "t=1"})
    stamped = handler.requests[-1][2]["X-Request-Start"]
    assert stamped.startswith("t=")
    assert before - 0.01 <= float(stamped[2:]) <= time.time() + 0.01


def test_the_compose_stack_publishes_nginx_alone():
    published = {name for name, service in test_deploy.SERVICES.items() if service.get("ports")}
    assert published == {"nginx"}
    assert "8000" in [str(port) for port in test_deploy.SERVICES["web"].get("expose", [])]
