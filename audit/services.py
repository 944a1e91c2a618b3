import json

from django.db import connection, models, transaction
from django.utils import timezone

from .models import GENESIS_HASH, Event

# Any constant: the advisory lock that serialises writers of the chain on PostgreSQL.
_CHAIN_LOCK_KEY = 7_301_024


def _lock_chain():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def audit_log(*, actor, action: str, obj: models.Model | None = None, data: dict | None = None,
              object_type: str = "", object_id: str = "") -> Event:
    """Append one event to the chain. Call it inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    # Round-trip through JSON now, so the hash is computed over what the database will return.
    payload = json.loads(json.dumps(data or {}, default=str))
    # No savepoint: inside the change's transaction an error here must roll the change back with it (a change
    # without its event must never commit), and it spares two round trips on every audited write.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        last = _last_link()
        event = Event(
            seq=(last[0] + 1) if last else 1,
            created_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_repr=(actor.get_username() if getattr(actor, "pk", None) else str(actor or "system"))[:255],
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=payload,
            prev_hash=last[1] if last else GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


def _last_link() -> tuple[int, str] | None:
    """(seq, hash) of the chain's last event, read after the chain's lock. Plain SQL from the model's table and
    columns: every audited write runs it, and the ORM took longer to compile it than to run it."""
    meta, qn = Event._meta, connection.ops.quote_name
    seq, hash_ = qn(meta.get_field("seq").column), qn(meta.get_field("hash").column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {seq}, {hash_} FROM {qn(meta.db_table)} ORDER BY {seq} DESC LIMIT 1")
        return cursor.fetchone()


def audit_verify() -> list[str]:
    """Walk the whole chain; return a list of problems (empty when the chain is intact)."""
    problems = []
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for event in Event.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            problems.append(f"event #{expected_seq}..#{event.seq - 1} missing (deleted?)")
        if event.prev_hash != expected_prev:
            problems.append(f"event #{event.seq}: previous hash does not match the chain")
        if event.compute_hash() != event.hash:
            problems.append(f"event #{event.seq}: content changed after it was written")
        expected_prev = event.hash
        expected_seq = event.seq + 1
    return problems
