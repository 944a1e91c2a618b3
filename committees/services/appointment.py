"""The appointment of the drawn committee (R-13.7, R-14.6, R-15.6) and its compensation (R-14.7)."""

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from notifications.services import notify
from recruitment.permissions import require_hr_of, require_leader_of

from .. import rules
from ..models import Committee, CommitteeStatus, DrawStatus, Seat, SeatStatus
from .common import _locked_committee, _move

if TYPE_CHECKING:
    from django.contrib.auth.models import User

if TYPE_CHECKING:
    pass


# --- Appointment and compensation (R-14.7) -----------------------------------------


@transaction.atomic
def committee_appoint(*, committee: Committee, actor: "User", now: dt.datetime | None = None) -> list[Seat]:
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
