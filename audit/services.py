from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from recruitment.lib import compiled
from recruitment.permissions import requires_second_factor

from . import chain
from .models import GENESIS_HASH, Checkpoint, Event, Pseudonym

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Any constant: the advisory lock that serialises writers of the chain on PostgreSQL.
_CHAIN_LOCK_KEY = 7_301_024


def _lock_chain():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def audit_log(
    *,
    actor: User | str | None,  # None: the system; a text: a named process (e.g. "retention")
    action: str,
    obj: models.Model | None = None,
    data: dict | None = None,
    object_type: str = "",
    object_id: str = "",
) -> Event:
    """Append one event to the chain. Call it inside the transaction of the change it records."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    # Round-trip through JSON now, so the hash is computed over what the database will return.
    payload = json.loads(json.dumps(data or {}, default=str))
    # No savepoint: inside the change's transaction an error here must roll the change back with it (a change
    # without its event must never commit), and it spares two round trips on every audited write.
    person = bool(getattr(actor, "pk", None))
    in_role = person and _acts_in_role(actor)  # read before the chain's lock, which every writer waits for
    with transaction.atomic(savepoint=False):
        _lock_chain()  # also serialises the first act of a person, which creates their pseudonym
        last, code = _chain_head(cast("User", actor) if person else None)
        event = Event(
            seq=(last[0] + 1) if last else 1,
            created_at=timezone.now(),
            actor=cast("User", actor) if in_role else None,  # in a role: a person
            actor_repr=(code if code is not None else str(actor or "system"))[:255],
            action=action,
            object_type=object_type,
            object_id=object_id,
            data=payload,
            prev_hash=last[1] if last else GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        # Event.save() only refuses to change a saved event; this one is new (the INSERT compiled once).
        compiled.insert(event, own_save_adds_nothing=True)
    return event


def text_digest(text: str | None) -> str:
    """What the chain keeps of a text a person typed about someone (a note, an explanation, evidence): its
    SHA-256, which proves later which text was recorded (the text itself stays in its own row, which can be
    anonymised), without the append-only chain holding names or other personal data. Empty for no text."""
    return hashlib.sha256(text.encode()).hexdigest() if text else ""


def _acts_in_role(user) -> bool:
    """Someone acting for an institution (staff, HR, a leader, a sitting committee member): their acts are
    public acts, so the event also keeps the account itself (resolvable for as long as the account exists;
    erasure is refused while they hold office). Anyone else (an applicant, a subscriber) is only a pseudonym
    in the chain. The roles this request already read are reused (the middleware reads them first): the
    upload's second roles query of issue 13, unless a role row was written since (see
    recruitment.permissions.requires_second_factor)."""

    return requires_second_factor(user, reuse=True)


def _chain_head(person) -> tuple[tuple[int, str] | None, str | None]:
    """What an event is appended after, read under the chain's lock: the chain's last link (_last_link) and,
    for a person, their pseudonym (_pseudonym_code). On PostgreSQL one statement for both (issue 13: every
    audited act of a person, each upload and submission, made two round trips for them); the pseudonym is
    created there, at the person's first act, as _pseudonym_code does."""
    if person is None:
        return _last_link(), None
    if connection.vendor != "postgresql":
        return _last_link(), _pseudonym_code(person)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.*, ({_pseudonym_sql()}) FROM (SELECT 1) AS one "
            f"LEFT JOIN LATERAL ({_last_link_sql()}) AS e ON TRUE",
            [person.pk],
        )
        last_seq, last_hash, code = cursor.fetchone()
    return (None if last_seq is None else (last_seq, last_hash)), code or _new_pseudonym(person)


def _pseudonym_code(user) -> str:
    """The person's stable pseudonym ("p-" and 16 random hex digits), created at their first audited act.
    Never an e-mail or a name: the chain holds this code, the Pseudonym row the way back to the person."""
    with connection.cursor() as cursor:
        cursor.execute(_pseudonym_sql(), [user.pk])
        row = cursor.fetchone()
    return row[0] if row else _new_pseudonym(user)


