"""gunicorn's settings for the `web` container (docker-compose.yml); gunicorn runs this file as Python.

nginx sits in front and buffers every request and response, so gunicorn's plain synchronous workers
never wait on a slow client: one worker serves one request at a time, as fast as Django answers.
"""

import os

bind = "0.0.0.0:8000"
# WEB_CONCURRENCY is also gunicorn's own default source. Each worker is a process with its own
# psycopg pool (DATABASE_POOL_MIN..DATABASE_POOL_MAX connections), so PostgreSQL sees
# replicas x WEB_CONCURRENCY x DATABASE_POOL_MAX connections at most from the web service.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
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
