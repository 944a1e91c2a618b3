#!/usr/bin/env python
"""The signed-in pages against a bare Django "hello" view, and how they grow with the data (issue 13).

    .venv/bin/python bench/signed_in.py                               # prints the Markdown report
    .venv/bin/python bench/signed_in.py --callgrind --write-results   # ...with instructions, into RESULTS.md

Four pages, each at two sizes, signed in (a real session row and cookie, the staff's with the second factor
recorded as allauth records it), in Albanian, DEBUG off, in a database of its own (``--database``, created
afresh, dropped unless ``--keep``) with ``ANALYZE`` after the load:
  mine:       "My applications" of an applicant with 1 application, and of one with 20;
  draft:      a draft's page (``application_detail``): no document uploaded and an empty library, and 10
              documents uploaded with 20 in the library;
  hr_review:  HR's list of a position's reviews to decide (the verification's changelist filtered on the
              position) at 10 and at 10,000 applications, and at 100 (a full first page, "page");
  evaluation: a committee member's evaluation page at the interview with 5 and with 300 invited candidates,
              and with 50 (both tables' first pages full, "page");
  floor:      a "hello" view behind the portal's whole middleware, signed in as an applicant ("small") and as
              HR with the second factor ("large"): what every signed-in page costs before its own work;
  frame:      the floor and the site's frame (base.html, empty content), same readers: what a page that
              extends base.html costs before its own queries and content.
Requests go through Django's WSGI handler in this process (bench/pages.py's way), carrying the session and
CSRF cookies a browser would send. ``--callgrind`` counts the web process's instructions per request
(valgrind's callgrind, switched on only around ``--callgrind-requests`` requests after 3 warm-up ones): a
count that other processes on this shared machine do not disturb. The bare view (bench/bare_settings.py) is
counted the same way; ratio = page's instructions ÷ bare's (target ≤ 15).
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

from pages import _child_env, admin_db, analyze, bare_timing, setup_portal  # noqa: E402
from pages import instructions as pages_instructions  # noqa: E402

PAGES = ("floor", "frame", "mine", "draft", "hr_review", "evaluation")
SIZES = ("small", "large")
# The two paginated pages are also measured at a size that fills their first page: the growth from it to the
# large size is what the data adds beyond the page's rows (the small size shows fewer rows than the large).
PAGE_SIZE = "page"
TARGET = 15


# --- Measuring ----------------------------------------------------------------------------------------------


def _handler(cookies: dict):
    """GET through Django's WSGI handler with the browser's cookies; the cookies the response sets (CSRF,
    a rotated session) are kept for the next request, as a browser keeps them."""
    from django.test.client import ClientHandler, RequestFactory

    handler = ClientHandler(enforce_csrf_checks=True)
    factory = RequestFactory()
    jar = dict(cookies)

    def get(path: str) -> int:
        environ = factory._base_environ(
            PATH_INFO=path.split("?")[0],
            QUERY_STRING=path.partition("?")[2],
            REQUEST_METHOD="GET",
            HTTP_HOST="localhost",
            SERVER_NAME="localhost",
            HTTP_COOKIE="; ".join(f"{k}={v}" for k, v in jar.items()),
        )
        response = handler(environ)
        body = b"".join(response) if response.streaming else response.content
        response.close()
        for name, morsel in response.cookies.items():
            jar[name] = morsel.value
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.get('Location', '')}")
        return len(body)

    return get


def measure(path: str, cookies: dict, runs: int) -> dict:
    get = _handler(cookies)
    for _ in range(3):
        size = get(path)
    walls = []
    for _ in range(runs):
        w = time.perf_counter()
        get(path)
        walls.append(time.perf_counter() - w)
    return {"wall_ms": statistics.median(walls) * 1000, "bytes": size}


def queries(path: str, cookies: dict) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get = _handler(cookies)
    get(path)
    with CaptureQueriesContext(connection) as ctx:
        get(path)
    return len(ctx.captured_queries)


def callgrind_child(path: str, cookies: dict, requests: int) -> None:
    get = _handler(cookies)
    for _ in range(3):
        get(path)
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True)
    for _ in range(requests):
        get(path)
    subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], check=True, capture_output=True)


def instructions(args, path: str, cookies: dict, *, keep_as: str | None = None) -> float:
    out = Path(keep_as or f"/tmp/bench-signed-callgrind-{os.getpid()}.out")
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={out}",
        sys.executable,
        __file__,
        "--child-callgrind",
        path,
        "--cookies",
        json.dumps(cookies),
        "--callgrind-requests",
        str(args.callgrind_requests),
        "--database",
        args.database,
    ]
    subprocess.run(command, check=True, capture_output=True, env=_child_env(False))
    total = 0
    for line in out.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            total = max(total, int(line.split()[1]))
    if not keep_as:
        out.unlink(missing_ok=True)
    return total / args.callgrind_requests


def add_floor_view() -> None:
    """/bench-floor/: a signed-in "hello" behind the portal's whole middleware (session, user, roles, second
    factor, timeouts, CSP, no-store), no query and no template of its own: what any signed-in page costs
    before its own work."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.template import engines
    from django.urls import clear_url_caches, path

    from recruitment import urls

    frame = engines["django"].from_string("{% extends 'base.html' %}")
    urls.urlpatterns.insert(0, path("bench-floor/", login_required(lambda request: HttpResponse("hello"))))
    # /bench-frame/: the floor and the site's frame (base.html with an empty content block): what a page that
    # extends base.html costs before its own queries and content.
    urls.urlpatterns.insert(
        0, path("bench-frame/", login_required(lambda request: HttpResponse(frame.render({}, request))))
    )
    clear_url_caches()


