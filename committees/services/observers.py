"""Observers (R-16): their registration, their notices and HR's decisions on them."""

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from notifications.services import notify
from recruitment.permissions import NotAllowed, hr_users, require_hr_of

from .. import rules
from ..models import Committee, CommitteeStatus, Observer, ObserverNotice, ObserverSitting, SeatStatus
from .common import _locked_committee, institution_today

if TYPE_CHECKING:
    from django.contrib.auth.models import User

if TYPE_CHECKING:
    pass


# --- Observers (R-16) --------------------------------------------------------------------------------------


@transaction.atomic
def observer_register(
    *,
    user: "User",
    organisation: str,
    kind: str,
    accepts_data_protection: bool,
    now: dt.datetime | None = None,
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
    actor: "User",
    now: dt.datetime | None = None,
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
    *, notice: ObserverNotice, accept: bool, reason: str = "", actor: "User", now: dt.datetime | None = None
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
