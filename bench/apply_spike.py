#!/usr/bin/env python
"""The deadline spike (issues 3 and 13): the portal on the DEPLOYED gunicorn configuration
(`deploy/gunicorn.conf.py`: sync workers, 2 x CPUs + 1 of them up to 12, backlog 64, psycopg pool) +
PostgreSQL on this machine, N concurrent applicants, each uploading a 1 MB PDF to a draft and then submitting
it. Not a test: it measures and reports ratios against a bare Django upload view served by the same gunicorn
in the same run.

    .venv/bin/python bench/apply_spike.py                 # 64 applicants, 6 rounds, prints a Markdown report
    .venv/bin/python bench/apply_spike.py --write-results # ...and puts it in bench/RESULTS.md

One gunicorn started with `-c deploy/gunicorn.conf.py` (only the address is changed, to a free loopback port),
the same 1 MB PDF, N client connections (sync workers close the connection after each response, so every
request opens a new one, as nginx does towards gunicorn). After a serial phase (one applicant alone: the
service time), --rounds rounds of three interleaved phases, short and their order rotated from round to
round, so that a change in the machine's load (a shared host's) falls on all alike. Before each phase
gunicorn replaces its workers (SIGHUP) and the new ones are warmed by a few uncounted requests of the phase's
kind, and the file system is synced: a worker recycled by max_requests, or the write-back of another phase's
files, then falls on no phase (see fresh_workers). The phases:
  1. bare:   a Django view behind the same middleware that only stores the upload (no checks, no row): the
     baseline;
  2. upload: the portal's upload view alone (content checks, SHA-256, private storage, row, audit);
  3. spike:  the issue's scenario, upload to a fresh draft then submit it (deadline under lock,
             frozen copy, outbox message, audit);
  4. floor (with --floor): the upload's own work and nothing else, by hand (FLOOR_SQL): what the work costs
     against the bare view, and so what the portal's layers add to it (not a target).
Afterwards bench/spike_cpu.py measures the same three requests in one process (web CPU, PostgreSQL's CPU
and, unless --no-callgrind, instructions), which the report's explanation quotes. Reported per request:
rate, p50/p95/p99 latency, errors; the ratios of issue 13 (upload ÷ bare upload,
pairs ÷ (bare upload ÷ 2)); and applications lost: submits the server acknowledged (302 with
X-Application-Reference) whose submission is not in the database afterwards with its document (the row marked
submitted and the file in the private storage with its recorded size; SHA-256 checked on a sample).

Everything it needs is made and removed by itself: a fresh database (recruitment_bench_apply), a
temporary private storage and static root, a spare Redis database (12) as Celery's broker (the
messages are enqueued as in production; no worker runs during the measurement, so PDF receipts are
not rendered on these two cores while they serve requests). Only loopback traffic.
"""

import argparse
import http.client
import io
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from results_file import write_section  # bench/ is the script's folder, first on sys.path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
RESULTS = ROOT / "bench" / "RESULTS.md"

SETTINGS_SHIM = """from recruitment.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench_apply_urls"
"""

