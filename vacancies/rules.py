"""The regulation's rules on announcements, as pure functions over plain values (no database).

Each function names what it decides and cites its article. Values the sources leave open are
settings (DOMAIN.md §10), read through small accessors so tests can override them.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import ANNOUNCEMENT_TRANSITIONS, RuleSet

# the two sentences every announcement carries, word for word
# (the Albanian original is the translation of these messages in locale/sq).
R9_2_NOTICES = (
    _(
        "Non-majority communities and their members have the right to fair and proportional representation "
        "in the civil service of Kosovo, as specified by law."
    ),
    _("Applications submitted after the set deadline are not accepted and incomplete applications are rejected."),
)

# R-9.1.4 (Law on Public Officials, art. 9): the general requirements of every KQZ announcement.
R9_1_4_GENERAL_REQUIREMENTS = (
    _("Is a citizen of the Republic of Kosovo."),
    _("Has full legal capacity to act, under the legislation in force."),
    _("Masters at least one of the official languages, in accordance with the law on the use of languages."),
    _("Is able to perform the duties of the position."),
    _("Has not been convicted of an intentional criminal offence."),
    _("Has no disciplinary measure in force for a serious violation in a public institution."),
)


def application_period_days() -> int:
    # "brenda tridhjetë (30) ditëve nga data e shpalljes". A setting, as DOMAIN.md §10 asks.
    return settings.RULE_R8_2_MAX_APPLICATION_DAYS


def latest_closing_date(published_at: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """R-8.2: the last calendar day on which applications may still be accepted.

    Decision: the period is counted in calendar days from the publication *date* in the
    institution's time zone; the closing hour on that last day is free (R-9.1.8 asks for one).
    """
    return published_at.astimezone(tz).date() + dt.timedelta(days=application_period_days())


def closing_within_application_period(
    *, rule_set: str, published_at: dt.datetime, closes_at: dt.datetime, tz: dt.tzinfo
) -> bool:
    """R-8.2 applies to institutions recruiting under regulation 01/2024 only (F1 and K23 did not)."""
    if rule_set != RuleSet.KQZ_01_2024:
        return True
    return closes_at.astimezone(tz).date() <= latest_closing_date(published_at, tz)


def closes_after_opening(opens_at: dt.datetime, closes_at: dt.datetime) -> bool:
    # a closing date and hour; it must follow the opening or nobody can apply.
    return closes_at > opens_at


def place_split_matches(number_of_positions: int, place_counts: Iterable[int]) -> bool:
    """K23 (KQZ 44/2023): a split of the seats by place must add up to the number of positions.

    No split at all is valid: the position then has one place of work.
    """
    counts = list(place_counts)
    return not counts or sum(counts) == number_of_positions


def may_transition(current: str, target: str) -> bool:
    """The announcement workflow draft → published → closed (models.ANNOUNCEMENT_TRANSITIONS)."""
    return target in ANNOUNCEMENT_TRANSITIONS.get(current, set())


def time_left(now: dt.datetime, closes_at: dt.datetime) -> dt.timedelta | None:
    """What remains before the deadline on the server's clock; None once it has passed."""
    remaining = closes_at - now
    return remaining if remaining > dt.timedelta(0) else None


# --- Closing and extension (R-12.2, R-12.3) -----------------------------------------------------------

EXTENSION_DAYS = 5  # "vazhdohet edhe për pesë (5) ditë kalendarike"


def extension_due(*, applications: int, positions: int) -> bool:
    """R-12.2: at closing, the deadline is extended when the applications received are no more than
    the open positions, or fewer than 3 when there is a single position.

    Read as `applications <= positions or (positions == 1 and applications < 3)` (DOMAIN.md §10).
    """
    if positions < 1 or applications < 0:
        raise ValueError("positions must be at least 1 and applications not negative")
    return applications <= positions or (positions == 1 and applications < 3)


def closing_decision(*, applications: int, positions: int, already_extended: bool) -> str:
    """What happens when a deadline passes: "extend" once (R-12.2), otherwise "close" — after an
    extension HR goes on with whatever arrived in both periods (R-12.3)."""
    if not already_extended and extension_due(applications=applications, positions=positions):
        return "extend"
    return "close"


def extended_deadline(closes_at: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """R-12.2: five calendar days later, at the same local hour (a DST change in between keeps the
    wall-clock hour the announcement promised, not the same number of seconds)."""
    local = closes_at.astimezone(tz)
    naive = local.replace(tzinfo=None) + dt.timedelta(days=EXTENSION_DAYS)
    return naive.replace(tzinfo=tz).astimezone(dt.UTC)


def extension_applies(rule_set: str) -> bool:
    """R-12.2 is an article of regulation 01/2024: the institutions recruiting under it extend.

    Decision: F1 (Albanian civil service) and K23 (regulation 03/2017, repealed) name no extension, so
    their positions simply close at the deadline, as R-8.2 is likewise applied to 01/2024 only.
    """
    return rule_set == RuleSet.KQZ_01_2024


def early_closing_allowed() -> bool:
    """Whether HR may close a position before its deadline. Never, under any rule set we know:
    the announcement fixes the final date and hour (R-9.1.8), applications are submitted within it
    (R-12.1), those after it are refused (R-9.2.2), and R-12.2 / R-12.3 decide only "at closing".
    No article lets HR shorten the period it announced (R-8.2 only caps it at 30 days); a wrong
    deadline is corrected by an amendment of the announcement, which the public page shows."""
    return False
