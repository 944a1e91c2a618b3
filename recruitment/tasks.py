"""The operator's periodic tasks (CELERY_BEAT_SCHEDULE): heartbeats and the clean-up of sessions, the cache
table and files whose write never finished."""

import time
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from .lib import heartbeats


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Run by a worker: the worker is alive. Beat's own heartbeat is written when it sends this task
    (recruitment/celery.py)."""
    heartbeats.beat("worker")


@shared_task(ignore_result=True)
def clean_up() -> dict:
    """Delete expired sessions (clearsessions), expired rows of the cache table, and temporary files of writes
    that never finished (a crash mid-upload) older than a day. Idempotent."""

    call_command("clearsessions")
    removed = {"cache_rows": 0, "partial_files": 0}
    for alias, options in settings.CACHES.items():
        if options["BACKEND"] == "django.core.cache.backends.db.DatabaseCache":
            table = connection.ops.quote_name(caches[alias]._table)
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [timezone.now()])
                removed["cache_rows"] += cursor.rowcount
    storage = settings.STORAGES["private"]
    if storage["BACKEND"] == "django.core.files.storage.FileSystemStorage":
        root = Path(storage.get("OPTIONS", {}).get("location") or settings.PRIVATE_MEDIA_ROOT)
        for path in root.rglob("*.partial-*") if root.exists() else []:
            if path.is_file() and path.stat().st_mtime < time.time() - 24 * 3600:
                path.unlink(missing_ok=True)
                removed["partial_files"] += 1
    return removed
