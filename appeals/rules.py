"""Appeals to KPMSHCK (R-32, R-40) as pure functions over plain values (no database, no models).

R-32: "Kandidatët e pakënaqur me procesin e rekrutimit në kategorinë profesionale, të specialistëve, nivelit
të ulët drejtues dhe nivelit të mesëm drejtues, pas shpalljes së rezultateve përfundimtare kanë të drejtë
ankese në KPMSHCK, sipas afatit të përcaktuar në ligjin përkatës për procedurën administrative."
R-40.1: "Nëpunësit civilë, të cilët nuk janë konfirmuar ..., mund të paraqesin ankesë kundër këtij vendimi, në
afat prej tridhjetë (30) ditëve, në KPMSHCK."
R-40.2: "KQZ është i detyruar ta mbajë vendin e lirë të punës deri në zgjidhjen përfundimtare të ankesës nga
KPMSHCK, apo deri në mbarimin e afatit për paraqitjen e saj."

Days are calendar days; day 1 is the day after the publication (or the decision), so the last day is that date
plus the number of days. The regulation names no shift of a last day falling on a holiday: none is made.
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from vacancies.choices import Category

from .choices import ALLOWED_EFFECTS, APPEAL_TRANSITIONS, AppealKind, Decision, Effect, PostHold

# the categories whose candidates may appeal. Non-permanent staff and "other" are not named.
R32_CATEGORIES = frozenset(
    {Category.PROFESSIONAL, Category.SPECIALIST, Category.LOWER_MANAGEMENT, Category.MIDDLE_MANAGEMENT}
)

# thirty days, fixed by the regulation itself (not a setting).
R40_DAYS = 30

PROBLEMS = {
    "not_01_2024": _(
        "The procedure is not under regulation 01/2024: R-32's appeal to KPMSHCK does not apply."
    ),
    "category": _(
        "R-32 gives the appeal to candidates for professional, specialist, lower and middle management "
        "positions."
    ),
    "not_a_candidate": _(
        "Only a candidate who submitted an application (and did not withdraw it) may appeal."
    ),
    "not_published": _("The final results are not published yet: the appeal comes after them (R-32)."),
    "before_results": _("An appeal cannot be dated before the final results were published (R-32)."),
    "late_r32": _("The time to appeal the results has passed (R-32: %(days)s days, until %(last)s)."),
    "already": _("An appeal was already recorded for this; KPMSHCK decides it once."),
    "not_terminated": _(
        "Only a decision not to confirm (a termination) of the probation can be appealed (R-40)."
    ),
    "before_decision": _("An appeal cannot be dated before the decision it appeals (R-40)."),
    "late_r40": _("The time to appeal the probation decision has passed (R-40.1: 30 days, until %(last)s)."),
    "future": _("The date cannot be in the future."),
    "grounds": _("Say why you appeal (the grounds)."),
}


def r32_last_day(published_on: dt.date, days: int) -> dt.date:
    """R-32: the last day to appeal the final results published on ``published_on`` (the
    administrative-procedure deadline, ``days`` = settings.APPEAL_RESULTS_DAYS)."""
    return published_on + dt.timedelta(days=days)


def r32_problems(
    *,
    procedure_under_01_2024: bool,
    category: str,
    submitted: bool,
    published_on: dt.date | None,
    filed_on: dt.date,
    today: dt.date,
    days: int,
    already: bool = False,
) -> list[tuple[str, dict]]:
    """Why this appeal against the results cannot be recorded (code, parameters); empty when it can.

    R-32 names who: a candidate (a submitted application, at any stage: one rejected at the preliminary
    verification is "dissatisfied with the recruitment process" too) for a position of the four categories it
    lists, under regulation 01/2024; when: after the final results, within the administrative-procedure
    deadline."""
    problems: list[tuple[str, dict]] = []
    if not procedure_under_01_2024:
        problems.append(("not_01_2024", {}))
    if category not in R32_CATEGORIES:
        problems.append(("category", {}))
    if not submitted:
        problems.append(("not_a_candidate", {}))
    if published_on is None:
        problems.append(("not_published", {}))
    elif filed_on < published_on:
        problems.append(("before_results", {}))
    elif filed_on > r32_last_day(published_on, days):
        problems.append(("late_r32", {"days": days, "last": r32_last_day(published_on, days)}))
    if filed_on > today:
        problems.append(("future", {}))
    if already:
        problems.append(("already", {}))
    return problems


def r40_last_day(decided_on: dt.date) -> dt.date:
    """R-40.1: the last day to appeal a decision not to confirm, taken on ``decided_on``."""
    return decided_on + dt.timedelta(days=R40_DAYS)


def r40_problems(
    *, terminated: bool, decided_on: dt.date | None, filed_on: dt.date, today: dt.date, already: bool = False
) -> list[tuple[str, dict]]:
    """Why this appeal against a probation decision cannot be recorded; empty when it can (R-40.1)."""
    problems: list[tuple[str, dict]] = []
    if not terminated or decided_on is None:
        problems.append(("not_terminated", {}))
    elif filed_on < decided_on:
        problems.append(("before_decision", {}))
    elif filed_on > r40_last_day(decided_on):
        problems.append(("late_r40", {"last": r40_last_day(decided_on)}))
    if filed_on > today:
        problems.append(("future", {}))
    if already:
        problems.append(("already", {}))
    return problems


def r40_post_hold(
    *, decided_on: dt.date, today: dt.date, appealed: bool, decided: bool, effect: str | None = None
) -> str:
    """R-40.2: the post of an employee not confirmed is held vacant until KPMSHCK decides the appeal, or,
    without an appeal, until the time to lodge one has run out (held through its last day, released the day
    after). An upheld appeal annuls the termination: the employee keeps the post."""
    if appealed:
        if not decided:
            return PostHold.HELD
        return PostHold.KEPT if effect == Effect.TERMINATION_ANNULLED else PostHold.RELEASE
    return PostHold.HELD if today <= r40_last_day(decided_on) else PostHold.RELEASE


def may_move(state: str, to: str) -> bool:
    return to in APPEAL_TRANSITIONS.get(state, set())


def decision_problems(
    *, kind: str, decision: str, effect: str, decided_on: dt.date | None, filed_on: dt.date, today: dt.date
) -> list[str]:
    """Why KPMSHCK's decision cannot be recorded as given; empty when it can."""
    problems = []
    if decision not in Decision.values:
        return ["unknown_decision"]
    if effect not in ALLOWED_EFFECTS[(AppealKind(kind), Decision(decision))]:
        problems.append("effect")
    if decided_on is None:
        problems.append("decided_on")
    elif decided_on < filed_on:
        problems.append("decided_before_filed")
    elif decided_on > today:
        problems.append("future")
    return problems


DECISION_PROBLEMS = {
    "unknown_decision": _("Choose KPMSHCK's decision: upheld, partly upheld or rejected."),
    "effect": _("This effect does not follow from this decision: choose one the decision allows."),
    "decided_on": _("Give the date of KPMSHCK's decision."),
    "decided_before_filed": _("KPMSHCK cannot have decided before the appeal was lodged."),
    "future": _("The date cannot be in the future."),
}


def allowed_effects(kind: str, decision: str) -> list[str]:
    """The effects HR may choose for a decision, in the order of the Effect choices."""
    allowed = ALLOWED_EFFECTS.get((kind, decision), set())
    return [value for value in Effect.values if value in allowed]
