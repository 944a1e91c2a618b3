"""The probation (R-33 … R-39) as pure functions over plain values (no database).

R-33.1: "i nënshtrohet një periudhe pune provuese, që zgjatë gjashtë (6) muaj nga data e nënshkrimit të aktit
të emërimit". R-33.4: suspended for the actual length of maternity, paternity, parental or medical leave,
military service, an electoral campaign or other special circumstances, "periudha e provës zgjatet për kohën
sa është bërë ndërprerja". R-35.2–35.3: the mentor is the most senior civil servant of the same organisational
unit, of the same or a higher category. R-38.1: HR asks for the evaluation 60 days before the end; R-38.2: the
meeting "jo më pak se dyzetepesë (25) ditë para përfundimit"; R-38.3: announced at least 3 days before it;
R-39.3: the supervisor's reasoned decision reaches HR "dyzet (20) ditë para përfundimit"; R-39.6: extension up
to 6 months; R-39.7: HR informs the employee 30 days before the end.

Dates: the probation "ends on" ``end`` = the act's date plus six calendar months (31 Aug → 28/29 Feb), moved
by suspensions and an extension; every clock is a calendar day counted back from that date, and a deadline's
own day is still in time.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from appointments.rules import add_months

from .choices import CATEGORY_RANK, PROBATION_TRANSITIONS, Outcome

# "gjashtë (6) muaj".
PROBATION_MONTHS = 6
# "gjashtëdhjetë (60) ditë para përfundimit".
EVALUATION_REQUEST_DAYS_BEFORE = 60
# "së paku tri (3) ditë para datës së takimit".
MEETING_NOTICE_DAYS = 3
# "tridhjetë (30) ditë para përfundimit".
INFORM_DAYS_BEFORE = 30
# "deri në gjashtë (6) muaj".
MAX_EXTENSION_MONTHS = 6


def meeting_days_before() -> int:
    """R-38.2 "dyzetepesë (25)": words 45, digits 25; the digits by default (DOMAIN.md §10), a setting."""
    return int(getattr(settings, "PROBATION_MEETING_DAYS_BEFORE", 25))


def decision_days_before() -> int:
    """R-39.3 "dyzet (20)": words 40, digits 20; the digits by default (DOMAIN.md §10), a setting."""
    return int(getattr(settings, "PROBATION_DECISION_DAYS_BEFORE", 20))


# --- the length -------------------------------------------------------------------------------------


def r33_1_base_end(act_date: dt.date, extension_months: int = 0) -> dt.date:
    """R-33.1: six calendar months from the act's date; R-39.6: plus the months of an extension."""
    return add_months(act_date, PROBATION_MONTHS + extension_months)