def _new_pseudonym(user) -> str:
    code = f"p-{secrets.token_hex(8)}"
    Pseudonym.objects.create(code=code, user_id=user.pk)
    return code


_pseudonym_sql_text: dict[str, str] = {}


def _pseudonym_sql() -> str:
    """The ORM's ``Pseudonym.objects.filter(user_id=...).values_list("code").first()``, compiled once per
    database vendor: every audited act of a person reads it (issue 13: compiling took longer than the
    read)."""
    sql = _pseudonym_sql_text.get(connection.vendor)
    if sql is None:
        query = Pseudonym.objects.filter(user_id=0).order_by("pk").values_list("code", flat=True)[:1].query
        sql, params = query.sql_with_params()
        assert list(params) == [0], params  # the user's id is the one parameter
        sql = _pseudonym_sql_text[connection.vendor] = sql
    return sql


def pseudonym_erase(*, user) -> int:
    """Cut the link from the person's pseudonym to them (their right to erasure). The events keep the
    pseudonym and their hashes, so the chain and verify_audit are untouched; the admin then shows "erased
    person". Called by privacy inside the erasure's transaction; returns how many links were cut (0 or 1)."""
    return Pseudonym.objects.filter(user_id=user.pk).update(user=None, erased_at=timezone.now())


def pseudonyms_resolve(codes) -> dict[str, object]:
    """code -> the user behind it, or None once erased; codes that are no pseudonym are left out. One
    query."""
    return {p.code: p.user for p in Pseudonym.objects.filter(code__in=set(codes)).select_related("user")}


def pseudonym_of(user) -> str | None:
    """The person's pseudonym, or None if they never acted (a read: creates nothing)."""
    return Pseudonym.objects.filter(user_id=user.pk).values_list("code", flat=True).first()


def _last_link() -> tuple[int, str] | None:
    """(seq, hash) of the chain's last event, read after the chain's lock. Plain SQL from the model's table
    and columns: every audited write runs it, and the ORM took longer to compile it than to run it."""
    with connection.cursor() as cursor:
        cursor.execute(_last_link_sql())
        return cursor.fetchone()


def _last_link_sql() -> str:
    """SELECT seq, hash of the chain's last event (one row, none on an empty chain): _last_link's read, and
    _chain_head's beside the pseudonym."""
    meta: Any = Event._meta  # get_field(...).column: django-stubs types it as optional
    qn = connection.ops.quote_name
    seq, hash_ = qn(meta.get_field("seq").column), qn(meta.get_field("hash").column)
    return f"SELECT {seq}, {hash_} FROM {qn(meta.db_table)} ORDER BY {seq} DESC LIMIT 1"


def audit_verify(*, checkpoint: dict | None = None, use_stored_checkpoint: bool = True) -> list[str]:
    """Walk the whole chain and compare it with a checkpoint; return the problems (empty when intact).

    The checkpoint is the one given (a published copy: the e-mail, the public page's JSON) and, with
    use_stored_checkpoint, the latest one stored. The walk alone finds an event changed, re-hashed without the
    key, inserted, or removed from the middle; only a checkpoint finds the last events, or all of them, gone.
    """
    problems = []
    expected_prev = GENESIS_HASH
    expected_seq = 1
    key = chain.chain_key()
    heads: dict[int, str] = {}
    wanted = set()
    checkpoints = []
    if checkpoint is not None:
        checkpoints.append(("given", checkpoint))
    if use_stored_checkpoint:
        stored = Checkpoint.objects.order_by("-created_at", "-id").first()
        if stored is not None:
            checkpoints.append(("stored", stored.as_dict()))
    for _, data in checkpoints:
        try:
            wanted.add(int(data["last_seq"]))
        except (KeyError, TypeError, ValueError):
            pass
    found_seqs = []
    for event in Event.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            problems.append(f"event #{expected_seq}..#{event.seq - 1} missing (deleted?)")
        if event.prev_hash != expected_prev:
            problems.append(f"event #{event.seq}: previous hash does not match the chain")
        if chain.event_hash(event, key) != event.hash:
            problems.append(
                f"event #{event.seq}: content changed after it was written (or hashed without the key)"
            )
        if event.seq in wanted:
            heads[event.seq] = event.hash
        found_seqs.append(event.seq)
        expected_prev = event.hash
        expected_seq = event.seq + 1
    for origin, data in checkpoints:
        problems += _compare_with_checkpoint(origin, data, found_seqs, heads)
    return problems


