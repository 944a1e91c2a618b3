"""Backup and restore, one command each: back up, lose the database and the documents, restore into a new
database (a scratch database of this test on the local PostgreSQL; no shared database is touched), and the
restored portal passes verify_audit and every document's SHA-256. A damaged backup is refused, naming the file."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from applications import services
from audit.models import Event
from notifications.models import Message
from tests.helpers.applications import attach_required, complete_profile, start_draft

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not shutil.which("pg_dump"),
        reason="PostgreSQL and its client tools",
    ),
]
ROOT = Path(__file__).resolve().parents[2]


def _admin_connection():
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture
def scratch_database():
    """A new, empty database of this test's own, dropped afterwards (its name can't be a shared one's)."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with _admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(*args, database: str, media: Path) -> subprocess.CompletedProcess:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_POOL": "0",
        "PRIVATE_MEDIA_ROOT": str(media),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _count(database: str, table: str) -> int:
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=database
    ) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_backup_restored_into_a_new_database_passes_verify_audit_and_every_documents_hash(
    applicant, open_position, private_storage, tmp_path, scratch_database
):
    complete_profile(applicant)
    application = start_draft(applicant, open_position)
    attach_required(application, applicant)
    services.application_submit(application=application, actor=applicant, declaration_accepted=True)
    assert Message.objects.filter(
        kind="application.received", status="sent"
    ).exists()  # the receipt PDF written
    events = Event.objects.count()
    files = sorted(
        p.relative_to(private_storage).as_posix() for p in private_storage.rglob("*") if p.is_file()
    )
    assert len(files) == 3  # two documents and the receipt

    call_command("backup_portal", str(tmp_path / "backups"))
    [folder] = list((tmp_path / "backups").iterdir())
    manifest = (folder / "manifest.json").read_text()
    assert all(f in manifest for f in files)

    shutil.rmtree(private_storage)  # the documents are lost; the database is replaced by a new, empty one
    restored_media = tmp_path / "restored"
    result = _manage("restore_portal", str(folder), database=scratch_database, media=restored_media)
    assert result.returncode == 0, result.stderr + result.stdout
    assert f"Audit chain intact: {events} events" in result.stdout
    assert "Documents intact" in result.stdout
    assert (
        sorted(p.relative_to(restored_media).as_posix() for p in restored_media.rglob("*") if p.is_file())
        == files
    )
    assert _count(scratch_database, "applications_application") == 1
    assert _count(scratch_database, Event._meta.db_table) == events

    # Restoring again over the restored database is refused: it is not empty.
    again = _manage("restore_portal", str(folder), database=scratch_database, media=tmp_path / "again")
    assert again.returncode != 0 and "is not empty" in again.stderr


def test_a_damaged_backup_is_refused_naming_the_file(
    applicant, open_position, private_storage, tmp_path, scratch_database
):
    complete_profile(applicant)
    application = start_draft(applicant, open_position)
    attach_required(application, applicant)
    call_command("backup_portal", str(tmp_path / "backups"))
    [folder] = list((tmp_path / "backups").iterdir())
    damaged = next(p for p in (folder / "documents").rglob("*.pdf"))
    damaged.write_bytes(damaged.read_bytes() + b"x")
    result = _manage("restore_portal", str(folder), database=scratch_database, media=tmp_path / "restored")
    assert result.returncode != 0
    assert "damaged" in result.stderr and damaged.relative_to(folder).as_posix() in result.stderr
    assert _count(scratch_database, "information_schema.tables WHERE table_schema = 'public'") == 0
