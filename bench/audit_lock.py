#!/usr/bin/env python
"""The audit chain's lock as the next ceiling (issue 14): audit-event appends per second against the number of
concurrent writers, and how long each append holds the chain's lock. Not a test: it measures and reports.

    .venv/bin/python bench/audit_lock.py                  # 1..32 writers, prints a Markdown report
    .venv/bin/python bench/audit_lock.py --write-results  # ...and puts it in bench/RESULTS.md

Every audited write of the portal calls `audit.services.audit_log` last in its transaction: it takes the
chain's PostgreSQL advisory lock (`pg_advisory_xact_lock`), reads the chain's last link, writes the event with
its hash, and the lock is released only when the transaction commits. So every audited write in the whole
portal, on every web replica, passes through this one lock one at a time: at most 1 / (time the lock is held)
appends a second.

Each writer here is a separate process with its own database connection and its own applicant account (the
pseudonym read under the lock, as for an applicant's upload or submit), appending in a loop, each event in its
own transaction, as the services do. `_lock_chain` is wrapped to note when the lock was granted, so each
append's wait for the lock and hold of it (granted → commit returned) are measured; the lock's utilisation is
the sum of the holds over the wall time: near 1, the lock is the limit; well below, something else is (here:
the two shared CPU cores). A fresh database (recruitment_bench_audit) is created and dropped.
"""

import argparse
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from apply_spike import ROOT, drop_database, load_average, machine, manage, recreate_database  # noqa: E402
from results_file import write_section  # noqa: E402


def environment(args) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "recruitment.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_POOL": "0",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "LOG_LEVEL": "ERROR",
    }


