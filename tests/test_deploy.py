"""The production deployment (docker-compose.yml, Dockerfile, deploy/) agrees with the code it runs.

No Docker engine is needed: the files are read as data; the commands they name are resolved the way
celery and gunicorn resolve them; gunicorn, the entry point and (when Debian's nginx is installed)
nginx run here with the same configuration, on free local ports.
"""

import datetime
import http.client
import importlib
import inspect
import json
import os
import re
import runpy
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from fnmatch import fnmatch
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
DOCKERFILE = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")  # continuation lines joined
ENV_EXAMPLE_TEXT = (ROOT / "deploy" / ".env.example").read_text()
NGINX_CONF_TEXT = (ROOT / "deploy" / "nginx.conf").read_text()
SETTINGS_TEXT = (ROOT / "recruitment" / "settings.py").read_text()
HOST = "portal.example.org"
MiB = 1024 * 1024

# Variables in deploy/.env or the compose environment that Django's settings do not read, and who does.
READ_ELSEWHERE = {
    "WEB_CONCURRENCY": ROOT / "deploy" / "gunicorn.conf.py",
    "PROMETHEUS_MULTIPROC_DIR": ROOT / "deploy" / "gunicorn.conf.py",  # and prometheus_client itself
    "POSTGRES_PASSWORD": "the postgres image (service db)",
    "AWS_ACCESS_KEY_ID": "boto3 (django-storages' S3 backend)",
    "AWS_SECRET_ACCESS_KEY": "boto3 (django-storages' S3 backend)",
}
REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
PORTAL_SERVICES = ("migrate", "web", "worker", "beat")


# --- reading the files -------------------------------------------------------------------------------


def settings_env_vars() -> set[str]:
    """Every variable recruitment/settings.py reads through django-environ (env.str("X"), env("X"), ...)."""
    return set(re.findall(r'\benv(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', SETTINGS_TEXT))


def env_example() -> tuple[dict[str, str], set[str]]:
    """deploy/.env.example: the lines that set a value, and the names of those left commented out."""
    active, commented = {}, set()
    for line in ENV_EXAMPLE_TEXT.splitlines():
        if m := re.match(r"^([A-Z][A-Z0-9_]*)=(.*)$", line):
            active[m[1]] = m[2]
        elif m := re.match(r"^#\s?([A-Z][A-Z0-9_]*)=", line):
            commented.add(m[1])
    return active, commented


def service_env(name: str) -> dict[str, str]:
    environment = SERVICES[name].get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {key: str(value) for key, value in environment.items()}


def as_words(command) -> list[str]:
    return list(command) if isinstance(command, list) else shlex.split(command)


def healthcheck_words(name: str) -> list[str]:
    test = SERVICES[name]["healthcheck"]["test"]
    if isinstance(test, str):
        return shlex.split(test)
    if test[0] == "CMD-SHELL":
        return shlex.split(test[1])
    assert test[0] == "CMD", test
    return test[1:]


def every_command() -> list[list[str]]:
    """The commands and health checks of every service, and the Dockerfile's CMD and HEALTHCHECK."""
    commands = []
    for name, service in SERVICES.items():
        if "command" in service:
            commands.append(as_words(service["command"]))
        if "test" in service.get("healthcheck", {}):
            commands.append(healthcheck_words(name))
    for line in re.findall(r"^(?:CMD|HEALTHCHECK\b.*?\sCMD)\s+(\[.*\])\s*$", DOCKERFILE, re.M):
        commands.append(yaml.safe_load(line))
    return commands


def volume_at(service: str, target: str) -> str | None:
    """The named volume `service` mounts at `target` (short syntax "name:/path[:ro]")."""
    for spec in SERVICES[service].get("volumes", []):
        source, path, *_ = spec.split(":")
        if path.rstrip("/") == target.rstrip("/") and source in COMPOSE.get("volumes", {}):
            return source
    return None


