"""The shared pieces of the committee services: the draw's algorithm version, the reasons a member is left
out of a draw, the refusal, the move of a committee's status, its row lock.

Every change to member pools, committees, draws, seats, declarations and observers.

Each service checks the actor, locks what it changes, applies the rule of rules.py, and writes its
audit event and outbox messages in one transaction. A draw happens in two steps (rules.py explains
why): ``*_announce`` freezes and publishes the inputs with HR's commitment; ``draw_perform`` takes
HR's revealed secret and draws.
"""

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recruitment.lib import lottery
from recruitment.lib.transitions import mover

from .. import rules
from ..models import COMMITTEE_TRANSITIONS, Committee, CommitteeStatus

if TYPE_CHECKING:
    pass


ALGORITHM_VERSION = f"{rules.COMMITTEE_ALGORITHM_VERSION}+{lottery.ALGORITHM_VERSION}"

# Why a member of the pool is left out of a draw (rules.py); published with the draw (no details).
EXCLUDED_UNAVAILABLE = rules.EXCLUDED_UNAVAILABLE
EXCLUDED_SEATED = rules.EXCLUDED_SEATED
EXCLUDED_REPLACED = rules.EXCLUDED_REPLACED


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


_move = mover(
    COMMITTEE_TRANSITIONS,
    CommitteeStatus,
    TransitionError,
    gettext_lazy("A committee cannot go from “%(current)s” to “%(target)s”."),
)


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
            "Seat %(seat)s (%(label)s) cannot be filled: its %(eligible)s eligible member(s) are also the "
            "only ones for other seats, and a member fills one seat at most. No committee was drawn."
        ) % {"seat": exc.seat, "label": label, "eligible": exc.eligible}
    return _(
        "Seat %(seat)s (%(label)s) needs %(needed)s member(s), but only %(eligible)s member(s) of the list "
        "are eligible and available. No committee was drawn. HR may ask other institutions to propose "
        "members (R-13.3)."
    ) % {"seat": exc.seat, "label": label, "needed": exc.needed, "eligible": exc.eligible}
