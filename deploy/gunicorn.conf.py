"""gunicorn's settings for the `web` container (docker-compose.yml); gunicorn runs this file as Python.

nginx sits in front and buffers every request and response, so gunicorn's plain synchronous workers
never wait on a slow client: one worker serves one request at a time, as fast as Django answers.
"""

import math
import os
from pathlib import Path

bind = "0.0.0.0:8000"


def usable_cpus(cpu_max: Path = Path("/sys/fs/cgroup/cpu.max")) -> int:
    """The CPUs this process may use: those it may run on (its CPU set), fewer when its cgroup's quota
    (compose's ``cpus:``, a container's --cpus) gives it less time than that. Not os.cpu_count(): a container
    sees every CPU of its host there."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        quota, period = cpu_max.read_text().split()  # cgroup v2's "<quota> <period>", "max 100000" if none
        if quota != "max":
            cpus = min(cpus, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return cpus


# At most this many workers by default: gunicorn's design notes say 4 to 12 serve thousands of requests a
# second, and each worker holds PostgreSQL connections (below) and about 140 MB. A replica on a host of 32
# CPUs seen whole would otherwise start 65 workers, whose pools open 130 connections (DATABASE_POOL_MIN, 2
# each), more than max_connections (100).
MAX_DEFAULT_WORKERS = 12


def default_workers(cpus: int) -> int:
    """gunicorn's rule for sync workers, 2 x CPUs + 1 (its "How many workers?"), at most MAX_DEFAULT_WORKERS.
    More workers than CPUs because a sync worker waits: on PostgreSQL, and on its commit's WAL flush (issue
    13, bench/apply_spike.py on 2 CPUs: with 3 workers 8 % of the two CPUs stayed idle while applicants
    uploaded)."""
    return min(2 * cpus + 1, MAX_DEFAULT_WORKERS)


# WEB_CONCURRENCY (gunicorn's own variable) sets another number. Each worker is a process with its own psycopg
# pool (DATABASE_POOL_MIN..DATABASE_POOL_MAX connections), so PostgreSQL sees
# replicas x workers x DATABASE_POOL_MAX connections at most from the web service.
workers = int(os.environ.get("WEB_CONCURRENCY") or default_workers(usable_cpus()))
worker_class = "sync"
# The app is loaded in each worker after the fork, never in the master: a database pool (with
# its threads) or a connection opened before fork() would be shared by every worker.
preload_app = False
# A request that takes longer than this is a bug (PDFs and e-mail run in Celery): the worker is
# killed and restarted, and nginx answers 502.
timeout = 30
# Connections waiting for a worker, at most (the kernel refuses the rest at once): nginx then answers 503 with
# Retry-After (deploy/nginx.conf @busy) instead of the queue growing until every request times out.
backlog = 64
graceful_timeout = 30
# Recycle workers now and then, so a slow leak (WeasyPrint, caches) cannot grow for ever.
max_requests = 1000
max_requests_jitter = 100
# The heartbeat file on tmpfs: on overlayfs a blocked disk write would look like a hung worker.
worker_tmp_dir = "/dev/shm"
# Port 8000 is reachable only on the compose network, i.e. from nginx, which sets
# X-Forwarded-Proto (Django reads it through SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = "*"
# gunicorn >= 25 opens a control socket (for gunicornc) by default; nothing here uses it.
control_socket_disable = True
# nginx writes the access log; gunicorn logs errors and worker restarts to stderr.
accesslog = None
errorlog = "-"
loglevel = "info"


# Prometheus metrics across the workers (recruitment/metrics.py): each worker writes its counters to files in
# PROMETHEUS_MULTIPROC_DIR (compose sets it), emptied when gunicorn starts; a dead worker's files are marked.
def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
