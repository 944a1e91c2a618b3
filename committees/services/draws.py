"""The draws (R-13.6, R-16): announced with HR's commitment, then performed with the revealed secret; a seat's
replacement and a draw's cancellation."""

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from notifications.services import notify
from recruitment.permissions import require_hr_of

from .. import rules
from ..models import (
    Committee,
    CommitteeStatus,
    Draw,
    DrawKind,
    DrawStatus,
    ReplacementReason,
    Seat,
    SeatStatus,
)
from .common import (
    ALGORITHM_VERSION,
    EXCLUDED_REPLACED,
    EXCLUDED_SEATED,
    EXCLUDED_UNAVAILABLE,
    _locked_committee,
    _move,
    institution_today,
    position_reference,
    refusal_message,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

if TYPE_CHECKING:
    pass


# --- Draws -----------------------------------------------------------------------------------------------


def _evaluation_period(committee: Committee, today: dt.date) -> tuple[dt.date, dt.date]:
    start = committee.evaluation_from or today
    return start, committee.evaluation_until or start


def build_snapshot(
    committee: Committee, *, seats: list[dict], today: dt.date, more_exclusions: dict[str, str] | None = None
) -> dict:
    """The draw's frozen inputs: the position, the seats, every active member of the list with only
    what eligibility needs, and the exclusions with their (public) reasons."""
    members = (
        committee.pool.members.filter(active=True, user__is_active=True)
        .prefetch_related("fields", "unavailabilities")
        .order_by("pk")
    )
    start, end = _evaluation_period(committee, today)
    pool, excluded = [], dict(more_exclusions or {})
    for member in members:
        mid = str(member.pk)
        pool.append(
            {
                "id": mid,
                "civil_servant": member.is_civil_servant,
                "category": member.category,
                "fields": sorted(field.code for field in member.fields.all()),
                "hr_unit": member.in_hr_unit,
                "responsible_unit": rules.in_responsible_unit(member.unit, committee.responsible_unit),
                "professor": member.is_professor,
                "trained": member.is_trained,
            }
        )
        periods = [(u.starts_on, u.ends_on) for u in member.unavailabilities.all()]
        if mid not in excluded and rules.unavailable_during(periods, start, end):
            excluded[mid] = EXCLUDED_UNAVAILABLE
    in_pool = {entry["id"] for entry in pool}
    chair_key, chair_slot = rules.chair_position(committee.composition)
    return {
        "position": {
            "reference": position_reference(committee.position),
            "category": committee.position.category,
            "fields": sorted(field.code for field in committee.fields.all()),
            "require_trained": committee.require_trained,
        },
        "seats": seats,
        "pool": pool,
        "excluded": [
            {"member": mid, "reason": reason}
            for mid, reason in sorted(excluded.items(), key=lambda item: int(item[0]))
            if mid in in_pool
        ],
        "chair_seat": {"seat": chair_key, "slot": chair_slot},
    }


def _require_valid_pool(committee: Committee, today: dt.date) -> None:
    pool = committee.pool
    if not pool.is_valid_on(today):
        raise ValidationError(
            _(
                "The list of potential members (%(decision)s) is valid from %(start)s to %(end)s: no draw "
                "from it on %(today)s. KQZ must renew it first (R-13.5)."
            )
            % {
                "decision": pool.decision_reference,
                "start": pool.approved_on.strftime("%d.%m.%Y"),
                "end": pool.valid_until.strftime("%d.%m.%Y"),
                "today": today.strftime("%d.%m.%Y"),
            }
        )


def _announce(
    committee: Committee,
    *,
    kind: str,
    snapshot: dict,
    commitment: str,
    actor: "User",
    now: dt.datetime,
    replaced_seat: Seat | None = None,
    reason: str = "",
) -> Draw:
    commitment = (commitment or "").strip().lower()
    if not rules.is_commitment(commitment):
        raise ValidationError(
            {"commitment": _("The commitment is the SHA-256 of your secret: 64 hexadecimal characters.")}
        )
    try:
        rules.check_fillable(snapshot)
    except rules.SeatCannotBeFilled as exc:
        raise ValidationError(refusal_message(exc)) from exc
    if Draw.objects.filter(committee=committee, status=DrawStatus.COMMITTED).exists():
        raise ValidationError(
            _("A draw for this committee is already announced: perform or cancel it first.")
        )
    portal_value = secrets.token_hex(32)
    draw = Draw.objects.create(
        committee=committee,
        kind=kind,
        composition=committee.composition,
        position_reference=snapshot["position"]["reference"],
        algorithm_version=ALGORITHM_VERSION,
        snapshot=snapshot,
        snapshot_hash=rules.snapshot_hash(snapshot),
        commitment=commitment,
        portal_commitment=rules.commitment_of(portal_value),
        portal_value=portal_value,
        replaced_seat=replaced_seat,
        replacement_reason=reason,
        committed_at=now,
        committed_by=actor,
    )
    audit_log(
        actor=actor,
        action="committee.draw_announced",
        obj=draw,
        data={
            "committee": committee.pk,
            "kind": kind,
            "snapshot_hash": draw.snapshot_hash,
            "commitment": commitment,
            "portal_commitment": draw.portal_commitment,
            "replaced_seat": replaced_seat.pk if replaced_seat else None,
        },
    )
    return draw


@transaction.atomic
def committee_draw_announce(
    *, committee: Committee, commitment: str, actor: "User", now: dt.datetime | None = None
) -> Draw:
    """Freeze and publish the inputs of the committee's draw with HR's commitment (R-13.7)."""
    require_hr_of(actor, committee.institution_id)
    locked = _locked_committee(committee)
    now = now or timezone.now()
    today = institution_today(locked.position.announcement.institution)
    _require_valid_pool(locked, today)
    _move(locked, CommitteeStatus.DRAWING)
    snapshot = build_snapshot(locked, seats=rules.seats_of(locked.composition), today=today)
    draw = _announce(
        locked, kind=DrawKind.INITIAL, snapshot=snapshot, commitment=commitment, actor=actor, now=now
    )
    locked.save(update_fields=["status"])
    return draw


@transaction.atomic
def seat_replacement_announce(
    *, seat: Seat, reason: str, commitment: str, actor: "User", now: dt.datetime | None = None
) -> Draw:
    """R-13.6: a member absent or unable (a declared conflict included) is replaced by a new draw
    for that seat only, under the same rules, announced like the first."""
    committee = _locked_committee(seat.committee)
    require_hr_of(actor, committee.institution_id)
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    if reason not in ReplacementReason.values:
        raise ValidationError({"reason": _("Say why the member is replaced.")})
    if seat.status != SeatStatus.ACTIVE:
        raise ValidationError(_("This member has already been replaced."))
    if committee.status not in (CommitteeStatus.DRAWN, CommitteeStatus.APPOINTED):
        raise ValidationError(_("Only a drawn committee has members to replace."))
    now = now or timezone.now()
    today = institution_today(committee.position.announcement.institution)
    _require_valid_pool(committee, today)
    rule = next(r for r in rules.COMPOSITIONS[committee.composition] if r.key == seat.seat_key)
    exclusions = {
        str(mid): EXCLUDED_REPLACED
        for mid in committee.seats.filter(status=SeatStatus.REPLACED).values_list("member_id", flat=True)
    }
    exclusions[str(seat.member_id)] = EXCLUDED_REPLACED
    for mid in (
        committee.seats.filter(status=SeatStatus.ACTIVE)
        .exclude(pk=seat.pk)
        .values_list("member_id", flat=True)
    ):
        exclusions[str(mid)] = EXCLUDED_SEATED
    snapshot = build_snapshot(
        committee, seats=[rule.as_json(slots=[seat.slot])], today=today, more_exclusions=exclusions
    )
    return _announce(
        committee,
        kind=DrawKind.REPLACEMENT,
        snapshot=snapshot,
        commitment=commitment,
        actor=actor,
        now=now,
        replaced_seat=seat,
        reason=reason,
    )


@transaction.atomic
def draw_perform(*, draw: Draw, secret: str, actor: "User", now: dt.datetime | None = None) -> Draw:
    """HR reveals its secret; the portal reveals its value; the computer draws (rules.draw_committee)."""
    locked = Draw.objects.select_for_update().get(pk=draw.pk)
    committee = _locked_committee(locked.committee)
    require_hr_of(actor, committee.institution_id)
    if locked.status == DrawStatus.DRAWN and locked.secret == secret:
        return locked  # already drawn with this secret: nothing changes
    if locked.status != DrawStatus.COMMITTED:
        raise ValidationError(_("This draw is not waiting to be performed."))
    if rules.commitment_of(secret) != locked.commitment:
        raise ValidationError(
            {"secret": _("This is not the secret whose SHA-256 was published before the draw.")}
        )
    now = now or timezone.now()
    _require_valid_pool(committee, institution_today(committee.position.announcement.institution))
    seed = rules.draw_seed(
        secret=secret,
        portal_value=locked.portal_value,
        position_reference=locked.position_reference,
        snapshot_digest=locked.snapshot_hash,
    )
    try:
        result = rules.draw_committee(locked.snapshot, seed)
    except rules.SeatCannotBeFilled as exc:  # checked at the announcement: only if the rules changed since
        raise ValidationError(refusal_message(exc)) from exc
    members = {str(m.pk): m for m in committee.pool.members.filter(pk__in=[int(e["member"]) for e in result])}
    locked.secret, locked.seed, locked.status = secret, seed, DrawStatus.DRAWN
    locked.result = [{**entry, "name": members[entry["member"]].name} for entry in result]
    locked.chair = rules.chair_of(result, locked.snapshot["chair_seat"]) or ""
    locked.drawn_at, locked.drawn_by = now, actor
    locked.save()
    if locked.kind == DrawKind.INITIAL:
        _move(committee, CommitteeStatus.DRAWN)
        committee.save(update_fields=["status"])
        for entry in result:
            Seat.objects.create(
                committee=committee,
                seat_key=entry["seat"],
                slot=entry["slot"],
                member=members[entry["member"]],
                draw=locked,
            )
    else:
        _replace(committee, locked, members[result[0]["member"]], now)
    audit_log(
        actor=actor,
        action="committee.drawn",
        obj=locked,
        data={
            "committee": committee.pk,
            "kind": locked.kind,
            "seed": seed,
            "result": result,
            "chair": locked.chair,
        },
    )
    return locked


def _replace(committee: Committee, draw: Draw, member, now: dt.datetime) -> Seat:
    assert draw.replaced_seat_id is not None  # a replacement's draw names the seat it fills
    old = Seat.objects.select_for_update().select_related("member__user").get(pk=draw.replaced_seat_id)
    old.status, old.replaced_at, old.replacement_reason = SeatStatus.REPLACED, now, draw.replacement_reason
    old.save(update_fields=["status", "replaced_at", "replacement_reason"])
    new = Seat.objects.create(
        committee=committee, seat_key=old.seat_key, slot=old.slot, member=member, draw=draw
    )
    notify(
        recipient=old.member.user,
        kind="committee.seat_replaced",
        template="committee_seat_replaced",
        context={"committee": committee, "position": committee.position, "seat": old},
        dedupe_key=f"committee-seat-replaced:{old.pk}",
    )
    return new


@transaction.atomic
def draw_cancel(*, draw: Draw, reason: str, actor: "User", now: dt.datetime | None = None) -> Draw:
    """Cancel an announced draw (e.g. the secret was lost). Nobody knew its result: the portal's value
    is never shown before the draw. The cancelled draw stays public with its reason."""
    locked = Draw.objects.select_for_update().get(pk=draw.pk)
    committee = _locked_committee(locked.committee)
    require_hr_of(actor, committee.institution_id)
    if locked.status != DrawStatus.COMMITTED:
        raise ValidationError(_("Only a draw still waiting to be performed can be cancelled."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the draw is cancelled.")})
    locked.status, locked.cancelled_at, locked.cancel_reason = (
        DrawStatus.CANCELLED,
        now or timezone.now(),
        reason.strip(),
    )
    locked.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    if locked.kind == DrawKind.INITIAL:
        _move(committee, CommitteeStatus.DRAFT)
        committee.save(update_fields=["status"])
    audit_log(
        actor=actor, action="committee.draw_cancelled", obj=locked, data={"reason": locked.cancel_reason}
    )
    return locked
