import sys

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as default_server_error

from .lib import heartbeats
from .lib.files import is_storage_error
from .metrics import outbox_state
from .middleware_ops import storage_error_response


@never_cache
def healthz(request):
    """200 when the database answers (503 when not). Also says, without failing the page (they delay
    background work, they break no page): whether Redis (Celery's broker) answers, the outbox's backlog and
    the age of its oldest pending message, and how long ago the Celery worker and beat last gave a heartbeat
    ("stale" past three periods of HEARTBEAT_SECONDS)."""
    status = {"database": "ok", "redis": "not configured"}
    code = 200
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure of the database is a failure of the page
        status["database"] = f"error: {exc.__class__.__name__}"
        return JsonResponse(status, status=503)
    if settings.REDIS_URL:
        import redis  # only when the health check finds a Redis broker configured

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
            status["redis"] = "ok"
        except Exception as exc:  # Redis down delays background work but breaks no page
            status["redis"] = f"down: {exc.__class__.__name__}"

    try:
        status["outbox"] = outbox_state()
        for process in ("worker", "beat"):
            age = heartbeats.age(process)
            state = "never" if age is None else ("ok" if age <= 3 * settings.HEARTBEAT_SECONDS else "stale")
            status[process] = {"status": state, "last_seen_seconds": age}
    except Exception as exc:  # the tables not migrated yet: say so, the database itself answered
        status["outbox"] = f"error: {exc.__class__.__name__}"
    return JsonResponse(status, status=code)


def server_error(request):
    """handler500: a storage error raised outside a view (the upload's temporary file, while a middleware
    reads the request body) gets the storage page too; anything else Django's plain 500."""

    exc = sys.exc_info()[1]
    if is_storage_error(exc):
        return storage_error_response(request, exc)
    return default_server_error(request)
