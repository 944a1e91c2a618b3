#!/usr/bin/env python
"""HR's "Positions to verify" at 10,000 applications per position (issue 13; target < 200 ms).

    .venv/bin/python bench/verify_bench.py                  # prints a Markdown report
    .venv/bin/python bench/verify_bench.py --write-results  # ...and puts it in bench/RESULTS.md

In a database of its own (``--database``, created afresh, dropped unless ``--keep``) on the local PostgreSQL:
``--positions`` closed positions, each with ``--applications`` submitted applications and a review of each (a
tenth decided), written by ``bulk_create`` (the services have their own tests; here only the counts matter),
then ``ANALYZE`` (this PostgreSQL runs without autovacuum). The selector
``verification.selectors.positions_to_verify`` is timed (``--runs``, median), with its query plan's execution
time; the former query (three COUNT(DISTINCT) over two LEFT JOINs) is timed at ``--old-at`` applications only
(at 5,000 it ran for minutes).
"""

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results_file import write_section  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def admin_db(sql: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitment.settings")
    os.environ["CELERY_BROKER_URL"] = ""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def load(n_positions: int, n_applications: int, tag: str) -> list[int]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from applications.models import Application, ApplicationStatus, ApplicationSubmission
    from vacancies.models import Announcement, ClosingState, Institution, Position
    from verification.models import Decision, Review

    now = timezone.now()
    institution = Institution.objects.create(short_name=f"B{tag}", name_sq=f"Institucioni {tag}")
    announcement = Announcement.objects.create(
        institution=institution,
        reference=f"BENCH {tag}",
        title_sq="Konkurs",
        status="closed",
        published_at=now - dt.timedelta(days=30),
        opens_at=now - dt.timedelta(days=30),
        closes_at=now - dt.timedelta(days=10),
        contact_email="hr@example.org",
    )
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(username=f"b{tag}-{i}@example.org", email=f"b{tag}-{i}@example.org", password="!")
            for i in range(n_applications)
        ],
        batch_size=2000,
    )
    ids = []
    for p in range(n_positions):
        position = Position.objects.create(
            announcement=announcement,
            code=f"B{tag}-{p}",
            title_sq="Zyrtar",
            closing_state=ClosingState.CLOSED,
            closed_at=now,
            place_sq="Prishtinë",
        )
        ids.append(position.pk)
        apps = Application.objects.bulk_create(
            [Application(applicant=u, position=position, status=ApplicationStatus.SUBMITTED) for u in users],
            batch_size=2000,
        )
        subs = ApplicationSubmission.objects.bulk_create(
            [
                ApplicationSubmission(
                    application=a,
                    number=1,
                    reference=f"B{tag}-{p}-{a.pk}",
                    submitted_at=now,
                    submitted_by_id=a.applicant_id,
                    profile_snapshot={},
                    checklist_snapshot=[],
                    context_snapshot={},
                )
                for a in apps
            ],
            batch_size=2000,
        )
        Review.objects.bulk_create(
            [
                Review(
                    application=a,
                    position=position,
                    submission=s,
                    reference=s.reference,
                    opened_at=now,
                    token=uuid.uuid4(),
                    decision=Decision.ELIGIBLE if i % 10 == 0 else Decision.UNDECIDED,
                )
                for i, (a, s) in enumerate(zip(apps, subs, strict=True))
            ],
            batch_size=2000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ids


def old_query(user):
    """The query before issue 13, kept here only to measure it."""
    from django.db.models import Count, Q

    from applications.models import ApplicationStatus
    from vacancies.models import ClosingState, Position
    from verification.models import Decision

    return (
        Position.objects.filter(closing_state=ClosingState.CLOSED)
        .select_related("announcement__institution", "shortlist")
        .annotate(
            submitted_count=Count(
                "applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED), distinct=True
            ),
            review_count=Count("reviews", distinct=True),
            undecided_count=Count("reviews", filter=Q(reviews__decision=Decision.UNDECIDED), distinct=True),
        )
    )


def measure(queryset_fn, runs: int) -> tuple[float, float, list]:
    from django.db import connection

    times, rows = [], []
    for _ in range(runs):
        start = time.perf_counter()
        rows = [(p.code, p.submitted_count, p.review_count, p.undecided_count) for p in queryset_fn()]
        times.append((time.perf_counter() - start) * 1000)
    qs = queryset_fn()
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
        plan = plan[0] if isinstance(plan, list) else plan
    return statistics.median(times), plan["Execution Time"], rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="bench_verify")
    parser.add_argument("--positions", type=int, default=3)
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--old-at", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args()

    admin_db(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    admin_db(f'CREATE DATABASE "{args.database}"')
    setup_django(args.database)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from verification.selectors import positions_to_verify

    call_command("migrate", verbosity=0)
    superuser = get_user_model().objects.create(username="bench-root", is_superuser=True, is_staff=True)
    lines = []
    try:
        load(args.positions, args.old_at, "small")
        small_ms, small_exec, _ = measure(lambda: positions_to_verify(user=superuser), args.runs)
        old_ms, old_exec, old_rows = measure(lambda: old_query(superuser), 1)
        new_rows = [
            tuple(r)
            for r in (
                (p.code, p.submitted_count, p.review_count, p.undecided_count)
                for p in positions_to_verify(user=superuser)
            )
        ]
        assert sorted(old_rows) == sorted(new_rows), "the new counts differ from the old ones"
        load(args.positions, args.applications, "large")
        big_ms, big_exec, rows = measure(lambda: positions_to_verify(user=superuser), args.runs)
        assert all(r[1] == r[2] for r in rows)
        load_avg = " ".join(f"{x:.2f}" for x in os.getloadavg())
        lines += [
            "## HR's positions to verify (`bench/verify_bench.py`)\n",
            f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} CPU(s), Python "
            f"{platform.python_version()}, PostgreSQL on the same machine, `ANALYZE` after the load; load "
            f"average {load_avg} (the machine is shared with other work: the times are upper bounds).\n",
            f"{args.positions} closed positions of {args.old_at:,} applications each, then {args.positions} "
            f"more of {args.applications:,} each (a review per application). Median of {args.runs} runs of "
            "the selector, the whole list evaluated; 'in PostgreSQL' is the plan's execution time (`EXPLAIN "
            "ANALYZE`).\n",
            "| query | applications per position | positions | time | in PostgreSQL |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| before (COUNT DISTINCT over two LEFT JOINs) | {args.old_at:,} | {args.positions} | "
            f"{old_ms:.0f} ms | {old_exec:.0f} ms |",
            f"| after (a correlated COUNT per figure) | {args.old_at:,} | {args.positions} | {small_ms:.1f} "
            f"ms | {small_exec:.1f} ms |",
            f"| after | {args.applications:,} | {2 * args.positions} | {big_ms:.1f} ms | {big_exec:.1f} ms |",
            "",
            f"Target < 200 ms at {args.applications:,} applications per position: "
            f"{'met' if big_ms < 200 else 'not met'} ({big_ms:.0f} ms). The same counts as before "
            "(checked).\n",
        ]
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_db(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    report = "\n".join(lines)
    print(report)
    if args.write_results:
        write_section("verify_bench", report)


if __name__ == "__main__":
    main()