URLS_SHIM = '''"""The portal's URLs plus the benchmark's baseline: a view that only stores the upload."""
import uuid

from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from recruitment.urls import urlpatterns as site_patterns


@login_required
@require_POST
def bare_upload(request):
    upload = request.FILES["files"]
    storages["private"].save(f"bare/{uuid.uuid4().hex}.pdf", upload)
    return HttpResponse("stored", status=201)


# --floor: the upload's own work written by hand (issue 13): the same content check and SHA-256, the same
# storage write and the same SQL statements as the portal's upload (its ownership read, the share locks, the
# row lock that sets updated_at, the checklist item with the draft's total, the document and history rows,
# the chain's lock and head, the audit event with its hash), on psycopg's cursor with none of the portal's
# layers: no ORM (models, compiled inserts, transactions' wrappers), no form, no messages, no redirect's
# URL. Not a view of the portal: it measures what the work costs without them.
FLOOR_SQL = {
    "owner": 'SELECT "applicant_id", "position_id" FROM "applications_application" WHERE "id" = %s',
    "deadline": (
        'SELECT a."opens_at", a."closes_at", a."status", p."closing_state", p."extended_until" '
        'FROM "vacancies_announcement" a INNER JOIN "vacancies_position" p ON p."announcement_id" = a."id" '
        'WHERE p."id" = %s FOR SHARE OF a, p'
    ),
    "touch": 'UPDATE "applications_application" SET "updated_at" = %s WHERE "id" = %s RETURNING "status"',
    "item": (
        'SELECT r."id", r."required", (SELECT COALESCE(SUM(d."size"), 0) '
        'FROM "applications_applicationdocument" d WHERE d."application_id" = %s AND d."removed_at" IS NULL) '
        'FROM (SELECT 1) AS one LEFT JOIN '
        '"vacancies_requireddocument" r ON r."id" = %s AND r."position_id" = %s'
    ),
    "document": (
        'INSERT INTO "applications_applicationdocument" ("application_id", "slot", "required_document_id", '
        '"label", "storage_path", "content_type", "size", "sha256", "uploaded_at", "uploaded_by_id", '
        '"submitted", "removed_at") VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, false, NULL) '
        'RETURNING "id"'
    ),
    "history": (
        'INSERT INTO "applications_applicationevent" ("application_id", "at", "kind", "actor_id", "data") '
        "VALUES (%s, %s, 'document_added', %s, %s::jsonb)"
    ),
    "audit": (
        'INSERT INTO "audit_event" ("seq", "created_at", "actor_id", "actor_repr", "action", "object_type", '
        '"object_id", "data", "prev_hash", "hash") VALUES (%s, %s, NULL, %s, %s, %s, %s, %s::jsonb, %s, %s)'
    ),
}


@login_required
@require_POST
def floor_upload(request, pk):
    import json

    from django.db import connection, transaction
    from django.http import Http404
    from django.utils import timezone

    from applications import documents, rules
    from audit import services as audit
    from audit.models import GENESIS_HASH, Event

    upload = request.FILES["files"]
    slot = request.POST["slot"]
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cur:
        cur.execute(FLOOR_SQL["owner"], [pk])
        row = cur.fetchone()
    if row is None or row[0] != request.user.pk:
        raise Http404
    checked = documents.inspect_upload(upload)
    path = documents.store(upload, checked)
    try:
        with transaction.atomic(), raw.cursor() as cur:
            cur.execute(FLOOR_SQL["deadline"], [row[1]])
            opens_at, closes_at, status, closing_state, extended_until = cur.fetchone()
            now = timezone.now()
            cur.execute(FLOOR_SQL["touch"], [now, pk])
            open_ = closing_state != "closed" and rules.accepting_applications(
                now=now, status=status, opens_at=opens_at, closes_at=extended_until or closes_at
            )
            if cur.fetchone()[0] != "draft" or not open_:
                raise Http404
            cur.execute(FLOOR_SQL["item"], [pk, int(slot.removeprefix("doc-")), row[1]])
            required_document_id, _required, total = cur.fetchone()
            if required_document_id is None or not rules.application_total_within_limit(
                current_total=total, added=checked.size
            ):
                raise Http404
            cur.execute(
                FLOOR_SQL["document"],
                [pk, slot, required_document_id, checked.label, path, checked.content_type, checked.size,
                 checked.sha256, now, request.user.pk],
            )
            document = cur.fetchone()[0]
            history = {"document": document, "label": checked.label, "slot": slot}
            cur.execute(FLOOR_SQL["history"], [pk, now, request.user.pk, json.dumps(history)])
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [audit._CHAIN_LOCK_KEY])
            cur.execute(
                f"SELECT e.*, ({audit._pseudonym_sql()}) FROM (SELECT 1) AS one "
                f"LEFT JOIN LATERAL ({audit._last_link_sql()}) AS e ON TRUE",
                [request.user.pk],
            )
            last_seq, last_hash, code = cur.fetchone()
            added = {"id": document, "sha256": checked.sha256, "size": checked.size}
            data = {"slot": slot, "documents": [added]}
            event = Event(
                seq=(last_seq or 0) + 1,
                created_at=now,
                actor_repr=code or audit._new_pseudonym(request.user),
                action="application.documents_added",
                object_type="applications.application",
                object_id=str(pk),
                data=json.loads(json.dumps(data)),
                prev_hash=last_hash or GENESIS_HASH,
            )
            cur.execute(
                FLOOR_SQL["audit"],
                [event.seq, now, event.actor_repr, event.action, event.object_type, event.object_id,
                 json.dumps(event.data), event.prev_hash, event.compute_hash()],
            )
    except BaseException:
        documents.delete_quietly(path)
        raise
    response = HttpResponse(status=302)
    response["Location"] = f"/applications/{pk}/"
    response["X-Documents-Attached"] = str(document)
    return response


urlpatterns = [
    path("bench/bare-upload/", bare_upload),
    path("bench/floor-upload/<int:pk>/", floor_upload),
    *site_patterns,
]
'''


def one_mb_pdf() -> bytes:
    """A one-page PDF holding a noise image (a scan, as far as the server can tell), at least 1 MiB."""
    from PIL import Image

    side = 1000
    while True:
        img = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        buf = io.BytesIO()
        img.save(buf, format="PDF", quality=90)
        if buf.tell() >= 1024 * 1024:
            return buf.getvalue()
        side += 20


# --- Set-up ------------------------------------------------------------------------------------------------


def server_env(args, work: Path) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": f"{work}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "bench_apply_settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "PRIVATE_MEDIA_ROOT": str(work / "private"),
        "STATIC_ROOT": str(work / "static"),
        "CELERY_BROKER_URL": args.broker,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        # deploy/.env.example's values: the pool on (one connection used at a time by a sync worker).
        "DATABASE_POOL": "1",
        "DATABASE_POOL_MIN": "2",
        "DATABASE_POOL_MAX": "10",
        "WEB_CONCURRENCY": str(args.workers),
        "LOG_LEVEL": "ERROR",
    }


def configured_workers() -> int:
    """How many workers deploy/gunicorn.conf.py starts on this machine when WEB_CONCURRENCY is not set (its
    own rule: 2 x the CPUs it may use + 1, at most 12)."""
    import runpy

    saved = os.environ.pop("WEB_CONCURRENCY", None)
    try:
        return int(runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["workers"])
    finally:
        if saved is not None:
            os.environ["WEB_CONCURRENCY"] = saved


def add_workers_argument(parser) -> None:
    """--workers, for the scripts that start gunicorn with the deployed configuration (this one and
    capacity.py)."""
    parser.add_argument(
        "--workers",
        type=int,
        default=configured_workers(),
        help="WEB_CONCURRENCY (default: deploy/gunicorn.conf.py's own, 2 x CPUs + 1, at most 12)",
    )


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *argv):
    subprocess.run(
        [PY, str(ROOT / "manage.py"), *argv], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )


