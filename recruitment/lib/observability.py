"""The operator's kit, standard library only: a request id carried into every log line, JSON log lines, and
scrubbing of personal data (e-mail addresses, personal and phone numbers) from error reports."""

import contextvars
import datetime as dt
import json
import logging
import re

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Kosovo's personal numbers have 10 digits, Albania's NID a letter, 8 digits and a letter; phone numbers 8+
# digits.
NUMBER = re.compile(r"(?<![\w])(?:[A-Z]\d{8}[A-Z]|\+?\d[\d ]{7,}\d)(?![\w])")
SCRUBBED_KEYS = {"cookies", "data", "env", "user", "headers", "query_string"}


def scrub_text(text: str) -> str:
    return NUMBER.sub("[number]", EMAIL.sub("[email]", text))


def scrub(value, depth: int = 0):
    """Personal data out of any JSON-like value: every string scrubbed, nested containers walked."""
    if depth > 20:
        return value
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {key: scrub(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(item, depth + 1) for item in value]
    return value


def sentry_before_send(event, hint):
    """Sentry's before_send: no request body, cookies, headers or user; every text scrubbed (messages,
    exception values, local variables, breadcrumbs)."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in SCRUBBED_KEYS:
            request.pop(key, None)
    if isinstance(event.get("user"), dict):
        event["user"] = {key: value for key, value in event["user"].items() if key == "id"}
    return scrub(event)


def sentry_before_breadcrumb(crumb, hint):
    return scrub(crumb)


def sentry_init(dsn: str, *, environment: str = "", release: str = "", **extra) -> None:
    # Only when SENTRY_DSN is set: the SDK and its integrations are not loaded otherwise.
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=sentry_before_send,
        before_breadcrumb=sentry_before_breadcrumb,
        traces_sample_rate=0.0,
        **extra,
    )


class RequestIdFilter(logging.Filter):
    """Every record gets ``request_id``: the id of the request being served ("-" outside one)."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, request id, and the exception if any."""

    def format(self, record):
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        for key in ("method", "path", "status", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        return json.dumps(entry, ensure_ascii=False)
