#!/usr/bin/env python
"""The deadline spike's requests counted in one process (issue 13): CPU per request of the bare upload, the
portal's upload and its submit, with no network, no client and no other request in the way.

    .venv/bin/python bench/spike_cpu.py                   # process CPU time per request (median)
    .venv/bin/python bench/spike_cpu.py --callgrind       # ...and instructions per request (valgrind)
    .venv/bin/python bench/spike_cpu.py --profile upload  # cProfile of N uploads, the top functions

The requests are those of ``bench/apply_spike.py`` (same settings shim, same seed, same 1 MiB PDF, same
multipart body, cookies and CSRF header), handed to Django's ``WSGIHandler`` as gunicorn hands them (DEBUG=0,
the psycopg pool on), so only the web process's work is counted: parsing the body, the middleware, the view,
the SQL round trips' client side. The bare view is the benchmark's baseline (``/bench/bare-upload/``: stores
the upload, no checks, no row). With ``--callgrind`` each kind runs in its own process under valgrind with
instrumentation switched on only around ``--requests`` requests after the warm-up (a count that other
processes on the machine do not disturb); the targets of issue 13 then read, on the web side alone:
upload ≤ 1/0.6 = 1.67 × bare, upload + submit ≤ 4 × bare.

A fresh database (``--database``, dropped afterwards unless ``--keep``) and a temporary private storage.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import apply_spike  # noqa: E402  (bench/ is on sys.path)

KINDS = ("bare", "upload", "submit")
# --floor: apply_spike.py's hand-written upload (FLOOR_SQL) measured too, on drafts of its own.
FLOOR = "floor"


def environment(database: str, work: Path) -> dict:
    # The broker of apply_spike.py (a spare Redis database, emptied afterwards): the receipt's delivery is
    # published after the submit's commit, as in production.
    broker = os.environ.get("SPIKE_BROKER", "redis://127.0.0.1:6379/12")
    args = argparse.Namespace(database=database, broker=broker, workers=1)
    env = apply_spike.server_env(args, work)
    env["CELERY_TASK_ALWAYS_EAGER"] = "0"
    return env


def prepare(database: str, work: Path, *, drafts: int) -> dict:
    """The database, one applicant with ``drafts`` drafts, the PDF; written to work/plan.json."""
    (work / "bench_apply_settings.py").write_text(apply_spike.SETTINGS_SHIM)
    (work / "bench_apply_urls.py").write_text(apply_spike.URLS_SHIM)
    env = environment(database, work)
    apply_spike.recreate_database(database)
    apply_spike.manage(env, "migrate", "--noinput")
    apply_spike.manage(env, "createcachetable")
    apply_spike.manage(env, "collectstatic", "--noinput")
    seed_args = argparse.Namespace(
        clients=1, positions=0, upload_positions=2 * len(OFFSETS), serial_positions=drafts
    )
    _setup(env, work)
    data = apply_spike.seed(seed_args)
    client = data["clients"][0]
    pdf = apply_spike.one_mb_pdf()
    (work / "cv.pdf").write_bytes(pdf)
    plan = {"session": client["session"], "csrf": client["csrf"], "upload": client["upload"]}
    plan["serial"] = client["serial"]
    (work / "plan.json").write_text(json.dumps(plan))
    return plan


def _setup(env: dict, work: Path) -> None:
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path[:0] = [str(work), str(ROOT)]
    import django

    django.setup()


# --- Requests as gunicorn hands them ----------------------------------------------------------------------


class Requests:
    def __init__(self, work: Path):
        import logging

        from django.core.handlers.wsgi import WSGIHandler

        logging.disable(logging.WARNING)
        self.plan = json.loads((work / "plan.json").read_text())
        self.pdf = (work / "cv.pdf").read_bytes()
        self.handler = WSGIHandler()
        self.cookie = f"sessionid={self.plan['session']}; csrftoken={self.plan['csrf']}"

    def post(self, path: str, fields: dict, with_file: bool) -> tuple[int, dict]:
        boundary = uuid.uuid4().hex
        body = "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in fields.items()
        ).encode()
        if with_file:
            body += (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="cv.pdf"\r\n'
                    "Content-Type: application/pdf\r\n\r\n"
                ).encode()
                + self.pdf
                + b"\r\n"
            )
        body += f"--{boundary}--\r\n".encode()
        environ = {
            "REQUEST_METHOD": "POST",
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": self.cookie,
            "HTTP_X_CSRFTOKEN": self.plan["csrf"],
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        headers: dict = {}

        def start_response(status, response_headers, exc_info=None):
            headers.update(response_headers)
            headers["status"] = int(status.split()[0])

        result = self.handler(environ, start_response)
        b"".join(result)
        if hasattr(result, "close"):
            result.close()
        return headers["status"], headers

    def bare(self, _target=None):
        status, _ = self.post("/bench/bare-upload/", {}, True)
        assert status == 201, status

    def floor(self, target):
        app_id, slot = target
        status, headers = self.post(f"/bench/floor-upload/{app_id}/", {"slot": slot}, True)
        assert status == 302 and headers.get("X-Documents-Attached"), (status, headers)

    def upload(self, target):
        app_id, slot = target
        status, headers = self.post(f"/applications/{app_id}/documents/", {"slot": slot}, True)
        assert status == 302 and headers.get("X-Documents-Attached"), (status, headers)

    def submit(self, target):
        app_id, _slot = target
        status, headers = self.post(f"/applications/{app_id}/submit/", {"declaration": "on"}, False)
        assert status == 302 and headers.get("X-Application-Reference"), (status, headers)


def targets(plan: dict, kind: str, n: int, offset: int) -> list:
    """The draft each request of ``kind`` acts on: the uploads of a child go to a draft of its own (at most
    at most 45 uploads of 1 MiB, under APPLICATION_MAX_BYTES); each submit takes a fresh draft
    (given its document first, not counted)."""
    if kind == "upload":
        return [plan["upload"][offset // 60]] * n
    if kind == FLOOR:
        return [plan["upload"][len(OFFSETS) + offset // 60]] * n
    if kind == "submit":
        return plan["serial"][offset : offset + n]
    return [None] * n


def run(requests: Requests, kind: str, n: int, offset: int, around=None) -> list[float]:
    """n requests of ``kind`` (their preparation first, uncounted); ``around`` wraps the counted part."""
    todo = targets(requests.plan, kind, n, offset)
    if kind == "submit":
        for target in todo:
            requests.upload(target)
    do = getattr(requests, kind)
    times = []
    with around() if around else _nothing():
        for target in todo:
            started = time.process_time()
            do(target)
            times.append(time.process_time() - started)
    return times


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _instrumented:
    def __enter__(self):
        subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True)

    def __exit__(self, *exc):
        subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], check=True, capture_output=True)
        return False


# Each child's share of the lone applicant's drafts (a submitted draft can't be submitted again).
OFFSETS = {"cpu": 0, "profile": 60, "callgrind": 120, "noop": 180, "sql": 240}


def child(work: Path, kind: str, mode: str, n: int) -> None:
    env = environment(os.environ["SPIKE_DATABASE"], work)
    _setup(env, work)
    requests = Requests(work)
    offset = OFFSETS[mode]
    run(requests, kind, 3, offset)  # warm-up: imports, compiled templates, the pool's connections
    offset += 3
    if mode == "callgrind":
        run(requests, kind, n, offset, around=_instrumented)
    elif mode == "noop":
        with _instrumented():
            pass
    elif mode == "profile":
        profiler = cProfile.Profile(time.process_time)  # CPU time: waiting for the database is not counted
        run(requests, kind, n, offset, around=lambda: _profiling(profiler))
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        print(out.getvalue())
        profiler.dump_stats(str(work / f"{kind}.prof"))
    elif mode == "sql":
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        ctx = CaptureQueriesContext(connection)
        run(requests, kind, 1, offset, around=lambda: ctx)
        for i, q in enumerate(ctx.captured_queries):
            print(f"{i + 1:3d}. {q['sql'][:400]}")
    else:
        window: dict = {}
        database = os.environ["SPIKE_DATABASE"]

        class _postgres_window:  # around the counted requests only (a submit's upload comes before)
            def __enter__(self):
                window["before"] = postgres_cpu_ms(database)

            def __exit__(self, *exc):
                window["after"] = postgres_cpu_ms(database)
                return False

        times = run(requests, kind, n, offset, around=_postgres_window)
        postgres = (window["after"] - window["before"]) / n
        print(
            json.dumps(
                {
                    "cpu_ms": statistics.median(times) * 1000,
                    "postgres_ms": postgres,
                    "samples": [t * 1000 for t in times],
                }
            )
        )


def postgres_cpu_ms(database: str) -> float:
    """CPU time (ms) of the PostgreSQL backends connected to ``database``, from this machine's
    /proc/<pid>/schedstat (nanoseconds on the CPU)."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        pids = [
            row[0] for row in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [database])
        ]
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1e6