def _compare_with_checkpoint(
    origin: str, data: dict, found_seqs: list[int], heads: dict[int, str]
) -> list[str]:
    label = f"{'the given' if origin == 'given' else 'the last stored'} checkpoint"
    if not chain.checkpoint_signature_valid(data):
        return [
            f"{label} ({data.get('created_at', '?')}) has no valid signature: it was not written with this "
            f"portal's AUDIT_HMAC_KEY, or it was changed"
        ]
    count, last_seq = int(data["count"]), int(data["last_seq"])
    when = _format_time(data["created_at"])
    problems = []
    # Sequence numbers start at 1 and have no gaps, so a checkpoint of `count` events covers #1..#last_seq.
    present = [seq for seq in found_seqs if seq <= last_seq]
    missing = sorted(set(range(1, last_seq + 1)) - set(present))
    if missing:
        problems.append(
            f"events {_ranges(missing)} missing after checkpoint of {when}: count {count}, "
            f"found {len(present)}"
        )
    elif len(present) != count:
        problems.append(f"checkpoint of {when} counts {count} events up to #{last_seq}, found {len(present)}")
    if last_seq and last_seq in heads and heads[last_seq] != data["head_hash"]:
        problems.append(
            f"event #{last_seq} is not the one in the checkpoint of {when}: its hash differs "
            f"(the chain was rewritten)"
        )
    return problems


def _ranges(numbers: list[int]) -> str:
    """[41, 42, 43, 45] -> "41-43, 45"."""
    parts: list[str] = []
    start: int | None = None
    prev = 0
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            parts.append(f"{start}-{prev}" if prev != start else str(start))
            start = prev = n
    if start is not None:
        parts.append(f"{start}-{prev}" if prev != start else str(start))
    return ", ".join(parts)


def _format_time(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def checkpoint_write(*, force: bool = False) -> Checkpoint | None:
    """Sign and store the chain's head, and send it to AUDIT_CHECKPOINT_EMAIL through the outbox (one
    transaction). Idempotent: when the head has not moved since the last checkpoint, nothing is written
    (unless `force`). Run by beat (audit.tasks.write_checkpoint)."""
    from notifications.services import notify  # a sibling app: imported where used, never at load time

    with transaction.atomic():
        _lock_chain()  # no event is appended while the head is read
        last = _last_link()
        last_seq, head_hash = last if last else (0, GENESIS_HASH)
        count = Event.objects.count()
        previous = Checkpoint.objects.order_by("-created_at", "-id").first()
        if (
            not force
            and previous is not None
            and (previous.last_seq, previous.head_hash, previous.count) == (last_seq, head_hash, count)
        ):
            return None
        created_at = timezone.now()
        checkpoint = Checkpoint(created_at=created_at, count=count, last_seq=last_seq, head_hash=head_hash)
        checkpoint.signature = chain.checkpoint_signature(
            count=count, last_seq=last_seq, head_hash=head_hash, created_at=created_at.isoformat()
        )
        checkpoint.save()
        address = getattr(settings, "AUDIT_CHECKPOINT_EMAIL", "")
        if address:
            notify(
                email=address,
                kind="audit.checkpoint",
                template="audit_checkpoint",
                context={
                    "checkpoint": checkpoint,
                    "checkpoint_json": json.dumps(checkpoint.as_dict(), indent=2, sort_keys=True),
                },
                language=settings.LANGUAGE_CODE,
                dedupe_key=f"audit-checkpoint-{checkpoint.pk}",
            )
    return checkpoint
