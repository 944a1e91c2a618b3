"""Middleware of the operator's kit: errors of the file storage answered with a clear page."""

import logging
from urllib.parse import urlsplit

from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme

from .lib.files import is_storage_error

log = logging.getLogger("recruitment.storage")

RETRY_AFTER_SECONDS = 300


def storage_error_response(request, exc: BaseException):
    """503 with a page saying nothing was kept, the draft is intact and what to do; the error is logged (and
    reported) for the operator. The page offers the way back to where the person came from."""
    log.error("Storage error on %s %s: %s", request.method, request.path, exc, exc_info=exc)
    referer = request.META.get("HTTP_REFERER", "")
    back = ""
    if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
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
