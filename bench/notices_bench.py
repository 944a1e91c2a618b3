#!/usr/bin/env python
"""10,000 notices written to the outbox at once (issue 13; target: under 5 s of worker time).

    .venv/bin/python bench/notices_bench.py                  # prints a Markdown report
    .venv/bin/python bench/notices_bench.py --write-results  # ...and puts it in bench/RESULTS.md

In a database of its own (created afresh, dropped unless ``--keep``) on the local PostgreSQL: ``--recipients``
users, then the same notices written by ``notifications.services.notify`` one by one (as before issue 13) and
by ``notify_bulk`` (each with its own dedupe keys, in one transaction each, the delivery's publication after
the commit left out: Celery eager is off and no broker is asked, as the sweep would deliver them). The
template is the results' notice (``scoring_result``) with a plain context of the same shape."""

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results_file import write_section  # noqa: E402
from verify_bench import admin_db, setup_django  # noqa: E402


def items(users, run: str) -> list[dict]:
    from types import SimpleNamespace

    scheme = SimpleNamespace(final_threshold=70, final_comparison=">=", steps=[])
    institution = SimpleNamespace(name="Komisioni Qendror i Zgjedhjeve")
    position = SimpleNamespace(
        title="Zyrtar",
        code="P-1",
        announcement=SimpleNamespace(reference="KQZ 1/2026", institution=institution, rule_set="kqz-01-2024"),
    )
    evaluation = SimpleNamespace(pk=1, position=position)
    steps = [
        {"label": "Written test", "points": "50,00", "maximum": 60, "key": "written"},
        {"label": "Interview", "points": "35,00", "maximum": 40, "key": "interview"},
    ]
    out = []
    for i, user in enumerate(users):
        row = SimpleNamespace(
            rank=i + 1,
            qualified=i % 2 == 0,
            winner=i == 0,
            absent="",
            excluded=False,
            tie_rule="",
            total="85",
            stopped_at="",
        )
        out.append(
            {
                "recipient": user,
                "email": user.email,
                "language": ("sq", "sr-latn", "en")[i % 3],
                "dedupe_key": f"bench:{run}:{user.pk}",
                "context": {
                    "position": position,
                    "row": row,
                    "steps": steps,
                    "total": "85,00",
                    "candidates": len(users),
                    "scheme": scheme,
                    "threshold": "70",
                    "comparison": ">=",
                    "evaluation": evaluation,
                    "correction": None,
                },
            }
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="bench_notices")
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args()
    admin_db(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    admin_db(f'CREATE DATABASE "{args.database}"')
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
    setup_django(args.database)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections, transaction

    from notifications import services
    from notifications.models import Message

    services.transaction.on_commit = lambda func, *a, **k: None  # no broker asked: the sweep would deliver
    call_command("migrate", verbosity=0)
    try:
        User = get_user_model()
        users = User.objects.bulk_create(
            [
                User(username=f"n{i}@example.org", email=f"n{i}@example.org", password="!")
                for i in range(args.recipients)
            ],
            batch_size=2000,
        )
        one_by_one = items(users, "one")
        start = time.process_time(), time.perf_counter()
        with transaction.atomic():
            for item in one_by_one:
                services.notify(kind="scoring.result", template="scoring_result", **item)
        single = time.process_time() - start[0], time.perf_counter() - start[1]
        bulk_items = items(users, "bulk")
        start = time.process_time(), time.perf_counter()
        with transaction.atomic():
            written = services.notify_bulk(kind="scoring.result", template="scoring_result", items=bulk_items)
        bulk = time.process_time() - start[0], time.perf_counter() - start[1]
        start = time.perf_counter()
        with transaction.atomic():
            again = services.notify_bulk(kind="scoring.result", template="scoring_result", items=bulk_items)
        rerun = time.perf_counter() - start
        assert written == args.recipients and again == 0
        assert Message.objects.count() == 2 * args.recipients
    finally:
        connections.close_all()
        if not args.keep:
            admin_db(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    n = args.recipients
    lines = [
        "## Mass notices: the results' notice to 10,000 candidates (`bench/notices_bench.py`)\n",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} CPU(s), Python "
        f"{platform.python_version()}, PostgreSQL on the same machine; load average {load} (a machine shared "
        "with other work: wall times are upper bounds). Each notice is rendered in the three languages (the "
        "inbox shows each reader's), as `notify` does; the delivery's publication after the commit is not "
        "included.\n",
        "| way | notices | CPU (this process) | wall | per notice |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| `notify`, one by one (before) | {n:,} | {single[0]:.1f} s | {single[1]:.1f} s | "
        f"{single[1] / n * 1000:.2f} ms |",
        f"| `notify_bulk` | {n:,} | {bulk[0]:.1f} s | {bulk[1]:.1f} s | {bulk[1] / n * 1000:.2f} ms |",
        f"| `notify_bulk` again (every key used: nothing written) | 0 | | {rerun:.1f} s | |",
        "",
        "Target: 10,000 notices queued in under 5 s of worker time: "
        f"{'met' if bulk[1] / n * 10_000 < 5 else 'not met'} ({bulk[1]:.1f} s wall, in HR's request today: "
        "the publication is not yet a task).\n",
    ]
    report = "\n".join(lines)
    print(report)
    if args.write_results:
        write_section("notices_bench", report)


if __name__ == "__main__":
    main()
