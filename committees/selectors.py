"""Read-side queries of the committees app, each in a fixed number of queries, and the public
record of a draw (what its page and its JSON show)."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import cast

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from recruitment.lib import lottery
from recruitment.permissions import hr_institution_ids, is_observer_of, member_committee_ids
from verification.models import Shortlist
from verification.selectors import published_shortlist

from . import rules
from .models import (
    Committee,
    CommitteeStatus,
    ConflictDeclaration,
    Draw,
    DrawStatus,
    ObserverNotice,
    Seat,
    SeatStatus,
)
from .rules import EXCLUDED_REPLACED, EXCLUDED_SEATED, EXCLUDED_UNAVAILABLE

EXCLUSION_LABELS = {
    EXCLUDED_UNAVAILABLE: _("Unavailable during the evaluation (R-13.6)"),
    EXCLUDED_SEATED: _("Already on this committee"),
    EXCLUDED_REPLACED: _("Replaced on this committee (R-13.6)"),
}

# --- Public draws ----------------------------------------------------------------------------------------


def public_draws() -> QuerySet:
    return Draw.objects.select_related(
        "committee__position__announcement__institution", "replaced_seat"
    ).order_by("-committed_at", "-id")


def draw_for_public(pk: int) -> Draw:
    try:
        return public_draws().get(pk=pk)
    except Draw.DoesNotExist as exc:
        raise Http404 from exc


def draw_record(draw: Draw) -> dict:
    """The draw as published: its inputs from the announcement on, its secrets and result once drawn.

    The pool appears under member ids with only what eligibility needs; names appear only for the
    members drawn, as on any public committee list. The portal's value stays hidden until the draw.
    """
    committee_version, _, lottery_version = draw.algorithm_version.partition("+")
    drawn = draw.status == DrawStatus.DRAWN
    record = {
        "format": rules.RECORD_FORMAT,
        "algorithm": {"committee": committee_version, "lottery": lottery_version},
        "draw": draw.pk,
        "kind": draw.kind,
        "status": draw.status,
        "composition": draw.composition,
        "position_reference": draw.position_reference,
        "announced_at": draw.committed_at.isoformat(),
        "snapshot": draw.snapshot,
        "snapshot_hash": draw.snapshot_hash,
        "commitment": draw.commitment,
        "portal_commitment": draw.portal_commitment,
        "secret": draw.secret if drawn else None,
        "portal_value": draw.portal_value if drawn else None,
        "seed": draw.seed if drawn else None,
        "drawn_at": draw.drawn_at.isoformat() if drawn and draw.drawn_at else None,
        "result": draw.result if drawn else [],
        "chair": (draw.chair or None) if drawn else None,
    }
    if draw.replaced_seat_id:
        seat = cast(Seat, draw.replaced_seat)
        record["replaces"] = {"seat": seat.seat_key, "slot": seat.slot, "member": str(seat.member_id)}
    if draw.status == DrawStatus.CANCELLED:
        record["cancelled"] = {
            "at": draw.cancelled_at.isoformat() if draw.cancelled_at else None,
            "reason": draw.cancel_reason,
        }
    return record


def draw_page_context(draw: Draw) -> dict:
    """What the public page lists: the seats with their rules, the size of the pool, the exclusions
    counted by reason, and the result with names."""
    snapshot = draw.snapshot
    excluded_by_reason: dict[str, int] = defaultdict(int)
    for entry in snapshot["excluded"]:
        excluded_by_reason[entry["reason"]] += 1
    eligible = rules.eligible_by_seat(snapshot)
    seats = [
        {
            "key": seat["key"],
            "label": rules.SEAT_LABELS.get(seat["key"], seat["key"]),
            "slots": seat["slots"],
            "require": seat["require"],
            "eligible": len(ids),
        }
        for seat, ids in zip(snapshot["seats"], eligible, strict=True)
    ]
    result = [
        {
            **entry,
            "label": rules.SEAT_LABELS.get(entry["seat"], entry["seat"]),
            "is_chair": entry["member"] == draw.chair,
        }
        for entry in (draw.result if draw.status == DrawStatus.DRAWN else [])
    ]
    return {
        "draw": draw,
        "committee": draw.committee,
        "position": draw.committee.position,
        "seats": seats,
        "pool_size": len(snapshot["pool"]),
        "excluded_by_reason": [
            (EXCLUSION_LABELS.get(reason, reason), count)
            for reason, count in sorted(excluded_by_reason.items())
        ],
        "replaced": draw.replaced_seat if draw.replaced_seat_id else None,
        "result": result,
        "composition_label": rules.COMPOSITION_LABELS.get(draw.composition, draw.composition),
        "lottery_version": lottery.ALGORITHM_VERSION,
    }


# --- Members --------------------------------------------------------------------------------------------


def seats_of_member(*, user) -> QuerySet:
    """The user's seats now: only committees they sit on (a replaced member no longer sees them)."""
    return (
        Seat.objects.filter(member__user=user, status=SeatStatus.ACTIVE)
        .select_related("committee__position__announcement__institution")
        .prefetch_related(
            Prefetch("declarations", queryset=ConflictDeclaration.objects.order_by("-declared_at"))
        )
        .order_by("-committee__created_at", "pk")
    )


