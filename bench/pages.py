#!/usr/bin/env python
"""The public pages against a bare Django "hello" view, and how they grow with the data (issue 13).

    .venv/bin/python bench/pages.py                  # prints the Markdown report
    .venv/bin/python bench/pages.py --write-results  # ...and puts it in bench/RESULTS.md
    .venv/bin/python bench/pages.py --callgrind      # ...adding instructions per request (valgrind, slow)

In a database of its own (``--database``, created afresh, dropped unless ``--keep``) on the local PostgreSQL,
with DEBUG off. Two loads, each followed by ``ANALYZE`` (this PostgreSQL runs without autovacuum):
  small: 10 open and 10 archived vacancies, a shortlist and published results of 1,000 candidates;
  large: 5,000 open and 5,000 archived vacancies, the same shortlist and results grown to 10,000 candidates.
Each page (home, list, archive, announcement, position, shortlist, results) is requested in this process
through Django's WSGI handler (no network, no test client's template capture), ``--runs`` times after three
warm-up requests, anonymous, in Albanian: once served as the portal serves it (the public cache on: a hit
after the first request) and once with the cache off (``PUBLIC_PAGE_CACHE_SECONDS=0``: the rendering itself,
what a cache miss costs). The bare view is measured the same way in a separate process
(``bench/bare_settings.py``: startproject's middleware, no database) before and after, and its mean taken.
ratio = bare's time per request ÷ the page's (1.0: as fast as bare). The median of the runs is reported; on a
shared machine only the ratios mean anything.

With ``--callgrind`` a page's cost is also counted in CPU instructions (valgrind's callgrind, instrumentation
switched on only around ``--callgrind-requests`` requests after the warm-up): a count that other processes on
the machine do not disturb.
"""

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

RULE_SET = "kqz-01-2024"
PAGES = ("home", "list", "archive", "announcement", "position", "shortlist", "results")


def admin_db(sql: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup_portal(database: str) -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "recruitment.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["ALLOWED_HOSTS"] = "*"
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ["LOG_LEVEL"] = "ERROR"
    os.environ["ACCESS_LOG_LEVEL"] = "ERROR"
    # DEBUG off serves static names from the manifest: collected once into a folder of the benchmark's own.
    os.environ["STATIC_ROOT"] = "/tmp/bench-pages-static"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if not Path("/tmp/bench-pages-static/staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", "--noinput", verbosity=0)


# --- Measuring ----------------------------------------------------------------------------------------------


def _handler():
    from django.test.client import ClientHandler, RequestFactory

    handler = ClientHandler(enforce_csrf_checks=True)
    factory = RequestFactory()

    def get(path: str) -> int:
        environ = factory._base_environ(
            PATH_INFO=path.split("?")[0],
            QUERY_STRING=path.partition("?")[2],
            REQUEST_METHOD="GET",
            HTTP_HOST="localhost",
            SERVER_NAME="localhost",
        )
        response = handler(environ)
        body = b"".join(response) if response.streaming else response.content
        response.close()
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}")
        return len(body)

    return get


def measure(path: str, runs: int) -> dict:
    get = _handler()
    for _ in range(3):
        size = get(path)
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        get(path)
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
    return {
        "wall_ms": statistics.median(walls) * 1000,
        "cpu_ms": statistics.median(cpus) * 1000,
        "bytes": size,
    }


def queries(path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get = _handler()
    get(path)
    with CaptureQueriesContext(connection) as ctx:
        get(path)
    return len(ctx.captured_queries)


def callgrind_child(path: str, requests: int) -> None:
    """Run under valgrind --instr-atstart=no: instrumentation on only around ``requests`` requests."""
    get = _handler()
    for _ in range(3):
        get(path)
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True)
    for _ in range(requests):
        get(path)
    subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], check=True, capture_output=True)


def instructions(args, path: str, *, bare: bool, requests: int, cached: bool = True) -> float:
    out = Path(f"/tmp/bench-pages-callgrind-{os.getpid()}.out")
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={out}",
        sys.executable,
        __file__,
        "--child-callgrind",
        path,
        "--callgrind-requests",
        str(requests),
        "--database",
        args.database,
    ]
    if bare:
        command.append("--bare")
    if not cached:
        command.append("--no-cache")
    subprocess.run(command, check=True, capture_output=True, env=_child_env(bare))
    total = 0
    for line in out.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            total = max(total, int(line.split()[1]))
    out.unlink(missing_ok=True)
    return total / requests


