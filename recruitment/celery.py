import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitment.settings")

app = Celery("recruitment")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.before_task_publish.connect
def _beat_heartbeat(sender=None, **kwargs):
    """Only beat sends the heartbeat task: sending it is beat's own heartbeat (/healthz, /metrics)."""
    if sender == "recruitment.tasks.heartbeat":
        try:
            # Loaded after Django's setup, not with celery.py (it reads the cache).
            from recruitment.lib import heartbeats

            heartbeats.beat("beat")
        except Exception:  # the database down: /healthz says so on its own; never stop beat for this
            pass


@signals.task_failure.connect
def _count_task_failure(sender=None, **kwargs):
    try:
        from recruitment.metrics import task_failed  # reads the models: loaded after Django's setup

        task_failed()
    except Exception:  # counting must never turn one failure into two
        pass