def seed(args) -> dict:
    """Applicants with complete profiles, one open announcement with many positions (each asks for one
    document), a draft per applicant and position, and a logged-in session per applicant."""
    import datetime as dt

    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from applications.models import ApplicantProfile, Application, Education, Referee
    from vacancies.models import Announcement, Institution, Position, RequiredDocument

    now = timezone.now()
    institution = Institution.objects.create(
        name="Bench",
        name_sq="Bench",
        short_name="BENCH",
        country="XK",
        time_zone="Europe/Belgrade",
        email="hr@example.org",
        rule_set="kqz-01-2024",
    )
    announcement = Announcement.objects.create(
        institution=institution,
        reference="BENCH 1/2026",
        title="Bench",
        title_sq="Bench",
        rule_set="kqz-01-2024",
        how_to_apply="-",
        how_to_apply_sq="-",
        notification_method="-",
        notification_method_sq="-",
        contact_email="hr@example.org",
        status="published",
        published_at=now - dt.timedelta(days=1),
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=1),
    )
    n_positions = args.positions + args.upload_positions + args.serial_positions
    positions = Position.objects.bulk_create(
        [
            Position(
                announcement=announcement,
                order=i,
                code=f"B-{i}",
                title=f"Position {i}",
                title_sq=f"Pozita {i}",
                category="professional",
                contract_type="indefinite",
                scoring_scheme="kqz-professional",
            )
            for i in range(n_positions)
        ]
    )
    documents = RequiredDocument.objects.bulk_create(
        [RequiredDocument(position=p, order=1, name="CV", name_sq="CV", required=True) for p in positions]
    )
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(username=f"bench{i}@example.org", email=f"bench{i}@example.org", password="!")
            for i in range(args.clients)
        ]
    )
    profiles = ApplicantProfile.objects.bulk_create(
        [
            ApplicantProfile(
                user=u,
                first_name="Bench",
                last_name=str(i),
                date_of_birth=dt.date(1990, 1, 1),
                personal_number=f"{1000000000 + i}",
                gender="female",
                address="Prishtinë",
                phone="044000000",
                email=u.email,
            )
            for i, u in enumerate(users)
        ]
    )
    Education.objects.bulk_create(
        [
            Education(
                profile=p,
                level="master",
                field_of_study="X",
                institution="UP",
                country="XK",
                graduation_date=dt.date(2014, 6, 30),
            )
            for p in profiles
        ]
    )
    Referee.objects.bulk_create(
        [Referee(profile=p, name=f"R{k}", address="A", contact="C") for p in profiles for k in (1, 2)]
    )
    shared = positions[: args.positions + args.upload_positions]
    serial = positions[args.positions + args.upload_positions :]  # drafts of the first applicant only
    drafts = Application.objects.bulk_create(
        [Application(applicant=u, position=p, language="sq") for u in users for p in shared]
        + [Application(applicant=users[0], position=p, language="sq") for p in serial]
    )
    slot_of = {d.position_id: f"doc-{d.pk}" for d in documents}
    spike_ids = {p.pk for p in positions[: args.positions]}
    serial_ids = {p.pk for p in serial}
    clients = []
    for u in users:
        session = SessionStore()
        session[SESSION_KEY] = str(u.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = u.get_session_auth_hash()
        session.create()
        mine = [d for d in drafts if d.applicant_id == u.pk]
        clients.append(
            {
                "session": session.session_key,
                "csrf": secrets.token_hex(16),  # 32 characters: Django accepts the unmasked secret
                "spike": [(d.pk, slot_of[d.position_id]) for d in mine if d.position_id in spike_ids],
                "upload": [
                    (d.pk, slot_of[d.position_id])
                    for d in mine
                    if d.position_id not in spike_ids and d.position_id not in serial_ids
                ],
                "serial": [(d.pk, slot_of[d.position_id]) for d in mine if d.position_id in serial_ids],
            }
        )
    return {"clients": clients}


# --- Load -------------------------------------------------------------------------------------------------


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = {}
        self.errors: dict[str, list[str]] = {}
        self.acked: list[str] = []
        self.documents: list[str] = []

    def ok(self, kind, seconds):
        with self.lock:
            self.samples.setdefault(kind, []).append(seconds)

    def error(self, kind, seconds, what):
        with self.lock:
            self.samples.setdefault(kind, []).append(seconds)
            self.errors.setdefault(kind, []).append(what)


class Applicant(threading.Thread):
    def __init__(self, *, port, client, pdf, phase, deadline, recorder, barrier, times=None):
        super().__init__(daemon=True)
        self.port, self.client, self.pdf, self.phase = port, client, pdf, phase
        self.deadline, self.recorder, self.barrier = deadline, recorder, barrier
        self.times = times  # a warm-up: this many requests (pairs in the spike), then stop
        self.conn = None
        self.cookie = f"sessionid={client['session']}; csrftoken={client['csrf']}"

    def connect(self):
        if self.conn is not None:
            self.conn.close()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def post(self, path, fields, with_file):
        boundary = uuid.uuid4().hex
        head = "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in fields.items()
        )
        tail = b""
        body_file = b""
        if with_file:
            head += (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="cv.pdf"\r\n'
                "Content-Type: application/pdf\r\n\r\n"
            )
            body_file, tail = self.pdf, b"\r\n"
        tail += f"--{boundary}--\r\n".encode()
        head_b = head.encode()
        self.conn.putrequest("POST", path, skip_host=True, skip_accept_encoding=True)
        self.conn.putheader("Host", "127.0.0.1")
        self.conn.putheader("Cookie", self.cookie)
        self.conn.putheader("X-CSRFToken", self.client["csrf"])
        self.conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        self.conn.putheader("Content-Length", str(len(head_b) + len(body_file) + len(tail)))
        self.conn.endheaders()
        self.conn.send(head_b)
        if body_file:
            self.conn.send(body_file)
        self.conn.send(tail)
        response = self.conn.getresponse()
        response.body = response.read()
        return response

    def timed(self, kind, path, fields, with_file, accept):
        started = time.perf_counter()
        try:
            response = self.post(path, fields, with_file)
        except Exception as exc:  # a refused or broken connection is an error of the run, not of the client
            self.recorder.error(kind, time.perf_counter() - started, f"{exc.__class__.__name__}")
            self.connect()
            return None
        elapsed = time.perf_counter() - started
        verdict = accept(response)
        if verdict is True:
            self.recorder.ok(kind, elapsed)
        else:
            detail = response.body[:120].decode(errors="replace").split("<title>")[-1].split("</title>")[0]
            self.recorder.error(kind, elapsed, f"{response.status} {verdict}: {detail.strip()}")
        return response

    def run(self):
        self.connect()
        self.barrier.wait()
        # One iterator per applicant and kind across the rounds: a later round takes fresh drafts.
        key = self.phase if self.phase in ("spike", "serial") else "upload"
        drafts = self.client.setdefault(f"{key}-drafts", iter(self.client[key]))
        done = 0
        while time.monotonic() < self.deadline and (self.times is None or done < self.times):
            done += 1
            if self.phase == "bare":
                self.timed(
                    "bare upload", "/bench/bare-upload/", {}, True, lambda r: r.status == 201 or "not stored"
                )
            elif self.phase in ("upload", "floor"):
                # A draft takes 40 uploads (under APPLICATION_MAX_BYTES), across phases and warm-ups.
                upload_target, upload_count = self.client.get("upload-target", (None, 40))
                if upload_count >= 40:
                    upload_target, upload_count = next(drafts, (None, None)), 0
                    if upload_target[0] is None:
                        break
                app_id, slot = upload_target
                self.client["upload-target"] = (upload_target, upload_count + 1)
                floor = self.phase == "floor"
                self.timed(
                    "floor upload" if floor else "upload",
                    f"/bench/floor-upload/{app_id}/" if floor else f"/applications/{app_id}/documents/",
                    {"slot": slot},
                    True,
                    lambda r: (r.status == 302 and bool(r.getheader("X-Documents-Attached"))) or "refused",
                )
            else:
                app_id, slot = next(drafts, (None, None))
                if app_id is None:
                    self.recorder.error("spike", 0.0, "out of drafts: raise --positions")
                    break
                r = self.timed(
                    "upload",
                    f"/applications/{app_id}/documents/",
                    {"slot": slot},
                    True,
                    lambda r: (r.status == 302 and bool(r.getheader("X-Documents-Attached"))) or "refused",
                )
                if r is None or r.status != 302 or not r.getheader("X-Documents-Attached"):
                    continue
                r = self.timed(
                    "submit",
                    f"/applications/{app_id}/submit/",
                    {"declaration": "on"},
                    False,
                    lambda r: (
                        (r.status == 302 and bool(r.getheader("X-Application-Reference")))
                        or "not acknowledged"
                    ),
                )
                if r is not None and r.getheader("X-Application-Reference"):
                    with self.recorder.lock:
                        self.recorder.acked.append(r.getheader("X-Application-Reference"))
        self.conn.close()


