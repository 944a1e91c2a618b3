"""The closing of a position's application period, and its one automatic extension (R-12.2, R-12.3).

A position is decided once its effective deadline (``Position.deadline``) has passed: by the beat
(vacancies.tasks.close_due_positions), or by HR from the admin when it does not want to wait.
The decision is made by the SCHEDULED deadline, never by when it ran: the applications counted are
those submitted before the deadline, the extended deadline is the announced one plus five calendar
days at the same local hour, and ``closed_at`` is the deadline that closed it.

Locks, in the order of applications/services.py (so a submission and a decision never wait for each
other in a circle): the announcement row, then the position row, both FOR NO KEY UPDATE (a write lock
that still lets applications be inserted for the position's key). A submission holds both FOR SHARE
while it checks the deadline, so it either commits before the decision (and is counted) or waits
and then reads the extension (or the closing) the decision wrote.

The reason of an extension is kept as facts (``applications_at_extension``, ``number_of_positions``)
and the public page renders the sentence with gettext in the reader's language; ``extension_reason``
keeps the same sentence in the default language (Albanian) as the record of the decision.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_log
from notifications.services import notify
from recruitment.permissions import hr_users, require_hr_of
from verification import rules as verification_rules

from . import rules
from .models import (
    CLOSING_TRANSITIONS,
    Announcement,
    AnnouncementStatus,
    ClosingState,
    Position,
)
from .rules import extension_sentence  # noqa: F401  (it moved to rules.py; importable from here)

log = logging.getLogger(__name__)

EXTEND = "extend"
CLOSE = "close"


class ClosingError(ValidationError):
    """A manual closing action refused; its message names the article."""


# --- Reads used by the decision -------------------------------------------------------------------------


def applications_received(position: Position, deadline: dt.datetime) -> int:
    """R-12.2 "aplikacionet e pranuara": applications submitted (and not withdrawn) before the deadline.

    A draft is no application; a withdrawn one was taken back by its author. An application submitted
    again after a withdrawal counts once, by its last submission.
    """
    from applications.models import Application, ApplicationStatus

    return Application.objects.filter(
        position_id=position.pk,
        status=ApplicationStatus.SUBMITTED,
        last_submission__submitted_at__lt=deadline,
    ).count()


# --- The decision --------------------------------------------------------------------------------------


def position_closing_decide(
    *, position_id: int, now: dt.datetime | None = None, actor=None, reason: str = ""
) -> str | None:
    """Decide a position whose deadline has passed: extend it once (R-12.2) or close it (R-12.3).

    Returns "extend", "close", or None when there was nothing to decide (already closed, deadline not
    passed yet, announcement not published). ``actor`` None is the system (the beat); a person must be
    HR of the institution and give a reason, and is told why nothing can be decided yet.
    """
    return _decide(position_id=position_id, now=now, actor=actor, reason=reason)


def position_extend_manually(*, position_id: int, actor, reason: str, now: dt.datetime | None = None) -> str:
    """HR extends by hand, only where R-12.2 extends anyway: the announced deadline has passed, the
    applications received are too few, and the position was never extended. Otherwise refused."""
    return _decide(position_id=position_id, now=now, actor=actor, reason=reason, only=EXTEND)


def position_close_early(*, position_id: int, actor, reason: str, now: dt.datetime | None = None) -> None:
    """HR asks to close a position before its deadline: refused (rules.early_closing_allowed explains).

    The permission is checked first, so a stranger learns nothing about the position; nothing is written.
    """
    position = Position.objects.select_related("announcement").get(pk=position_id)
    require_hr_of(actor, position.announcement.institution_id)
    now = now or timezone.now()
    if now >= position.deadline:
        raise ClosingError(_("The deadline has passed: decide the closing instead (R-12.2, R-12.3)."))
    if not rules.early_closing_allowed():
        raise ClosingError(
            _(
                "A position cannot be closed before its deadline: the announcement fixed the final date and hour "
                "(R-9.1.8) and applications are accepted until then (R-12.1, R-9.2.2). To correct a wrong deadline, "
                "amend the announcement."
            )
        )


@transaction.atomic
def _decide(*, position_id, now, actor, reason, only=None):
    now = now or timezone.now()
    manual = actor is not None
    announcement_id = Position.objects.filter(pk=position_id).values_list("announcement_id", flat=True).get()
    announcement = (
        Announcement.objects.select_for_update(no_key=True, of=("self",))
        .select_related("institution")
        .get(pk=announcement_id)
    )
    position = Position.objects.select_for_update(no_key=True).get(pk=position_id)
    position.announcement = announcement
    if manual:
        require_hr_of(actor, announcement.institution_id)
        if not (reason or "").strip():
            raise ClosingError(_("Say why (the reason is recorded in the audit log)."))

    if position.closing_state == ClosingState.CLOSED:
        if only == EXTEND:
            raise ClosingError(_("The position is closed: it can no longer be extended (R-12.2, R-12.3)."))
        return None  # decided already: a second run changes nothing
    if announcement.status != AnnouncementStatus.PUBLISHED:
        if manual:
            raise ClosingError(_("Only a position of a published announcement is closed or extended."))
        return None
    deadline = position.deadline  # as scheduled: the extended one, or the announced one
    if now < deadline:
        if manual:
            raise ClosingError(
                _("The deadline has not passed yet: R-12.2 counts the applications received at closing.")
            )
        return None

    tz = announcement.institution.tzinfo
    already_extended = position.closing_state == ClosingState.EXTENDED
    received = applications_received(position, deadline)
    if rules.extension_applies(announcement.rule_set):
        decision = rules.closing_decision(
            applications=received, positions=position.number_of_positions, already_extended=already_extended
        )
    else:
        decision = CLOSE
    if only == EXTEND and decision != EXTEND:
        if already_extended:
            raise ClosingError(
                _(
                    "The deadline was extended once already: R-12.2 extends only once; "
                    "after it HR continues with the applications received (R-12.3)."
                )
            )
        if not rules.extension_applies(announcement.rule_set):
            raise ClosingError(
                _(
                    "The extension of R-12.2 belongs to regulation 01/2024, which this "
                    "announcement does not follow."
                )
            )
        raise ClosingError(
            _(
                "R-12.2 does not allow an extension: %(n)s applications were received for %(k)s positions "
                "(it extends when they are no more than the positions, or fewer than 3 for a single position)."
            )
            % {"n": received, "k": position.number_of_positions}
        )

    facts = {
        "applications": received,
        "positions": position.number_of_positions,
        "deadline": deadline.isoformat(),
        "decided_at": now.isoformat(),
        "manual": manual,
    }
    if manual:
        facts["reason"] = reason.strip()

    if decision == EXTEND:
        _transition(position, ClosingState.EXTENDED)
        position.extended_until = rules.extended_deadline(announcement.closes_at, tz)
        position.applications_at_extension = received
        with translation.override(settings.LANGUAGE_CODE):
            position.extension_reason = extension_sentence(
                applications=received, positions=position.number_of_positions
            )
        position.save(
            update_fields=["closing_state", "extended_until", "applications_at_extension", "extension_reason"]
        )
        audit_log(
            actor=actor,
            action="position.extended",
            obj=position,
            data={**facts, "extended_until": position.extended_until.isoformat(), "article": "R-12.2"},
        )
        _announce_extension(position, announcement)
        return EXTEND

    _transition(position, ClosingState.CLOSED)
    position.closed_at = deadline
    position.applications_at_closing = received
    position.save(update_fields=["closing_state", "closed_at", "applications_at_closing"])
    # counted where the verification's rules count it (one rule, one place).
    verification_until = verification_rules.shortlist_deadline(deadline, tz)
    audit_log(
        actor=actor,
        action="position.closed",
        obj=position,
        data={
            **facts,
            "extended": already_extended,
            "verification_until": verification_until.isoformat(),
            "article": "R-12.3" if already_extended else "R-9.1.8",
        },
    )
    _announce_closing(position, announcement, verification_until)
    _close_announcement_when_done(announcement, now)
    return CLOSE


def _transition(position: Position, target: str) -> None:
    if target not in CLOSING_TRANSITIONS[ClosingState(position.closing_state)]:
        raise ClosingError(
            _("A position cannot go from “%(current)s” to “%(target)s”.")
            % {"current": ClosingState(position.closing_state).label, "target": ClosingState(target).label}
        )
    position.closing_state = target


def _close_announcement_when_done(announcement: Announcement, now: dt.datetime) -> None:
    """When the last position of an announcement closes, the announcement closes too (system actor)."""
    if announcement.positions.exclude(closing_state=ClosingState.CLOSED).exists():
        return
    if not rules.may_transition(announcement.status, AnnouncementStatus.CLOSED):
        return
    announcement.status = AnnouncementStatus.CLOSED
    announcement.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=None,
        action="announcement.closed",
        obj=announcement,
        data={
            "reference": announcement.reference,
            "why": "every position closed (R-12.3)",
            "decided_at": now.isoformat(),
        },
    )


# --- Messages (outbox, same transaction; a dedupe key per person and decision) --------------------------


def _hr_staff(announcement: Announcement):
    return [user for user in hr_users(announcement.institution_id) if user.email]


def _announce_extension(position: Position, announcement: Announcement) -> None:
    """Everyone with a draft or a submitted application, and HR of the institution (R-12.2)."""
    from applications.models import ApplicantProfile, Application, ApplicationStatus

    applications = list(
        Application.objects.filter(
            position_id=position.pk, status__in=[ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED]
        )
        .select_related("applicant")
        .order_by("id")
    )
    emails = dict(
        ApplicantProfile.objects.filter(user_id__in=[a.applicant_id for a in applications])
        .exclude(email="")
        .values_list("user_id", "email")
    )
    context = {"position": position, "announcement": announcement, "institution": announcement.institution}
    for app in applications:
        email = emails.get(app.applicant_id) or app.applicant.email
        if not email:
            continue  # a candidate without e-mail is told by HR, who gets the message below
        notify(
            recipient=app.applicant,
            email=email,
            kind="position.extended",
            template="position_extended",
            language=app.language,
            dedupe_key=f"position-extended:{position.pk}:user:{app.applicant_id}",
            context={**context, "application": app, "for_hr": False},
        )
    for user in _hr_staff(announcement):
        notify(
            recipient=user,
            email=user.email,
            kind="position.extended",
            template="position_extended",
            language=settings.LANGUAGE_CODE,
            dedupe_key=f"position-extended:{position.pk}:hr:{user.pk}",
            context={**context, "for_hr": True},
        )


def _announce_closing(position: Position, announcement: Announcement, verification_until: dt.date) -> None:
    """HR: the preliminary verification starts; shortlist and rejections within 15 days (R-18.5, R-18.6)."""
    for user in _hr_staff(announcement):
        notify(
            recipient=user,
            email=user.email,
            kind="position.closed",
            template="position_closed_hr",
            language=settings.LANGUAGE_CODE,
            dedupe_key=f"position-closed:{position.pk}:hr:{user.pk}",
            context={
                "position": position,
                "announcement": announcement,
                "institution": announcement.institution,
                "verification_until": verification_until,
                "days": verification_rules.SHORTLIST_DAYS,
            },
        )


# --- The beat's sweep ----------------------------------------------------------------------------------


def positions_due(now: dt.datetime | None = None) -> list[int]:
    """Ids of the published positions, not closed, whose effective deadline passed REQUEST_START_MAX_AGE ago.

    The wait: a submit is judged by when it arrived (applications.services.application_submit), and may still be
    queued for a worker or a lock that long after; it must find its position open. The decision itself is by
    the scheduled deadline, so waiting changes no count."""
    from django.conf import settings
    from django.db.models.functions import Coalesce

    now = (now or timezone.now()) - dt.timedelta(seconds=settings.REQUEST_START_MAX_AGE)
    return list(
        Position.objects.filter(announcement__status=AnnouncementStatus.PUBLISHED)
        .exclude(closing_state=ClosingState.CLOSED)
        .alias(effective_deadline=Coalesce("extended_until", "announcement__closes_at"))
        .filter(effective_deadline__lte=now)
        .order_by("id")
        .values_list("id", flat=True)
    )


def positions_close_due(now: dt.datetime | None = None) -> int:
    """Decide every position due, each in its own transaction; one failure does not stop the others."""
    decided = 0
    for position_id in positions_due(now):
        try:
            decided += position_closing_decide(position_id=position_id, now=now) is not None
        except Exception:
            log.exception("Closing of position %s failed; the next run tries again.", position_id)
    return decided
