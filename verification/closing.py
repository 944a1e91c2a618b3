"""The closing of a position's application period, and its one automatic extension (R-12.2, R-12.3).

It sits in verification, above what it reads: the applications received (applications) and the verification's
deadline (``verification.rules``); the position's rows are written by ``vacancies.closing`` (their one
writer).

A position is decided once its effective deadline (``Position.deadline``) has passed: by the beat
(verification.tasks.close_due_positions), or by HR from the admin when it does not want to wait
(the closing actions on the position's admin, verification/admin.py).
The decision is made by the SCHEDULED deadline, never by when it ran: the applications counted are
those submitted before the deadline, the extended deadline is the announced one plus five calendar
days at the same local hour, and ``closed_at`` is the deadline that closed it. The locks are taken
in the order vacancies.closing describes.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from applications.selectors import applicant_emails
from notifications.services import notice_run_start, notify
from recruitment.permissions import hr_users, require_hr_of
from vacancies import rules as vacancies_rules
from vacancies.closing import (
    CLOSE,
    EXTEND,
    ClosingError,
    position_close_early,
    position_closing_record,
    position_extension_record,
    position_lock_for_decision,
    positions_due,
)
from vacancies.models import Announcement, AnnouncementStatus, ClosingState, Position
from vacancies.rules import extension_sentence

from . import rules

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Importable from here, where the decision is (the admin, the demo and the tests use this module).
__all__ = [
    "CLOSE",
    "EXTEND",
    "ClosingError",
    "applications_received",
    "extension_sentence",
    "position_close_early",
    "position_closing_decide",
    "position_extend_manually",
    "positions_close_due",
    "positions_due",
]

log = logging.getLogger(__name__)


# --- Reads used by the decision -------------------------------------------------------------------------


def applications_received(position: Position, deadline: dt.datetime) -> int:
    """R-12.2 "aplikacionet e pranuara": applications submitted (and not withdrawn) before the deadline.

    A draft is no application; a withdrawn one was taken back by its author. An application submitted
    again after a withdrawal counts once, by its last submission.
    """
    return Application.objects.filter(
        position_id=position.pk,
        status=ApplicationStatus.SUBMITTED,
        last_submission__submitted_at__lt=deadline,
    ).count()


# --- The decision --------------------------------------------------------------------------------------


def position_closing_decide(
    *, position_id: int, now: dt.datetime | None = None, actor: User | None = None, reason: str = ""
) -> str | None:
    """Decide a position whose deadline has passed: extend it once (R-12.2) or close it (R-12.3).

    Returns "extend", "close", or None when there was nothing to decide (already closed, deadline not
    passed yet, announcement not published). ``actor`` None is the system (the beat); a person must be
    HR of the institution and give a reason, and is told why nothing can be decided yet.
    """
    return _decide(position_id=position_id, now=now, actor=actor, reason=reason)


def position_extend_manually(
    *, position_id: int, actor: User, reason: str, now: dt.datetime | None = None
) -> str:
    """HR extends by hand, only where R-12.2 extends anyway: the announced deadline has passed, the
    applications received are too few, and the position was never extended. Otherwise refused."""
    return _decide(position_id=position_id, now=now, actor=actor, reason=reason, only=EXTEND)


@transaction.atomic
def _decide(*, position_id, now, actor: User, reason, only=None):
    now = now or timezone.now()
    manual = actor is not None
    position = position_lock_for_decision(position_id)
    announcement = position.announcement
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
    if vacancies_rules.extension_applies(announcement.rule_set):
        decision = vacancies_rules.closing_decision(
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
        if not vacancies_rules.extension_applies(announcement.rule_set):
            raise ClosingError(
                _(
                    "The extension of R-12.2 belongs to regulation 01/2024, which this "
                    "announcement does not follow."
                )
            )
        raise ClosingError(
            _(
                "R-12.2 does not allow an extension: %(n)s applications were received for %(k)s positions "
                "(it extends when they are no more than the positions, or fewer than 3 for a single "
                "position)."
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
        position_extension_record(position=position, received=received, actor=actor, facts=facts)
        _announce_extension(position, announcement)
        return EXTEND

    # counted where the verification's rules count it (one rule, one place).
    verification_until = rules.shortlist_deadline(deadline, tz)
    position_closing_record(
        position=position,
        deadline=deadline,
        received=received,
        actor=actor,
        facts={
            **facts,
            "extended": already_extended,
            "verification_until": verification_until.isoformat(),
            "article": "R-12.3" if already_extended else "R-9.1.8",
        },
        now=now,
    )
    _announce_closing(position, announcement, verification_until)
    return CLOSE


# --- Messages (outbox, same transaction; a dedupe key per person and decision) --------------------------


def _hr_staff(announcement: Announcement):
    return [user for user in hr_users(announcement.institution_id) if user.email]


EXTENSION_NOTICES = "verification.extension"


def extension_notices_key(position_id: int) -> str:
    """The mass notice of a position's extension (notifications.NoticeRun.key): HR's page reads it."""
    return f"position-extended:{position_id}"


def _announce_extension(position: Position, announcement: Announcement) -> None:
    """Everyone with a draft or a submitted application, and HR of the institution (R-12.2). The applicants'
    notices are written by a task after the commit (issue 13: a position may have thousands of drafts), from
    the applications counted here; HR's are written here."""
    applications = list(
        Application.objects.filter(
            position_id=position.pk, status__in=[ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED]
        )
        .select_related("applicant")
        .order_by("id")
    )
    emails = applicant_emails(applications)
    # a candidate without e-mail is told by HR, who gets the message below; one notice per person.
    told = {a.applicant_id: a.pk for a in reversed(applications) if emails.get(a.applicant_id)}
    notice_run_start(
        key=extension_notices_key(position.pk),
        source=EXTENSION_NOTICES,
        args={"position": position.pk, "applications": sorted(told.values())},
        total=len(told),
    )
    context = {"position": position, "announcement": announcement, "institution": announcement.institution}
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


def extension_notice_items(args: dict) -> list[dict]:
    """The applicants' notices of an extension (notifications.register_notice_source): the applications kept
    when it was decided, in their order, with the same texts and keys as when they were written in the
    decision's transaction."""
    position = Position.objects.select_related("announcement__institution").get(pk=args["position"])
    announcement = position.announcement
    applications = list(
        Application.objects.filter(pk__in=args["applications"]).select_related("applicant").order_by("id")
    )
    emails = applicant_emails(applications)
    context = {"position": position, "announcement": announcement, "institution": announcement.institution}
    return [
        {
            "kind": "position.extended",
            "template": "position_extended",
            "recipient": app.applicant,
            "email": emails[app.applicant_id],
            "language": app.language,
            "dedupe_key": f"position-extended:{position.pk}:user:{app.applicant_id}",
            "context": {**context, "application": app, "for_hr": False},
        }
        for app in applications
        if emails.get(app.applicant_id)
    ]


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
                "days": rules.SHORTLIST_DAYS,
            },
        )


# --- The beat's sweep ----------------------------------------------------------------------------------


def positions_close_due(now: dt.datetime | None = None) -> int:
    """Decide every position due, each in its own transaction; one failure does not stop the others."""
    decided = 0
    for position_id in positions_due(now):
        try:
            decided += position_closing_decide(position_id=position_id, now=now) is not None
        except Exception:
            log.exception("Closing of position %s failed; the next run tries again.", position_id)
    return decided
