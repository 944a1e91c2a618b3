"""`make run` runs the demo's scheduled work: a real Celery worker with its beat beside the server, on kombu's
filesystem broker. Started here as `make run` starts it (its environment, migrate, load_demo, scripts/run-demo.sh)
on SQLite in a temporary folder; the extension stage's deadline passes 20 s after the load and the beat extends the
position by itself (R-12.2: one position, one application); Ctrl-C then stops the server, the worker and the beat."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def position_state(db: Path, code: str):
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT closing_state, extended_until FROM vacancies_position WHERE code = ?", [code]
        ).fetchone()
    return row


def test_the_demo_s_worker_and_beat_extend_a_position_by_themselves_and_ctrl_c_stops_everything(tmp_path):
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "DATABASE_", "DJANGO_", "PYTEST_", "SITE_"))
    }
    env.update(
        {
            # What `make run` exports (Makefile: DEBUG, DEMO_MAILBOX, SITE_URL, CELERY_BROKER_URL) ...
            "DEBUG": "1",
            "DEMO_MAILBOX": "1",
            "CELERY_BROKER_URL": "filesystem://",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            # ... on a database and a broker folder of the test's own, with a short beat and a deadline 20 s away.
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "CELERY_FILESYSTEM_FOLDER": str(tmp_path / "broker"),
            "POSITION_CLOSING_SWEEP_SECONDS": "3",
            "OUTBOX_SWEEP_SECONDS": "5",
            "DEMO_DEADLINE_SECONDS": "20",
        }
    )
    python = (
        str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv/bin/python").exists() else sys.executable
    )
    for command in (["migrate", "--noinput"], ["createcachetable"], ["load_demo"]):  # the Makefile's `demo`
        subprocess.run(
            [python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120
        )
    db = tmp_path / "db.sqlite3"
    state, extended_until = position_state(db, "KQZ 14/2026-1")
    assert (state, extended_until) == ("open", None)

    demo = subprocess.Popen(
        ["bash", "scripts/run-demo.sh"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        # A terminal's Ctrl-C reaches a script that has SIGINT at its default; a suite started in the background
        # (`.ci/run &`) would hand down SIGINT ignored, and bash cannot trap a signal ignored when it starts.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 150  # generous: a loaded 2-core CI machine starts Celery slowly
        while time.monotonic() < deadline and position_state(db, "KQZ 14/2026-1")[0] == "open":
            time.sleep(1)
        state, extended_until = position_state(db, "KQZ 14/2026-1")
        assert state == "extended" and extended_until, "the beat did not extend the demo position"
        # The notices of the extension reach the demo mailbox through the worker, linking to the address served
        # (run-demo.sh sets SITE_URL from HOST and PORT).
        for _ in range(30):
            with sqlite3.connect(db) as conn:
                mails = conn.execute(
                    "SELECT COUNT(*) FROM notifications_storedemail WHERE subject LIKE '%R-12.2%'"
                    " AND body LIKE ?",
                    [f"%http://127.0.0.1:{port}/%"],
                ).fetchone()[0]
            if mails:
                break
            time.sleep(1)
        assert mails >= 1
    finally:
        os.killpg(demo.pid, signal.SIGINT)  # Ctrl-C in the terminal: the whole foreground group
        # communicate, not wait then read: a process of the group still holding the output (a server that
        # outlived the script) would block a read for ever and hang the suite instead of failing it.
        output = ""
        try:
            output = demo.communicate(timeout=45)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            os.killpg(demo.pid, signal.SIGKILL)
            output = demo.communicate(timeout=15)[0].decode(errors="replace")
            pytest.fail(f"the demo did not stop within 45 s of Ctrl-C:\n{output[-2000:]}")
        finally:
            print(output[-6000:])  # the demo's own lines, shown by pytest when the test fails
    # The worker's warm shutdown may outlive the script by a few seconds on a loaded machine; none may stay.
    for _ in range(30):
        leftover = subprocess.run(
            ["pgrep", "-g", str(demo.pid)], capture_output=True, text=True
        ).stdout.split()
        if not leftover:
            break
        time.sleep(1)
    assert not leftover, f"still running after Ctrl-C: {leftover}\n{output[-2000:]}"