# --- Data ---------------------------------------------------------------------------------------------------


def _user(username: str, **extra):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create(username=username, email=username, password="!", **extra)


def _cookies(user, *, second_factor: bool) -> dict:
    """A signed-in session as the log-in makes it (and, for staff, allauth's record of the TOTP code)."""
    from django.conf import settings
    from django.test import Client

    sys.path.insert(0, str(ROOT))
    from tests.helpers.auth import login_with_second_factor

    client = Client()
    if second_factor:
        login_with_second_factor(client, user)
    else:
        client.force_login(user)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def _position(institution, code: str, *, closed: bool, documents: int = 5, requirements: int = 4):
    from django.utils import timezone

    from vacancies.models import (
        Announcement,
        AnnouncementStatus,
        ClosingState,
        Position,
        RequiredDocument,
        Requirement,
    )
    from vacancies.translation import ANNOUNCEMENT_FIELDS

    now = timezone.now()
    opens = now - dt.timedelta(days=40 if closed else 2)
    # The texts of a real announcement and position (a few paragraphs each, in Albanian and English).
    text = "Teksti i njoftimit, me kërkesat, kompetencat dhe mënyrën e vlerësimit. " * 30
    long_texts = {
        f"{name}_{language}": text
        for name in ANNOUNCEMENT_FIELDS
        if name not in ("title", "other_notes")
        for language in ("sq", "en")
    }
    announcement = Announcement.objects.create(
        institution=institution,
        reference=f"{code}/2026",
        title_sq=f"Konkurs {code}",
        title_en=f"Competition {code}",
        **long_texts,
        contact_email="hr@example.org",
        published_at=opens,
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=20),
        status=AnnouncementStatus.CLOSED if closed else AnnouncementStatus.PUBLISHED,
        rule_set=institution.rule_set,
    )
    position = Position.objects.create(
        announcement=announcement,
        code=code,
        title_sq=f"Zyrtar {code}",
        title_en=f"Officer {code}",
        category="professional",
        contract_type="indefinite",
        number_of_positions=1,
        place_sq="Prishtinë",
        description_sq=text,
        description_en=text,
        duties_sq=text,
        duties_en=text,
        scoring_scheme="kqz-professional",
        closing_state=ClosingState.CLOSED if closed else ClosingState.OPEN,
        closed_at=opens + dt.timedelta(days=20) if closed else None,
    )
    RequiredDocument.objects.bulk_create(
        RequiredDocument(position=position, order=i, name_sq=f"Dokumenti {i}", name_en=f"Document {i}")
        for i in range(documents)
    )
    Requirement.objects.bulk_create(
        Requirement(position=position, order=i, kind="education", text_sq=f"Kriteri {i}", text_en=f"Rule {i}")
        for i in range(requirements)
    )
    return position