def writer(user_id: int, index: int, chains: bool, start_at: float, seconds: float, results) -> None:
    """One writer: appends events in a loop for `seconds` from `start_at` (both on time.time()). With
    `chains`, the same code appends to a chain of its own (per-institution chains, one institution per
    writer): its own lock key and last link, in a copy of the events' table (SEPARATE_CHAINS_TABLE)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from audit import services
    from audit.models import Event

    granted = {}
    original = services._lock_chain
    chain = f"chain-{index}"

    def lock_chain():
        if chains:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [services._CHAIN_LOCK_KEY + 1 + index])
        else:
            original()
        granted["at"] = time.perf_counter()

    def last_link_of_chain():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT seq, hash FROM {SEPARATE_CHAINS_TABLE} WHERE object_type = %s "
                "ORDER BY seq DESC LIMIT 1",
                [chain],
            )
            return cursor.fetchone()

    services._lock_chain = lock_chain
    object_type = "bench"
    if chains:
        Event._meta.db_table = SEPARATE_CHAINS_TABLE
        services._last_link = last_link_of_chain
        # audit_log reads the last link with the person's pseudonym (_chain_head): this chain's link instead
        services._chain_head = lambda person: (last_link_of_chain(), services._pseudonym_code(person))
        object_type = chain
    user = get_user_model().objects.get(pk=user_id)
    digest = "ab" * 32
    with transaction.atomic():  # the first act creates the person's pseudonym: not measured
        services.audit_log(actor=user, action="bench.append", object_type=object_type, object_id="0")
    holds, waits = [], []
    time.sleep(max(0.0, start_at - time.time()))
    stop_at = start_at + seconds
    n = 0
    while time.time() < stop_at:
        n += 1
        started = time.perf_counter()
        with transaction.atomic():
            services.audit_log(
                actor=user,
                action="bench.append",
                object_type=object_type,
                object_id=str(n),
                data={"n": n, "documents": [digest]},
            )
        ended = time.perf_counter()
        holds.append(ended - granted["at"])
        waits.append(granted["at"] - started)
    connection.close()
    results.put((n, holds, waits))


SEPARATE_CHAINS_TABLE = "bench_separate_chains"


def run_level(n: int, user_ids: list[int], seconds: float, chains: bool = False) -> dict:
    from django.db import connections

    connections.close_all()  # no connection crosses the fork
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start_at = time.time() + 1.0 + 0.05 * n  # everyone connected and warmed up first
    processes = [
        context.Process(target=writer, args=(user_ids[i], i, chains, start_at, seconds, results))
        for i in range(n)
    ]
    for p in processes:
        p.start()
    collected = [results.get(timeout=seconds + 120) for _ in processes]
    for p in processes:
        p.join(timeout=30)
    appends = sum(c[0] for c in collected)
    holds = sorted(h for c in collected for h in c[1])
    waits = sorted(w for c in collected for w in c[2])

    def pct(values, p):
        return (
            values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000
            if values
            else float("nan")
        )

    return {
        "writers": n,
        "chains": chains,
        "appends": appends,
        "rate": appends / seconds,
        "hold_mean_ms": statistics.fmean(holds) * 1000,
        "hold_p99_ms": pct(holds, 99),
        "wait_mean_ms": statistics.fmean(waits) * 1000,
        "wait_p99_ms": pct(waits, 99),
        "utilisation": sum(holds) / seconds,
    }


def report(args, rows, extra) -> str:
    one = rows[0]
    best = max(rows, key=lambda r: r["rate"])
    ceiling = 1000 / one["hold_mean_ms"]
    busiest = max(rows, key=lambda r: r["utilisation"])
    bound = [r for r in rows if r["utilisation"] >= 0.9]
    worst = min(rows, key=lambda r: r["rate"])
    lines = [
        "## The audit chain's lock: appends per second against concurrent writers (`bench/audit_lock.py`)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine(extra['load'])} (the machine "
        "is shared with other work: the rates are upper bounds of what a busy machine does, the shape is "
        f"what counts); load average at the end {extra['load_end']}. PostgreSQL {extra['pg_version']} on the "
        f"same machine, `synchronous_commit={extra['synchronous_commit']}`, `fsync={extra['fsync']}`. Each "
        "writer is a process with its own connection and applicant account, appending one event per "
        "transaction through `audit.services.audit_log` (as an upload or a submit does, last in its "
        f"transaction) for {args.seconds:g} s per level. Hold: from the lock granted to the commit returned; "
        "before the lock: from the call to the lock granted (the role read, the lock's round trip, and the "
        "queue for it); utilisation: the holds' sum over the wall time (1.0 = the lock never free; a little "
        "above 1 because each hold also counts the commit's reply, sent after the lock is released). The "
        "last two columns: the same code, interleaved at each level, with one chain per writer (its own lock "
        "key and last link, in a copy of the events' table: per-institution chains with one institution per "
        "writer, their best case): the baseline that shows what the one lock costs on the same machine at "
        "the same moment.",
        "",
        "| writers | appends/s | hold mean (ms) | hold p99 (ms) | before the lock, mean (ms) | before the "
        "lock, p99 (ms) | lock utilisation | one chain per writer: appends/s | one chain ÷ separate |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        s = extra["separate"][r["writers"]]
        lines.append(
            f"| {r['writers']} | {r['rate']:.0f} | {r['hold_mean_ms']:.2f} | {r['hold_p99_ms']:.2f} | "
            f"{r['wait_mean_ms']:.2f} | {r['wait_p99_ms']:.2f} | {r['utilisation']:.2f} | {s['rate']:.0f} | "
            f"{r['rate'] / s['rate']:.2f} |"
        )
    lines += [
        "",
        f"When it binds: one writer alone holds the lock {one['hold_mean_ms']:.2f} ms per append (the last "
        "link read, the pseudonym read, the insert, and the commit with its WAL flush, all under the lock), "
        f"so the chain can take at most about {ceiling:.0f} appends a second, whatever the number of web "
        f"replicas. The best level here made {best['rate']:.0f} appends/s ({best['writers']} "
        f"writer{'s' if best['writers'] != 1 else ''}). "
        + (
            f"The lock is the limit from {bound[0]['writers']} writers on (utilisation ≥ 0.9, busiest "
            f"{busiest['utilisation']:.2f} at {busiest['writers']}): adding writers adds no appends, only "
            "waiting. "
            if bound
            else f"The lock was never the limit here (busiest {busiest['utilisation']:.2f}). "
        )
        + f"Worse, under CPU contention each hold grows (a holder that loses its CPU keeps the lock: "
        f"{worst['hold_mean_ms']:.2f} ms at {worst['writers']} writers), so the ceiling falls to "
        f"{worst['rate']:.0f} appends/s on an overloaded machine: the lock turns CPU contention into "
        "serialisation. An upload and a submit append one event each, so the deadline spike's upload + "
        f"submit pairs bind at about {ceiling / 2:.0f} pairs a second from the lock alone, on a machine "
        "whose CPUs could do more; on these two shared cores the CPU binds first (bench/apply_spike.py: a "
        "few tens of pairs a second). On several machines each hold also gains the network's round trips to "
        "PostgreSQL (four per append: the link, the pseudonym, the insert, the commit), e.g. +2 ms at 0.5 ms "
        "each, which halves the ceiling.",
        "",
        "What replaces it when it binds: (1) per-institution chains: the lock key and the last link taken "
        "per institution (a chain column, an index on (chain, seq)), so the institutions' writes proceed in "
        "parallel, and a periodic checkpoint hashes every chain's head into one signed record so no chain "
        "can be cut unseen; or (2) batched sealing: events are inserted without the lock (their order from a "
        "sequence), and one sealer (a beat task, or a worker holding the lock for a batch) links and hashes "
        "every committed unsealed event in order once a second, one lock and one commit per batch instead of "
        "per event; the append-only triggers protect the rows until they are sealed, and verify_audit "
        "reports an unsealed tail older than the sealing period. Batched sealing keeps one chain (simplest "
        "to verify) and moves the lock off every request; per-institution chains keep each event sealed in "
        "its own transaction.",
    ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--writers", default="1,2,4,8,16,32", help="concurrent writers per level")
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--database", default="recruitment_bench_audit")
    parser.add_argument("--write-results", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    levels = [int(x) for x in args.writers.split(",")]

    load = load_average()
    env = environment(args)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="audit-lock-"))
    os.environ["PRIVATE_MEDIA_ROOT"] = env["PRIVATE_MEDIA_ROOT"] = str(work / "private")
    os.environ["STATIC_ROOT"] = env["STATIC_ROOT"] = str(work / "static")
    try:
        print("database…", flush=True)
        recreate_database(args.database)
        manage(env, "migrate", "--noinput")
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.db import connection

        users = get_user_model().objects.bulk_create(
            [
                get_user_model()(
                    username=f"audit{i}@example.org", email=f"audit{i}@example.org", password="!"
                )
                for i in range(max(levels))
            ]
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('server_version'), current_setting('synchronous_commit'), "
                "current_setting('fsync')"
            )
            pg_version, synchronous_commit, fsync = cursor.fetchone()
        rows = []
        with connection.cursor() as cursor:  # per-institution chains' table: the events' columns, no triggers
            cursor.execute(
                f"CREATE TABLE {SEPARATE_CHAINS_TABLE} (LIKE audit_event INCLUDING ALL EXCLUDING INDEXES)"
            )
            cursor.execute(f"CREATE INDEX ON {SEPARATE_CHAINS_TABLE} (object_type, seq)")
        rows, separate = [], {}
        for n in levels:  # interleaved: the one chain, then one chain per writer, at each level
            print(f"{n} writer(s)…", flush=True)
            rows.append(run_level(n, [u.pk for u in users], args.seconds))
            print("  ", rows[-1], flush=True)
            separate[n] = run_level(n, [u.pk for u in users], args.seconds, chains=True)
            print("  ", separate[n], flush=True)
        from audit.services import audit_verify

        problems = audit_verify(use_stored_checkpoint=False)
        section = report(
            args,
            rows,
            {
                "separate": separate,
                "load": load,
                "load_end": load_average(),
                "pg_version": pg_version,
                "synchronous_commit": synchronous_commit,
                "fsync": fsync,
            },
        )
        section += (
            f"\nThe chain verified after the run (`audit_verify`): "
            f"{'intact' if not problems else '; '.join(problems[:3])}.\n"
        )
        print()
        print(section)
        if args.write_results:
            write_section("audit_lock", section)
            print("written to bench/RESULTS.md")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(args.database)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
