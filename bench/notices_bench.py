#!/usr/bin/env python
"""10,000 notices written to the outbox at once (issue 13; target: under 5 s of worker time).

    .venv/bin/python bench/notices_bench.py                  # prints a Markdown report
    .venv/bin/python bench/notices_bench.py --write-results  # ...and puts it in bench/RESULTS.md

In a database of its own (created afresh, dropped unless ``--keep``) on the local PostgreSQL: ``--recipients``
users, then the same notices written by ``notifications.services.notify`` one by one (as before issue 13) and
by the mass notices' task as it writes the results' (``notifications.services.notice_run_write``, then
``notify_bulk``: MASS_NOTICES_BATCH notices a transaction), each with its own dedupe keys, the delivery's
publication after the commit left out (Celery eager is off and no broker is asked, as the sweep would deliver
them). The template is the results' notice (``scoring_result``) with a plain context of the same shape.
``--profile FILE`` writes a cProfile of the task's way.

The shortlist (``--shortlist N``, default 10,000; 0 leaves it out): a closed position with N submitted
applications, their reviews decided (four in five eligible, the rest not eligible with a reason), the
applicants' languages mixed. Timed: HR's publication (``verification.services.shortlist_publish``: the list,
the places and the history in bulk, the audit event, the notices' run; their task is asked for after the
commit and not run there), then the task's body (``notifications.services.notice_run_write``: the
verification's builder reads the published list, ``notify_bulk`` writes the notices, MASS_NOTICES_BATCH a
transaction), then the task again (nothing written); before issue 13 the same notices were written by
``notify`` one by one inside HR's request (timed with ``--shortlist-single``)."""

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


def verdict(total: tuple[float, float], n: int, load: str) -> str:
    """The target judged on the worker's CPU (what the worker spends) and said for the wall too: on 2 shared
    cores the wall time grows with the load average (an upper bound, met only on a quiet machine)."""
    cpu, wall = (t / n * 10_000 for t in total)
    return (
        f"{'met' if cpu < 5 else 'not met'} in the worker's CPU ({cpu:.1f} s for 10,000); wall {wall:.1f} s "
        f"({'within' if wall < 5 else 'over'} 5 s at load average {load.split()[0]} on 2 shared cores)"
    )