def _applicants(n: int, tag: str):
    """``n`` users with their profiles (the names the lists show)."""
    from django.contrib.auth import get_user_model

    from applications.models import ApplicantProfile

    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(username=f"{tag}{i}@example.org", email=f"{tag}{i}@example.org", password="!")
            for i in range(n)
        ],
        batch_size=2000,
    )
    ApplicantProfile.objects.bulk_create(
        [
            ApplicantProfile(user=u, first_name=f"Emri{i}", last_name=f"Mbiemri{i:05d}", email=u.email)
            for i, u in enumerate(users)
        ],
        batch_size=2000,
    )
    return users


def _submitted(position, users, tag: str):
    """Each user's submitted application of ``position`` with its frozen submission."""
    from django.utils import timezone

    from applications.models import Application, ApplicationStatus, ApplicationSubmission

    now = timezone.now()
    apps = Application.objects.bulk_create(
        [Application(applicant=u, position=position, status=ApplicationStatus.SUBMITTED) for u in users],
        batch_size=2000,
    )
    submissions = ApplicationSubmission.objects.bulk_create(
        [
            ApplicationSubmission(
                application=a,
                number=1,
                reference=f"{tag}-{i:05d}",
                submitted_at=now - dt.timedelta(days=30),
                submitted_by=u,
                profile_snapshot={"personal": {"first_name": f"Emri{i}", "last_name": f"Mbiemri{i:05d}"}},
                checklist_snapshot=[],
                context_snapshot={},
            )
            for i, (a, u) in enumerate(zip(apps, users, strict=True))
        ],
        batch_size=2000,
    )
    for a, sub in zip(apps, submissions, strict=True):
        a.last_submission = sub
    Application.objects.bulk_update(apps, ["last_submission"], batch_size=2000)
    return apps, submissions


def load_mine_and_draft(institution, open_positions, closed_positions) -> dict:
    """Small: an applicant with one submitted application ("My applications") and another with one
    draft, nothing uploaded, no library (the draft's page). Large: an applicant with 20 applications, 19
    submitted and 1 draft with 10 documents uploaded and 20 files in their library (both pages). Returns the
    pages' paths and cookies per size."""
    from django.urls import reverse
    from django.utils import timezone, translation

    from applications.models import (
        ApplicantProfile,
        Application,
        ApplicationDocument,
        ApplicationStatus,
        ApplicationSubmission,
        LibraryDocument,
    )

    now = timezone.now()
    out = {}
    for size, user_name, count, uploaded, library in (
        ("small", "alba@example.org", 1, 0, 0),
        ("large", "besa@example.org", 20, 10, 20),
    ):
        user = _user(user_name)
        ApplicantProfile.objects.create(user=user, first_name="Alba", last_name="Krasniqi", email=user.email)
        if size == "small":  # the draft is another applicant's: "My applications" lists one submitted one
            owner = _user("dora@example.org")
            ApplicantProfile.objects.create(
                user=owner, first_name="Dora", last_name="Gashi", email=owner.email
            )
            count += 1
        else:
            owner = user
        draft = Application.objects.create(
            applicant=owner, position=open_positions[0], status=ApplicationStatus.DRAFT
        )
        for i in range(count - 1):
            position = (closed_positions + open_positions[1:])[i]
            app = Application.objects.create(
                applicant=user, position=position, status=ApplicationStatus.SUBMITTED
            )
            submission = ApplicationSubmission.objects.create(
                application=app,
                number=1,
                reference=f"{size}-{i}-{app.pk}",
                submitted_at=now - dt.timedelta(days=30),
                submitted_by=user,
                profile_snapshot={"personal": {"first_name": "Besa", "last_name": "Krasniqi"}},
                checklist_snapshot=[],
                context_snapshot={},
            )
            app.last_submission = submission
            app.save(update_fields=["last_submission"])
        documents = list(open_positions[0].documents.order_by("order"))
        ApplicationDocument.objects.bulk_create(
            ApplicationDocument(
                application=draft,
                slot=f"doc-{documents[i % len(documents)].pk}",
                required_document=documents[i % len(documents)],
                label=f"dokument-{i}.pdf",
                storage_path=f"documents/bench-{size}-{i}.pdf",
                content_type="application/pdf",
                size=120_000,
                uploaded_by=owner,
            )
            for i in range(uploaded)
        )
        LibraryDocument.objects.bulk_create(
            LibraryDocument(
                owner=owner,
                label=f"diploma-{i}.pdf",
                storage_path=f"library/bench-{size}-{i}.pdf",
                content_type="application/pdf",
                size=90_000,
            )
            for i in range(library)
        )
        with translation.override("sq"):
            out[("mine", size)] = (reverse("applications:mine"), _cookies(user, second_factor=False))
            out[("draft", size)] = (
                reverse("applications:detail", args=[draft.pk]),
                _cookies(owner, second_factor=False),
            )
    return out


