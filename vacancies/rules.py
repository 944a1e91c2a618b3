"""The regulation's rules on announcements, as pure functions over plain values (no database).

Each function names what it decides and cites its article. Values the sources leave open are
settings (DOMAIN.md §10), read through small accessors so tests can override them.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .choices import ANNOUNCEMENT_TRANSITIONS, RuleSet

# the two sentences every announcement carries, word for word
# (the Albanian original is the translation of these messages in locale/sq).
R9_2_NOTICES = (
    _(
        "Non-majority communities and their members have the right to fair and proportional representation "
        "in the civil service of Kosovo, as specified by law."
    ),
    _(
        "Applications submitted after the set deadline are not accepted and incomplete applications are "
        "rejected."
    ),
)


def notices_for(rule_set: str) -> tuple:
    """The sentences a procedure's own rules put on every announcement: R-9.2.1 and R-9.2.2 under regulation
    01/2024. F1 (Albania) and K23 (03/2017) carry their own texts in the announcement itself: no Kosovo
    sentence is added."""
    return R9_2_NOTICES if rule_set == RuleSet.KQZ_01_2024 else ()


def r32_appeal_applies(rule_set: str) -> bool:
    """R-32 (an appeal to KPMSHCK after the final results) is an article of regulation 01/2024: the decisions
    and notices of its procedures cite it. F1 names no appeal and K23's 03/2017 is not among the sources: the
    portal invents none for them (an Albanian candidate is not sent to a Kosovo board)."""
    return rule_set == RuleSet.KQZ_01_2024


def closing_of_a_date(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """F1 items 7 and 8 give the dates of the application period without an hour ("Data e mbylljes së
    aplikimit: 30.07.2025"). Decision: a closing given as a date is read as the end of that day in the
    institution's time zone, 23:59 (the last minute the portal shows), so nobody who applies on the date
    announced is refused."""
    return dt.datetime.combine(day, dt.time(23, 59), tzinfo=tz)


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


def extension_sentence(*, applications: int, positions: int) -> str:
    """The plain reason of an extension, in the active language (also rendered by the public page)."""
    received = ngettext(
        "%(n)s application was received", "%(n)s applications were received", applications
    ) % {"n": applications}
    seats = ngettext("%(n)s position", "%(n)s positions", positions) % {"n": positions}
    return gettext(
        "%(received)s by the deadline for %(seats)s, too few under R-12.2, so the deadline is extended once "
        "by %(days)s calendar days. After it, HR continues with the applications received in both periods "
        "(R-12.3)."
    ) % {"received": received, "seats": seats, "days": EXTENSION_DAYS}


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


# --- What the law allows an announcement (R-41, R-19.2, R-25.2, R-9.1, R-8.3) -------------------------------

# "Kjo Rregullore hyn në fuqi në ditën e nënshkrimit" (signed 18.01.2024); R-41: on that day regulation
# 03/2017 is repealed. Calendar days in the institution's time zone.
R42_IN_FORCE = dt.date(2024, 1, 18)


def rule_set_in_force(rule_set: str, on: dt.date) -> bool:
    """R-41, R-42: 01/2024 governs from 18.01.2024 and the repealed 03/2017 only what was announced before.

    Decision: a procedure under 03/2017 is historical (K23, 2023): kept, shown and run to its end, never
    published anew. The Albanian civil service's rules are not KQZ's to repeal."""
    if rule_set == RuleSet.KQZ_03_2017:
        return on < R42_IN_FORCE
    if rule_set == RuleSet.KQZ_01_2024:
        return on >= R42_IN_FORCE
    return True


# R-19.2 (a written test, then an interview), R-20.4/R-21.4 (the test's maximum), R-22/R-23 (the interview)
# and R-25.2 (qualified at 70 and more) fix the scheme of a category under 01/2024; F1 item 13 its own
# (documents 40, interview 60, above 70); K23 (03/2017) names none, so HR composes it. Values of
# models.ScoringScheme.
LAWFUL_SCHEMES: dict[str, dict[str, set[str]] | None] = {
    RuleSet.KQZ_01_2024: {
        "professional": {"kqz-professional", "kqz-specialist"},  # the same arithmetic
        "specialist": {"kqz-professional", "kqz-specialist"},
        "lower_management": {"kqz-management"},
        "middle_management": {"kqz-management"},
    },
    RuleSet.ALBANIA: None,  # any category: F1's scheme or one HR composes (below)
    RuleSet.KQZ_03_2017: None,
}
LAWFUL_SCHEMES_ANY_CATEGORY: dict[str, set[str]] = {
    RuleSet.ALBANIA: {"f1", "custom"},
    RuleSet.KQZ_03_2017: {"custom"},  # K23: shortlist, then interview, with points HR sets
}


def scheme_problems(*, rule_set: str, category: str, scheme: str, position: str = "") -> list[str]:
    """Why a position's evaluation scheme is unlawful under its announcement's rules (empty: lawful)."""
    by_category = LAWFUL_SCHEMES.get(rule_set)
    lawful = (
        (by_category or {}).get(category, set())
        if by_category is not None
        else LAWFUL_SCHEMES_ANY_CATEGORY.get(rule_set, set())
    )
    if scheme in lawful:
        return []
    if rule_set == RuleSet.KQZ_01_2024 and not lawful:
        return [
            _(
                "%(position)s: R-19.2: regulation 01/2024 evaluates the professional, specialist, lower and "
                "middle management categories only."
            )
            % {"position": position}
        ]
    if rule_set == RuleSet.KQZ_01_2024:
        return [
            _(
                "%(position)s: R-19.2, R-20.4/R-21.4, R-25.2: under regulation 01/2024 this category is "
                "evaluated by a written test and an interview with the scheme %(lawful)s, qualified at 70 "
                "points and more; not by %(scheme)s."
            )
            % {"position": position, "lawful": ", ".join(sorted(lawful)), "scheme": scheme}
        ]
    return [
        _("%(position)s: the scheme %(scheme)s is not one of this procedure's rules (%(lawful)s).")
        % {"position": position, "scheme": scheme, "lawful": ", ".join(sorted(lawful))}
    ]


# "përmban, të paktën, këto të dhëna". The announcement's own texts, by the paragraph that asks for
# them.
R9_1_ANNOUNCEMENT_TEXTS = (
    ("R-9.1.6", "competencies", _("the knowledge, skills and qualities evaluated")),
    ("R-9.1.7", "how_to_apply", _("how to submit the applications")),
    ("R-9.1.9", "documents_instructions", _("how to submit the documents")),
    ("R-9.1.10", "evaluation_method", _("how candidates are evaluated")),
    ("R-9.1.11", "notification_method", _("how candidates are notified")),
    ("R-9.1.12", "contact_email", _("the e-mail")),
)


def r9_1_missing(*, announcement: dict, positions: list[dict]) -> list[str]:
    """R-9.1: every item an announcement under 01/2024 must contain, named when missing (empty: complete).

    ``announcement``: its texts in Albanian (keys as R9_1_ANNOUNCEMENT_TEXTS, plus ``general_description`` and
    ``formal_requirements``). ``positions``: per position ``name``, ``title``, ``grade``, ``coefficient``,
    ``description``, ``general_requirements`` and ``formal_requirements`` (counts of requirements that are
    conditions) and ``documents`` (a count). Decisions: the general description (R-9.1.3) and the formal
    requirements (R-9.1.5) may be written once for the announcement or per position; R-9.1.4's general
    requirements are the conditions R-18.1 checks, so each position lists at least one; R-9.1.8 (the date and
    hour) is a field the model requires."""
    missing = []

    def say(article, what, position=""):
        text = _("%(article)s: %(what)s is missing.") % {"article": article, "what": what}
        missing.append(f"{position}: {text}" if position else text)

    def blank(value):
        return not str(value or "").strip()

    if not positions:
        say("R-9.1.1", _("the position or list of positions"))
    for article, key, what in R9_1_ANNOUNCEMENT_TEXTS:
        if blank(announcement.get(key)):
            say(article, what)
    for p in positions:
        name = p.get("name", "")
        if blank(p.get("title")):
            say("R-9.1.2", _("the title of the position"), name)
        if blank(p.get("grade")):
            say("R-9.1.2", _("the class of the position"), name)
        if p.get("coefficient") in (None, ""):
            say("R-9.1.2", _("the coefficient under the law on salaries"), name)
        if blank(announcement.get("general_description")) and blank(p.get("description")):
            say("R-9.1.3", _("the general description of the work"), name)
        if not p.get("general_requirements"):
            say("R-9.1.4", _("the general requirements for admission"), name)
        if blank(announcement.get("formal_requirements")) and not p.get("formal_requirements"):
            say("R-9.1.5", _("the general formal requirements"), name)
        if not p.get("documents"):
            say("R-9.1.9", _("the documents to submit with the application"), name)
    return missing


def r8_3_untranslated(texts: Iterable[tuple[str, str, str]]) -> list[str]:
    """R-8.3: the announcement is published under the law on the use of languages: Albanian and Serbian, the
    official languages. ``texts``: (what, Albanian text, Serbian text); each Albanian text needs its Serbian
    one."""
    return [
        _("R-8.3: %(what)s has no Serbian text.") % {"what": what}
        for what, sq, sr in texts
        if str(sq or "").strip() and not str(sr or "").strip()
    ]