def _child_env(bare: bool) -> dict:
    env = dict(os.environ)
    if bare:
        env["DJANGO_SETTINGS_MODULE"] = "bare_settings"
        env["PYTHONPATH"] = str(BENCH)
    return env


def bare_timing(runs: int) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--child-bare", "--runs", str(runs)],
        check=True,
        capture_output=True,
        text=True,
        env=_child_env(True),
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


# --- Data ---------------------------------------------------------------------------------------------------


def load_vacancies(n: int, tag: str, *, institutions) -> None:
    from django.utils import timezone

    from vacancies.models import Announcement, AnnouncementStatus, ClosingState, Position, PositionPlace

    now = timezone.now()
    places = ["Prishtinë", "Prizren", "Pejë", "Gjakovë", "Mitrovicë", "Ferizaj", "Gjilan", "Zveçan"]
    for state in ("open", "archived"):
        archived = state == "archived"
        opens = now - dt.timedelta(days=60 if archived else 2)
        announcements = Announcement.objects.bulk_create(
            [
                Announcement(
                    institution=institutions[i % len(institutions)],
                    reference=f"{tag}-{state}-{i}/2026",
                    title_sq=f"Konkurs {i}",
                    title_en=f"Competition {i}",
                    how_to_apply_sq="Në portal.",
                    notification_method_sq="Me e-mail.",
                    contact_email="hr@example.org",
                    published_at=opens,
                    opens_at=opens,
                    closes_at=opens + dt.timedelta(days=20 + i % 7),
                    status=AnnouncementStatus.CLOSED if archived else AnnouncementStatus.PUBLISHED,
                )
                for i in range(max(n // 5, 1))
            ],
            batch_size=1000,
        )
        positions = Position.objects.bulk_create(
            [
                Position(
                    announcement=announcements[i % len(announcements)],
                    order=i,
                    code=f"{tag}-{state}-P{i}",
                    title_sq=f"Zyrtar {i}",
                    title_en=f"Officer {i}",
                    category="professional",
                    contract_type="indefinite",
                    number_of_positions=1,
                    place_sq=places[i % len(places)],
                    place_en=places[i % len(places)] + " (en)",
                    scoring_scheme="kqz-professional",
                    closing_state=ClosingState.CLOSED if archived else ClosingState.OPEN,
                    closed_at=opens + dt.timedelta(days=21) if archived else None,
                )
                for i in range(n)
            ],
            batch_size=1000,
        )
        PositionPlace.objects.bulk_create(
            [
                PositionPlace(position=p, place_sq=places[(i + 3) % len(places)], count=1)
                for i, p in enumerate(positions)
                if i % 3 == 0
            ],
            batch_size=1000,
        )


def load_procedure(hr_user, institution):
    """A closed position with 10,000 applications (the shortlist's and the results' names)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from applications.models import Application, ApplicationStatus
    from scoring import schemes
    from scoring.models import Evaluation
    from vacancies.models import Announcement, ClosingState, Position

    now = timezone.now()
    announcement = Announcement.objects.create(
        institution=institution,
        reference="PROC 1/2026",
        title_sq="Procedura",
        status="closed",
        published_at=now - dt.timedelta(days=90),
        opens_at=now - dt.timedelta(days=90),
        closes_at=now - dt.timedelta(days=70),
        contact_email="hr@example.org",
    )
    position = Position.objects.create(
        announcement=announcement,
        code="PROC-1",
        title_sq="Zyrtar i procedurës",
        closing_state=ClosingState.CLOSED,
        closed_at=now - dt.timedelta(days=70),
        place_sq="Prishtinë",
    )
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"c{i}@example.org", email=f"c{i}@example.org", password="!") for i in range(10_000)],
        batch_size=2000,
    )
    apps = Application.objects.bulk_create(
        [Application(applicant=u, position=position, status=ApplicationStatus.SUBMITTED) for u in users],
        batch_size=2000,
    )
    scheme = schemes.preset("kqz-professional")
    evaluation = Evaluation.objects.create(
        position=position,
        scheme_key=scheme.key,
        scheme_data=scheme.as_dict(),
        category="professional",
        status="published",
        created_by=hr_user,
    )
    return position, evaluation, [a.pk for a in apps]


def set_candidates(position, evaluation, app_ids, n: int, hr_user) -> None:
    from django.utils import timezone

    from scoring.models import EvaluationResult
    from verification.models import Shortlist

    now = timezone.now()
    entries = [
        {
            "review": 0,
            "application": a,
            "reference": f"REF-{i:05d}",
            "first_name": f"Emri{i}",
            "last_name": f"Mbiemri{i:05d}",
        }
        for i, a in enumerate(app_ids[:n])
    ]
    Shortlist.objects.update_or_create(
        position=position, defaults={"published_at": now, "published_by": hr_user, "entries": entries}
    )
    rows = [
        {
            "candidate_id": i + 1,
            "application_id": a,
            "rank": i + 1,
            "documents": None,
            "written": "60",
            "interview": "25",
            "total": "85",
            "reached_interview": True,
            "qualified": i % 2 == 0,
            "tie_rule": "",
            "winner": i == 0,
            "stopped_at": "",
            "excluded": False,
            "absent": "",
        }
        for i, a in enumerate(app_ids[:n])
    ]
    EvaluationResult.objects.update_or_create(
        evaluation=evaluation,
        defaults={
            "scheme_data": evaluation.scheme_data,
            "rows": rows,
            "computed_by": hr_user,
            "published_at": now,
            "published_by": hr_user,
            "lot": {},
            "tie_context": {},
        },
    )


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def page_paths(position, evaluation) -> dict:
    from django.urls import reverse
    from django.utils import translation

    from vacancies.models import Position

    sample = Position.objects.filter(code__endswith="-open-P0").select_related("announcement").first()
    with translation.override("sq"):
        return {
            "home": reverse("home"),
            "list": reverse("vacancies:list"),
            "archive": reverse("vacancies:archive"),
            "announcement": reverse("vacancies:announcement", args=[sample.announcement_id]),
            "position": reverse("vacancies:position", args=[sample.announcement_id, sample.pk]),
            "shortlist": reverse("verification:shortlist", args=[position.pk]),
            "results": reverse("scoring:public_results", args=[evaluation.pk]),
        }


def measure_stage(paths: dict, runs: int, args, *, count_instructions: bool = False) -> dict:
    from django.conf import settings

    from recruitment.lib import public_cache

    out = {}
    for name, path in paths.items():
        settings.PUBLIC_PAGE_CACHE_SECONDS = 60
        public_cache.public_pages_changed()  # a fresh generation: the first request renders, the rest hit
        cached = measure(path, runs)
        settings.PUBLIC_PAGE_CACHE_SECONDS = 0
        uncached = measure(path, max(runs // 4, 10))
        out[name] = {"cached": cached, "uncached": uncached, "queries": queries(path)}
        if count_instructions:
            for state, cached in (("instructions_cached", True), ("instructions_uncached", False)):
                out[name][state] = instructions(
                    args, path, bare=False, requests=args.callgrind_requests, cached=cached
                )
        settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    return out


def report(stages: dict, bare: dict, bare_instr: float | None, args) -> str:
    bare_ms = bare["wall_ms"]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "## Public pages against bare Django, and their growth (`bench/pages.py`)\n",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} CPU(s), Python "
        f"{platform.python_version()}, PostgreSQL on the same machine, DEBUG off, `ANALYZE` after each load. "
        f"Load average at the end {load}: **the machine was heavily loaded by other work during this run**, "
        "so the absolute times are inflated and noisy; only the ratios (bare and pages measured alike, in "
        "the same run) are meaningful"
        + (
            ", and the instruction counts (callgrind) are not disturbed by the load."
            if args.callgrind
            else "."
        )
        + "\n",
        "Requests through Django's WSGI handler in one process (no network), anonymous, Albanian; median of "
        f"{args.runs} requests (cache on) and {max(args.runs // 4, 10)} (cache off) after 3 warm-up "
        f"requests. Bare 'hello' (startproject's middleware): {bare_ms:.3f} ms per request"
        + (f", {bare_instr / 1e6:.2f} M instructions" if bare_instr else "")
        + ". ratio = bare ÷ page.\n",
        "| page | size | served (cache on) | ratio | rendered (cache off) | ratio | queries (cache off) | "
        "HTML |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for stage, pages in stages.items():
        for name, m in pages.items():
            row = (
                f"| {name} | {stage} | {m['cached']['wall_ms']:.2f} ms | "
                f"{bare_ms / m['cached']['wall_ms']:.2f} | {m['uncached']['wall_ms']:.1f} ms | "
                f"{bare_ms / m['uncached']['wall_ms']:.3f} | {m['queries']} | "
                f"{m['uncached']['bytes'] / 1024:.0f} kB |"
            )
            lines.append(row)
    small, large = list(stages)
    lines += [
        "",
        f"Growth from {small} to {large} (time at {large} ÷ time at {small}; target ≤ 1.25):\n",
        "| page | served (cache on) | rendered (cache off) | queries | met (rendered) |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    for name in stages[small]:
        a, b = stages[small][name], stages[large][name]
        served = b["cached"]["wall_ms"] / a["cached"]["wall_ms"]
        rendered = b["uncached"]["wall_ms"] / a["uncached"]["wall_ms"]
        lines.append(
            f"| {name} | {served:.2f} | {rendered:.2f} | {a['queries']} → {b['queries']} | "
            f"{'yes' if rendered <= 1.25 else 'no'} |"
        )
    if args.callgrind:
        lines += [
            "",
            f"Instructions per request in the web process (callgrind, {args.callgrind_requests} requests "
            f"after 3 warm-up ones; PostgreSQL's own work is not in it; bare 'hello' {bare_instr / 1e6:.2f} "
            f"M), {small} → {large}:\n",
            "| page | served (cache on) | × bare | rendered (cache off) | × bare | growth (rendered) |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, m in stages[large].items():
            hit, miss = m["instructions_cached"], m["instructions_uncached"]
            miss_small = stages[small][name]["instructions_uncached"]
            lines.append(
                f"| {name} | {hit / 1e6:.2f} M | {hit / bare_instr:.1f} | {miss_small / 1e6:.1f} M → "
                f"{miss / 1e6:.1f} M | {miss / bare_instr:.0f} | {miss / miss_small:.2f} |"
            )
    target = [n for n in stages[large] if bare_ms / stages[large][n]["cached"]["wall_ms"] >= 0.5]
    lines += [
        "",
        f"Anonymous pages served at ≥ 0.5 × bare ({large}): {len(target)} of {len(stages[large])} "
        f"({', '.join(target) or 'none'}).\n",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="bench_pages")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--write-results", action="store_true")
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--callgrind-requests", type=int, default=5)
    parser.add_argument("--child-bare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-callgrind", help=argparse.SUPPRESS)
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-cache", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child_bare or (args.child_callgrind and args.bare):
        import django

        django.setup()
        if args.child_callgrind:
            return callgrind_child("/hello/", args.callgrind_requests)
        print(json.dumps(measure("/hello/", args.runs * 2)))
        return None
    if args.child_callgrind:
        setup_portal(args.database)
        from django.conf import settings

        settings.PUBLIC_PAGE_CACHE_SECONDS = 0 if args.no_cache else 60
        settings.PUBLIC_CACHE_GENERATION_SECONDS = 3600
        return callgrind_child(args.child_callgrind, args.callgrind_requests)

    admin_db(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    admin_db(f'CREATE DATABASE "{args.database}"')
    bare_before = bare_timing(args.runs)
    setup_portal(args.database)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from vacancies.models import Institution

    call_command("migrate", verbosity=0)
    try:
        call_command("createcachetable", verbosity=0)
        hr = get_user_model().objects.create(username="bench-hr@example.org", password="!")
        institutions = [
            Institution.objects.create(
                short_name=f"I{i}",
                name_sq=f"Institucioni {i}",
                name_en=f"Institution {i}",
                country="XK",
                time_zone="Europe/Belgrade",
                email="hr@example.org",
                rule_set=RULE_SET,
            )
            for i in range(8)
        ]
        position, evaluation, app_ids = load_procedure(hr, institutions[0])
        stages = {}
        load_vacancies(10, "s", institutions=institutions)
        set_candidates(position, evaluation, app_ids, 1_000, hr)
        analyze()
        paths = page_paths(position, evaluation)
        stages["10 vacancies, 1,000 candidates"] = measure_stage(
            paths, args.runs, args, count_instructions=args.callgrind
        )
        load_vacancies(4_990, "l", institutions=institutions)
        set_candidates(position, evaluation, app_ids, 10_000, hr)
        analyze()
        stages["5,000 vacancies, 10,000 candidates"] = measure_stage(
            paths, args.runs, args, count_instructions=args.callgrind
        )
        bare_after = bare_timing(args.runs)
        bare = {k: (bare_before[k] + bare_after[k]) / 2 for k in ("wall_ms", "cpu_ms")}
        bare_instr = (
            instructions(args, "/hello/", bare=True, requests=args.callgrind_requests)
            if args.callgrind
            else None
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin_db(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    text = report(stages, bare, bare_instr, args)
    print(text)
    if args.write_results:
        from results_file import write_section

        write_section("pages", text)
    return None


if __name__ == "__main__":
    main()