def results_section(args, services, Message, settings, transaction, User) -> str:
    """The results' notices (the section's first table): notify one by one, the task's way, again."""
    from notifications.models import NoticeRun

    users = User.objects.bulk_create(
        [
            User(username=f"n{i}@example.org", email=f"n{i}@example.org", password="!")
            for i in range(args.recipients)
        ],
        batch_size=2000,
    )
    single = None
    if not args.skip_single:
        one_by_one = items(users, "one")
        start = time.process_time(), time.perf_counter()
        with transaction.atomic():
            for item in one_by_one:
                services.notify(kind="scoring.result", template="scoring_result", **item)
        single = time.process_time() - start[0], time.perf_counter() - start[1]
    batch = settings.MASS_NOTICES_BATCH
    # The results' notices are a mass notice (notifications.NoticeRun) whose builder is scoring's
    # results_notice_items; here a source of the bench's own gives the prepared notices (the builder's
    # reading of the frozen results is left out, as said below), and the task's body writes them as it
    # writes the results'.
    prepared: dict[str, list[dict]] = {}
    services.register_notice_source(
        "bench.results",
        lambda args: [
            dict(item, kind="scoring.result", template="scoring_result") for item in prepared[args["run"]]
        ],
    )

    def as_the_task(run_items, run: str, again: bool = False) -> int:  # notifications.tasks.write_notice_run
        prepared[run] = run_items
        notice_run = services.notice_run_start(
            key=f"bench-results:{run}", source="bench.results", args={"run": run}, total=len(run_items)
        )  # the task's enqueue after the commit: left out (on_commit is off here)
        if again:  # a redelivered task: every key used
            NoticeRun.objects.filter(pk=notice_run.pk).update(done_at=None)
        return services.notice_run_write(run_id=notice_run.pk)

    as_the_task(
        items(users[:30], "warm"), "warm"
    )  # templates compiled, catalogues loaded: as in a running worker
    bulk_items = items(users, "bulk")
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.process_time(), time.perf_counter()
    written = as_the_task(bulk_items, "bulk")
    bulk = time.process_time() - start[0], time.perf_counter() - start[1]
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    start = time.perf_counter()
    again = as_the_task(bulk_items, "bulk", again=True)
    rerun = time.perf_counter() - start
    assert written == args.recipients and again == 0
    publish = None
    if args.broker:  # what each batch's commit does: the deliveries, OUTBOX_DELIVERY_CHUNK a task
        from notifications.tasks import deliver_messages

        ids = list(Message.objects.filter(dedupe_key__startswith="bench:bulk:").values_list("pk", flat=True))
        start = time.process_time(), time.perf_counter()
        for first in range(0, len(ids), batch):
            services._schedule_many(ids[first : first + batch])
        publish = time.process_time() - start[0], time.perf_counter() - start[1]
        deliver_messages.app.control.purge()
    assert Message.objects.filter(dedupe_key__startswith="bench:bulk:").count() == args.recipients
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    n = args.recipients
    total = (bulk[0] + publish[0], bulk[1] + publish[1]) if publish else bulk
    lines = [
        "## Mass notices: the results' notice to 10,000 candidates (`bench/notices_bench.py`)\n",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} CPU(s), Python "
        f"{platform.python_version()}, PostgreSQL on the same machine; load average {load} (a machine shared "
        "with other work: wall times are upper bounds). Each notice is rendered in the three languages (the "
        "inbox shows each reader's), as `notify` does; "
        + (
            f"the deliveries' publication after each commit is timed against an idle Redis ({args.broker}). "
            if publish
            else "the delivery's publication after the commit is not included. "
        )
        + "Not included either: the task's reading of the frozen results and the candidates (one "
        "`compute_results` of the stored rows, 0.2 s for 10,000 in `bench/results_bench.py`, and one "
        "query).\n",
        "| way | notices | CPU (this process) | wall | per notice (wall) |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            [
                f"| `notify`, one by one (before issue 13) | {n:,} | {single[0]:.1f} s | {single[1]:.1f} s | "
                f"{single[1] / n * 1000:.2f} ms |"
            ]
            if single
            else []
        ),
        f"| the notices task's way: `notice_run_write` (`notify_bulk`, {batch:,} a transaction) | {n:,} | "
        f"{bulk[0]:.1f} s | "
        f"{bulk[1]:.1f} s | {bulk[1] / n * 1000:.2f} ms |",
        *(
            [
                f"| their deliveries published ({settings.OUTBOX_DELIVERY_CHUNK} messages a task, after each "
                f"batch's commit) | {n:,} | {publish[0]:.1f} s | {publish[1]:.1f} s | "
                f"{publish[1] / n * 1000:.2f} ms |"
            ]
            if publish
            else []
        ),
        f"| the same again (every key used: nothing written) | 0 | | {rerun:.1f} s | |",
        "",
        "Target: 10,000 notices queued in under 5 s of worker time: "
        + verdict(total, n, load)
        + f" ({'written and published' if publish else 'written'}, in the task, no longer in HR's request"
        + (f"; {bulk[1] / single[1]:.2f} × the one-by-one way's wall in the same run" if single else "")
        + ").\n",
        "Where the time went and what was cut (cProfile of this bench, `--profile`): before, `notify_bulk` "
        "took 6.9 s CPU and 13.1 s wall for 10,000 (run of 2026-12-05 20:41 UTC, load average 4.67), of "
        "which about 80 % rendered the templates (60,000 renders, the subject and the body in three "
        "languages: the `{% blocktranslate %}` of the header with its gettext, the `{% url %}` of the "
        "results' page reversed for every notice, each value localised) and about 20 % inserted the rows "
        "(Django's bulk insert sends each column as an array, which psycopg quotes value by value in Python: "
        "the JSON renderings above all). Now: (1) the parts every recipient of one call shares are marked "
        "`{% once %}` in the message's template (notifications/templatetags/outbox_tags.py): the whole "
        "subject, the header and the footer with its link and signature are rendered once per language per "
        "call instead of once per notice, while each notice still carries its three renderings (issue 9); "
        "(2) one template context per language, each notice's values pushed on it, the templates compiled "
        "once; (3) the rows are streamed by COPY into a temporary table and moved by one INSERT ... ON "
        "CONFLICT DO NOTHING RETURNING id (the dedupe keys still decide), 2,000 a transaction; (4) the "
        "deliveries are published 100 messages a task (`deliver_messages`), not one task per message (10,000 "
        "publishes took 3.2 s of CPU). What remains is the part that differs per candidate (the steps' "
        "lines, the rank, the verdict: Django's template engine resolving and localising each value), about "
        "three quarters of the time, and the COPY.\n",
    ]
    return "\n".join(lines)


