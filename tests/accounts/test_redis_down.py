"""Log-in does not depend on Redis: sessions and the cache behind allauth's rate limits are in the database.

The log-in runs in a fresh Python process whose settings are read from an environment where Celery's
broker points at a port nobody listens on and tasks are not run eagerly, as in production with Redis down.
"""

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import global_settings
from django.db import connection

from tests.factories import UserFactory

from .helpers import PASSWORD, verified

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import json, sys
    import django
    django.setup()
    import redis
    from django.conf import settings
    from django.test import Client

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1).ping()
        broker = "up"
    except redis.exceptions.ConnectionError:
        broker = "down"
    client = Client()
    failed = client.post("/en/accounts/login/", {"login": sys.argv[1], "password": "wrong password here"})
    response = client.post("/en/accounts/login/", {"login": sys.argv[1], "password": sys.argv[2]})
    print(json.dumps({
        "broker": broker,
        "eager": settings.CELERY_TASK_ALWAYS_EAGER,
        "cache": settings.CACHES["default"]["BACKEND"],
        "failed_status": failed.status_code,
        "status": response.status_code,
        "location": response.get("Location"),
        "user": client.session.get("_auth_user_id"),
    }))
    """
)


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed on exit: nothing listens there


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the child process needs a shared database")
def test_login_works_while_the_celery_broker_is_unreachable(settings):
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS  # the child process's hashers
    user = verified(UserFactory(username="redis.down@example.org"))
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{_dead_port()}/0",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    if connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, user.email, PASSWORD],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["broker"] == "down" and result["eager"] is False  # the premise: Redis is really gone
    assert result["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert result["failed_status"] == 200  # the failed attempt was counted by the rate limit, in the database
    assert result["status"] == 302 and result["location"] == "/en/"
    assert result["user"] == str(user.pk)
