"""Two gunicorn replicas on one PostgreSQL behind a local nginx (Debian's) take concurrent submits: one
application per person and position holds, the deadline is judged by nginx's arrival stamp, and the audit chain
verifies. Each replica runs deploy/gunicorn.conf.py's sync workers (two each here)."""

import datetime as dt
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from applications.models import Application, ApplicationStatus, ApplicationSubmission
from tests.helpers.ops import free_port, wait_for_port
from tests.ops.test_deadline_burst import _at, _ready, _submit
from vacancies.models import Announcement

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql" or NGINX is None, reason="PostgreSQL and nginx"),
]
ROOT = Path(__file__).resolve().parents[2]


def _replica(port: int) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_POOL": "0",
        "WEB_CONCURRENCY": "2",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REQUEST_START_TRUSTED_PROXIES": "127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "recruitment.settings",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "recruitment.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _nginx(tmp_path, port: int, upstreams: list[int]) -> subprocess.Popen:
    """A plain-HTTP nginx with deploy/nginx.conf's proxy headers, balancing over the replicas."""
    servers = "".join(f"server 127.0.0.1:{p};" for p in upstreams)
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""
pid {tmp_path}/nginx.pid; {"user root;" if os.geteuid() == 0 else ""} error_log {tmp_path}/error.log;
events {{ worker_connections 256; }}
http {{
  access_log off; client_body_temp_path {tmp_path}/body; proxy_temp_path {tmp_path}/proxy;
  fastcgi_temp_path {tmp_path}/f; uwsgi_temp_path {tmp_path}/u; scgi_temp_path {tmp_path}/s;
  upstream portal {{ {servers} }}
  server {{ listen 127.0.0.1:{port};
    location / {{ proxy_pass http://portal; proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; proxy_set_header X-Request-Start "t=${{msec}}";
      proxy_set_header X-Request-ID $request_id; }} }}
}}""")
    return subprocess.Popen(
        [NGINX, "-e", "stderr", "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_two_replicas_behind_nginx_keep_one_application_per_person_the_deadline_and_the_audit_chain(
    tmp_path, open_position
):
    people = _ready(open_position, 6, "replica")
    late = _ready(open_position, 3, "late")
    ports = [free_port(), free_port()]
    front = free_port()
    processes = [_replica(port) for port in ports]
    proxy = _nginx(tmp_path, front, ports)
    try:
        for port in [*ports, front]:
            wait_for_port(port, timeout=30)
        base = f"http://127.0.0.1:{front}"
        results, threads = {}, []
        # Each person submits three times at once (a triple click spread over both replicas), 1.2 s before the
        # deadline; the four workers take a while to get through them. Three others send theirs just after it.
        deadline = time.time() + 1.5
        Announcement.objects.filter(pk=open_position.announcement_id).update(
            closes_at=dt.datetime.fromtimestamp(deadline, tz=dt.UTC)
        )
        _at(deadline - 1.2)
        for i, (pk, session) in enumerate(people):
            for n in range(3):
                threads.append(threading.Thread(target=_submit, args=(base, pk, session, results, (i, n))))
        for thread in threads:
            thread.start()
        _at(deadline + 0.2)
        late_threads = [
            threading.Thread(target=_submit, args=(base, pk, session, results, ("late", i)))
            for i, (pk, session) in enumerate(late)
        ]
        for thread in late_threads:
            thread.start()
        for thread in threads + late_threads:
            thread.join(timeout=60)
    finally:
        for process in [proxy, *processes]:
            process.terminate()
        for process in [proxy, *processes]:
            process.wait(timeout=20)
    assert len(results) == 21
    assert (
        max(answered for _status, _ref, _sent, answered in results.values()) > deadline
    )  # they queued past it
    for i in range(len(late)):
        status, reference, sent, _answered = results[("late", i)]
        assert sent > deadline and reference is None  # refused: sent after the deadline
    for i, (pk, _session) in enumerate(people):
        references = {results[(i, n)][1] for n in range(3)}
        assert len(references) == 1 and None not in references, [
            results[(i, n)] for n in range(3)
        ]  # one submission, thrice
        assert ApplicationSubmission.objects.filter(application_id=pk).count() == 1
    assert (
        Application.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 6
    )  # the late three: drafts
    call_command("verify_audit")