def load_reviews(institution, hr) -> dict:
    """Three closed positions whose reviews are open: 10, 100 (a full first page) and 10,000 applications,
    three criteria each."""
    from django.urls import reverse
    from django.utils import timezone, translation

    from verification.models import Check, Review, ReviewCount

    now = timezone.now()
    out = {}
    cookies = _cookies(hr, second_factor=True)
    for size, n in (("small", 10), (PAGE_SIZE, 100), ("large", 10_000)):
        position = _position(institution, f"VER-{size}", closed=True, documents=1, requirements=3)
        requirements = list(position.requirements.order_by("order"))
        users = _applicants(n, f"ver-{size}-")
        apps, submissions = _submitted(position, users, size)
        reviews = Review.objects.bulk_create(
            [
                Review(
                    application=a,
                    submission=submissions[i],
                    position=position,
                    first_name=f"Emri{i}",
                    last_name=f"Mbiemri{i:05d}",
                    reference=f"{size}-{i:05d}",
                    decision="eligible" if i % 3 == 0 else "undecided",
                    opened_at=now,
                )
                for i, a in enumerate(apps)
            ],
            batch_size=2000,
        )
        ReviewCount.objects.create(position=position, reviews=len(reviews))  # as services.reviews_open does
        Check.objects.bulk_create(
            [
                Check(
                    review=r,
                    order=k,
                    kind="education",
                    requirement=requirements[k],
                    label={"sq": f"Kriteri {k}"},
                    result="met" if k else "",
                )
                for r in reviews
                for k in range(3)
            ],
            batch_size=5000,
        )
        with translation.override("sq"):
            url = reverse("admin:verification_review_changelist") + f"?position__id__exact={position.pk}"
        out[("hr_review", size)] = (url, cookies)
    return out


def load_floor_cookies() -> dict:
    """An applicant's session for the floor (the staff's is the floor's "large")."""
    return _cookies(_user("floor@example.org"), second_factor=False)


def load_evaluations(institution, hr) -> dict:
    """A committee member's three evaluations at the interview: 5, 50 (both tables' first pages of 25 full)
    and 300 invited candidates."""
    from decimal import Decimal

    from django.urls import reverse
    from django.utils import timezone, translation

    sys.path.insert(0, str(ROOT))
    from scoring import services
    from scoring.models import EvaluationCandidate, EvaluationStatus, InterviewQuestion
    from tests.helpers.scoring import make_committee

    now = timezone.now()
    member = _user("anetar@example.org")
    others = [_user(f"anetar{i}@example.org") for i in range(4)]
    out = {
        ("floor", "small"): ("/bench-floor/", load_floor_cookies()),
        ("floor", "large"): ("/bench-floor/", _cookies(hr, second_factor=True)),
    }
    out[("frame", "small")] = ("/bench-frame/", out[("floor", "small")][1])
    out[("frame", "large")] = ("/bench-frame/", out[("floor", "large")][1])
    cookies = _cookies(member, second_factor=True)
    for size, n in (("small", 5), (PAGE_SIZE, 50), ("large", 300)):
        position = _position(institution, f"EVA-{size}", closed=True, documents=1, requirements=1)
        make_committee(position, [member, *others], hr)
        evaluation = services.evaluation_create(position=position, actor=hr)
        users = _applicants(n, f"eva-{size}-")
        apps, _submissions = _submitted(position, users, f"eva-{size}")
        EvaluationCandidate.objects.bulk_create(
            [
                EvaluationCandidate(
                    evaluation=evaluation,
                    application=a,
                    first_name=f"Emri{i}",  # the shortlist's name, which candidates_admit keeps
                    last_name=f"Mbiemri{i:05d}",
                    written_score=Decimal(40 + i % 30),
                    written_source="import",
                    invited_to_interview=True,
                )
                for i, a in enumerate(apps)
            ],
            batch_size=2000,
        )
        evaluation.interview_questions.bulk_create(
            [
                InterviewQuestion(
                    evaluation=evaluation, number=k + 1, text=f"Pyetja {k}", maximum=Decimal(20)
                )
                for k in range(5)
            ]
        )
        type(evaluation).objects.filter(pk=evaluation.pk).update(
            status=EvaluationStatus.INTERVIEWS, written_locked_at=now
        )
        with translation.override("sq"):
            out[("evaluation", size)] = (reverse("scoring:evaluation", args=[evaluation.pk]), cookies)
    return out


