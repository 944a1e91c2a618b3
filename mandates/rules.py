"""Management mandates (R-31) as pure functions over plain values (no database).

R-31.1: appointed "për një mandat me kohëzgjatje prej katër (4) vitesh, me të drejtë vazhdimi pa konkurrim,
vetëm edhe për një mandat tjetër me kohëzgjatje të njëjtë". R-31.3: HR decides the renewal on the direct
supervisor's proposal, on the performance during the mandate. R-31.4: the proposal comes "të paktën tre (3)
muaj para përfundimit". R-31.5: renewed only if the mandate's average performance is at least "arrin
pritshmëritë". R-31.6: after the second mandate, or without a renewal, the civil servant may compete for the
same position. R-31.7: one who was a civil servant before is placed in a vacant post of the professional
category (meeting its criteria); R-31.8: one who was not is released; R-31.9: refusing the post assigned is a
cause for release.

Dates: a mandate "ends on" the same calendar day four years after the appointment act (29 Feb → 28 Feb).
"""

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction

from appointments.rules import add_months

from .choices import MANDATE_TRANSITIONS, PERFORMANCE_VALUE, EndOutcome, Performance

# "katër (4) vitesh"; one renewal "vetëm edhe për një mandat tjetër".
MANDATE_YEARS = 4
MAX_MANDATES = 2
# "të paktën tre (3) muaj para përfundimit".
PROPOSAL_MONTHS_BEFORE = 3
# HR's reminders before a mandate ends (months before the end): ask the supervisor for a proposal early enough
# for, at its deadline, and to prepare what –31.9 require.
REMINDER_MONTHS_BEFORE = (6, 3, 1)


def r31_1_end(start: dt.date, mandates: int = 1) -> dt.date:
    """R-31.1: four years from the appointment act, eight with the one renewal."""
    return add_months(start, 12 * MANDATE_YEARS * mandates)


def r31_4_proposal_by(end: dt.date) -> dt.date:
    """R-31.4: the supervisor's proposal comes at least three months before the end: that day or earlier."""
    return add_months(end, -PROPOSAL_MONTHS_BEFORE)


def r31_5_average(ratings: Iterable[str]) -> Fraction | None:
    """R-31.5: the mean of the mandate's ratings, exact (no rounding up to the threshold); None without
    ratings."""
    values = [PERFORMANCE_VALUE[rating] for rating in ratings]
    return Fraction(sum(values), len(values)) if values else None


def r31_5_meets_expectations(ratings: Iterable[str]) -> bool:
    """R-31.5: the average reaches "arrin pritshmëritë" (meets expectations) or better."""
    average = r31_5_average(ratings)
    return average is not None and average >= PERFORMANCE_VALUE[Performance.MEETS]


def r31_renewal_problems(
    *, mandates_held: int, end: dt.date, proposed_on: dt.date | None, ratings: Iterable[str]
) -> list[str]:
    """Why a mandate cannot be renewed: already renewed once (R-31.1), no proposal or one later than three
    months before the end (R-31.4), no rating or an average below "meets expectations" (R-31.5)."""
    ratings = list(ratings)
    problems = []
    if mandates_held >= MAX_MANDATES:
        problems.append("r31_1_renewed_once_already")
    if proposed_on is None:
        problems.append("r31_3_no_proposal")
    elif proposed_on > r31_4_proposal_by(end):
        problems.append("r31_4_proposal_late")
    if not ratings:
        problems.append("r31_5_no_ratings")
    elif not r31_5_meets_expectations(ratings):
        problems.append("r31_5_below_expectations")
    return problems


def r31_end_outcomes(*, was_civil_servant: bool) -> list[str]:
    """R-31.7–31.9: the outcomes open at the end: a placement in a professional post (or, on refusal, the
    release of R-31.9) for one who was a civil servant before; the release of R-31.8 for one who was not."""
    if was_civil_servant:
        return [EndOutcome.PLACED, EndOutcome.REFUSED_PLACEMENT]
    return [EndOutcome.RELEASED]


def r31_end_problems(
    *, was_civil_servant: bool, outcome: str, post: str, today: dt.date, end: dt.date
) -> list[str]:
    """Why an end-of-mandate outcome cannot be recorded: not yet at the end, not open to this person, or a
    placement (R-31.7) without the post named."""
    problems = []
    if today < end:
        problems.append("before_the_end")
    if outcome not in r31_end_outcomes(was_civil_servant=was_civil_servant):
        problems.append("outcome_not_open")
    if outcome in (EndOutcome.PLACED, EndOutcome.REFUSED_PLACEMENT) and not post.strip():
        problems.append("r31_7_post_required")
    return problems


def reminder_dates(end: dt.date) -> dict[str, dt.date]:
    """HR's reminders before the end: ``"m6"``, ``"m3"`` (R-31.4's deadline), ``"m1"``, and ``"end"``."""
    dates = {f"m{months}": add_months(end, -months) for months in REMINDER_MONTHS_BEFORE}
    dates["end"] = end
    return dates


def reminder_stage(end: dt.date, today: dt.date) -> str | None:
    """The latest reminder whose day has come (None before the first): the beat writes each stage once,
    decided by its scheduled day, so a beat that missed a day still sends it, and only the latest stage."""
    due = [(day, stage) for stage, day in reminder_dates(end).items() if day <= today]
    return max(due)[1] if due else None


def may_move(source: str, target: str) -> bool:
    return target in MANDATE_TRANSITIONS.get(source, set())