def shortlist_section(args, services, Message, settings) -> str:
    """The shortlist's notices (issue 13): HR's publication, the task's body, the task again."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from verify_bench import load as load_reviews

    from applications.models import Application
    from notifications.models import NoticeRun
    from vacancies.models import InstitutionStaff, Position, StaffRole
    from verification import services as verification
    from verification.models import Decision, Reason, Review

    def decided(n: int, tag: str) -> Position:
        (position_id,) = load_reviews(1, n, tag)
        reviews, applications = Review._meta.db_table, Application._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {reviews} SET decision = %s, first_name = 'Emri' || id, last_name = 'Mbiemri' || "
                "(id %% 997) WHERE position_id = %s",
                [Decision.ELIGIBLE, position_id],
            )
            cursor.execute(  # one in five not admitted, with a reason
                f"UPDATE {reviews} SET decision = %s, reasons = %s::jsonb, explanation = %s "
                "WHERE position_id = %s AND id %% 5 = 0",
                [Decision.NOT_ELIGIBLE, f'["{Reason.EXPERIENCE}"]', "Një vit përvojë.", position_id],
            )
            cursor.execute(
                f"UPDATE {applications} SET language = CASE id %% 3 WHEN 0 THEN 'sq' WHEN 1 THEN 'en' "
                "ELSE 'sr-latn' END WHERE position_id = %s",
                [position_id],
            )
            cursor.execute("ANALYZE")
        position = Position.objects.select_related("announcement__institution").get(pk=position_id)
        institution = position.announcement.institution
        institution.time_zone = "Europe/Belgrade"  # verify_bench's institution has none
        institution.save(update_fields=["time_zone"])
        return Position.objects.select_related("announcement__institution").get(pk=position_id)

    def publish(position, hr, profile: str = "") -> tuple[NoticeRun, tuple[float, float]]:
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        start = time.process_time(), time.perf_counter()
        shortlist = verification.shortlist_publish(position=position, actor=hr)  # the task: not asked
        took = time.process_time() - start[0], time.perf_counter() - start[1]
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        return NoticeRun.objects.get(key=verification.shortlist_notices_key(shortlist.pk)), took

    def task(run) -> tuple[int, tuple[float, float]]:
        start = time.process_time(), time.perf_counter()
        written = services.notice_run_write(run_id=run.pk)
        return written, (time.process_time() - start[0], time.perf_counter() - start[1])

    n = args.shortlist
    hr = get_user_model().objects.create(username="bench-hr@example.org", email="bench-hr@example.org")
    warm = decided(30, "warm")  # templates compiled, catalogues loaded: as in a running worker
    position = decided(n, "short")
    for institution_id in {warm.announcement.institution_id, position.announcement.institution_id}:
        InstitutionStaff.objects.create(user=hr, institution_id=institution_id, role=StaffRole.HR)
    task(publish(warm, hr)[0])
    run, request = publish(position, hr, args.profile_publish)
    profiler = None
    if args.profile_shortlist:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    written, bulk = task(run)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile_shortlist)
    assert written == run.total == n == NoticeRun.objects.get(pk=run.pk).written
    NoticeRun.objects.filter(pk=run.pk).update(done_at=None)  # a redelivered task: every key used
    again, rerun = task(run)
    assert again == 0
    ids = list(
        Message.objects.filter(kind__in=["verification.eligible", "verification.not_eligible"])
        .filter(recipient__applications__position=position)
        .values_list("pk", flat=True)
    )
    assert len(ids) == n
    publish_t = None
    if args.broker:  # the deliveries, OUTBOX_DELIVERY_CHUNK a task, after each batch's commit
        from notifications.tasks import deliver_messages

        batch = settings.MASS_NOTICES_BATCH
        start = time.process_time(), time.perf_counter()
        for first in range(0, len(ids), batch):
            services._schedule_many(ids[first : first + batch])
        publish_t = time.process_time() - start[0], time.perf_counter() - start[1]
        deliver_messages.app.control.purge()
    single = None
    if args.shortlist_single:  # before issue 13: notify() per candidate inside HR's request
        items = verification.shortlist_notice_items(run.args)
        start = time.process_time(), time.perf_counter()
        with transaction.atomic():
            for item in items:
                item = dict(item, dedupe_key="before:" + item["dedupe_key"])
                services.notify(**item)
        single = time.process_time() - start[0], time.perf_counter() - start[1]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    total = (bulk[0] + publish_t[0], bulk[1] + publish_t[1]) if publish_t else bulk
    per = lambda t: f"{t / n * 1000:.2f} ms"  # noqa: E731
    lines = [
        f"### The shortlist's notices: {n:,} candidates (`--shortlist {n}`)\n",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {load}. A closed position "
        f"with {n:,} submitted applications, four in five eligible and one in five not admitted (a reason, "
        "an explanation), the applicants' languages mixed (sq, en, sr-latn); each notice rendered in the "
        "three languages, the not admitted's with the path of their reasoned decision's PDF (made by whoever "
        "delivers it). HR's publication commits the list, the places (`bulk_update`), each candidate's step "
        "in their history (`application_events_record_bulk`), the audit event and the notices' run "
        "(`notifications.NoticeRun`); the task (`notifications.tasks.write_notice_run`) is asked for after "
        "the commit and writes them (`verification.services.shortlist_notice_items`, then `notify_bulk`, "
        f"{settings.MASS_NOTICES_BATCH:,} a transaction, with the run's count).\n",
        "| step | notices | CPU (this process) | wall | per notice (wall) |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            [
                f"| before issue 13: the notices alone, `notify` one by one in HR's request | {n:,} | "
                f"{single[0]:.1f} s | {single[1]:.1f} s | {per(single[1])} |"
            ]
            if single
            else []
        ),
        f"| HR's request: `shortlist_publish` (no notice written) | 0 | {request[0]:.2f} s | "
        f"{request[1]:.2f} s | |",
        f"| the task: `notice_run_write` (read the list, render, COPY) | {n:,} | {bulk[0]:.1f} s | "
        f"{bulk[1]:.1f} s | {per(bulk[1])} |",
        *(
            [
                f"| their deliveries published ({settings.OUTBOX_DELIVERY_CHUNK} a task) | {n:,} | "
                f"{publish_t[0]:.1f} s | {publish_t[1]:.1f} s | {per(publish_t[1])} |"
            ]
            if publish_t
            else []
        ),
        f"| the task again (a redelivery: every key used) | 0 | {rerun[0]:.1f} s | {rerun[1]:.1f} s | |",
        "",
        "Target: 10,000 notices queued in under 5 s of worker time: "
        + verdict(total, n, load)
        + (" (written and published)" if publish_t else " (written)")
        + "; HR's request no longer grows with the notices"
        + (f" ({request[1]:.2f} s against {single[1]:.1f} s for the notices alone before)" if single else "")
        + ". The extension's notices to every applicant (`verification.closing.extension_notice_items`) take "
        "the same way.\n",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="bench_notices")
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--write-results", action="store_true")
    parser.add_argument("--profile", default="")
    parser.add_argument(
        "--broker",
        default="",
        help="a Redis nobody consumes (e.g. redis://127.0.0.1:6379/15): also time the deliveries' "
        "publication, then purge it",
    )
    parser.add_argument("--skip-single", action="store_true", help="leave out the one-by-one way (25 s)")
    parser.add_argument("--skip-results", action="store_true", help="leave out the results' notices")
    parser.add_argument("--shortlist", type=int, default=10_000, help="candidates of the shortlist (0: none)")
    parser.add_argument(
        "--shortlist-single",
        action="store_true",
        help="also time the shortlist's notices by notify, one by one",
    )
    parser.add_argument("--profile-shortlist", default="", help="a cProfile of the shortlist's task")
    parser.add_argument("--profile-publish", default="", help="a cProfile of HR's publication")
    args = parser.parse_args()
    admin_db(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    admin_db(f'CREATE DATABASE "{args.database}"')
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
    if args.broker:
        os.environ["CELERY_BROKER_URL"] = args.broker
    setup_django(args.database)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections, transaction

    from notifications import services
    from notifications.models import Message

    services.transaction.on_commit = lambda func, *a, **k: None  # no broker asked: the sweep would deliver
    call_command("migrate", verbosity=0)
    try:
        sections = []
        if not args.skip_results:
            sections.append(results_section(args, services, Message, settings, transaction, get_user_model()))
        if args.shortlist:
            sections.append(shortlist_section(args, services, Message, settings))
    finally:
        connections.close_all()
        if not args.keep:
            admin_db(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    report = "\n".join(sections)
    print(report)
    if args.write_results:
        write_section("notices_bench", report)


if __name__ == "__main__":
    main()