class _profiling:
    def __init__(self, profiler):
        self.profiler = profiler

    def __enter__(self):
        self.profiler.enable()

    def __exit__(self, *exc):
        self.profiler.disable()
        return False


def spawn(work: Path, database: str, kind: str, mode: str, n: int, *, valgrind: bool = False) -> str:
    command = [
        sys.executable,
        __file__,
        "--child",
        kind,
        "--mode",
        mode,
        "--requests",
        str(n),
        "--work",
        str(work),
    ]
    out = work / f"callgrind.{kind}.{mode}.out"
    if valgrind:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}",
            *command,
        ]
    result = subprocess.run(
        command, check=True, capture_output=True, text=True, env={**os.environ, "SPIKE_DATABASE": database}
    )
    return result.stdout


def callgrind_total(path: Path) -> int:
    total = 0
    for line in path.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            total = max(total, int(line.split()[1]))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="rec_spike_bench")
    parser.add_argument("--requests", type=int, default=30, help="counted requests per kind")
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--callgrind-requests", type=int, default=5)
    parser.add_argument("--profile", choices=(*KINDS, FLOOR))
    parser.add_argument("--sql", choices=(*KINDS, FLOOR), help="print the SQL statements of one request")
    parser.add_argument("--floor", action="store_true", help="measure apply_spike.py's FLOOR_SQL upload too")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/12", help="emptied afterwards")
    parser.add_argument("--keep", action="store_true", help="keep the database and the files afterwards")
    parser.add_argument("--json", help="also write the numbers to this file (bench/apply_spike.py reads it)")
    parser.add_argument("--child", choices=(*KINDS, FLOOR), help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="cpu", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(Path(args.work), args.child, args.mode, args.requests)
    if max(args.requests, args.callgrind_requests) + 3 > 45:
        raise SystemExit("at most 42 requests per kind")

    os.environ["SPIKE_BROKER"] = args.broker
    work = Path(tempfile.mkdtemp(prefix="spike-cpu-"))
    try:
        print("database and data…", file=sys.stderr, flush=True)
        prepare(args.database, work, drafts=60 * len(OFFSETS))
        from django.db import connections

        connections.close_all()
        if args.profile:
            print(spawn(work, args.database, args.profile, "profile", args.requests))
            return
        if args.sql:
            print(spawn(work, args.database, args.sql, "sql", 1))
            return
        kinds = (*KINDS, FLOOR) if args.floor else KINDS
        measured = {
            kind: json.loads(spawn(work, args.database, kind, "cpu", args.requests)) for kind in kinds
        }
        cpu = {kind: m["cpu_ms"] for kind, m in measured.items()}
        result: dict = {"cpu_ms": cpu, "postgres_ms": {k: m["postgres_ms"] for k, m in measured.items()}}
        print("| request | CPU per request (ms, median) | ÷ bare | PostgreSQL's CPU (ms, mean) |")
        print("| --- | ---: | ---: | ---: |")
        for kind in kinds:
            pg = result["postgres_ms"][kind]
            pg_text = "–" if pg is None else f"{pg:.1f}"
            print(f"| {kind} | {cpu[kind]:.1f} | {cpu[kind] / cpu['bare']:.2f} | {pg_text} |")
        print(
            f"\nweb side alone: upload ratio {cpu['bare'] / cpu['upload']:.2f} (target 0.6), pairs ratio "
            f"{2 * cpu['bare'] / (cpu['upload'] + cpu['submit']):.2f} (target 0.5)"
        )
        if args.callgrind:
            print("instructions (callgrind)…", file=sys.stderr, flush=True)
            spawn(work, args.database, "bare", "noop", 0, valgrind=True)
            overhead = callgrind_total(work / "callgrind.bare.noop.out")
            n = args.callgrind_requests
            ins = {}
            for kind in kinds:
                spawn(work, args.database, kind, "callgrind", n, valgrind=True)
                ins[kind] = (callgrind_total(work / f"callgrind.{kind}.callgrind.out") - overhead) / n
            print(f"\n| request | instructions per request (callgrind, {n} requests) | ÷ bare |")
            print("| --- | ---: | ---: |")
            for kind in kinds:
                print(f"| {kind} | {ins[kind] / 1e6:.1f} M | {ins[kind] / ins['bare']:.2f} |")
            print(
                "\nweb side alone (instructions): upload ratio "
                f"{ins['bare'] / ins['upload']:.2f} (target 0.6), pairs ratio "
                f"{2 * ins['bare'] / (ins['upload'] + ins['submit']):.2f} (target 0.5)"
            )
            result["instructions"] = ins
            result["callgrind_requests"] = n
            if args.keep:
                print(f"callgrind files in {work}")
        if args.json:
            Path(args.json).write_text(json.dumps(result))
    finally:
        import redis

        redis.Redis.from_url(args.broker).flushdb()
        if not args.keep:
            apply_spike.drop_database(args.database)
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept: database {args.database}, files in {work}", file=sys.stderr)


if __name__ == "__main__":
    main()
