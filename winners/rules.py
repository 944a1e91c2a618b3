"""Article 26 as pure functions over dates, numbers and plain tuples: no models, no database.

Decisions (docs/regulation-coverage.md, README's decisions):
- R-26.1 "sipas renditjes, duke filluar nga ai me më shumë pikë": the winners choose one after the other. HR's
  invitation goes to the best-ranked winner still waiting while a post is vacant; the next is invited as soon
  as the previous one has answered (consent, refusal, a reasonable cause) or let the deadline pass. One open
  invitation at a time per list (or per group's lists), so no winner ever loses a post to someone ranked
  below.
- R-26.7 "rirenditen sipas rezultatit të të dyja listave": the winners still on the lists of one group are
  ordered by their final score (the exact total of each published result), higher first; equal totals keep the
  earlier list first (its winners were on a list before), then the rank each had in their own results.
- R-26.7 "valid for one year from the publication": the anniversary of the publication is the last day (a
  period in years ends on the day of the same date; 29 February ends on 28 February); the list expires the day
  after.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, TypeVar

from .choices import ReasonableCause, WinnerState

# "brenda shtatë (7) ditëve nga shpallja e listës fituese": HR invites within 7 days of the
# publication.
INVITE_WITHIN_DAYS = 7
# "por jo më vonë se 3 muaj": the date of appearance is postponed by at most three months.
POSTPONE_MAX_MONTHS = 3
# the list of winners not appointed is valid one year from its publication.
LIST_VALID_YEARS = 1

# The caller's key of a winner (the services pass the Winner's pk; the tests, names): handed back untouched.
K = TypeVar("K")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the last day of a shorter month when that day does not exist."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- the invitation ------------------------------------------------------------------------------


def invite_by(published_on: dt.date) -> dt.date:
    """R-26.3: the last day on which HR invites the winners: the 7th day after the list's publication."""
    return published_on + dt.timedelta(days=INVITE_WITHIN_DAYS)


def auto_invite_due(published_on: dt.date, today: dt.date, after_days: int) -> bool:
    """R-26.3: the portal sends the first invitation itself when HR has not, ``after_days`` after the list's
    publication (WINNERS_AUTO_INVITE_AFTER_DAYS), never later than the 7th day (``invite_by``)."""
    return today >= min(published_on + dt.timedelta(days=after_days), invite_by(published_on))


def invited_in_time(published_on: dt.date, invited_on: dt.date) -> bool:
    """R-26.3: an invitation sent on or before the 7th day after the publication is in time."""
    return invited_on <= invite_by(published_on)


def answer_deadline(invited_on: dt.date, days: int) -> dt.date:
    """R-26.5 "afati i përcaktuar prej NJMBNJ": the last day of the answer, ``days`` after the invitation
    (HR's setting, WINNERS_ANSWER_DAYS); the invitation lapses when that day is over."""
    if days < 1:
        raise ValueError("The winner has at least one day to answer.")
    return invited_on + dt.timedelta(days=days)


def answer_in_time(respond_by: dt.datetime, at: dt.datetime) -> bool:
    """An answer (consent, refusal, a reasonable cause) counts up to ``respond_by`` inclusive; at any later
    moment the invitation has lapsed (R-26.3: silence passes the choice to the next winner)."""
    return at <= respond_by


def has_lapsed(respond_by: dt.datetime, at: dt.datetime) -> bool:
    """Decided by the scheduled deadline, not by when a task runs: lapsed once ``at`` is past
    ``respond_by``."""
    return not answer_in_time(respond_by, at)


# --- …: reasonable causes and postponement ---------------------------------------------------


def is_reasonable_cause(cause: str) -> bool:
    """R-26.6: illness (of the winner, their minor child or spouse, with a medical document), the death of a
    parent, spouse, child, brother or sister, and force majeure; nothing else."""
    return cause in ReasonableCause.values


def cause_notified_in_time(notified_on: dt.date, answer_by: dt.date) -> bool:
    """R-26.5: the winner tells HR of the impossibility "të paktën deri në afatin e përcaktuar": by the last
    day of the answer at the latest."""
    return notified_on <= answer_by


def latest_postponement(answer_by: dt.date) -> dt.date:
    """R-26.5: the new date of appearance is at most three months after the one HR had set."""
    return add_months(answer_by, POSTPONE_MAX_MONTHS)


def postponement_allowed(answer_by: dt.date, until: dt.date) -> bool:
    """R-26.5: a postponement moves the date later, and by no more than three months."""
    return answer_by < until <= latest_postponement(answer_by)


def keeps_place_on_list(cause: str) -> bool:
    """R-26.4: a winner who did not appear for a reasonable cause keeps their place on the list."""
    return is_reasonable_cause(cause)


# --- validity and re-ranking --------------------------------------------------------------------


def valid_until(published_on: dt.date) -> dt.date:
    """R-26.7: the last day of the list's validity: the anniversary of its publication (28 February for a list
    published on 29 February)."""
    year = published_on.year + LIST_VALID_YEARS
    day = min(published_on.day, calendar.monthrange(year, published_on.month)[1])
    return dt.date(year, published_on.month, day)


def is_valid(published_on: dt.date, today: dt.date) -> bool:
    """R-26.7: valid from its publication to the anniversary inclusive."""
    return published_on <= today <= valid_until(published_on)


def post_in_year(published_on: dt.date, vacant_from: dt.date) -> bool:
    """R-26.1: a post of the group that falls vacant "deri në një (1) vit nga shpallja" may be chosen."""
    return vacant_from <= valid_until(published_on)


@dataclass(frozen=True)
class ListedWinner(Generic[K]):
    """A winner still on a list, for the re-ranking of R-26.7."""

    key: K
    total: Fraction
    published_on: dt.date
    list_id: int
    result_rank: int


def parse_total(text: str) -> Fraction:
    """The exact total of a result row ("211/3", "85", "85.5")."""
    return Fraction(str(text))


def rerank(winners: list[ListedWinner[K]]) -> list[ListedWinner[K]]:
    """R-26.7: the winners of the lists of one group, ordered "sipas rezultatit të të dyja listave": the
    higher final score first; equal scores keep the earlier list's winner first, then their own rank."""
    return sorted(winners, key=lambda w: (-w.total, w.published_on, w.list_id, w.result_rank))


# --- who is invited next -------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate(Generic[K]):
    key: K
    rank: int
    state: str
    postponed_until: dt.date | None = None
    appointed_in_group: bool = False


def may_be_invited(candidate: Candidate[K], today: dt.date) -> bool:
    """R-26.1, R-26.4–26.6, R-26.2: a winner waiting for the invitation, or one postponed whose new date has
    come; never one already appointed from these lists (the right to choose is used once)."""
    if candidate.appointed_in_group:
        return False
    if candidate.state == WinnerState.WAITING:
        return True
    return (
        candidate.state == WinnerState.POSTPONED
        and candidate.postponed_until is not None
        and candidate.postponed_until <= today
    )


def next_to_invite(
    candidates: list[Candidate[K]], *, free_posts: int, open_invitations: int, today: dt.date
) -> Candidate[K] | None:
    """R-26.1: in rank order, starting with the most points; one winner chooses at a time (see the module's
    decision); nobody is invited without a vacant post to choose."""
    if free_posts < 1 or open_invitations > 0:
        return None
    eligible = [c for c in candidates if may_be_invited(c, today)]
    return min(eligible, key=lambda c: c.rank) if eligible else None
