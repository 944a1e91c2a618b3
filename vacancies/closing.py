"""The writes of a position's closing and its one extension (R-12.2, R-12.3): vacancies owns the position and
announcement rows, and this module is the one that changes their closing state.

The decision (how many applications were received, when the verification ends, who is told) reads the apps
above and lives with them: ``verification/closing.py`` (its beat task
``verification.tasks.close_due_positions`` and the admin's closing actions). It locks through
:func:`position_lock_for_decision` and writes through
:func:`position_extension_record` and :func:`position_closing_record`, in its own transaction.

Locks, in the order of applications/services.py (so a submission and a decision never wait for each
other in a circle): the announcement row, then the position row, both FOR NO KEY UPDATE (a write lock
that still lets applications be inserted for the position's key). A submission holds both FOR SHARE
while it checks the deadline, so it either commits before the decision (and is counted) or waits
and then reads the extension (or the closing) the decision wrote.

The reason of an extension is kept as facts (``applications_at_extension``, ``number_of_positions``)
and the public page renders the sentence with gettext in the reader's language; ``extension_reason``
keeps the same sentence in the default language (Albanian) as the record of the decision.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_log
from recruitment.permissions import require_hr_of

from . import rules
from .models import (
    CLOSING_TRANSITIONS,
    Announcement,
    AnnouncementStatus,
    ClosingState,
    Position,
)
from .rules import extension_sentence

if TYPE_CHECKING:
    from django.contrib.auth.models import User

EXTEND = "extend"
CLOSE = "close"


class ClosingError(ValidationError):
    """A manual closing action refused; its message names the article."""


def position_close_early(
    *, position_id: int, actor: User, reason: str, now: dt.datetime | None = None
) -> None:
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
                "A position cannot be closed before its deadline: the announcement fixed the final date and "
                "hour (R-9.1.8) and applications are accepted until then (R-12.1, R-9.2.2). To correct a "
                "wrong deadline, amend the announcement."
            )
        )


# --- The writes of a decision (called inside the decider's transaction) ---------------------------------


def position_lock_for_decision(position_id: int) -> Position:
    """Locks the announcement, then the position (the order above), and returns the position with its locked
    announcement (and the institution) attached. Call inside ``transaction.atomic()``."""
    announcement_id = Position.objects.filter(pk=position_id).values_list("announcement_id", flat=True).get()
    announcement = (
        Announcement.objects.select_for_update(no_key=True, of=("self",))
        .select_related("institution")
        .get(pk=announcement_id)
    )
    position = Position.objects.select_for_update(no_key=True).get(pk=position_id)
    position.announcement = announcement
    return position


def position_extension_record(*, position: Position, received: int, actor: User, facts: dict) -> None:
    """R-12.2: the deadline is extended once, to the announced one plus five days at the same local hour; the
    reason is kept as facts and as a sentence in the default language; audited with ``facts``."""
    announcement = position.announcement
    _transition(position, ClosingState.EXTENDED)
    position.extended_until = rules.extended_deadline(announcement.closes_at, announcement.institution.tzinfo)
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


def position_closing_record(
    *, position: Position, deadline: dt.datetime, received: int, actor: User, facts: dict, now: dt.datetime
) -> None:
    """R-12.3 (or R-9.1.8 without an extension): the position is closed at the deadline that closed it,
    audited with ``facts``; the announcement closes with its last position."""
    _transition(position, ClosingState.CLOSED)
    position.closed_at = deadline
    position.applications_at_closing = received
    position.save(update_fields=["closing_state", "closed_at", "applications_at_closing"])
    audit_log(actor=actor, action="position.closed", obj=position, data=facts)
    _close_announcement_when_done(position.announcement, now)


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


# --- The beat's sweep reads ----------------------------------------------------------------------------


def positions_due(now: dt.datetime | None = None) -> list[int]:
    """Ids of the published positions, not closed, whose effective deadline passed REQUEST_START_MAX_AGE ago.

    The wait: a submit is judged by when it arrived (applications.services.application_submit), and may still
    be queued for a worker or a lock that long after; it must find its position open. The decision itself is
    by the scheduled deadline, so waiting changes no count."""
    now = (now or timezone.now()) - dt.timedelta(seconds=settings.REQUEST_START_MAX_AGE)
    return list(
        Position.objects.filter(announcement__status=AnnouncementStatus.PUBLISHED)
        .exclude(closing_state=ClosingState.CLOSED)
        .alias(effective_deadline=Coalesce("extended_until", "announcement__closes_at"))
        .filter(effective_deadline__lte=now)
        .order_by("id")
        .values_list("id", flat=True)
    )
