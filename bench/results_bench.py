#!/usr/bin/env python
"""The results of a large competition (issue 6): 10,000 candidates × 5 members × 5 interview questions.
Not a test: it measures and reports (targets: under 2 s to compute the results; the public results page's
query count independent of the number of candidates).

    .venv/bin/python bench/results_bench.py                  # prints a Markdown report
    .venv/bin/python bench/results_bench.py --write-results  # ...and puts it in bench/RESULTS.md

It works in a database of its own (``--database``, created afresh and dropped at the end unless ``--keep``),
on the local PostgreSQL. For each size (100, then ``--candidates``):
1. ``manage.py seed_competition --scheme kqz-professional --candidates N``;
2. a generated file imported with ``manage.py import_scores``: every candidate a written score from 40 to 70
   (so all of them reach the interview, R-23.2) and each of the 5 members' 5 marks from 0 to 6 by quarter
   points, drawn by a fixed random generator (so equal totals, and R-27's tie rules, occur);
3. ``scoring.results.compute`` (the computation from the marks, which ``evaluation_complete`` freezes) timed
   ``--runs`` times; then the evaluation is completed by the service and ``compute_results`` (from the frozen
   snapshot) timed as well;
4. the public results page (``scoring:public_results``, R-25.2) requested with Django's test client, its
   queries counted, first and last page; and the export (``scoring.io.export_records``) timed.

Shortcuts, each because it is not what is measured: the written test's sitting, its lock and the opening of
the interview are not replayed (the evaluation is moved to the interviews and the candidates at the gate
invited by a direct update, as ``written_lock`` would), and the publication sets the frozen result's
``published_at`` and the status directly instead of ``results_publish``, which would queue 10,000 e-mails.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

from results_file import write_section  # bench/ is the script's folder, first on sys.path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
TARGET_S = 2.0
MEMBERS, QUESTIONS = 5, 5


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitment.settings")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def scores_file(path: Path, applications: list[int], members: list[str], rnd: random.Random) -> int:
    """The generated import: one written total per candidate, then each member's five marks."""
    quarters = [q / 4 for q in range(0, 25)]  # 0, 0.25 … 6
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("application,step,member,question,points\n")
        for application in applications:
            out.write(f"{application},written,,,{rnd.randint(4000, 7000) / 100:.2f}\n")
            rows += 1
            for member in members:
                for question in range(1, QUESTIONS + 1):
                    out.write(f"{application},interview,{member},{question},{rnd.choice(quarters):g}\n")
                    rows += 1
    return rows


def timed(fn, runs: int) -> tuple[float, list[float]]:
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, times


def measure_size(n: int, runs: int, work: Path, rnd: random.Random) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from scoring import io, results, services
    from scoring.models import Evaluation, EvaluationResult
    from scoring.views import RESULTS_PER_PAGE
    from vacancies.models import InstitutionStaff, StaffRole

    figures = {"n": n}
    out = StringIO()
    start = time.perf_counter()
    call_command("seed_competition", "--scheme", "kqz-professional", "--candidates", str(n), stdout=out)
    figures["seed_s"] = time.perf_counter() - start
    lines = out.getvalue().splitlines()
    reference, members = lines[0], lines[1:]
    evaluation = io.evaluation_by_reference(reference)
    applications = list(evaluation.candidates.order_by("pk").values_list("application_id", flat=True))
    path = work / f"scores-{n}.csv"
    figures["rows"] = scores_file(path, applications, members, rnd)
    figures["file_mb"] = path.stat().st_size / 1e6
    start = time.perf_counter()
    call_command("import_scores", reference, str(path), stdout=StringIO())
    figures["import_s"] = time.perf_counter() - start

    computed, times = timed(lambda: results.compute(evaluation), runs)
    figures["compute"] = times
    figures["ranked"] = sum(1 for row in computed.rows if row.rank is not None)
    figures["ties"] = sum(1 for row in computed.rows if row.tie_rule)

    # The workflow's end, by the services where it is what the page reads: the chair's lock and the opening of
    # the interview are replaced by their effect (see the module's docstring).
    Evaluation.objects.filter(pk=evaluation.pk).update(status="interviews", written_locked_at=timezone.now())
    evaluation.candidates.filter(written_score__gte=40).update(invited_to_interview=True)
    hr = InstitutionStaff.objects.get(
        institution=evaluation.position.announcement.institution, role=StaffRole.HR
    ).user
    start = time.perf_counter()
    chair = next(
        seat.member.user
        for seat in evaluation.position.committee.seats.select_related("member__user")
        if seat.is_chair
    )  # the committee, by its chair, completes; HR does not
    services.evaluation_complete(evaluation=evaluation, actor=chair)
    figures["complete_s"] = time.perf_counter() - start
    _rows, times = timed(lambda: results.compute_results(evaluation), runs)
    figures["frozen"] = times
    EvaluationResult.objects.filter(evaluation=evaluation).update(
        published_at=timezone.now(), published_by=hr
    )
    Evaluation.objects.filter(pk=evaluation.pk).update(status="published")

    client = Client()
    url = reverse("scoring:public_results", args=[evaluation.pk])
    qualified = sum(1 for row in results.compute_results(evaluation) if row.qualified)
    pages = {}
    for label, query in (("first", ""), ("last", f"?page={max(1, -(-qualified // RESULTS_PER_PAGE))}")):
        client.get(url + query)  # warm
        counts, page_times = [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url + query)
                page_times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
            counts.append(len(queries))
        pages[label] = {"queries": sorted(set(counts)), "times": page_times, "bytes": len(response.content)}
    figures["pages"] = pages
    figures["qualified"] = qualified
    _records, times = timed(lambda: io.export_records(evaluation), runs)
    figures["export"] = times
    return figures


