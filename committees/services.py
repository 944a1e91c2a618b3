"""Every change to member pools, committees, draws, seats, declarations and observers.

Each service checks the actor, locks what it changes, applies the rule of rules.py, and writes its
audit event and outbox messages in one transaction. A draw happens in two steps (rules.py explains
why): ``*_announce`` freezes and publishes the inputs with HR's commitment; ``draw_perform`` takes
HR's revealed secret and draws.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log, text_digest
from notifications.services import notify
from recruitment.lib import lottery
from recruitment.permissions import NotAllowed, hr_users, require_hr_of, require_leader_of

from . import rules, selectors
from .models import (
    COMMITTEE_TRANSITIONS,
    Committee,
    CommitteeStatus,
    ConflictDeclaration,
    Draw,
    DrawKind,
    DrawStatus,
    MemberPool,
    Observer,
    ObserverNotice,
    ObserverSitting,
    PoolMember,
    ReplacementReason,
    Seat,
    SeatStatus,
)

ALGORITHM_VERSION = f"{rules.COMMITTEE_ALGORITHM_VERSION}+{lottery.ALGORITHM_VERSION}"

# Why a member of the pool is left out of a draw; published with the draw (no details).
EXCLUDED_UNAVAILABLE = "unavailable"  # away during the evaluation period
EXCLUDED_SEATED = "seated"  # already on this committee (a replacement)
EXCLUDED_REPLACED = "replaced"  # replaced on this committee before, whatever the reason


class TransitionError(ValidationError):
    pass


def institution_today(institution) -> dt.date:
    return timezone.localdate(timezone=institution.tzinfo)


def position_reference(position) -> str:
    """The position's public reference, part of every draw's seed: institution, announcement, code, each said
    once: "KQZ 11/2026 P-1", not "KQZ KQZ 11/2026 P-1" when the announcement's reference starts with the
    institution's short name, and no code after a reference it repeats. (A draw keeps the reference it was
    seeded with.)"""
    announcement = position.announcement
    short_name, reference = announcement.institution.short_name, announcement.reference
    parts = [reference] if reference.split(" ", 1)[0] == short_name else [short_name, reference]
    code = position.code or f"#{position.pk}"
    if code != reference:
        parts.append(code)
    return " ".join(parts)


def _move(committee: Committee, target: str) -> None:
    if target not in COMMITTEE_TRANSITIONS.get(committee.status, set()):
        raise TransitionError(
            _("A committee cannot go from “%(current)s” to “%(target)s”.")
            % {"current": CommitteeStatus(committee.status).label, "target": CommitteeStatus(target).label}
        )
    committee.status = target


def _locked_committee(committee: Committee) -> Committee:
    return (
        Committee.objects.select_for_update(of=("self",))
        .select_related("position__announcement__institution", "pool")
        .get(pk=committee.pk)
    )


def refusal_message(exc: rules.SeatCannotBeFilled) -> str:
    label = rules.SEAT_LABELS.get(exc.seat, exc.seat)
    if exc.shared:
        return _(
            "Seat %(seat)s (%(label)s) cannot be filled: its %(eligible)s eligible member(s) are also the only "
            "ones for other seats, and a member fills one seat at most. No committee was drawn."
        ) % {"seat": exc.seat, "label": label, "eligible": exc.eligible}
    return _(
        "Seat %(seat)s (%(label)s) needs %(needed)s member(s), but only %(eligible)s member(s) of the list are "
        "eligible and available. No committee was drawn. HR may ask other institutions to propose members "
        "(R-13.3)."
    ) % {"seat": exc.seat, "label": label, "needed": exc.needed, "eligible": exc.eligible}


# --- The pool (R-13.4, R-13.5) ------------------------------------------------------------------------


@transaction.atomic
def pool_create(*, institution, decision_reference: str, approved_on: dt.date, actor) -> MemberPool:
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
def pool_renew(*, pool: MemberPool, approved_on: dt.date, decision_reference: str, actor) -> MemberPool:
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
def pool_edit(*, pool: MemberPool, decision_reference: str, actor) -> MemberPool:
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
def pool_member_save(*, form, formsets=(), actor) -> PoolMember:
    """Add or correct a potential member of the list (R-13.3, R-13.4) with their periods of unavailability:
    the admin's validated form and inline formsets, saved together under the list's row lock (one writer of a
    list at a time, as for its renewal) with one audit event naming what changed."""
    member = form.save(commit=False)
    require_hr_of(actor, member.pool.institution_id)
    MemberPool.objects.select_for_update().filter(pk=member.pool_id).first()
    member.save()
    form.save_m2m()
    periods = {"added": 0, "changed": 0, "removed": 0}
    for formset in formsets:
        formset.instance = member
        formset.save()
        periods["added"] += len(formset.new_objects)
        periods["changed"] += len(formset.changed_objects)
        periods["removed"] += len(formset.deleted_objects)
    audit_log(
        actor=actor,
        action="committee_pool.member_saved",
        obj=member,
        data={"pool": member.pool_id, "changed": sorted(form.changed_data), "unavailability": periods},
    )
    return member


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


# --- The committee ---------------------------------------------------------------------------------------

_PROFILE_FIELDS = ("composition", "pool", "responsible_unit", "require_trained")
_ALWAYS_EDITABLE = ("evaluation_from", "evaluation_until", "candidate_names")


def _check_committee(committee: Committee) -> None:
    position = committee.position
    if committee.pool.institution_id != position.announcement.institution_id:
        raise ValidationError({"pool": _("The list must be the one approved by the position's institution.")})
    if committee.composition not in rules.COMPOSITIONS:
        raise ValidationError(
            {"composition": _("Choose the composition: the position's category names none.")}
        )
    problems = rules.composition_problems(
        rule_set=position.announcement.rule_set, category=position.category, composition=committee.composition
    )
    if problems:
        raise ValidationError({"composition": problems})
    if (
        committee.evaluation_from
        and committee.evaluation_until
        and committee.evaluation_until < committee.evaluation_from
    ):
        raise ValidationError({"evaluation_until": _("The evaluation cannot end before it starts.")})


@transaction.atomic
def committee_create(
    *,
    position,
    pool: MemberPool,
    actor,
    fields=(),
    composition: str | None = None,
    responsible_unit: str | None = None,
    evaluation_from: dt.date | None = None,
    evaluation_until: dt.date | None = None,
    require_trained: bool = False,
    candidate_names: str = "",
) -> Committee:
    require_hr_of(actor, position.announcement.institution_id)
    committee = Committee(
        position=position,
        pool=pool,
        created_by=actor,
        composition=composition
        or rules.composition_for_position(position.category, position.scoring_scheme)
        or "",
        responsible_unit=position.department if responsible_unit is None else responsible_unit,
        evaluation_from=evaluation_from,
        evaluation_until=evaluation_until,
        require_trained=require_trained,
        candidate_names=candidate_names,
    )
    _check_committee(committee)
    if Committee.objects.filter(position=position).exists():
        raise ValidationError(_("This position already has a committee."))
    committee.save()
    committee.fields.set(fields)
    audit_log(
        actor=actor,
        action="committee.created",
        obj=committee,
        data={"position": position.pk, "composition": committee.composition, "pool": pool.pk},
    )
    return committee


@transaction.atomic
def _for_the_log(name: str, value) -> str:
    """A field's value as the audit chain keeps it: the candidates' names only as their SHA-256 (the chain is
    append-only and never erased; the list itself stays on the committee)."""
    return f"sha256:{text_digest(str(value))}" if name == "candidate_names" else str(value)


def committee_update(*, committee: Committee, actor, fields=None, **changes) -> Committee:
    """Change the committee's profile. What the draw depends on (composition, pool, fields, unit,
    training) is frozen once the draw is announced; dates and the candidate list stay editable."""
    require_hr_of(actor, committee.institution_id)
    locked = _locked_committee(committee)
    allowed = _ALWAYS_EDITABLE + (_PROFILE_FIELDS if locked.status == CommitteeStatus.DRAFT else ())
    frozen = [name for name in changes if name not in allowed] + (
        ["fields"] if fields is not None and locked.status != CommitteeStatus.DRAFT else []
    )
    if frozen:
        raise ValidationError(
            _("These can no longer change, the draw being announced: %(names)s.")
            % {"names": ", ".join(frozen)}
        )
    before = {name: _for_the_log(name, getattr(locked, name)) for name in changes}
    for name, value in changes.items():
        setattr(locked, name, value)
    _check_committee(locked)
    locked.save()
    if fields is not None:
        locked.fields.set(fields)
    audit_log(
        actor=actor,
        action="committee.updated",
        obj=locked,
        data={
            "before": before,
            "after": {name: _for_the_log(name, value) for name, value in changes.items()},
            "fields": sorted(f.code for f in fields) if fields is not None else None,
        },
    )
    return locked


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
                "The list of potential members (%(decision)s) is valid from %(start)s to %(end)s: no draw from it on "
                "%(today)s. KQZ must renew it first (R-13.5)."
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
    actor,
    now,
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
def committee_draw_announce(*, committee: Committee, commitment: str, actor, now=None) -> Draw:
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
def seat_replacement_announce(*, seat: Seat, reason: str, commitment: str, actor, now=None) -> Draw:
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
def draw_perform(*, draw: Draw, secret: str, actor, now=None) -> Draw:
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


def _replace(committee: Committee, draw: Draw, member, now) -> Seat:
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
def draw_cancel(*, draw: Draw, reason: str, actor, now=None) -> Draw:
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


# --- Appointment and compensation (R-14.7) -----------------------------------------


@transaction.atomic
def committee_appoint(*, committee: Committee, actor, now=None) -> list[Seat]:
    """Appoint the drawn members not yet appointed (all of them, or the one a replacement drew) and
    tell each of them. HR appoints; a management committee is appointed by the leader (R-15.6)."""
    locked = _locked_committee(committee)
    if rules.appointed_by_leader(locked.composition):
        require_leader_of(actor, locked.institution_id)
    else:
        require_hr_of(actor, locked.institution_id)
    if locked.status not in (CommitteeStatus.DRAWN, CommitteeStatus.APPOINTED):
        raise ValidationError(_("Only a drawn committee can be appointed."))
    if locked.draws.filter(status=DrawStatus.COMMITTED).exists():
        raise ValidationError(_("A draw for this committee is announced: perform it before the appointment."))
    now = now or timezone.now()
    seats = list(
        locked.seats.select_for_update()
        .filter(status=SeatStatus.ACTIVE, appointed_at__isnull=True)
        .select_related("member__user")
        .order_by("pk")
    )
    if not seats:
        return []  # all appointed already
    for seat in seats:
        seat.appointed_at, seat.appointed_by = now, actor
        seat.fee_eur = rules.compensation_fee(
            is_civil_servant=seat.member.is_civil_servant,
            composition=locked.composition,
            fee_eur=settings.COMMITTEE_NON_CIVIL_SERVANT_FEE_EUR,
        )
        seat.save(update_fields=["appointed_at", "appointed_by", "fee_eur"])
        notify(
            recipient=seat.member.user,
            kind="committee.appointed",
            template="committee_appointed",
            context={"committee": locked, "position": locked.position, "seat": seat},
            dedupe_key=f"committee-appointed:{seat.pk}",
        )
    if locked.status == CommitteeStatus.DRAWN:
        _move(locked, CommitteeStatus.APPOINTED)
        locked.appointed_at = now
        locked.save(update_fields=["status", "appointed_at"])
    audit_log(
        actor=actor,
        action="committee.appointed",
        obj=locked,
        data={
            "seats": [
                {"seat": s.seat_key, "slot": s.slot, "member": s.member_id, "fee_eur": s.fee_eur}
                for s in seats
            ]
        },
    )
    return seats


# --- Conflicts of interest ---------------------------------------------------------------------------------


@transaction.atomic
def declaration_submit(
    *, seat: Seat, candidate_list_digest: str, has_conflict: bool, details: str = "", actor, now=None
) -> ConflictDeclaration:
    """A member declares, for the committee's current list of candidates, no conflict of interest or
    one. A conflict tells HR, who replaces the member by a new draw (R-13.6). A "no conflict" may later
    become a conflict; a conflict is not withdrawn."""
    seat = (
        Seat.objects.select_for_update()
        .select_related("member", "committee__position__announcement")
        .get(pk=seat.pk)
    )
    if seat.member.user_id != getattr(actor, "pk", None):
        raise NotAllowed("Only the member declares for themselves.")
    if seat.status != SeatStatus.ACTIVE:
        raise ValidationError(_("You no longer sit on this committee."))
    committee = seat.committee
    names = selectors.candidate_list(committee)
    if not names:
        raise ValidationError(_("There is no list of candidates to declare against yet."))
    digest = rules.candidate_list_digest(names)
    if candidate_list_digest != digest:
        raise ValidationError(_("The list of candidates changed while you were reading it; read it again."))
    if has_conflict and not (details or "").strip():
        raise ValidationError({"details": _("Say which candidate and why, for HR.")})
    now = now or timezone.now()
    declaration = seat.declarations.filter(candidate_list_digest=digest).first()
    if declaration is not None:
        if declaration.has_conflict or not has_conflict:
            raise ValidationError(_("You have already declared for this list of candidates."))
        declaration.has_conflict, declaration.details, declaration.declared_at = True, details.strip(), now
        declaration.save(update_fields=["has_conflict", "details", "declared_at"])
    else:
        declaration = ConflictDeclaration.objects.create(
            seat=seat,
            candidate_names=names,
            candidate_list_digest=digest,
            has_conflict=has_conflict,
            details=(details or "").strip() if has_conflict else "",
            declared_at=now,
        )
    if has_conflict:
        for user in hr_users(committee.institution_id):
            notify(
                recipient=user,
                kind="committee.conflict_declared",
                template="committee_conflict_declared",
                context={"committee": committee, "position": committee.position, "seat": seat},
                dedupe_key=f"committee-conflict:{declaration.pk}:{user.pk}",
            )
    # The details stay in the declaration (HR reads them there), not in the audit chain.
    audit_log(
        actor=actor,
        action="committee.conflict_declared" if has_conflict else "committee.no_conflict_declared",
        obj=declaration,
        data={"seat": seat.pk, "candidate_list": digest},
    )
    return declaration


# --- Observers (R-16) --------------------------------------------------------------------------------------


@transaction.atomic
def observer_register(
    *, user, organisation: str, kind: str, accepts_data_protection: bool, now=None
) -> Observer:
    """R-16.1, R-16.2: register as a trade-union or civil-society observer, accepting the duty to
    protect personal data (nothing is shown before)."""
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed("Sign in to register as an observer.")
    if not accepts_data_protection:
        raise ValidationError(
            {
                "accepts_data_protection": _(
                    "Observers must accept the duty to protect personal data (R-16.2)."
                )
            }
        )
    if not (organisation or "").strip():
        raise ValidationError({"organisation": _("Name the organisation you represent.")})
    observer, _created = Observer.objects.select_for_update().get_or_create(
        user=user, defaults={"organisation": organisation.strip(), "kind": kind}
    )
    observer.organisation, observer.kind = organisation.strip(), kind
    observer.data_protection_accepted_at = observer.data_protection_accepted_at or now or timezone.now()
    observer.full_clean(exclude=["user"])
    observer.save()
    audit_log(
        actor=user,
        action="committee.observer_registered",
        obj=observer,
        data={
            "organisation": observer.organisation,
            "kind": kind,
            "data_protection_accepted_at": observer.data_protection_accepted_at,
        },
    )
    return observer


@transaction.atomic
def observer_notice_give(
    *,
    observer: Observer,
    committee: Committee,
    note: str = "",
    actor,
    now=None,
    sitting: str = ObserverSitting.WHOLE,
    attends_on: dt.date | None = None,
) -> ObserverNotice:
    """R-16.3: prior notice to HR and to the committee's chair, who are told through the outbox. The notice
    names the sitting the observer will attend and its day, and comes before that day
    (rules.observer_notice_in_time); HR then accepts or refuses it (observer_notice_decide): until accepted,
    the observer sees nothing."""
    if observer.user_id != getattr(actor, "pk", None):
        raise NotAllowed("Observers give notice for themselves.")
    if observer.data_protection_accepted_at is None:
        raise ValidationError(_("Accept the duty to protect personal data first (R-16.2)."))
    if sitting not in ObserverSitting.values:
        raise ValidationError({"sitting": _("Choose the sitting you will attend.")})
    committee = _locked_committee(committee)
    if committee.status not in (CommitteeStatus.DRAWN, CommitteeStatus.APPOINTED):
        raise ValidationError(_("This evaluation has no committee yet."))
    now = now or timezone.now()
    if attends_on is None and sitting == ObserverSitting.WHOLE:
        attends_on = committee.evaluation_from
    if not rules.observer_day_in_period(attends_on, committee.evaluation_from, committee.evaluation_until):
        raise ValidationError({"attends_on": _("The day must fall within the evaluation period.")})
    if not rules.observer_notice_in_time(
        institution_today(committee.position.announcement.institution), attends_on
    ):
        raise ValidationError(
            _(
                "The notice must come before the sitting you will attend, at the latest the day "
                "before (R-16.3)."
            )
        )
    try:
        with transaction.atomic():
            notice = ObserverNotice.objects.create(
                observer=observer,
                committee=committee,
                note=(note or "").strip(),
                given_at=now,
                sitting=sitting,
                attends_on=attends_on,
            )
    except IntegrityError:
        return ObserverNotice.objects.get(observer=observer, committee=committee)  # given already
    chair_key, chair_slot = rules.chair_position(committee.composition)
    chair = (
        committee.seats.filter(status=SeatStatus.ACTIVE, seat_key=chair_key, slot=chair_slot)
        .select_related("member__user")
        .first()
    )
    recipients = list(hr_users(committee.institution_id)) + ([chair.member.user] if chair else [])
    for user in recipients:
        notify(
            recipient=user,
            kind="committee.observer_notice",
            template="committee_observer_notice",
            context={
                "committee": committee,
                "position": committee.position,
                "observer": observer,
                "notice": notice,
                "is_chair": chair is not None and user.pk == chair.member.user_id,
            },
            dedupe_key=f"committee-observer-notice:{notice.pk}:{user.pk}",
        )
    audit_log(
        actor=actor,
        action="committee.observer_notice",
        obj=notice,
        data={
            "committee": committee.pk,
            "observer": observer.pk,
            "told": [u.pk for u in recipients],
            "sitting": sitting,
            "attends_on": attends_on.isoformat() if attends_on else None,
        },
    )
    return notice


@transaction.atomic
def observer_notice_decide(
    *, notice: ObserverNotice, accept: bool, reason: str = "", actor, now=None
) -> ObserverNotice:
    """HR of the institution accepts an observer's notice (the observer then sees the evaluation's page) or
    refuses it with a reason (R-16.1: only representatives of trade unions and civil society; HR checks who
    they are). A decision is final: deciding again in the same way changes nothing and tells nobody twice."""
    notice = (
        ObserverNotice.objects.select_for_update(of=("self",))
        .select_related("observer__user", "committee__position__announcement__institution")
        .get(pk=notice.pk)
    )
    committee = notice.committee
    require_hr_of(actor, committee.institution_id)
    if notice.accepted_at or notice.refused_at:
        if (notice.accepted_at is not None) == accept:
            return notice  # a repeated click
        raise ValidationError(_("This notice is already decided."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Say why the notice is refused; the observer is told.")})
    now = now or timezone.now()
    if accept:
        notice.accepted_at, notice.accepted_by = now, actor
    else:
        notice.refused_at, notice.refusal_reason = now, reason[:2000]
    notice.save(update_fields=["accepted_at", "accepted_by", "refused_at", "refusal_reason"])
    notify(
        recipient=notice.observer.user,
        kind="committee.observer_notice_decided",
        template="committee_observer_notice_decided",
        context={"committee": committee, "position": committee.position, "notice": notice},
        dedupe_key=f"committee-observer-decided:{notice.pk}",
    )
    audit_log(
        actor=actor,
        action="committee.observer_accepted" if accept else "committee.observer_refused",
        obj=notice,
        data={"committee": committee.pk, "observer": notice.observer_id, "reason": notice.refusal_reason},
    )
    return notice