def run_phase(phase, seconds, *, port, clients, pdf, times=None) -> tuple[Recorder, float]:
    recorder = Recorder()
    barrier = threading.Barrier(len(clients) + 1)
    started = time.monotonic()
    deadline = started + 3600  # set when everyone is connected, below
    threads = [
        Applicant(
            port=port,
            client=c,
            pdf=pdf,
            phase=phase,
            deadline=deadline,
            recorder=recorder,
            barrier=barrier,
            times=times,
        )
        for c in clients
    ]
    for t in threads:
        t.start()
    started = time.monotonic()
    for t in threads:
        t.deadline = started + seconds
    barrier.wait()
    for t in threads:
        t.join(timeout=seconds + 120)
    return recorder, time.monotonic() - started


def rotated(i: int, args) -> list[tuple[str, int]]:
    """Round i's phases, their order rotated from round to round (bare, upload, spike; upload, spike, bare;
    spike, bare, upload; ...): no view always follows the same other one. With --floor, its phase is the
    fourth."""
    phases = [("bare", args.bare_seconds), ("upload", args.bare_seconds), ("spike", args.seconds)]
    if args.floor:
        phases.append(("floor", args.bare_seconds))
    return phases[i % len(phases) :] + phases[: i % len(phases)]


def booted(log: Path) -> int:
    """How many workers gunicorn has started so far (its log's "Booting worker" lines)."""
    return log.read_text(errors="replace").count("Booting worker")


def fresh_workers(master: int, log: Path, args, *, phase: str, clients, pdf) -> list[str]:
    """Before each measured phase: gunicorn replaces its workers (SIGHUP, as a deploy does) and the new ones
    are warmed by --warm-up requests of the phase's kind per applicant, not counted. The deployed
    configuration recycles a worker after max_requests (1000 to 1100) requests; three workers that share the
    load evenly are recycled together, and three boots of the portal (imports, the first requests' caches
    and prepared statements) on two cores took a fifth of a 12 s phase, on whichever phase they fell. A
    fresh start per phase keeps them out of every phase alike (a phase here is far from 1000 requests per
    worker; the report counts any boot inside one). Their cost per request, a boot per 1000 requests, is the
    same for both views: added to both, it would bring the ratios nearer 1, so leaving it out can only lower
    them. Returns the references the warm-up's submits were given (checked for losses like the others')."""
    before = booted(log)
    os.kill(master, signal.SIGHUP)
    deadline = time.monotonic() + 60
    while booted(log) < before + args.workers:
        if time.monotonic() > deadline:
            raise SystemExit("gunicorn did not start new workers after SIGHUP")
        time.sleep(0.05)
    wait_for_server(args.port)
    recorder, _duration = run_phase(phase, 60, port=args.port, clients=clients, pdf=pdf, times=args.warm_up)
    if any(recorder.errors.values()):
        raise SystemExit(f"the warm-up failed: {recorder.errors}")
    return recorder.acked


def summarise(recorder: Recorder, duration: float) -> dict:
    out = {}
    for kind, samples in sorted(recorder.samples.items()):
        errors = len(recorder.errors.get(kind, []))
        ordered = sorted(samples)

        def pct(p, ordered=ordered):
            if not ordered:
                return float("nan")
            return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

        out[kind] = {
            "requests": len(samples),
            "ok": len(samples) - errors,
            "errors": errors,
            "rate": (len(samples) - errors) / duration,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "mean_ms": statistics.fmean(samples) * 1000 if samples else float("nan"),
            "error_kinds": sorted(set(recorder.errors.get(kind, [])))[:5],
        }
    return out