def ms(values) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms"


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown CPU"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    from django.conf import settings

    return (
        f"{os.cpu_count()} × {cpu}, Python {platform.python_version()} ({platform.python_implementation()}), "
        f"PostgreSQL {pg} on the same machine, DEBUG={settings.DEBUG}; load average before the run {load}"
    )


def report(sizes: list[dict], runs: int, machine_line: str) -> str:
    big = sizes[-1]
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [
        f"## Results of 10,000 candidates × {MEMBERS} members × {QUESTIONS} questions "
        "(`bench/results_bench.py`)",
        "",
        f"Run {when} on {machine_line}. Seed, import and completion: one run each; the other times are the "
        f"median of {runs} runs (the page's after one warm-up request).",
        "Data: `seed_competition --scheme kqz-professional` and a generated `import_scores` file (written "
        "40–70, so every candidate is interviewed; marks 0–6 by quarter points, fixed random generator).",
        "",
        "| candidates | seed | import (rows, MB) | compute from the marks | compute_results (frozen) | "
        "export records | qualified | ties |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for f in sizes:
        lines.append(
            f"| {f['n']:,} | {f['seed_s']:.1f} s | {f['import_s']:.1f} s ({f['rows']:,}, {f['file_mb']:.1f}) "
            f"| {ms(f['compute'])} | {ms(f['frozen'])} | {ms(f['export'])} | {f['qualified']:,} | "
            f"{f['ties']:,} |"
        )
    lines += [
        "",
        "Public results page (`scoring:public_results`, R-25.2: the qualified, paginated):",
        "",
        "| candidates | page | SQL queries | time | size |",
        "| ---: | --- | ---: | ---: | ---: |",
    ]
    for f in sizes:
        for label, page in f["pages"].items():
            lines.append(
                f"| {f['n']:,} | {label} | {', '.join(map(str, page['queries']))} | {ms(page['times'])} "
                f"| {page['bytes'] / 1000:.0f} kB |"
            )
    small = sizes[0]
    same_queries = all(small["pages"][k]["queries"] == big["pages"][k]["queries"] for k in big["pages"])
    compute_s = statistics.median(big["compute"])
    lines += [
        "",
        "| target | result | met |",
        "| --- | --- | --- |",
        f"| compute the results of {big['n']:,} candidates < {TARGET_S:.0f} s | {compute_s:.2f} s (from the "
        f"marks); {statistics.median(big['frozen']):.2f} s (frozen) | "
        f"{'yes' if compute_s < TARGET_S else 'no'} |",
        f"| page's query count independent of the candidates ({small['n']:,} vs {big['n']:,}) | "
        f"{small['pages']['first']['queries']} vs {big['pages']['first']['queries']} (first page), "
        f"{small['pages']['last']['queries']} vs {big['pages']['last']['queries']} (last page) "
        f"| {'yes' if same_queries else 'no'} |",
        "",
        "Completing the evaluation (`services.evaluation_complete`: the computation, frozen in one JSON row) "
        f"took {big['complete_s']:.1f} s for {big['n']:,}. The computation reads the candidates and the "
        "sheets' totals as plain tuples (a handful of queries, about a tenth of the time in a profile of "
        "2,000 candidates); the rest is exact arithmetic: each total made a `Fraction`, the members' means, "
        "the comparisons of the ranking.",
    ]
    return "\n".join(lines) + "\n"


def write_results(section: str) -> None:
    write_section("results_bench", section)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=100, help="the size the query count is compared with")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", default="recruitment_bench_results")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args()

    recreate_database(args.database)
    try:
        setup_django(args.database)
        from django.core.management import call_command
        from django.test.utils import setup_test_environment

        call_command("migrate", verbosity=0)
        setup_test_environment()  # the test client's host, and templates rendered as in the tests
        machine_line = machine()
        rnd = random.Random(2026)
        with tempfile.TemporaryDirectory() as work:
            sizes = [measure_size(n, args.runs, Path(work), rnd) for n in (args.small, args.candidates)]
        from django.db import connections

        connections.close_all()
    finally:
        if not args.keep:
            drop_database(args.database)
    section = report(sizes, args.runs, machine_line)
    print(section)
    if args.write_results:
        write_results(section)
        print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