def committee_for_member(*, user, pk: int) -> tuple[Committee, Seat]:
    """A committee the user sits on, with their seat; 404 for any other (no hint that it exists)."""
    if pk not in member_committee_ids(user):
        raise Http404
    seat = seats_of_member(user=user).filter(committee_id=pk).first()
    if seat is None:
        raise Http404
    return seat.committee, seat


def committee_seats(committee: Committee) -> list[Seat]:
    """The sitting members in the order of the composition's seats."""
    order = {rule.key: index for index, rule in enumerate(rules.COMPOSITIONS.get(committee.composition, ()))}
    seats = list(committee.seats.filter(status=SeatStatus.ACTIVE).select_related("member", "committee"))
    return sorted(seats, key=lambda s: (order.get(s.seat_key, 99), s.slot))


def candidate_list(committee: Committee) -> str:
    """The candidates the members declare against (R-13.6), one name a line: the position's published
    shortlist (R-18.4, in its order, less anyone excluded since under R-9.3) once there is one; before
    that, the names HR typed on the committee (for procedures whose list was made outside the portal)."""

    if Shortlist.objects.filter(position_id=committee.position_id).exists():
        _shortlist, entries = published_shortlist(committee.position_id)
        return "\n".join(f"{e['first_name']} {e['last_name']}".strip() for e in entries)
    return committee.candidate_names.strip()


def member_may_see_candidates(*, seat: Seat) -> bool:
    """For the evaluation pages: no candidate's data before a "no conflict" declaration for the
    committee's current list of candidates."""
    digest = rules.candidate_list_digest(candidate_list(seat.committee))
    return rules.may_see_candidates(
        [(d.candidate_list_digest, d.has_conflict) for d in seat.declarations.all()], digest
    )


# --- Observers -------------------------------------------------------------------------------------------


def evaluations_open_to_notice(*, today: dt.date) -> QuerySet:
    """Evaluations an observer may still announce themselves for: a sitting lies ahead (R-16.3, the notice
    comes before the sitting observed), so the evaluation has not ended, though it may have started."""
    return (
        Committee.objects.filter(status__in=[CommitteeStatus.DRAWN, CommitteeStatus.APPOINTED])
        .filter(Q(evaluation_until__isnull=True) | Q(evaluation_until__gt=today))
        .select_related("position__announcement__institution")
        .order_by("evaluation_from", "pk")
    )


def observer_notices_for_hr(*, user) -> list:
    """The observers' notices for the evaluations of the user's institutions, those waiting for HR first."""

    notices = (
        ObserverNotice.objects.filter(
            committee__position__announcement__institution__in=hr_institution_ids(user)
        )
        .select_related("observer__user", "committee__position__announcement__institution", "accepted_by")
        .order_by("-given_at", "-pk")
    )
    return sorted(notices, key=lambda n: n.state != "waiting")


def observer_notice_for_hr(*, user, pk: int):
    notice = (
        ObserverNotice.objects.filter(
            pk=pk, committee__position__announcement__institution__in=hr_institution_ids(user)
        )
        .select_related("observer__user", "committee__position")
        .first()
    )
    if notice is None:
        raise Http404
    return notice


def committee_for_observer(*, user, pk: int) -> Committee:
    if not is_observer_of(user, pk):
        raise Http404
    return Committee.objects.select_related("position__announcement__institution").get(pk=pk)


# --- Compensation (R-14.7) ----------------------------------------------------------------------------------


def compensation_report(*, user, start: dt.date, end: dt.date) -> dict:
    """Fees owed to members who are not civil servants, for the committees of the user's institutions
    appointed in [start, end] (the institution's dates). A member replaced before the evaluation did not
    take part and is not listed."""
    institutions = hr_institution_ids(user)
    seats = list(
        Seat.objects.filter(
            fee_eur__isnull=False,
            status=SeatStatus.ACTIVE,
            committee__position__announcement__institution__in=institutions,
            appointed_at__date__gte=start,
            appointed_at__date__lte=end,
        )
        .select_related("member__institution", "committee__position__announcement__institution")
        .order_by("member__name", "appointed_at", "pk")
    )
    totals: dict[int, dict] = {}
    for seat in seats:
        entry = totals.setdefault(
            seat.member_id, {"member": seat.member, "procedures": 0, "amount": Decimal(0)}
        )
        entry["procedures"] += 1
        entry["amount"] += seat.fee_eur
    return {
        "seats": seats,
        "totals": sorted(totals.values(), key=lambda e: e["member"].name.casefold()),
        "total": sum((cast(Decimal, seat.fee_eur) for seat in seats), Decimal(0)),
    }
