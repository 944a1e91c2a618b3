import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from audit.models import AppendOnlyError, Event
from audit.services import audit_log, audit_verify

pytestmark = pytest.mark.django_db


def _three_events(actor):
    return [
        audit_log(actor=actor, action=f"test.{i}", object_type="t", object_id=str(i), data={"n": i})
        for i in range(3)
    ]


def test_the_chain_of_fresh_events_verifies(hr_officer, capsys):
    events = _three_events(hr_officer)
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash
    assert audit_verify() == []
    call_command("verify_audit")
    assert "intact: 3 events" in capsys.readouterr().out


def test_the_model_refuses_to_change_or_delete_an_event(hr_officer):
    event = _three_events(hr_officer)[0]
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_an_update_behind_the_models_back(hr_officer):
    from django.db import DatabaseError

    _three_events(hr_officer)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.filter(seq=2).update(action="tampered")


def _tamper(sql, params):
    """Change the table as an attacker with database access would: around the trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush deferred FK checks before ALTER TABLE
            cursor.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")


def test_verify_audit_fails_after_a_row_is_altered(hr_officer):
    _three_events(hr_officer)
    _tamper("UPDATE audit_event SET data = %s WHERE seq = 2", ['{"n": 99}'])
    assert any("#2" in p and "changed" in p for p in audit_verify())
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit")


def test_verify_audit_fails_after_a_row_is_deleted(hr_officer):
    _three_events(hr_officer)
    _tamper("DELETE FROM audit_event WHERE seq = 2", [])
    problems = audit_verify()
    assert any("missing" in p for p in problems)
    assert any("#3" in p and "previous hash" in p for p in problems)


def test_verify_audit_fails_when_a_row_is_rehashed_to_hide_a_change(hr_officer):
    events = _three_events(hr_officer)
    # An attacker recomputes event 2's own hash after changing it; event 3 still points at the old one.
    forged = Event(
        seq=2,
        created_at=events[1].created_at,
        actor=hr_officer,
        actor_repr=events[1].actor_repr,
        action="test.1",
        object_type="t",
        object_id="1",
        data={"n": 42},
        prev_hash=events[1].prev_hash,
    )
    _tamper("UPDATE audit_event SET data = %s, hash = %s WHERE seq = 2", ['{"n": 42}', forged.compute_hash()])
    assert any("#3" in p and "previous hash" in p for p in audit_verify())