def parse_nginx(text: str) -> list:
    """nginx's configuration as nested (directive, [args], children-or-None) tuples."""
    tokens = re.findall(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*|[{};]|[^\s{};]+', text)
    root: list = []
    stack, words = [root], []
    for token in tokens:
        if token.startswith("#"):
            continue
        if token == "{":
            node = (words[0], words[1:], [])
            stack[-1].append(node)
            stack.append(node[2])
            words = []
        elif token == ";":
            stack[-1].append((words[0], words[1:], None))
            words = []
        elif token == "}":
            stack.pop()
        else:
            words.append(token.strip("\"'"))
    assert len(stack) == 1 and not words, "unbalanced braces in deploy/nginx.conf"
    return root


def directives(block: list, name: str) -> list:
    return [node for node in block if node[0] == name]


def one(block: list, name: str) -> list[str]:
    found = directives(block, name)
    assert len(found) == 1, f"expected one {name!r}, found {len(found)}"
    return found[0][1]


NGINX = parse_nginx(NGINX_CONF_TEXT)
NGINX_HTTP = directives(NGINX, "http")[0][2]


def https_server() -> list:
    servers = [
        node[2]
        for node in directives(NGINX_HTTP, "server")
        if any("ssl" in listen[1] for listen in directives(node[2], "listen"))
    ]
    assert len(servers) == 1
    return servers[0]


def location(path: str) -> list:
    found = [node[2] for node in directives(https_server(), "location") if node[1] == [path]]
    assert len(found) == 1, f"no single `location {path}` in the HTTPS server"
    return found[0]


def size_in_bytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": MiB, "g": 1024 * MiB}[unit.lower()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local_database_url(tmp_path: Path) -> str:
    """The PostgreSQL the suite uses (its always-present `postgres` database), else a throw-away SQLite."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/postgres"


def production_env(tmp_path: Path) -> dict[str, str]:
    """What the web container gets (deploy/.env.example, then compose's environment), pointed at this machine."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ}
    env["ENV_FILE"] = os.devnull  # the environment alone, not a developer's .env
    env.update(env_example()[0])
    env.update(service_env("web"))
    env.update(
        DJANGO_SETTINGS_MODULE="recruitment.settings",
        SECRET_KEY=secrets.token_urlsafe(45),  # 60 characters
        AUDIT_HMAC_KEY=secrets.token_urlsafe(45),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=local_database_url(tmp_path),
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        REDIS_URL="redis://127.0.0.1:6379/0",
        STATIC_ROOT=str(tmp_path / "static"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private-media"),
    )
    assert len(env["SECRET_KEY"]) == 60 and env["DEBUG"] == "0"
    return env


# --- docker-compose.yml -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["nginx", "web", "worker", "beat", "db", "redis"])
def test_compose_runs_the_service_with_a_health_check(name):
    healthcheck = SERVICES[name].get("healthcheck", {})
    assert healthcheck.get("test") and not healthcheck.get("disable")


def test_compose_starts_a_service_only_once_what_it_needs_is_healthy():
    for name, service in SERVICES.items():
        for needed, condition in (service.get("depends_on") or {}).items():
            assert condition["condition"] in ("service_healthy", "service_completed_successfully"), name
            if condition["condition"] == "service_healthy":
                assert SERVICES[needed]["healthcheck"]["test"], (
                    f"{name} waits for {needed}, which has no check"
                )
    assert SERVICES["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert SERVICES["nginx"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_compose_runs_postgresql_15_and_redis_7_on_named_volumes():
    assert re.fullmatch(r"postgres:15(-.+)?", SERVICES["db"]["image"])
    assert re.fullmatch(r"redis:7(-.+)?", SERVICES["redis"]["image"])
    assert volume_at("db", "/var/lib/postgresql/data")
    assert "pg_isready" in healthcheck_words("db")
    assert healthcheck_words("redis")[:2] == ["redis-cli", "ping"]


def test_compose_runs_the_portal_in_production_mode():
    for name in PORTAL_SERVICES:
        env = service_env(name)
        env_files = SERVICES[name]["env_file"]
        assert (
            SERVICES[name]["build"] == "."
            and (env_files if isinstance(env_files, list) else [env_files])[0] == "deploy/.env"
        )
        assert env["DEBUG"] == "0" and env["DEMO_MAILBOX"] == "0"
        assert env["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
        assert env["CELERY_TASK_ALWAYS_EAGER"] == "0"
        for url in (env["CELERY_BROKER_URL"], env["REDIS_URL"]):
            assert re.fullmatch(r"redis://redis:6379/\d+", url)


def test_compose_runs_gunicorn_with_the_config_file_and_celery_worker_and_beat():
    web = as_words(SERVICES["web"]["command"])
    assert web[0] == "gunicorn" and web[web.index("--config") + 1] == "deploy/gunicorn.conf.py"
    assert as_words(SERVICES["worker"]["command"])[:4] == ["celery", "-A", "recruitment", "worker"]
    assert as_words(SERVICES["beat"]["command"])[:4] == ["celery", "-A", "recruitment", "beat"]
    assert healthcheck_words("worker")[:5] == ["celery", "-A", "recruitment", "inspect", "ping"]


def test_every_celery_app_named_imports_and_is_a_celery_app():
    names = {words[words.index("-A") + 1] for words in every_command() if words[:1] == ["celery"]}
    assert names, "no `celery -A` found"
    for name in names:
        importlib.import_module(name)
        assert isinstance(find_app(name), Celery), name  # what `celery -A name` itself does


@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")  # whitenoise: no collectstatic here
def test_every_gunicorn_target_imports_as_a_wsgi_callable():
    targets = [words[-1] for words in every_command() if words[:1] == ["gunicorn"]]
    assert len(targets) == 2, "gunicorn in compose's web and in the Dockerfile's CMD"
    for target in targets:
        module_name, _, attribute = target.partition(":")
        application = getattr(importlib.import_module(module_name), attribute)
        assert callable(application)
        assert len(inspect.signature(application).parameters) == 2  # (environ, start_response)


def test_every_file_the_containers_run_is_in_the_image():
    ignored = [
        line
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    paths = {"deploy/gunicorn.conf.py", "manage.py"}
    for words in every_command() + [
        yaml.safe_load(m) for m in re.findall(r"^ENTRYPOINT (\[.*\])", DOCKERFILE, re.M)
    ]:
        paths |= {word.removeprefix("/app/") for word in words if word.startswith("/app/")}
    assert "deploy/entrypoint.sh" in paths and "deploy/healthcheck.py" in paths
    for path in paths:
        assert (ROOT / path).is_file(), path
        parts = Path(path).parts
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        for pattern in ignored:
            # "**/x" ignores x in any folder; any other pattern is matched from the context's root.
            candidates = parts if pattern.startswith("**/") else prefixes
            assert not any(fnmatch(c, pattern.removeprefix("**/")) for c in candidates), f"{path}: {pattern}"


# --- environment variables ----------------------------------------------------------------------------


def test_env_example_lists_every_variable_the_settings_read():
    active, commented = env_example()
    missing = settings_env_vars() - set(active) - commented
    assert not missing, f"add to deploy/.env.example: {sorted(missing)}"


def test_every_variable_given_to_the_portal_is_read_by_the_settings_or_named_consumer():
    active, commented = env_example()
    given = set(active) | commented
    for name in PORTAL_SERVICES:
        given |= set(service_env(name))
    read = settings_env_vars()
    for variable in sorted(given - read):
        assert variable in READ_ELSEWHERE, f"{variable} is given to the portal but nothing reads it"
        consumer = READ_ELSEWHERE[variable]
        if isinstance(consumer, Path):
            assert variable in consumer.read_text(), f"{consumer} does not read {variable}"


def test_the_required_variables_are_set_in_env_example_and_read_by_the_settings():
    active, _ = env_example()
    for variable in REQUIRED:
        assert variable in settings_env_vars()
        assert active.get(variable), f"deploy/.env.example must set {variable}"


def example(name: str) -> dict[str, str]:
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", (ROOT / "deploy" / name).read_text(), re.M))


def database_url(url: str) -> tuple[str, ...]:
    return re.fullmatch(r"postgres(?:ql)?://([^:@]+):([^@]+)@([^:/]+):(\d+)/(\w+)", url).groups()


def test_the_portal_connects_as_the_app_role_and_only_the_release_step_as_the_owner():
    db = service_env("db")
    passwords = example("db.env.example")
    assert SERVICES["db"]["env_file"] == "deploy/db.env" and db["POSTGRES_USER"] == "postgres"
    user, password, host, port, database = database_url(env_example()[0]["DATABASE_URL"])
    assert (user, password, database) == (db["DB_APP_USER"], passwords["DB_APP_PASSWORD"], db["POSTGRES_DB"])
    assert host == "db" and port == "5432"
    user, password, host, port, database = database_url(example("migrate.env.example")["DATABASE_URL"])
    assert (user, password, database) == (
        db["DB_OWNER_USER"],
        passwords["DB_OWNER_PASSWORD"],
        db["POSTGRES_DB"],
    )
    assert SERVICES["migrate"]["env_file"] == ["deploy/.env", "deploy/migrate.env"]  # the later file wins
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["env_file"] == "deploy/.env"
    assert "./deploy/postgres:/docker-entrypoint-initdb.d:ro" in SERVICES["db"]["volumes"]
    assert (ROOT / "deploy" / "postgres" / "10-roles.sh").is_file()


needs_local_postgres = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" or not shutil.which("psql"),
    reason="needs the local PostgreSQL and psql",
)


@needs_local_postgres
def test_the_app_role_cannot_disable_the_audit_trigger_truncate_or_delete_the_log(tmp_path):
    """deploy/postgres/10-roles.sh on a scratch database, the audit app migrated as the owner (as the release step
    does), then the app role (as web and worker connect) tries what an attacker in the app would."""
    import psycopg

    db = settings.DATABASES["default"]
    host, port, superuser = db["HOST"] or "127.0.0.1", str(db["PORT"] or 5432), db["USER"]
    tag = secrets.token_hex(4)
    database, owner, app = f"roles_{tag}", f"owner_{tag}", f"app_{tag}"
    admin_url = f"postgresql://{superuser}@{host}:{port}/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    try:
        env = {
            "PATH": os.environ["PATH"],
            "PGHOST": host,
            "PGPORT": port,
            "POSTGRES_USER": superuser,
            "POSTGRES_DB": database,
            "DB_OWNER_USER": owner,
            "DB_APP_USER": app,
            "DB_OWNER_PASSWORD": "owner-pw",
            "DB_APP_PASSWORD": "app-pw",
        }
        result = subprocess.run(
            ["sh", str(ROOT / "deploy" / "postgres" / "10-roles.sh")],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        migrate = production_env(tmp_path) | {
            "DATABASE_URL": f"postgres://{owner}:owner-pw@{host}:{port}/{database}",
            "DATABASE_POOL": "0",
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "migrate", "audit", "--noinput"],
            cwd=ROOT,
            env=migrate,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        with psycopg.connect(f"postgresql://{app}:app-pw@{host}:{port}/{database}", autocommit=True) as conn:
            conn.execute("SELECT count(*) FROM audit_event")  # it reads the log...
            conn.execute(
                "INSERT INTO auth_group (name) VALUES ('x')"
            )  # ...and writes the rows of other tables
            conn.execute("DELETE FROM auth_group WHERE name = 'x'")
            for attack in (
                "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only",
                "ALTER TABLE audit_event DISABLE TRIGGER ALL",
                "TRUNCATE audit_event",
                "TRUNCATE audit_checkpoint",
                "DELETE FROM audit_event",
                "UPDATE audit_event SET action = 'x'",
                "DELETE FROM audit_checkpoint",
                "DROP TABLE audit_event",
                "DROP TRIGGER audit_event_append_only ON audit_event",
                "TRUNCATE auth_group",
                "CREATE TABLE shadow (id int)",
                "SET session_replication_role = replica",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(attack)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{app}"')
            conn.execute(f'DROP ROLE IF EXISTS "{owner}"')


# --- DEBUG and the demo mailbox: production unless DEBUG is explicitly on --------------------------------------

SETTINGS_PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'mailbox': s.DEMO_MAILBOX, 'ssl': s.SECURE_SSL_REDIRECT}))"
)


def probe_settings(**variables) -> dict:
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env["ENV_FILE"] = os.devnull  # the environment alone, not a developer's .env
    env.update(
        DJANGO_SETTINGS_MODULE="recruitment.settings",
        SECRET_KEY=secrets.token_urlsafe(45),
        DATABASE_URL="sqlite:///:memory:",
        **variables,
    )
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_debug_in_the_environment_the_settings_are_productions():
    assert probe_settings() == {"debug": False, "mailbox": False, "ssl": True}
    assert re.search(r"^ENV DEBUG=0\b", DOCKERFILE, re.M), "the image says DEBUG=0 itself"


def test_the_demo_mailbox_needs_debug_and_its_own_switch():
    assert probe_settings(DEMO_MAILBOX="1")["mailbox"] is False  # never in production
    assert probe_settings(DEBUG="1")["mailbox"] is False
    assert probe_settings(DEBUG="1", DEMO_MAILBOX="1")["mailbox"] is True


# --- the entry point (release step) ---------------------------------------------------------------------


@pytest.fixture
def recorded_python(tmp_path):
    """A `python` first on PATH that records its arguments instead of running Django."""
    log = tmp_path / "python.log"
    stub = tmp_path / "bin" / "python"
    stub.parent.mkdir()
    stub.write_text(f'#!/bin/sh\necho "$*" >> {log}\n')
    stub.chmod(0o755)
    env = {
        "PATH": f"{stub.parent}:/usr/bin:/bin",
        "SECRET_KEY": "x" * 60,
        "ENV_FILE": os.devnull,
        "DATABASE_URL": "postgres://recruitment:s3cret@db:5432/recruitment",
    }
    return env, log


def run_entrypoint(*args, env):
    return subprocess.run(
        ["sh", str(ROOT / "deploy" / "entrypoint.sh"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=10,
        cwd=ROOT,
    )


def test_the_release_step_migrates_creates_the_cache_table_then_collects_static(recorded_python):
    env, log = recorded_python
    assert as_words(SERVICES["migrate"]["command"]) == ["release"]
    assert run_entrypoint("release", env=env).returncode == 0
    assert log.read_text().splitlines() == [
        "manage.py migrate --noinput",
        "manage.py createcachetable",
        "manage.py collectstatic --noinput",
    ]


def test_the_release_step_refuses_the_examples_placeholders(recorded_python):
    env, log = recorded_python
    active, _ = env_example()
    result = run_entrypoint("release", env=env | {"SECRET_KEY": active["SECRET_KEY"]})
    assert result.returncode == 1 and "change-me" in result.stderr
    assert not log.exists()


def test_the_entry_point_runs_any_other_command_as_given(recorded_python):
    env, log = recorded_python
    assert run_entrypoint("echo", "serving", env=env).stdout == "serving\n"


# --- Dockerfile -------------------------------------------------------------------------------------------


def test_the_image_installs_the_debian_packages_the_portal_needs():
    wanted = re.search(r"^want=\((.*)\)$", (ROOT / "scripts" / "system-deps.sh").read_text(), re.M)[1].split()
    assert re.search(r"^FROM python:3\.11-slim-bookworm$", DOCKERFILE, re.M)
    install = re.search(r"apt-get install[^&]*", DOCKERFILE)[0].split()
    assert set(wanted) <= set(install), set(wanted) - set(install)


def test_the_image_runs_as_a_non_root_user_on_gunicorns_port():
    users = re.findall(r"^USER (\S+)$", DOCKERFILE, re.M)
    assert users and users[-1] not in ("root", "0")
    port = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["bind"].rsplit(":", 1)[1]
    assert re.search(rf"^EXPOSE {port}$", DOCKERFILE, re.M)
    assert port in SERVICES["web"]["expose"]
    assert re.search(r"^HEALTHCHECK ", DOCKERFILE, re.M)
    for step in ("compilemessages", "collectstatic --noinput", "pip install ."):
        assert step in DOCKERFILE


def gunicorn_conf(monkeypatch, **environment) -> dict:
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))


def test_gunicorn_starts_two_sync_workers_per_usable_cpu_and_one_more_unless_told(monkeypatch):
    conf = gunicorn_conf(monkeypatch)
    assert conf["worker_class"] == "sync"
    assert conf["workers"] == conf["default_workers"](conf["usable_cpus"]())
    assert [conf["default_workers"](cpus) for cpus in (1, 2, 4, 5, 6, 32)] == [3, 5, 9, 11, 12, 12]
    assert gunicorn_conf(monkeypatch, WEB_CONCURRENCY="7")["workers"] == 7


@pytest.mark.parametrize(
    "cpu_max, usable",
    [
        ("max 100000", None),  # no quota: the CPUs it may run on
        ("150000 100000", 2),  # 1.5 CPUs of time: two workers' CPUs, rounded up
        ("50000 100000", 1),
        ("garbled", None),
    ],
)
def test_a_containers_cpu_quota_bounds_the_usable_cpus(monkeypatch, tmp_path, cpu_max, usable):
    usable_cpus = gunicorn_conf(monkeypatch)["usable_cpus"]
    quota_file = tmp_path / "cpu.max"
    quota_file.write_text(cpu_max + "\n")
    affinity = len(os.sched_getaffinity(0))
    assert usable_cpus(quota_file) == min(affinity, usable or affinity)
    assert usable_cpus(tmp_path / "missing") == affinity  # cgroup v1, or no cgroup file system


# --- gunicorn and the web health check, for real -----------------------------------------------------------


@pytest.fixture
def gunicorn_server(tmp_path):
    port = free_port()
    env = production_env(tmp_path) | {"WEB_CONCURRENCY": "1"}
    words = as_words(SERVICES["web"]["command"])
    process = subprocess.Popen(
        [sys.executable, "-m", *words, "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )
    yield port, env
    process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
    process.wait(timeout=30)


def healthcheck(*args, env):
    return subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "healthcheck.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_the_web_health_check_passes_against_gunicorn_in_production_mode(gunicorn_server):
    port, env = gunicorn_server
    url = f"http://127.0.0.1:{port}/healthz"
    deadline = time.monotonic() + 30
    while (result := healthcheck(url, env=env)).returncode != 0 and time.monotonic() < deadline:
        time.sleep(0.2)  # gunicorn is still starting
    assert result.returncode == 0, result.stderr
    assert '"database": "ok"' in result.stdout
    # Why the check sends ALLOWED_HOSTS' name: Django refuses its own address, and sends plain HTTP to HTTPS.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/healthz")
    assert connection.getresponse().status == 400
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/", headers={"Host": HOST})
    response = connection.getresponse()
    assert (response.status, response.getheader("Location")) == (301, f"https://{HOST}/")


def test_the_web_health_check_fails_when_nothing_answers(tmp_path):
    result = healthcheck(f"http://127.0.0.1:{free_port()}/healthz", env=production_env(tmp_path))
    assert result.returncode == 1 and "unhealthy" in result.stderr


def test_the_beat_health_check_says_whether_the_broker_answers(tmp_path):
    env = production_env(tmp_path)
    assert healthcheck("--broker", env=env | {"CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}).returncode == 1
    try:
        import redis

        redis.Redis.from_url(env["CELERY_BROKER_URL"], socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        pytest.skip("no local Redis")
    assert healthcheck("--broker", env=env).returncode == 0


def test_check_deploy_finds_nothing_to_warn_about_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout


# --- nginx: the configuration read as data ---------------------------------------------------------------


def test_nginx_proxies_to_the_web_service_on_gunicorns_port():
    targets = [args[1] for name, args, _ in location("/") if name == "set" and args[0] == "$portal_web"]
    assert one(location("/"), "proxy_pass") == ["$portal_web"]
    host, port = re.fullmatch(r"http://([\w-]+):(\d+)", targets[0]).groups()
    assert host == "web" and host in SERVICES
    assert runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["bind"].endswith(f":{port}")


def test_nginx_buffers_slow_clients_and_takes_an_applications_documents():
    assert one(NGINX_HTTP, "proxy_request_buffering") == ["on"]
    assert one(NGINX_HTTP, "proxy_buffering") == ["on"]
    limit = size_in_bytes(one(NGINX_HTTP, "client_max_body_size")[0])
    assert limit > getattr(settings, "APPLICATION_MAX_BYTES", 50 * MiB) >= 50 * MiB
    headers = {args[0]: args[1] for name, args, _ in location("/") if name == "proxy_set_header"}
    assert headers["X-Forwarded-Proto"] == "$scheme"  # SECURE_PROXY_SSL_HEADER
    assert headers["X-Forwarded-For"] == "$proxy_add_x_forwarded_for"  # ALLAUTH_TRUSTED_PROXY_COUNT=1
    assert service_env("web")["ALLAUTH_TRUSTED_PROXY_COUNT"] == "1"


def test_nginx_serves_static_files_from_the_volume_the_release_step_collects_into():
    static_root = service_env("web")["STATIC_ROOT"]
    assert location(settings.STATIC_URL) and one(location(settings.STATIC_URL), "alias") == [
        static_root + "/"
    ]
    volume = volume_at("nginx", static_root)
    assert volume and volume == volume_at("migrate", service_env("migrate")["STATIC_ROOT"])
    assert volume == volume_at("web", static_root)


def test_nginx_serves_documents_only_through_the_internal_location_django_redirects_to():
    prefix = service_env("web")["DOCUMENTS_X_ACCEL_PREFIX"]
    documents = service_env("web")["PRIVATE_MEDIA_ROOT"]
    protected = location(prefix)
    assert one(protected, "internal") == []
    assert one(protected, "alias") == [documents + "/"]
    volume = volume_at("nginx", documents)
    assert volume and all(
        volume_at(name, service_env(name)["PRIVATE_MEDIA_ROOT"]) == volume for name in ("web", "worker")
    )


# --- nginx itself (Debian's nginx; scripts/system-deps.sh --browser installs it) -------------------------

NGINX_BIN = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)
needs_nginx = pytest.mark.skipif(
    NGINX_BIN is None,
    reason="nginx is not installed (apt-get install nginx, or bash scripts/system-deps.sh --browser)",
)


def self_signed_certificate(directory: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (directory / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )


def replaced(text: str, old: str, new: str) -> str:
    assert old in text, f"deploy/nginx.conf no longer contains {old!r}: update this test"
    return text.replace(old, new)


def nginx_conf_here(tmp_path: Path, **ports) -> Path:
    """deploy/nginx.conf with what only exists in the containers (certificates, nginx's cache
    directory, and with `ports`, the addresses) moved to this machine."""
    self_signed_certificate(tmp_path / "certs")
    text = replaced(NGINX_CONF_TEXT, "/etc/nginx/certs/", f"{tmp_path}/certs/")
    text = replaced(text, "/var/cache/nginx/", f"{tmp_path}/cache-")
    if ports:
        text = replaced(text, "http://web:8000", f"http://127.0.0.1:{ports['upstream']}")
        text = replaced(text, "listen 80 ", f"listen 127.0.0.1:{ports['http']} ")
        text = replaced(text, "listen 443 ssl ", f"listen 127.0.0.1:{ports['https']} ssl ")
        text = replaced(text, f"alias {service_env('web')['STATIC_ROOT']}/", f"alias {tmp_path}/static/")
        text = replaced(
            text, f"alias {service_env('web')['PRIVATE_MEDIA_ROOT']}/", f"alias {tmp_path}/private/"
        )
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    return conf


def nginx_globals(tmp_path: Path) -> str:
    # As root, nginx would hand its workers to "nobody", who cannot read pytest's private tmp_path.
    return f"pid {tmp_path}/nginx.pid;" + (" user root;" if os.geteuid() == 0 else "")


@needs_nginx
def test_nginx_accepts_the_configuration(tmp_path):
    conf = nginx_conf_here(tmp_path)
    result = subprocess.run(
        [NGINX_BIN, "-t", "-e", "stderr", "-c", str(conf), "-g", nginx_globals(tmp_path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


class FakeDjango(BaseHTTPRequestHandler):
    """Stands in for gunicorn: records what reaches it; /documents/1 answers as the documents view does."""

    requests: list
    started: threading.Event

    def do_GET(self):
        self.started.set()
        self.requests.append((self.command, self.path, dict(self.headers), 0))
        self.send_response(200)
        if self.path == "/documents/1":
            self.send_header("X-Accel-Redirect", "/protected/documents/2025/11/abc.pdf")
            self.send_header("Content-Disposition", 'attachment; filename="diploma.pdf"')
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def do_POST(self):
        self.started.set()
        length = int(self.headers["Content-Length"])
        received = 0
        while received < length:
            received += len(self.rfile.read(min(MiB, length - received)))
        self.requests.append((self.command, self.path, dict(self.headers), received))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx_in_front(tmp_path):
    ports = {"upstream": free_port(), "http": free_port(), "https": free_port()}
    handler = type("Handler", (FakeDjango,), {"requests": [], "started": threading.Event()})
    upstream = ThreadingHTTPServer(("127.0.0.1", ports["upstream"]), handler)
    threading.Thread(target=upstream.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "css" / "portal.css").write_text("body{}")
    (tmp_path / "private" / "documents" / "2025" / "11").mkdir(parents=True)
    (tmp_path / "private" / "documents" / "2025" / "11" / "abc.pdf").write_bytes(b"%PDF-1.7 diploma")
    conf = nginx_conf_here(tmp_path, **ports)
    process = subprocess.Popen(
        [NGINX_BIN, "-e", "stderr", "-c", str(conf), "-g", f"daemon off; {nginx_globals(tmp_path)}"],
        stdout=(tmp_path / "nginx.out").open("w"),
        stderr=(tmp_path / "nginx.err").open("w"),
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", ports["https"]), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, (tmp_path / "nginx.err").read_text()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.05)
    yield ports, handler
    process.terminate()
    process.wait(timeout=10)
    upstream.shutdown()


def https(ports, method, path, body=None, headers=None):
    connection = http.client.HTTPSConnection(
        "127.0.0.1", ports["https"], timeout=30, context=ssl._create_unverified_context()
    )
    connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
    response = connection.getresponse()
    return response, response.read()


@needs_nginx
def test_nginx_answers_its_health_check_and_sends_plain_http_to_https(nginx_in_front):
    ports, _ = nginx_in_front
    url = re.search(r"http://127\.0\.0\.1(/\S+)", " ".join(healthcheck_words("nginx")))[1]
    connection = http.client.HTTPConnection("127.0.0.1", ports["http"], timeout=10)
    connection.request("GET", url)
    assert connection.getresponse().status == 200
    connection = http.client.HTTPConnection("127.0.0.1", ports["http"], timeout=10)
    connection.request("GET", "/en/?q=1", headers={"Host": HOST})
    response = connection.getresponse()
    assert (response.status, response.getheader("Location")) == (301, f"https://{HOST}/en/?q=1")


@needs_nginx
def test_nginx_serves_static_files_itself(nginx_in_front):
    ports, handler = nginx_in_front
    response, body = https(ports, "GET", "/static/css/portal.css")
    assert (response.status, body) == (200, b"body{}")
    assert handler.requests == []


@needs_nginx
def test_nginx_hands_a_document_over_only_when_django_redirects_to_it(nginx_in_front):
    ports, handler = nginx_in_front
    response, _ = https(ports, "GET", "/protected/documents/2025/11/abc.pdf")
    assert response.status == 404 and handler.requests == []
    response, body = https(ports, "GET", "/documents/1")
    assert (response.status, body) == (200, b"%PDF-1.7 diploma")
    assert response.getheader("Content-Type") == "application/pdf"
    assert response.getheader("Content-Disposition") == 'attachment; filename="diploma.pdf"'
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("X-Accel-Redirect") is None


@needs_nginx
def test_nginx_tells_django_the_scheme_and_the_clients_address(nginx_in_front):
    ports, handler = nginx_in_front
    https(ports, "GET", "/en/", headers={"X-Forwarded-For": "203.0.113.9"})
    _, path, headers, _ = handler.requests[0]
    assert path == "/en/" and headers["Host"] == HOST and headers["X-Forwarded-Proto"] == "https"
    # A client may send any X-Forwarded-For; the last address is the one nginx saw, which Django trusts.
    assert headers["X-Forwarded-For"] == "203.0.113.9, 127.0.0.1"


@needs_nginx
def test_nginx_passes_an_applications_50_mb_of_documents_and_refuses_more(nginx_in_front):
    ports, handler = nginx_in_front
    response, _ = https(
        ports, "POST", "/apply", body=b"x" * 50 * MiB, headers={"Content-Type": "application/octet-stream"}
    )
    assert response.status == 200 and handler.requests[-1][3] == 50 * MiB
    connection = http.client.HTTPSConnection(
        "127.0.0.1", ports["https"], timeout=30, context=ssl._create_unverified_context()
    )
    connection.putrequest("POST", "/apply", skip_host=True)
    connection.putheader("Host", HOST)
    connection.putheader("Content-Length", str(200 * MiB))  # refused on the header alone
    connection.endheaders()
    assert connection.getresponse().status == 413
    assert len(handler.requests) == 1


@needs_nginx
def test_nginx_reads_a_slow_clients_whole_request_before_django_sees_it(nginx_in_front):
    ports, handler = nginx_in_front
    context = ssl._create_unverified_context()
    with context.wrap_socket(
        socket.create_connection(("127.0.0.1", ports["https"])), server_hostname=HOST
    ) as sock:
        body = b"y" * (3 * MiB)
        sock.sendall(
            f"POST /apply HTTP/1.1\r\nHost: {HOST}\r\nContent-Length: {len(body)}\r\n"
            f"Connection: close\r\n\r\n".encode()
            + body[: 2 * MiB]
        )
        # Two thirds sent: with request buffering, no gunicorn worker is taken yet.
        assert not handler.started.wait(0.3)
        sock.sendall(body[2 * MiB :])
        assert sock.recv(100).startswith(b"HTTP/1.1 200")
    assert handler.requests[-1][3] == len(body)
