#!/usr/bin/env bash
# Runs the whole suite. Uses PostgreSQL whenever one is reachable (DATABASE_URL, or the local
# server on 127.0.0.1:5432), and says which database it uses in its first lines.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if [ -z "${DATABASE_URL:-}" ]; then
  if $PY - <<'PYEOF' 2>/dev/null
import psycopg
psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2).close()
PYEOF
  then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/recruitment"
  fi
fi
case "${DATABASE_URL:-}" in
  postgres*) echo "Test database: PostgreSQL (${DATABASE_URL%%\?*})";;
  *) echo "Test database: SQLite (no PostgreSQL reachable; set DATABASE_URL to use one)";;
esac
if [ -n "${CELERY_BROKER_URL:-}" ]; then echo "Celery broker: ${CELERY_BROKER_URL}"; else echo "Celery broker: none (eager); broker tests use redis://127.0.0.1:6379 if it answers"; fi
export DJANGO_SETTINGS_MODULE=recruitment.settings
# The settings default to production (DEBUG off: HTTPS redirects, a required SECRET_KEY); the suite runs the
# demo's settings, and tests/test_deploy.py starts production processes with DEBUG=0 itself.
export DEBUG="${DEBUG:-1}"
# Tasks run in-process unless a test starts a real worker (those set it themselves).
export CELERY_TASK_ALWAYS_EAGER="${CELERY_TASK_ALWAYS_EAGER:-1}"
# The static checks first (issue 12): the apps' layers (.importlinter), the lint, the types of the rules,
# selectors and services (mypy), and no model change without its migration. Each runs even when an earlier
# one fails, so one run names every failure; any failure stops the run before the suite.
failed=()
.venv/bin/lint-imports || failed+=("lint-imports (the apps' layers, .importlinter)")
.venv/bin/ruff check . || failed+=("ruff check .")
.venv/bin/ruff format --check . || failed+=("ruff format --check . (run .venv/bin/ruff format .)")
.venv/bin/mypy || failed+=("mypy (the rules, selectors and services listed in pyproject.toml [tool.mypy])")
$PY manage.py makemigrations --check --dry-run || failed+=("manage.py makemigrations --check (a model change without its migration)")
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED check: %s\n' "${failed[@]}" >&2
  exit 1
fi
# --create-db: a clean test database every run (the suite must not depend on a leftover one).
exec $PY -m pytest --create-db "$@"
