"""The members' declarations of no conflict of interest."""

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from notifications.services import notify
from recruitment.permissions import NotAllowed, hr_users

from .. import rules, selectors
from ..models import ConflictDeclaration, Seat, SeatStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User

if TYPE_CHECKING:
    pass


# --- Conflicts of interest ---------------------------------------------------------------------------------


@transaction.atomic
def declaration_submit(
    *,
    seat: Seat,
    candidate_list_digest: str,
    has_conflict: bool,
    details: str = "",
    actor: "User",
    now: dt.datetime | None = None,
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
