"""The chain's cryptography, shared by the models, the services and the migrations.

Each event's hash is HMAC-SHA256, keyed with a secret that lives outside the database (the setting
AUDIT_HMAC_KEY), over the previous event's hash and the event's canonical content. Someone who can write
to the database but does not hold the key cannot re-hash the chain after changing, inserting or removing
an event. Checkpoints of the chain's head are signed with the same key (a separate domain of the HMAC).
"""

import hashlib
import hmac
import json
import logging

from django.conf import settings

GENESIS_HASH = "0" * 64

log = logging.getLogger(__name__)

# Domain separation: a chain hash can never be passed off as a checkpoint signature or the other way round.
_CHAIN = b"audit-chain-v1\n"
_CHECKPOINT = b"audit-checkpoint-v1\n"


def chain_key() -> bytes:
    """AUDIT_HMAC_KEY; without it, a key derived from SECRET_KEY (check audit.W001 warns in --deploy: a
    SECRET_KEY rotation would then make every past event look forged)."""
    key = getattr(settings, "AUDIT_HMAC_KEY", "")
    if key:
        return key.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"recruitment.audit.chain-key", hashlib.sha256).digest()


def canonical(event) -> str:
    """The content an event's hash covers (works on a model instance and on a migration's historical one)."""
    return json.dumps(
        {
            "seq": event.seq,
            "created_at": event.created_at.isoformat(),
            "actor_id": event.actor_id,
            "actor_repr": event.actor_repr,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "data": event.data,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )


def event_hash(event, key: bytes | None = None) -> str:
    message = _CHAIN + (event.prev_hash + canonical(event)).encode()
    return hmac.new(key or chain_key(), message, hashlib.sha256).hexdigest()


def unkeyed_event_hash(event) -> str:
    """The chain's first scheme (plain SHA-256), read only by migration 0004 when it re-keys old events."""
    return hashlib.sha256((event.prev_hash + canonical(event)).encode()).hexdigest()


def checkpoint_payload(*, count: int, last_seq: int, head_hash: str, created_at: str) -> str:
    return json.dumps(
        {"count": count, "last_seq": last_seq, "head_hash": head_hash, "created_at": created_at},
        sort_keys=True,
        separators=(",", ":"),
    )


def checkpoint_signature(*, count: int, last_seq: int, head_hash: str, created_at: str) -> str:
    payload = checkpoint_payload(count=count, last_seq=last_seq, head_hash=head_hash, created_at=created_at)
    return hmac.new(chain_key(), _CHECKPOINT + payload.encode(), hashlib.sha256).hexdigest()


def checkpoint_signature_valid(data: dict) -> bool:
    try:
        expected = checkpoint_signature(
            count=int(data["count"]),
            last_seq=int(data["last_seq"]),
            head_hash=str(data["head_hash"]),
            created_at=str(data["created_at"]),
        )
    except (KeyError, TypeError, ValueError):
        return False
    return hmac.compare_digest(expected, str(data.get("signature", "")))
