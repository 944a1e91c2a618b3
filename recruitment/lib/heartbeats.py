"""Heartbeats of the processes /healthz can't ask directly: the Celery worker (it ran the heartbeat task) and
beat (it sent it), kept in the shared cache (the database) as a Unix time."""

import time

from django.core.cache import cache

TIMEOUT = 7 * 24 * 3600


def beat(process: str) -> None:
    cache.set(f"ops:heartbeat:{process}", time.time(), timeout=TIMEOUT)


def age(process: str) -> float | None:
    """Seconds since ``process`` last beat, or None if it never did."""
    last = cache.get(f"ops:heartbeat:{process}")
    return None if last is None else round(max(0.0, time.time() - last), 1)
