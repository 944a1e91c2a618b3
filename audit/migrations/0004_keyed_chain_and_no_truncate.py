"""The chain becomes keyed (HMAC-SHA256 with AUDIT_HMAC_KEY, audit/chain.py), and PostgreSQL refuses TRUNCATE of
the events and any change of the checkpoints.

Existing events are re-keyed here, once: the old unkeyed chain is verified first and the migration stops,
naming the broken events, if it is not intact (re-keying a tampered chain would launder it). After it, every
event is verified with the key only; no unkeyed entry remains to be read. Run as the database's owner (the
release step), who alone may set the append-only trigger aside for the re-keying.
"""

from django.db import migrations

from audit import chain

FORWARD = """
CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_checkpoint_append_only
  BEFORE UPDATE OR DELETE ON audit_checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate
  BEFORE TRUNCATE ON audit_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event;
DROP TRIGGER IF EXISTS audit_checkpoint_append_only ON audit_checkpoint;
DROP TRIGGER IF EXISTS audit_checkpoint_no_truncate ON audit_checkpoint;
"""


def rekey(apps, schema_editor):
    Event = apps.get_model("audit", "Event")
    events = list(Event.objects.order_by("seq"))
    if not events:
        return
    expected_prev, broken = chain.GENESIS_HASH, []
    for event in events:
        if event.prev_hash != expected_prev or chain.unkeyed_event_hash(event) != event.hash:
            broken.append(event.seq)
        expected_prev = event.hash
    if broken:
        raise RuntimeError(f"The audit chain is broken at events {broken[:20]}: not re-keyed. Investigate first.")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    key, prev = chain.chain_key(), chain.GENESIS_HASH
    for event in events:
        event.prev_hash = prev
        event.hash = chain.event_hash(event, key)
        Event.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash
    if postgres:
        schema_editor.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")


def forward(apps, schema_editor):
    rekey(apps, schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_checkpoint")]
    operations = [migrations.RunPython(forward, backward)]
