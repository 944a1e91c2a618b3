"""Prometheus metrics at /metrics (METRICS_TOKEN as a bearer token, or a superuser's session): requests and
their latency (counted by recruitment.middleware_ops.RequestIdMiddleware; across gunicorn's workers when
PROMETHEUS_MULTIPROC_DIR is set), and read at each scrape: the outbox's backlog, its oldest pending message's
age, failed messages, Celery task failures, and the age of the worker's and beat's heartbeats."""

import hmac
import os
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from .lib import heartbeats

REQUESTS = Counter("portal_http_requests_total", "HTTP requests answered", ["method", "view", "status"])
LATENCY = Histogram(
    "portal_http_request_duration_seconds",
    "Time to answer a request",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
TASK_FAILURES_KEY = "ops:task-failures"


def observe_request(*, method: str, view: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method=method, view=view, status=str(status)).inc()
    LATENCY.labels(view=view).observe(seconds)


def task_failed() -> None:
    """Celery's task_failure signal (recruitment/celery.py): counted in the shared cache, since the worker's
    processes are not the web's."""
    try:
        cache.incr(TASK_FAILURES_KEY)
    except ValueError:
        cache.add(TASK_FAILURES_KEY, 0, timeout=None)
        cache.incr(TASK_FAILURES_KEY)


def outbox_state() -> dict:
    message = apps.get_model("notifications", "Message")
    rows = {
        row["status"]: row
        for row in message.objects.values("status").annotate(n=Count("id"), oldest=Min("created_at"))
    }
    pending = rows.get("pending", {})
    oldest = pending.get("oldest")
    return {
        "pending": pending.get("n", 0),
        "sending": rows.get("sending", {}).get("n", 0),
        "failed": rows.get("failed", {}).get("n", 0),
        "oldest_pending_seconds": round(time.time() - oldest.timestamp(), 1) if oldest else 0,
    }


class PortalCollector:
    def collect(self):
        outbox = outbox_state()
        backlog = GaugeMetricFamily(
            "portal_outbox_messages", "Messages in the outbox by status", labels=["status"]
        )
        for status in ("pending", "sending", "failed"):
            backlog.add_metric([status], outbox[status])
        yield backlog
        yield GaugeMetricFamily(
            "portal_outbox_oldest_pending_age_seconds",
            "Age of the oldest pending message",
            value=outbox["oldest_pending_seconds"],
        )
        yield CounterMetricFamily(
            "portal_celery_task_failures", "Celery tasks that failed", value=cache.get(TASK_FAILURES_KEY, 0)
        )
        ages = GaugeMetricFamily(
            "portal_heartbeat_age_seconds", "Seconds since the last heartbeat (-1: never)", labels=["process"]
        )
        for process in ("worker", "beat"):
            age = heartbeats.age(process)
            ages.add_metric([process], -1 if age is None else age)
        yield ages


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode(), token.encode()):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_superuser)


@never_cache
def metrics(request):
    if not _allowed(request):
        # 404, not 403: the endpoint's existence is nobody's business (a scraper sends its token).
        return HttpResponse(status=404)
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess  # only in gunicorn's multiprocess mode

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(PortalCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
