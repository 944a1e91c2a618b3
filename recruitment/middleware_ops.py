"""Middleware of the operator's kit: the time a request arrived, errors of the file storage answered with a
clear page."""

import datetime as dt
import functools
import ipaddress
import logging
import re
import time
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme

from . import metrics
from .lib.files import is_storage_error
from .lib.observability import request_id_var

log = logging.getLogger("recruitment.storage")

RETRY_AFTER_SECONDS = 300


def storage_error_response(request, exc: BaseException):
    """503 with a page saying nothing was kept, the draft is intact and what to do; the error is logged (and
    reported) for the operator. The page offers the way back to where the person came from."""
    log.error("Storage error on %s %s: %s", request.method, request.path, exc, exc_info=exc)
    referer = request.META.get("HTTP_REFERER", "")
    back = ""
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        back = parts.path + (f"?{parts.query}" if parts.query else "")
    now = date_format(timezone.localtime(), "DATETIME_FORMAT")
    response = render(request, "503_storage.html", {"back_url": back, "now": now}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class StorageErrorMiddleware:
    """A full disk (ENOSPC, a quota, a read-only or failing device) raised by a view becomes the storage page,
    not a generic 500. The services write files whole or not at all and roll their transaction back, so
    nothing is half-saved by then."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_storage_error(exception):
            return storage_error_response(request, exception)
        return None


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def parse_request_start(value: str) -> float | None:
    """nginx's ``X-Request-Start: t=<seconds.milliseconds>`` (``t=${msec}``); also milli- or microseconds."""
    value = value.strip()
    if value.startswith("t="):
        value = value[2:]
    try:
        number = float(value)
    except ValueError:
        return None
    if number > 1e14:  # microseconds
        number /= 1e6
    elif number > 1e11:  # milliseconds
        number /= 1e3
    return number


class ArrivalTimeMiddleware:
    """``request.received_at``: when the portal received the request, the time a deadline is judged by
    (R-9.2.2).

    Behind the proxy (nginx in docker-compose.yml) it is the proxy's ``X-Request-Start`` (nginx sets it when
    it has read the whole request, before the request waits for a free gunicorn worker), trusted only from the
    addresses in REQUEST_START_TRUSTED_PROXIES (nginx overwrites whatever a client sent), never in the future
    and at most REQUEST_START_MAX_AGE seconds old. Otherwise the clock at the entry of the application, before
    any lock is waited for. First in MIDDLEWARE, so that nothing of the portal's own runs before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = time.time()
        arrived = now
        header = request.META.get("HTTP_X_REQUEST_START", "")
        networks = _networks(tuple(settings.REQUEST_START_TRUSTED_PROXIES)) if header else ()
        if networks and _trusted(request.META.get("REMOTE_ADDR", ""), networks):
            started = parse_request_start(header)
            if started is not None:
                arrived = min(now, max(started, now - settings.REQUEST_START_MAX_AGE))
        request.received_at = dt.datetime.fromtimestamp(arrived, tz=dt.UTC)
        return self.get_response(request)


_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_log = logging.getLogger("recruitment.access")


class RequestIdMiddleware:
    """``request.request_id``: nginx's ``X-Request-ID`` when the request comes from a trusted proxy (its
    access log carries the same id), else a new one. Every log line written while the request is served
    carries it (recruitment.lib.observability.RequestIdFilter), the response says it (X-Request-ID), an error
    report is tagged with it, and one access line is logged per request with its status and duration. The
    request and latency metrics are counted here too (recruitment/metrics.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        networks = _networks(tuple(settings.REQUEST_START_TRUSTED_PROXIES)) if given else ()
        trusted = networks and _trusted(request.META.get("REMOTE_ADDR", ""), networks)
        request.request_id = given if trusted and _REQUEST_ID.match(given) else uuid.uuid4().hex
        token = request_id_var.set(request.request_id)
        started = time.monotonic()
        try:
            _tag_error_reports(request.request_id)
            response = self.get_response(request)
            duration = time.monotonic() - started
            response["X-Request-ID"] = request.request_id
            view = getattr(getattr(request, "resolver_match", None), "view_name", None) or "unresolved"
            metrics.observe_request(
                method=request.method, view=view, status=response.status_code, seconds=duration
            )
            access_log.info(
                "%s %s %s %.1f ms",
                request.method,
                request.path,
                response.status_code,
                duration * 1000,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(duration * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def _tag_error_reports(request_id: str) -> None:
    if not settings.SENTRY_DSN:
        return
    import sentry_sdk  # only when SENTRY_DSN is set (observability.sentry_init)

    sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)
