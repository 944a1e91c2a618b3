"""An append-only, hash-chained event log with signed checkpoints of its head.

Each event stores an HMAC (keyed with AUDIT_HMAC_KEY, which is not in the database) of the previous
event's hash and its own canonical content, so a row that is changed, deleted or inserted out of place
breaks the chain, and nobody without the key can re-hash it (audit/chain.py). Removing the last events or
the whole table leaves a chain that is consistent in itself: the signed checkpoints (written by a beat task,
published at /audit/checkpoints/ and e-mailed to AUDIT_CHECKPOINT_EMAIL) catch that, and
``manage.py verify_audit`` compares the chain with them. On PostgreSQL triggers also refuse UPDATE, DELETE
and TRUNCATE of both tables (migrations 0002, 0004).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import chain
from .chain import GENESIS_HASH  # noqa: F401  (re-exported: the services and tests import it from here)


class AppendOnlyError(Exception):
    pass


class Event(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    created_at = models.DateTimeField(_("time"), editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Who acted, as text: a person's pseudonym ("p-…", resolved through Pseudonym, outside the chain), or a
    # role ("system", "data subject"). Events written before pseudonyms keep the user name they recorded.
    # The foreign key above is set only for someone acting for an institution (a public act); see audit_log.
    actor_repr = models.CharField(_("actor"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    data = models.JSONField(_("data"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are never deleted.")

    def canonical(self) -> str:
        return chain.canonical(self)

    def compute_hash(self) -> str:
        return chain.event_hash(self)


class Checkpoint(models.Model):
    """The chain's head at one moment, signed with the chain's key: how many events, the last one's sequence
    number and hash. Published (public page, e-mail) so that events removed later are missed by name."""

    created_at = models.DateTimeField(_("time"), editable=False)
    count = models.PositiveBigIntegerField(_("number of events"), editable=False)
    last_seq = models.PositiveBigIntegerField(_("last event"), editable=False)
    head_hash = models.CharField(_("hash of the last event"), max_length=64, editable=False)
    signature = models.CharField(_("signature"), max_length=64, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} count {self.count}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit checkpoints are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit checkpoints are never deleted.")

    def as_dict(self) -> dict:
        """What is published and what `verify_audit --checkpoint FILE` reads back."""
        return {
            "count": self.count,
            "last_seq": self.last_seq,
            "head_hash": self.head_hash,
            "created_at": self.created_at.isoformat(),
            "signature": self.signature,
        }


class Pseudonym(models.Model):
    """The person behind an audit event's pseudonymous actor: the only link from the chain to a person.

    It lives outside the chained data and is not append-only: erasing a person (privacy) blanks ``user``, so
    the events keep their pseudonym and their hashes (``verify_audit`` stays intact) but no longer lead to
    anyone. The code is random, not derived from the user id, so once the link is blanked no key re-creates
    it."""

    code = models.CharField(_("pseudonym"), max_length=20, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_pseudonym",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit pseudonym")
        verbose_name_plural = _("audit pseudonyms")

    def __str__(self):
        return self.code
