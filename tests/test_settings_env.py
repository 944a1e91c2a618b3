"""recruitment/settings.py reads the environment: an empty variable is an unset one (its default)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'site_url': s.SITE_URL, "
    "'files': s.DOCUMENT_MAX_FILES_PER_REQUEST, 'hosts': s.ALLOWED_HOSTS, 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'holidays': [d.isoformat() for d in s.PUBLIC_HOLIDAYS]}))"
)


def settings_with(**variables) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in variables}
    env.update(variables, DJANGO_SETTINGS_MODULE="recruitment.settings", DEBUG="1")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_an_empty_database_url_means_the_default_database_not_a_crash():
    assert settings_with(DATABASE_URL="")["engine"] == "django.db.backends.sqlite3"


def test_any_empty_variable_takes_its_default():
    values = settings_with(
        SITE_URL="",
        DOCUMENT_MAX_FILES_PER_REQUEST="",
        ALLOWED_HOSTS=" ",
        CELERY_BROKER_URL="",
        CELERY_TASK_ALWAYS_EAGER="",
    )
    assert values["site_url"] == "http://127.0.0.1:8000"
    assert values["files"] == 5
    assert "127.0.0.1" in values["hosts"]
    assert values["eager"] is True


def test_a_set_variable_still_wins():
    values = settings_with(SITE_URL="http://portal.example.org:8101/", DOCUMENT_MAX_FILES_PER_REQUEST="7")
    assert values["site_url"] == "http://portal.example.org:8101"
    assert values["files"] == 7


def test_r25_1_public_holidays_are_read_as_dates_from_the_environment():
    assert settings_with(PUBLIC_HOLIDAYS="2026-01-01,2026-02-17")["holidays"] == ["2026-01-01", "2026-02-17"]
    assert settings_with(PUBLIC_HOLIDAYS="")["holidays"] == []


DATABASE_PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))"
)


def database_options(**variables) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DATABASE_")}
    env.update(variables, DJANGO_SETTINGS_MODULE="recruitment.settings", DEBUG="1")
    env.setdefault("DATABASE_URL", "postgres://portal@db:5432/recruitment")
    result = subprocess.run(
        [sys.executable, "-c", DATABASE_PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_statements_are_bound_on_the_server_and_prepared_after_five_runs():
    # Issue 13: Django leaves psycopg's preparing off unless told a threshold; PostgreSQL then plans every
    # statement on every run (most of its time in an upload).
    options = database_options()
    assert options["server_side_binding"] is True and options["prepare_threshold"] == 5
    assert database_options(DATABASE_PREPARE_THRESHOLD="2")["prepare_threshold"] == 2


def test_server_side_binding_can_be_turned_off_and_pgbouncer_prepares_nothing():
    assert "server_side_binding" not in database_options(DATABASE_SERVER_SIDE_BINDING="0")
    assert database_options(DATABASE_PGBOUNCER="1", DATABASE_POOL="0")["prepare_threshold"] is None
    assert "server_side_binding" not in database_options(DATABASE_URL="sqlite:////tmp/x.sqlite3")