def _published_result(position, hr) -> None:
    from django.utils import timezone

    from scoring import schemes
    from scoring.models import Evaluation, EvaluationResult

    scheme = schemes.preset("kqz-professional")
    evaluation = Evaluation.objects.create(
        position=position,
        scheme_key=scheme.key,
        scheme_data=scheme.as_dict(),
        category="professional",
        status="published",
        created_by=hr,
    )
    EvaluationResult.objects.create(
        evaluation=evaluation,
        scheme_data=evaluation.scheme_data,
        rows=[],
        computed_by=hr,
        published_at=timezone.now() - dt.timedelta(days=3),
        published_by=hr,
        lot={},
        tie_context={},
    )


def load(institution) -> dict:
    from vacancies.models import InstitutionStaff, StaffRole

    hr = _user("hr@kqz.example.org", is_staff=True)
    InstitutionStaff.objects.create(user=hr, institution=institution, role=StaffRole.HR)
    open_positions = [_position(institution, f"OPEN-{i}", closed=False) for i in range(10)]
    closed_positions = [_position(institution, f"DONE-{i}", closed=True) for i in range(10)]
    for position in closed_positions[:3]:  # results published: the later apps are asked about these
        _published_result(position, hr)
    targets = {}
    targets.update(load_mine_and_draft(institution, open_positions, closed_positions))
    targets.update(load_reviews(institution, hr))
    targets.update(load_evaluations(institution, hr))
    return targets


# --- Report -------------------------------------------------------------------------------------------------


