"""Finding 4: audit events disappeared unnoticed. The probe, holding the database (not the portal's key), deleted
the last events, truncated the table, and edited an event then re-hashed the rest; verify_audit said "intact"."""

import hashlib
import json
import re

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.chain import canonical
from audit.models import Checkpoint, Event
from audit.services import audit_log, checkpoint_write
from notifications.models import Message

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers are PostgreSQL's")


@pytest.fixture(autouse=True)
def auditor_address(settings):
    settings.AUDIT_CHECKPOINT_EMAIL = "auditor@example.org"
    settings.AUDIT_HMAC_KEY = "a-key-that-lives-in-the-environment-never-in-the-database"


def _events(actor, n, start=0):
    return [
        audit_log(actor=actor, action=f"test.{i}", object_type="t", object_id=str(i), data={"n": i})
        for i in range(start, start + n)
    ]


def _as_database_owner(*statements):
    """What the probe did in psql: triggers off for its session, then the statements."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET session_replication_role = replica")  # a superuser's way around every trigger
        try:
            for sql, params in statements:
                cursor.execute(sql, params)
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")


def _verify(*args):
    with pytest.raises(CommandError, match="broken") as failure:
        call_command("verify_audit", *args)
    return failure


def test_deleting_the_last_events_after_a_checkpoint_is_reported_by_number(hr_officer, capsys):
    _events(hr_officer, 43)
    checkpoint_write()
    _as_database_owner(("DELETE FROM audit_event WHERE seq > 40", []))
    _verify()
    err = capsys.readouterr().err
    assert re.search(
        r"events 41-43 missing after checkpoint of \d{4}-\d\d-\d\d \d\d:\d\d: count 43, found 40", err
    )


@postgres_only
def test_postgresql_refuses_to_truncate_the_audit_log_or_its_checkpoints(hr_officer):
    _events(hr_officer, 3)
    checkpoint_write()
    for table in ("audit_event", "audit_checkpoint"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own pending FK checks first
                cursor.execute(f"TRUNCATE {table}")
    assert Event.objects.count() == 3 and Checkpoint.objects.count() == 1


def test_a_truncated_log_is_reported_against_the_stored_checkpoint(hr_officer, capsys):
    _events(hr_officer, 5)
    checkpoint_write()
    _as_database_owner(
        ("DELETE FROM audit_event", []) if connection.vendor != "postgresql" else ("TRUNCATE audit_event", [])
    )
    _verify()
    assert "events 1-5 missing after checkpoint of" in capsys.readouterr().err


def test_a_truncated_log_and_checkpoints_are_reported_against_the_emailed_checkpoint(
    hr_officer, tmp_path, capsys
):
    _events(hr_officer, 5)
    checkpoint_write()
    message = Message.objects.get(email="auditor@example.org", kind="audit.checkpoint")
    published = json.loads(message.body.split("-----")[1])  # what the auditor saved from the e-mail
    (tmp_path / "checkpoint.json").write_text(json.dumps(published))
    _as_database_owner(("DELETE FROM audit_event", []), ("DELETE FROM audit_checkpoint", []))
    call_command("verify_audit")  # nothing left in the database to compare with...
    capsys.readouterr()
    _verify("--checkpoint", str(tmp_path / "checkpoint.json"))  # ...but the copy outside remembers
    assert "events 1-5 missing after checkpoint of" in capsys.readouterr().err


def test_an_edited_event_rehashed_without_the_key_is_detected(hr_officer, capsys):
    _events(hr_officer, 4)
    checkpoint_write()
    # Change event 2 and recompute 2..4 as the old chain did (SHA-256, no key): each link is consistent again.
    prev = Event.objects.get(seq=1).hash
    statements = []
    for event in Event.objects.filter(seq__gte=2).order_by("seq"):
        if event.seq == 2:
            event.data = {"n": 99}
        event.prev_hash = prev
        event.hash = hashlib.sha256((prev + canonical(event)).encode()).hexdigest()
        statements.append(
            (
                "UPDATE audit_event SET data = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                [json.dumps(event.data), event.prev_hash, event.hash, event.seq],
            )
        )
        prev = event.hash
    _as_database_owner(*statements)
    _verify()
    err = capsys.readouterr().err
    assert "event #2: content changed" in err and "event #4: content changed" in err
    assert "event #4 is not the one in the checkpoint" in err


def test_appending_forged_events_and_a_forged_checkpoint_without_the_key_is_detected(
    hr_officer, settings, capsys
):
    _events(hr_officer, 3)
    checkpoint_write()
    settings.AUDIT_HMAC_KEY = "the-attackers-guess"
    _events(hr_officer, 1, start=3)  # written with the wrong key
    checkpoint_write()  # and a checkpoint signed with it
    settings.AUDIT_HMAC_KEY = "a-key-that-lives-in-the-environment-never-in-the-database"
    _verify()
    err = capsys.readouterr().err
    assert "event #4: content changed" in err and "no valid signature" in err


def test_an_intact_log_verifies_against_the_checkpoint_and_its_published_copies(
    hr_officer, client, tmp_path, capsys
):
    _events(hr_officer, 3)
    checkpoint = checkpoint_write()
    _events(hr_officer, 2, start=3)  # events after a checkpoint are fine
    call_command("verify_audit")
    assert "intact: 5 events, consistent with the stored checkpoint" in capsys.readouterr().out
    page = client.get("/en/audit/checkpoints/")
    assert page.status_code == 200 and checkpoint.head_hash in page.content.decode()
    listed = client.get("/en/audit/checkpoints.json").json()["checkpoints"]
    assert listed == [checkpoint.as_dict()]
    assert checkpoint.signature in client.get("/audit/checkpoints.txt").content.decode()
    (tmp_path / "published.json").write_bytes(client.get("/audit/checkpoints.json").content)
    call_command("verify_audit", "--checkpoint", str(tmp_path / "published.json"))
    assert "consistent with the given checkpoint" in capsys.readouterr().out


def test_the_checkpoint_is_written_once_per_head_and_sent_once(hr_officer):
    from audit.tasks import write_checkpoint

    _events(hr_officer, 2)
    first = write_checkpoint()
    assert write_checkpoint() is None  # the head did not move: nothing new
    _events(hr_officer, 1, start=2)
    assert write_checkpoint() not in (None, first)
    assert Message.objects.filter(kind="audit.checkpoint", email="auditor@example.org").count() == 2
    assert settings.CELERY_BEAT_SCHEDULE["audit-checkpoint"]["task"] == "audit.tasks.write_checkpoint"
