#!/usr/bin/env bash
# The demo as production runs it (`make run`): a Celery worker with its beat beside the web server, on kombu's
# filesystem broker (.demo-broker/, no server to install), so deadlines close and extend by themselves (R-12.2),
# reminders go out and the outbox is swept. Ctrl-C stops the server, and the trap stops the worker and its beat.
#
#   HOST=127.0.0.1 PORT=8000 scripts/run-demo.sh
set -uo pipefail
cd "$(dirname "$0")/.."
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
export DEBUG="${DEBUG:-1}"
export SITE_URL="${SITE_URL:-http://$HOST:$PORT}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-filesystem://}"
export CELERY_TASK_ALWAYS_EAGER="${CELERY_TASK_ALWAYS_EAGER:-0}"
# runserver takes each request on arrival (a thread each): the beat closes a position 5 s after its deadline,
# not the 60 s a production queue may need (REQUEST_START_MAX_AGE, recruitment/middleware_ops.py).
export REQUEST_START_MAX_AGE="${REQUEST_START_MAX_AGE:-5}"
BEAT_DIR="${CELERY_FILESYSTEM_FOLDER:-.demo-broker}"
mkdir -p "$BEAT_DIR"

# -P solo: one task at a time in the worker's own process (SQLite, two cores); no mingle/gossip (they need a
# broadcast the filesystem transport has no use for).
.venv/bin/celery -A recruitment worker -B -P solo --without-mingle --without-gossip \
    -s "$BEAT_DIR/beat-schedule" --loglevel "${CELERY_LOG_LEVEL:-WARNING}" &
WORKER=$!
stop() {
    trap - EXIT INT TERM
    # Everything this script started, named before any of it stops (a child whose parent dies is no longer
    # found by its parent): the server and the autoreloader's child that serves, the worker and its embedded
    # beat (a child process of the worker).
    local pids="${SERVER:-} $WORKER $(pgrep -P "${SERVER:-0}" 2>/dev/null) $(pgrep -P "$WORKER" 2>/dev/null)"
    # Each is asked to stop (the worker's warm shutdown finishes the task in hand); after 20 s of grace
    # whatever is left is killed (the tasks are idempotent; the sweeps redo the rest), so a Ctrl-C always ends
    # the demo, even with a task or the beat stuck.
    kill -TERM $pids 2>/dev/null
    for _ in $(seq 1 40); do
        local alive=""
        for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ -z "$alive" ] && break
        sleep 0.5
    done
    kill -KILL $pids 2>/dev/null
    wait 2>/dev/null
    exit 0
}
trap stop EXIT INT TERM

echo "Serving the portal at $SITE_URL  (Ctrl-C stops the server, the worker and its beat)"
.venv/bin/python manage.py runserver "$HOST:$PORT" ${RUNSERVER_OPTIONS:-} &
SERVER=$!
wait "$SERVER"