def _merged(periods: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    """Overlapping or touching periods (both days included) merged: a day suspended twice counts once."""
    merged: list[list[dt.date]] = []
    for start, stop in sorted(periods):
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    return [(start, stop) for start, stop in merged]


def r33_4_end(
    act_date: dt.date,
    suspensions: Iterable[tuple[dt.date, dt.date | None]] = (),
    *,
    extension_months: int = 0,
    as_of: dt.date | None = None,
) -> dt.date:
    """R-33.4: the end of the probation, moved by each suspension's length (its first and last day included).

    A suspension still open (no last day) counts up to ``as_of`` (today): the end moves with it until it is
    closed. Days before the act do not count; overlapping suspensions count once; a suspension starting on or
    after the end (moved by the earlier ones) finds the probation over and moves nothing.
    """
    end = r33_1_base_end(act_date, extension_months)
    periods = []
    for start, stop in suspensions:
        if stop is None:
            stop = max(as_of or start, start)
        start = max(start, act_date)
        if stop >= start:
            periods.append((start, stop))
    for start, stop in _merged(periods):
        if start >= end:
            break
        end += dt.timedelta(days=(stop - start).days + 1)
    return end


def r33_4_suspension_problems(
    *, act_date: dt.date, end: dt.date, start: dt.date, stop: dt.date | None, cause: str, note: str
) -> list[str]:
    """Why a suspension cannot be recorded: it lies within the probation (from the act to its current end),
    its last day is not before its first, and "other special circumstances" are named."""
    problems = []
    if start < act_date:
        problems.append("before_the_act")
    if start >= end:
        problems.append("after_the_end")
    if stop is not None and stop < start:
        problems.append("ends_before_it_starts")
    if cause == "other" and not note.strip():
        problems.append("circumstance_not_named")
    return problems


# --- the mentor -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Colleague:
    """A civil servant of the institution as HR states the facts (R-35): unit, category, in the post since."""

    name: str
    unit: str
    category: str
    in_post_since: dt.date


def _same_unit(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def r35_3_category_allows(*, mentor_category: str, employee_category: str) -> bool:
    """R-35.3: the mentor is of the same or a higher category than the employee."""
    return CATEGORY_RANK.get(mentor_category, 0) >= CATEGORY_RANK.get(employee_category, 99)


def r35_eligible(colleague: Colleague, *, unit: str, category: str) -> bool:
    """R-35.2–35.3: of the same organisational unit and of the same or a higher category."""
    return _same_unit(colleague.unit, unit) and r35_3_category_allows(
        mentor_category=colleague.category, employee_category=category
    )


def r35_mentor_problems(
    mentor: Colleague, *, unit: str, category: str, colleagues: Iterable[Colleague] = ()
) -> list[str]:
    """Why ``mentor`` cannot be the mentor: another unit (R-35.2), a lower category (R-35.3), or an eligible
    colleague with a longer seniority in the post (R-35.2 "vjetërsinë më të madhe në detyrë")."""
    problems = []
    if not _same_unit(mentor.unit, unit):
        problems.append("other_unit")
    if not r35_3_category_allows(mentor_category=mentor.category, employee_category=category):
        problems.append("lower_category")
    if any(
        r35_eligible(other, unit=unit, category=category) and other.in_post_since < mentor.in_post_since
        for other in colleagues
    ):
        problems.append("not_the_most_senior")
    return problems


def r35_mentor_choice(colleagues: Iterable[Colleague], *, unit: str, category: str) -> Colleague | None:
    """R-35.2: the eligible colleague longest in the post (on a tie, the first given); None when nobody is."""
    eligible = [c for c in colleagues if r35_eligible(c, unit=unit, category=category)]
    return min(eligible, key=lambda c: c.in_post_since) if eligible else None


# --- the clocks before the end -----------------------------------------------------------------


@dataclass(frozen=True)
class Clocks:
    end: dt.date
    evaluation_request_by: dt.date
    meeting_announced_by: dt.date  # for a meeting on the last lawful day
    meeting_by: dt.date
    employee_informed_by: dt.date
    decision_by: dt.date


def r38_1_evaluation_request_by(end: dt.date) -> dt.date:
    """R-38.1: HR asks the direct supervisor in writing 60 days before the end."""
    return end - dt.timedelta(days=EVALUATION_REQUEST_DAYS_BEFORE)


def r38_2_meeting_by(end: dt.date, days_before: int | None = None) -> dt.date:
    """R-38.2: the meeting takes place no less than 25 days (the setting) before the end: that day or
    earlier."""
    return end - dt.timedelta(days=meeting_days_before() if days_before is None else days_before)


def r38_3_announce_by(meeting_on: dt.date) -> dt.date:
    """R-38.3: the notice of the meeting reaches the employee at least 3 days before its date."""
    return meeting_on - dt.timedelta(days=MEETING_NOTICE_DAYS)


def r38_meeting_problems(
    *, end: dt.date, meeting_on: dt.date, announced_on: dt.date, days_before: int | None = None
) -> list[str]:
    """Why a meeting cannot be set: later than R-38.2 allows, or announced less than 3 days ahead (R-38.3)."""
    problems = []
    if meeting_on > r38_2_meeting_by(end, days_before):
        problems.append("r38_2_too_late")
    if announced_on > r38_3_announce_by(meeting_on):
        problems.append("r38_3_notice_too_short")
    return problems


def r39_3_decision_by(end: dt.date, days_before: int | None = None) -> dt.date:
    """R-39.3: the supervisor's reasoned written decision reaches HR 20 days (the setting) before the end."""
    return end - dt.timedelta(days=decision_days_before() if days_before is None else days_before)


def r39_3_decision_in_time(*, end: dt.date, received_on: dt.date, days_before: int | None = None) -> bool:
    return received_on <= r39_3_decision_by(end, days_before)


def r39_7_inform_by(end: dt.date) -> dt.date:
    """R-39.7: HR informs the employee 30 days before the end."""
    return end - dt.timedelta(days=INFORM_DAYS_BEFORE)


def clocks(end: dt.date) -> Clocks:
    """Every clock of R-38 and R-39 from the (moved) end."""
    meeting_by = r38_2_meeting_by(end)
    return Clocks(
        end=end,
        evaluation_request_by=r38_1_evaluation_request_by(end),
        meeting_announced_by=r38_3_announce_by(meeting_by),
        meeting_by=meeting_by,
        employee_informed_by=r39_7_inform_by(end),
        decision_by=r39_3_decision_by(end),
    )


# --- the decision -------------------------------------------------------------------------------------


def r39_6_extension_problems(*, months: int, already_extended_months: int) -> list[str]:
    """R-39.6: an extension is a whole number of months, up to six in all (earlier extensions included)."""
    if months < 1:
        return ["at_least_one_month"]
    if months + already_extended_months > MAX_EXTENSION_MONTHS:
        return ["beyond_six_months"]
    return []


def r39_decision_problems(
    *, outcome: str, reasons: str, meeting_held: bool, months: int = 0, already_extended_months: int = 0
) -> list[str]:
    """Why a supervisor's decision cannot be recorded: it is reasoned in writing (R-39.3); a confirmation or a
    termination follows the evaluation meeting (R-38.2, R-39.2); an extension respects R-39.6."""
    problems = []
    if outcome not in Outcome.values:
        return ["unknown_outcome"]
    if not reasons.strip():
        problems.append("reasons_required")
    if outcome == Outcome.EXTEND:
        problems += r39_6_extension_problems(months=months, already_extended_months=already_extended_months)
    elif not meeting_held:
        problems.append("meeting_not_held")
    return problems


def may_move(source: str, target: str) -> bool:
    return target in PROBATION_TRANSITIONS.get(source, set())