def report(results: dict, bare: dict, bare_instr: float | None, args, pages=PAGES) -> str:
    load_avg = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "## Signed-in pages against bare Django, and their growth (`bench/signed_in.py`)\n",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} CPU(s), Python "
        f"{platform.python_version()}, PostgreSQL on the same machine, DEBUG off, `ANALYZE` after the load, "
        f"load average at the end {load_avg} (a shared machine: the times are noisy, the instruction counts "
        "are not).\n",
        "Signed in (session row and cookie, CSRF cookie; staff with the second factor recorded), Albanian, "
        f"through Django's WSGI handler in one process; median of {args.runs} requests after 3 warm-up ones. "
        "Sizes: mine 1 → 20 applications (1 → 19 submitted, the first on a position with published results, "
        "3 of the 19 on such positions); draft 0 → 10 documents and 0 → 20 library "
        "files; hr_review 10 → 10,000 applications of the position (and 100, a full first page); evaluation "
        "5 → 300 invited candidates (and 50, both tables' first pages full). "
        f"Bare 'hello' (startproject's middleware): {bare['wall_ms']:.3f} ms per request"
        + (f", {bare_instr / 1e6:.2f} M instructions" if bare_instr else "")
        + ".\n",
    ]
    head = (
        "| page | queries small → large | time small → large | growth | time full page → large | growth from "
        "a full page | HTML large |"
    )
    rule = "| --- | --- | --- | ---: | --- | ---: | ---: |"
    if bare_instr:
        head += " instructions small → large | × bare small → large | ≤ 15 × bare |"
        rule += " ---: | ---: | --- |"
    lines += [head, rule]
    for page in pages:
        s, l_ = results[(page, "small")], results[(page, "large")]
        full = results.get((page, PAGE_SIZE))
        from_full = (
            f"{full['wall_ms']:.1f} → {l_['wall_ms']:.1f} ms | {l_['wall_ms'] / full['wall_ms']:.2f}"
            if full
            else "– | –"
        )
        row = (
            f"| {page} | {s['queries']} → {l_['queries']} | {s['wall_ms']:.1f} → {l_['wall_ms']:.1f} ms | "
            f"{l_['wall_ms'] / s['wall_ms']:.2f} | {from_full} | {l_['bytes'] / 1024:.0f} kB |"
        )
        if bare_instr:
            worst = max(s["instructions"], l_["instructions"])
            row += (
                f" {s['instructions'] / 1e6:.1f} M → {l_['instructions'] / 1e6:.1f} M | "
                f"{s['instructions'] / bare_instr:.1f} → {l_['instructions'] / bare_instr:.1f} | "
                f"{'yes' if worst <= TARGET * bare_instr else 'no'} |"
            )
        lines.append(row)
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="rec_signed_bench")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="measure a database kept by --keep, no load")
    parser.add_argument("--only", help="comma-separated pages")
    parser.add_argument("--write-results", action="store_true")
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--callgrind-requests", type=int, default=5)
    parser.add_argument("--callgrind-keep", help="keep each page's callgrind output in this folder")
    parser.add_argument("--child-callgrind", help=argparse.SUPPRESS)
    parser.add_argument("--cookies", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child_callgrind:
        setup_portal(args.database)
        add_floor_view()
        return callgrind_child(args.child_callgrind, json.loads(args.cookies), args.callgrind_requests)

    targets_file = Path(f"/tmp/{args.database}-targets.json")
    if not args.reuse:
        admin_db(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        admin_db(f'CREATE DATABASE "{args.database}"')
    bare_before = bare_timing(args.runs)
    setup_portal(args.database)
    add_floor_view()
    from django.core.management import call_command

    from vacancies.models import Institution

    try:
        if args.reuse:
            targets = {tuple(k.split("|")): tuple(v) for k, v in json.loads(targets_file.read_text()).items()}
        else:
            call_command("migrate", verbosity=0)
            call_command("createcachetable", verbosity=0)
            institution = Institution.objects.create(
                short_name="KQZ",
                name_sq="Komisioni Qendror i Zgjedhjeve",
                name_en="Central Election Commission",
                country="XK",
                time_zone="Europe/Belgrade",
                email="hr@example.org",
                rule_set="kqz-01-2024",
            )
            targets = load(institution)
            analyze()
            targets_file.write_text(json.dumps({"|".join(k): v for k, v in targets.items()}))
        pages = args.only.split(",") if args.only else PAGES
        results = {}
        for page in pages:
            for size in (*SIZES, PAGE_SIZE) if (page, PAGE_SIZE) in targets else SIZES:
                path, cookies = targets[(page, size)]
                m = measure(path, cookies, args.runs)
                m["queries"] = queries(path, cookies)
                if args.callgrind:
                    keep = f"{args.callgrind_keep}/{page}-{size}.out" if args.callgrind_keep else None
                    m["instructions"] = instructions(args, path, cookies, keep_as=keep)
                results[(page, size)] = m
                print(page, size, m, file=sys.stderr)
        bare_after = bare_timing(args.runs)
        bare = {"wall_ms": (bare_before["wall_ms"] + bare_after["wall_ms"]) / 2}
        bare_instr = None
        if args.callgrind:
            bare_instr = pages_instructions(args, "/hello/", bare=True, requests=args.callgrind_requests)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep and not args.reuse:
            admin_db(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    text = report(results, bare, bare_instr, args, pages)
    print(text)
    if args.write_results:
        from results_file import write_section

        write_section("signed_in", text)
    return None


if __name__ == "__main__":
    main()