# --- Main -------------------------------------------------------------------------------------------------


def wait_for_server(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz")


def _meminfo() -> dict[str, int] | None:
    try:
        with open("/proc/meminfo") as f:
            return {line.split(":")[0]: int(line.split()[1]) * 1024 for line in f if line.strip()}
    except OSError:
        return None


def fill_memory(folder: Path, *, limit_gb: float) -> tuple[bytearray | None, dict]:
    """Before the first phase: bring the machine's memory to the state of a server that has run for a while,
    all of it in use and the page cache reusing its own pages. Measured on this machine, a Firecracker guest
    whose memory the host backs on first touch and takes back once freed (virtio-balloon's free page
    reporting): writing a 1 MiB file cost 1.6 to 3.4 ms of system time while the page cache grew into memory
    untouched or given back, and 0.6 to 0.9 ms once the memory was full and the kernel reused cache pages. A
    phase writes about a gigabyte of files, so without this a run's first ten rounds were measured in the
    first state and the rest in the second: at the turn, in a run of 16 rounds, the bare upload (most of
    whose time is the kernel's) went from 150-210 to 230-280 requests a second, the portal's upload less, and
    the upload ratio fell from 0.57-0.68 to 0.44-0.60. So this process holds all the available memory but
    3 GiB (each page written once) until the phases end, and a file kept in ``folder`` takes what is then free
    but 512 MiB into the page cache: the phases' files then go to pages the kernel reclaims from the cache, as
    on a busy server. Nothing is done elsewhere than Linux. Returns the held memory (drop it to give it back)
    and what was done."""
    info = _meminfo()
    if info is None:
        return None, {"held": 0, "cached": 0, "free_before": None, "free_after": None}
    gib = 1024**3
    held = max(0, min(info.get("MemAvailable", 0) - 3 * gib, int(limit_gb * gib)))
    block = bytearray(held)  # calloc'ed: its pages are backed when first written
    for offset in range(0, held, 4096):
        block[offset] = 1
    free = (_meminfo() or {}).get("MemFree", 0)
    cached = max(0, min(free - 512 * 1024**2, shutil.disk_usage(folder).free - 10 * gib))
    chunk = bytes(16 * 1024**2)
    written = 0
    with open(folder / "page-cache-fill", "wb") as f:
        while written + len(chunk) <= cached:
            f.write(chunk)
            written += len(chunk)
    os.sync()
    after = (_meminfo() or {}).get("MemFree", 0)
    return block, {"held": held, "cached": written, "free_before": info.get("MemFree"), "free_after": after}


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def machine(load: str) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} × {cpu}, Python {platform.python_version()}, load average at the start {load}"


def merge(recorders: list[Recorder]) -> Recorder:
    merged = Recorder()
    for recorder in recorders:
        for kind, samples in recorder.samples.items():
            merged.samples.setdefault(kind, []).extend(samples)
        for kind, errors in recorder.errors.items():
            merged.errors.setdefault(kind, []).extend(errors)
        merged.acked += recorder.acked
    return merged


