"""The list of potential members (R-13.3 … R-13.5): its approval, renewal and members, and the warning before
it expires."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from notifications.services import notify
from recruitment.lib.rows import Row, RowsApplied, changed_fields, rows_apply
from recruitment.permissions import hr_users, require_hr_of

from .. import rules
from ..models import MemberPool, PoolMember
from .common import institution_today

if TYPE_CHECKING:
    from django.contrib.auth.models import User


# --- The pool (R-13.4, R-13.5) ------------------------------------------------------------------------


@transaction.atomic
def pool_create(*, institution, decision_reference: str, approved_on: dt.date, actor: "User") -> MemberPool:
    require_hr_of(actor, institution.pk)
    pool = MemberPool.objects.create(
        institution=institution,
        decision_reference=decision_reference.strip(),
        approved_on=approved_on,
        valid_until=rules.pool_valid_until(approved_on),
    )
    audit_log(
        actor=actor,
        action="committee_pool.created",
        obj=pool,
        data={
            "decision": pool.decision_reference,
            "approved_on": approved_on,
            "valid_until": pool.valid_until,
        },
    )
    return pool


@transaction.atomic
def pool_renew(
    *, pool: MemberPool, approved_on: dt.date, decision_reference: str, actor: "User"
) -> MemberPool:
    """R-13.5: KQZ renews the list; it is valid two years from the renewal."""
    require_hr_of(actor, pool.institution_id)
    locked = MemberPool.objects.select_for_update().get(pk=pool.pk)
    if approved_on < locked.approved_on:
        raise ValidationError({"approved_on": _("A renewal cannot date from before the current approval.")})
    old = {
        "approved_on": locked.approved_on,
        "valid_until": locked.valid_until,
        "decision": locked.decision_reference,
    }
    locked.approved_on = approved_on
    locked.valid_until = rules.pool_valid_until(approved_on)
    locked.decision_reference = decision_reference.strip() or locked.decision_reference
    locked.save(update_fields=["approved_on", "valid_until", "decision_reference"])
    audit_log(
        actor=actor,
        action="committee_pool.renewed",
        obj=locked,
        data={
            "old": old,
            "approved_on": approved_on,
            "valid_until": locked.valid_until,
            "decision": locked.decision_reference,
        },
    )
    return locked


@transaction.atomic
def pool_edit(*, pool: MemberPool, decision_reference: str, actor: "User") -> MemberPool:
    """Correct the approving decision's reference; the dates change only by a renewal (R-13.5)."""
    require_hr_of(actor, pool.institution_id)
    locked = MemberPool.objects.select_for_update().get(pk=pool.pk)
    old = locked.decision_reference
    locked.decision_reference = decision_reference.strip() or old
    locked.save(update_fields=["decision_reference"])
    audit_log(
        actor=actor,
        action="committee_pool.edited",
        obj=locked,
        data={"old": old, "decision": locked.decision_reference},
    )
    return locked


@transaction.atomic
def pool_member_save(
    *, member: PoolMember | None, values: dict[str, Any], unavailability: list[Row], actor: "User"
) -> tuple[PoolMember, RowsApplied]:
    """Add (``member`` None) or correct a potential member of the list (R-13.3, R-13.4) with their periods of
    unavailability: the admin's validated values (``values``, the fields of the member, its fields of
    specialisation among them) and the changed periods (``unavailability``), saved together under the list's
    row lock (one writer of a list at a time, as for its renewal) with one audit event naming what changed."""
    pool = values["pool"] if "pool" in values or member is None else member.pool
    require_hr_of(actor, pool.institution_id)
    MemberPool.objects.select_for_update().filter(pk=pool.pk).first()
    saved = PoolMember() if member is None else PoolMember.objects.select_for_update().get(pk=member.pk)
    changed = changed_fields(saved, values)
    many = {name: value for name, value in values.items() if saved._meta.get_field(name).many_to_many}
    for name, value in values.items():
        if name not in many:
            setattr(saved, name, value)
    saved.save()
    for name, value in many.items():
        getattr(saved, name).set(value)
    periods = rows_apply(saved.unavailabilities, unavailability)
    audit_log(
        actor=actor,
        action="committee_pool.member_saved",
        obj=saved,
        data={"pool": saved.pool_id, "changed": changed, "unavailability": periods.counts()},
    )
    return saved, periods


def pools_warn_expiring(*, today: dt.date | None = None) -> int:
    """Tell every HR officer of the institution that its list expires soon (60 and 14 days before).

    Idempotent: each (pool, expiry date, stage, person) is told once, whoever runs it and how often.
    Returns the number of messages written.
    """
    written = 0
    horizon = max(rules.POOL_EXPIRY_WARNINGS_DAYS)
    base = today or timezone.localdate()
    pools = MemberPool.objects.filter(
        valid_until__gte=base - dt.timedelta(days=1), valid_until__lte=base + dt.timedelta(days=horizon + 1)
    ).select_related("institution")
    for pool in pools:
        day = today or institution_today(pool.institution)
        stage = rules.pool_expiry_warning(pool.valid_until, day)
        if stage is None:
            continue
        for user in hr_users(pool.institution_id):
            with transaction.atomic():
                message = notify(
                    recipient=user,
                    kind="committee.pool_expiring",
                    template="committee_pool_expiring",
                    context={"pool": pool, "days_left": (pool.valid_until - day).days},
                    dedupe_key=f"committee-pool-expiring:{pool.pk}:{pool.valid_until}:{stage}:{user.pk}",
                )
                if message is not None:
                    audit_log(
                        actor=None,
                        action="committee_pool.expiry_warned",
                        obj=pool,
                        data={"stage": stage, "to": user.pk, "valid_until": pool.valid_until},
                    )
                    written += 1
    return written