def check_lost(acked: list[str], sample: int = 50) -> dict:
    """Acknowledged submissions missing from the database, or whose document is not there: the row (submitted,
    not removed) and the file in the private storage with its recorded size; SHA-256 recomputed on a
    sample."""
    import hashlib
    import random

    from django.core.files.storage import storages

    from applications.models import ApplicationDocument, ApplicationSubmission

    submissions = dict(
        ApplicationSubmission.objects.filter(
            reference__in=acked, application__status="submitted"
        ).values_list("reference", "application_id")
    )
    documents: dict[int, list] = {}
    for app_id, path, size, sha in ApplicationDocument.objects.filter(
        application_id__in=submissions.values(), submitted=True, removed_at__isnull=True
    ).values_list("application_id", "storage_path", "size", "sha256"):
        documents.setdefault(app_id, []).append((path, size, sha))
    storage = storages["private"]
    missing_row = missing_document = bad_file = 0
    checked = []
    for reference in set(acked):
        app_id = submissions.get(reference)
        if app_id is None:
            missing_row += 1
            continue
        docs = documents.get(app_id, [])
        if not docs:
            missing_document += 1
            continue
        for path, size, sha in docs:
            if not storage.exists(path) or storage.size(path) != size:
                bad_file += 1
            checked.append((path, sha))
    hashed = 0
    for path, sha in random.Random(1).sample(checked, min(sample, len(checked))):
        with storage.open(path, "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != sha:
                bad_file += 1
        hashed += 1
    return {
        "acked": len(set(acked)),
        "lost": missing_row + missing_document + bad_file,
        "missing_row": missing_row,
        "missing_document": missing_document,
        "bad_file": bad_file,
        "hashed": hashed,
    }


def in_process(args) -> dict:
    """CPU per request of the three requests in one process, by bench/spike_cpu.py (the same requests handed
    to Django's WSGI handler: no client, no network, no other request): the web process's CPU time, the
    PostgreSQL backends' and, with --callgrind, the instructions (a count other load does not disturb). Run
    after the load phases, in a database of its own made afresh under the same name."""
    out = Path(tempfile.mkstemp(prefix="spike-cpu-", suffix=".json")[1])
    database = f"{args.database}_cpu" if args.keep else args.database  # kept: this one is still there
    command = [PY, str(ROOT / "bench" / "spike_cpu.py"), "--database", database, "--broker", args.broker]
    command += ["--json", str(out)] + (["--callgrind"] if args.callgrind else [])
    try:
        subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


def ratios(phases: dict) -> dict:
    bare = phases["bare"]["bare upload"]["rate"]
    upload = phases["upload"]["upload"]["rate"]
    pairs = phases["spike"].get("submit", {"rate": 0.0})["rate"]
    out = {
        "bare": bare,
        "upload": upload,
        "pairs": pairs,
        "upload_ratio": upload / bare if bare else float("nan"),
        "pairs_ratio": pairs / (bare / 2) if bare else float("nan"),
    }
    if "floor" in phases:
        out["floor"] = phases["floor"]["floor upload"]["rate"]
        out["floor_ratio"] = out["floor"] / bare if bare else float("nan")
    return out


# Student's t for a two-sided 95 % interval, by degrees of freedom (a lower df's value where one is missing:
# the interval is then a little wider, never narrower).
_T975 = {
    1: 12.706,
    2: 4.303,
    3: 3.182,
    4: 2.776,
    5: 2.571,
    6: 2.447,
    7: 2.365,
    8: 2.306,
    9: 2.262,
    10: 2.228,
    12: 2.179,
    15: 2.131,
    20: 2.086,
    25: 2.060,
    30: 2.042,
    40: 2.021,
    60: 2.000,
    120: 1.980,
}


def interval(values: list[float]) -> tuple[float, float, float]:
    """The rounds' mean and its 95 % confidence interval (Student's t, each round one measurement of the
    ratio: its phases are short and follow each other, their order rotated from round to round, so a change of
    the machine's speed falls on every kind alike over the rounds). NaN bounds with fewer than two rounds."""
    mean = statistics.fmean(values) if values else float("nan")
    if len(values) < 2:
        return mean, float("nan"), float("nan")
    df = len(values) - 1
    t = _T975[max(k for k in _T975 if k <= df)]
    half = t * statistics.stdev(values) / len(values) ** 0.5
    return mean, mean - half, mean + half


def verdict(low: float, high: float, target: float) -> str:
    """Met when the whole interval is at or above the target, not met when it is all below, otherwise not
    settled by this run: within the rounds' noise (more rounds narrow the interval)."""
    if low >= target:
        return "yes"
    if high < target:
        return "no"
    return "not settled (the interval holds the target: within the noise of this run's rounds)"


def filled_text(extra: dict) -> str:
    filled = extra["filled"]
    if not (filled["held"] or filled["cached"]):
        return "The memory was not filled first (--fill-memory 0, or not Linux)."
    gib = 1024**3
    return (
        "Before the first phase the memory was filled as a busy server's is: "
        f"{filled['held'] / gib:.1f} GiB held by the benchmark's process and "
        f"{filled['cached'] / gib:.1f} GiB "
        f"of a file kept in the page cache (free memory {filled['free_before'] / gib:.1f} GiB before, "
        f"{filled['free_after'] / gib:.1f} GiB after; see fill_memory)."
    )


def report(args, phases, rounds, lost, pending, extra) -> str:
    r = ratios(phases)
    cpu = extra["cpu"]
    lines = [
        "## Deadline spike: upload to a draft, then submit (`bench/apply_spike.py`)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine(extra['load'])} (the machine "
        "is shared with other work: only the ratios count); PostgreSQL on the same machine; gunicorn `-c "
        "deploy/gunicorn.conf.py` (the deployed configuration: sync workers, "
        f"WEB_CONCURRENCY={args.workers}, backlog 64, timeout 30; only the address changed), DEBUG=0, "
        f"psycopg pool; {args.clients} concurrent applicants, one connection per request (sync workers do "
        f"not keep connections alive); one PDF of {extra['pdf_bytes'] / 1048576:.2f} MiB. Phases: serial "
        f"(one applicant alone, the service time) {args.serial_seconds} s, then {args.rounds} rounds of bare "
        f"{args.bare_seconds} s, upload {args.bare_seconds} s, spike {args.seconds} s"
        + (f", floor {args.bare_seconds} s" if args.floor else "")
        + ", interleaved, their "
        "order rotated from round to round; before each phase gunicorn's workers were replaced (SIGHUP) and "
        f"warmed by {args.warm_up} uncounted requests (pairs) of its kind per applicant, and the file system "
        f"was synced; workers recycled inside a measured phase: {extra['recycled']}. "
        f"{filled_text(extra)} Client, "
        f"server and database share the machine's cores; load average at the end {extra['load_end']}.",
        "",
        "| phase · request | requests | errors | rate (/s) | p50 (ms) | p95 (ms) | p99 (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for phase, kinds in phases.items():
        for kind, s in kinds.items():
            lines.append(
                f"| {phase} · {kind} | {s['requests']} | {s['errors']} | {s['rate']:.1f} | "
                f"{s['p50_ms']:.0f} | {s['p95_ms']:.0f} | {s['p99_ms']:.0f} |"
            )
    errors = sum(s["errors"] for kinds in phases.values() for s in kinds.values())
    up = interval([x["upload_ratio"] for x in rounds])
    pa = interval([x["pairs_ratio"] for x in rounds])
    per_round = "; ".join(
        f"round {i + 1}: bare {x['bare']:.1f}/s, upload {x['upload_ratio']:.2f}, pairs {x['pairs_ratio']:.2f}"
        + (f", floor {x['floor_ratio']:.2f}" if "floor_ratio" in x else "")
        for i, x in enumerate(rounds)
    )
    floor = []
    if "floor_ratio" in r:
        fl = interval([x["floor_ratio"] for x in rounds])
        floor = [
            f"| not a target: the upload's own work by hand (`--floor`, FLOOR_SQL: the same check, file and "
            f"statements, none of the portal's layers) ÷ bare upload | {r['floor_ratio']:.2f} "
            f"({r['floor']:.1f}/s); rounds' mean {fl[0]:.2f}, 95 % interval {fl[1]:.2f}–{fl[2]:.2f} | – |"
        ]
    lines += [
        "",
        "| target (issue 13) | result | met |",
        "| --- | --- | --- |",
        f"| upload ≥ 0.6 × bare upload | {r['upload_ratio']:.2f} ({r['upload']:.1f}/s ÷ {r['bare']:.1f}/s); "
        f"rounds' mean {up[0]:.2f}, 95 % interval {up[1]:.2f}–{up[2]:.2f} | {verdict(up[1], up[2], 0.6)} |",
        f"| upload+submit pairs ≥ 0.5 × (bare upload ÷ 2) | {r['pairs_ratio']:.2f} ({r['pairs']:.1f} pairs/s "
        f"÷ {r['bare'] / 2:.1f}); rounds' mean {pa[0]:.2f}, 95 % interval {pa[1]:.2f}–{pa[2]:.2f} | "
        f"{verdict(pa[1], pa[2], 0.5)} |",
        *floor,
        f"| 0 errors | {errors} | {'yes' if errors == 0 else 'no'} |",
        f"| 0 lost (every acknowledged application in the database with its document) | {lost['lost']} of "
        f"{lost['acked']} acknowledged (rows {lost['missing_row']}, documents {lost['missing_document']}, "
        f"files {lost['bad_file']}; SHA-256 of {lost['hashed']} files re-checked) | "
        f"{'yes' if lost['lost'] == 0 else 'no'} |",
        "",
        f"Per round: {per_round}.",
        "",
        *why(cpu),
        "",
        f"Outbox after the run: {pending} “application received” messages pending, enqueued for a worker "
        f"({extra['queued']} tasks in the broker's queue); none lost, delivered by the worker or the sweep "
        "later.",
    ]
    for phase, kinds in phases.items():
        for kind, s in kinds.items():
            if s["error_kinds"]:
                lines.append(f"Errors in {phase} · {kind}: {', '.join(s['error_kinds'])}")
    return "\n".join(lines) + "\n"


# What the report says of the two views' work (kept in step with the code: issue 13).
WHY_TEXT = (
    "The load generator's and the kernel's share (sending and receiving 1 MB, a connection per request) "
    "is the same for both views: the measured ratios lie between those and 1, the nearer to those the "
    "more of the cores other work holds (valgrind, tests: see the load averages), and move with it (see "
    "the rounds). The bare view parses the multipart body and stores the file. The portal's upload adds "
    "the PDF's content check on the bytes read once (scans for the object, nesting and inflation budgets,"
    " then pypdf's parse and walk), the SHA-256 of the same bytes, and 12 SQL statements besides BEGIN "
    "and COMMIT: session, user and roles (as the bare view); the application; the share locks of "
    "announcement and position (one statement), then the application's row lock taken by the update of "
    "its updated_at (SQL compiled once); the checklist item with the draft's total (one statement); the "
    "document and history rows; the audit event (the chain's lock, its last link with the pseudonym (one "
    "statement), the event; the roles the request read are reused). The submit adds the frozen copy (the "
    "whole rows, the profile and the checklist), the receipt's outbox row (rendered in every language; "
    "its delivery published after the commit over the broker connection the process keeps, asked a PING "
    "first) and its audit event."
)


def why(cpu: dict) -> list[str]:
    ms, pg = cpu["cpu_ms"], cpu["postgres_ms"]
    bare, upload, submit = ms["bare"], ms["upload"], ms["submit"]
    lines = [
        "Why: the machine is CPU-bound (load generator, gunicorn and PostgreSQL on two shared cores), so the "
        "rates follow each request's CPU time, the web process's and PostgreSQL's. In one process "
        "(`bench/spike_cpu.py`: the same requests handed to Django's WSGI handler, no client, no network):",
        "",
        "| request | web process CPU (ms, median) | ÷ bare | PostgreSQL's CPU (ms, mean) |"
        + (" instructions (callgrind) | ÷ bare |" if "instructions" in cpu else ""),
        "| --- | ---: | ---: | ---: |" + (" ---: | ---: |" if "instructions" in cpu else ""),
    ]
    for kind in ("bare", "upload", "submit"):
        row = f"| {kind} | {ms[kind]:.1f} | {ms[kind] / bare:.2f} | {pg[kind]:.1f} |"
        if "instructions" in cpu:
            ins = cpu["instructions"]
            row += f" {ins[kind] / 1e6:.1f} M | {ins[kind] / ins['bare']:.2f} |"
        lines.append(row)
    web = (
        f"The web side alone would give an upload ratio of {bare / upload:.2f} and a pairs ratio of "
        f"{2 * bare / (upload + submit):.2f}"
    )
    if "instructions" in cpu:
        ins = cpu["instructions"]
        web += (
            f" (by instructions {ins['bare'] / ins['upload']:.2f} and "
            f"{2 * ins['bare'] / (ins['upload'] + ins['submit']):.2f}: valgrind hides the CPU's SHA "
            "extensions and counts each byte a `rep movsb` copies, so the upload's SHA-256 and copies of "
            "1 MB weigh more there than on the CPU)"
        )
    total_bare, total_upload = bare + pg["bare"], upload + pg["upload"]
    pairs_with_pg = 2 * total_bare / (total_upload + submit + pg["submit"])
    lines += [
        "",
        f"{web}; with PostgreSQL's share, {total_bare / total_upload:.2f} and {pairs_with_pg:.2f}. "
        + WHY_TEXT
        + " Meeting 0.6 on the web side alone needs an upload within "
        f"{1 / 0.6:.2f} × bare ({bare / 0.6:.1f} ms here, it takes {upload:.1f} ms); meeting 0.5 for the "
        f"pairs needs upload + submit within 4 × bare ({4 * bare:.1f} ms, they take {upload + submit:.1f} "
        "ms).",
    ]
    return lines


def write_results(section: str) -> None:
    write_section("apply_spike", section)


def clean_up(args, work: Path, broker=None) -> None:
    """The run's database, files (a run keeps every upload, a few gigabytes a round, and fill_memory's file)
    and broker queue removed, unless --keep; after the phases, or as soon as a run stops early. Also
    bench/capacity.py's (no broker)."""
    from django.db import connections

    connections.close_all()
    if broker is not None:
        broker.flushdb()
    if not args.keep:
        drop_database(args.database)
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"kept: database {args.database}, files in {work}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=8, help="spike phase, per round")
    parser.add_argument("--bare-seconds", type=int, default=5, help="bare and upload phases, per round")
    parser.add_argument(
        "--warm-up", type=int, default=2, help="uncounted requests (pairs) per applicant on fresh workers"
    )
    parser.add_argument("--serial-seconds", type=int, default=8)
    add_workers_argument(parser)
    parser.add_argument(
        "--positions",
        type=int,
        default=0,
        help="drafts per applicant for the spike (default: enough for the rounds, 16 a round and 40 more)",
    )
    parser.add_argument(
        "--upload-positions",
        type=int,
        default=0,
        help="drafts per applicant for phase 2 (and --floor's; default: enough for the rounds)",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="a fourth phase: the upload's own work by hand, with none of the portal's layers (FLOOR_SQL)",
    )
    parser.add_argument("--serial-positions", type=int, default=300, help="drafts of the lone applicant")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--database", default="recruitment_bench_apply")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--write-results", action="store_true")
    parser.add_argument(
        "--no-callgrind",
        dest="callgrind",
        action="store_false",
        help="skip the instruction counts of the in-process measure (valgrind, about two minutes)",
    )
    parser.add_argument(
        "--fill-memory",
        type=float,
        default=64,
        help="hold the available memory but 3 GiB first, up to this many GiB (0: not; see fill_memory)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database and files afterwards")
    args = parser.parse_args()
    if not args.positions:
        # A round's spike phase used up to about 9 drafts per applicant on an AMD EPYC, 14 on an Intel Xeon
        # (its warm-up's pairs included; a run of 16 rounds there ran out at round 16 with 10 a round).
        args.positions = 16 * args.rounds + 40
    if not args.upload_positions:
        # 40 uploads a draft; a phase of uploads took up to about 18 per applicant (its warm-up included).
        args.upload_positions = (20 * args.rounds * (2 if args.floor else 1)) // 40 + 4
    if not args.port:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            args.port = sock.getsockname()[1]

    load = load_average()
    work = Path(tempfile.mkdtemp(prefix="apply-spike-"))
    (work / "bench_apply_settings.py").write_text(SETTINGS_SHIM)
    (work / "bench_apply_urls.py").write_text(URLS_SHIM)
    env = server_env(args, work)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path[:0] = [str(work), str(ROOT)]
    import redis

    broker = redis.Redis.from_url(args.broker)
    broker.flushdb()
    gunicorn = None
    held: list = []
    try:
        print("database, static files, data…", flush=True)
        recreate_database(args.database)
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput")
        data = seed(args)
        pdf = one_mb_pdf()
        filled = {"held": 0, "cached": 0, "free_before": None, "free_after": None}
        if args.fill_memory:
            print("filling the memory…", flush=True)
            block, filled = fill_memory(work, limit_gb=args.fill_memory)
            held.append(block)
        # The deployed configuration; -b on the command line wins over the file's bind (gunicorn's rule).
        gunicorn = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "-c",
                str(ROOT / "deploy" / "gunicorn.conf.py"),
                "-b",
                f"127.0.0.1:{args.port}",
                "recruitment.wsgi:application",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
            stderr=(work / "gunicorn.err").open("w"),
        )
        wait_for_server(args.port)
        collected: dict[str, list] = {}
        acked: list[str] = []
        schedule = [("serial", args.serial_seconds)] + [
            phase for i in range(args.rounds) for phase in rotated(i, args)
        ]
        rounds = []
        current: dict = {}
        recycled_in_phases = 0
        log = work / "gunicorn.err"
        for phase, seconds in schedule:
            clients = data["clients"][:1] if phase == "serial" else data["clients"]
            if phase != "serial":
                acked += fresh_workers(gunicorn.pid, log, args, phase=phase, clients=clients, pdf=pdf)
            os.sync()  # no phase pays for writing back another's files
            boots = booted(log)
            print(f"phase {phase}: {len(clients)} applicants for {seconds} s…", flush=True)
            recorder, duration = run_phase(phase, seconds, port=args.port, clients=clients, pdf=pdf)
            recycled_in_phases += booted(log) - boots
            collected.setdefault(phase, []).append((recorder, duration))
            acked += recorder.acked
            current[phase] = summarise(recorder, duration)
            if len(current) == len(rotated(0, args)) + ("serial" in current):
                rounds.append(ratios(current))
                current = {}
                print(f"  round {len(rounds)}: {rounds[-1]}", flush=True)
        phases = {
            phase: summarise(merge([r for r, _ in runs]), sum(d for _, d in runs))
            for phase, runs in collected.items()
        }
    finally:
        held.clear()  # the memory given back before the in-process measure
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(timeout=40)
        if sys.exc_info()[1] is not None:  # stopped early (out of drafts, a failed warm-up): leave nothing
            clean_up(args, work, broker)
    try:
        from notifications.models import Message

        lost = check_lost(acked)
        pending = Message.objects.filter(kind="application.received", status="pending").count()
        queued = broker.llen("celery")
        load_end = load_average()
    finally:
        clean_up(args, work, broker)
    print("CPU per request, in one process (bench/spike_cpu.py)…", flush=True)
    cpu = in_process(args)
    section = report(
        args,
        phases,
        rounds,
        lost,
        pending,
        {
            "pdf_bytes": len(pdf),
            "filled": filled,
            "queued": queued,
            "cpu": cpu,
            "load": load,
            "load_end": load_end,
            "recycled": recycled_in_phases,
        },
    )
    print()
    print(section)
    print(json.dumps(phases, indent=1, default=str))
    if args.write_results:
        write_results(section)
        print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
