"""The evaluation rules of the regulation as pure functions over plain values (R-19 … R-28, R-31; F1 item 13).

No models, no database. Points are exact: ``Decimal`` for marks and weights, ``Fraction`` wherever a mean may
not terminate (R-22.9, R-23.9: the mean of three members' totals can be a third of a point). Nothing is
rounded inside a calculation and every threshold compares the exact value; ``format_points`` cuts to two
decimals, for display only. The schemes (steps, maxima, gates, pass marks) are data in ``scoring.schemes``.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from recruitment.lib import lottery

from .schemes import (
    COMBINE_MEAN_OF_MEMBERS,
    SECTION_FOREIGN_LANGUAGE,
    SECTION_LABELS,
    WINNERS_BEST_QUALIFIED,
    WINNERS_QUALIFIED_LIST,
    WRITTEN_COMPOSITIONS,
    Scheme,
    Step,
    to_points,
)

# ---------------------------------------------------------------------------------------------- exact numbers


def exact(value) -> Fraction:
    """The exact value of points given as int, Decimal, Fraction or text; floats are refused."""
    if isinstance(value, Fraction):
        return value
    return Fraction(to_points(value))


def format_points(value) -> str:
    """Points with two decimals, cut (not rounded) toward zero: "70.00", "23.33", for showing only.

    Decision: a shown figure never exceeds the exact one, so a candidate who scored 69.9967 reads
    "69.99", not a misleading "70.00" beside "not qualified" (R-25.2 compares the exact value).
    """
    if type(value) is Decimal and value.is_finite():
        # The same cut without a Fraction (a table of scores read from the database: a tenth of the cost).
        hundredths = int(abs(value).scaleb(2))
        negative = value < 0
    else:
        scaled = exact(value) * 100
        hundredths = abs(scaled.numerator) // scaled.denominator
        negative = scaled < 0
    sign = "-" if negative and hundredths else ""
    return f"{sign}{hundredths // 100}.{hundredths % 100:02d}"


@dataclass(frozen=True)
class Problem:
    """One broken rule: the article, a stable code (for tests and forms), a message, the question's number."""

    article: str
    code: str
    message: str
    question: int | None = None


# ------------------------------------------------------------------------------ the written test


@dataclass(frozen=True)
class WrittenQuestion:
    """A multiple-choice question with one or more correct options (R-20.6, R-21.6) and its weight in
    points."""

    section: str
    weight: Decimal
    options: tuple[str, ...]
    correct: frozenset[str]

    def __post_init__(self):
        object.__setattr__(self, "weight", to_points(self.weight, what="a question's weight"))
        object.__setattr__(self, "options", tuple(self.options))
        object.__setattr__(self, "correct", frozenset(self.correct))


def written_test_problems(
    category: str, with_language: bool, questions: Sequence[WrittenQuestion]
) -> list[Problem]:
    """Everything wrong with a written test for a position of this category; an empty list when it may be set.

    Decisions where the text leaves room (DOMAIN.md §10 asks to decide visibly):
    - R-20.4/R-21.4 "deri në 70 %" / "deri në 60 %" and R-20.10/R-21.10 "duke mos kaluar maksimumin": the
      weights add up to the test's own maximum, anything above zero and up to 70 (60); a perfect paper scores
      that maximum.
    - The shares of R-20.7/R-20.8/R-21.7/R-21.8 are shares of the points, so they are measured by weight: the
      weights of a section add up to exactly share × the test's maximum (R-20.7 at 70: 17.5 + 24.5 + 28). The
      number of questions per section is free.
    - R-21.8 "mund të jetë" (R-20.8 says "është"): a management test for which a foreign language is required
      may follow R-21.8 (with a language section, 10/20/30/40) or R-21.7 (without one, 15/35/50); the
      composition is read from the questions: any question in the language section means R-21.8.
    """
    try:
        composition = WRITTEN_COMPOSITIONS[category]
    except KeyError:
        raise ValueError(f"No written test is defined for category {category!r}.") from None
    article = composition.article
    if (
        with_language
        and not composition.language_mandatory
        and not any(q.section == SECTION_FOREIGN_LANGUAGE for q in questions)
    ):
        with_language = False  # R-21.8 "mund të jetë": the committee kept R-21.7's composition
    shares_paragraph = f"{article}.8" if with_language else f"{article}.7"
    shares = composition.shares_with_language if with_language else composition.shares
    problems = []

    count = len(questions)
    if not composition.min_questions <= count <= composition.max_questions:
        problems.append(
            Problem(
                f"{article}.9",
                "question-count",
                _("The test has %(count)s questions; it must have from %(min)s to %(max)s.")
                % {"count": count, "min": composition.min_questions, "max": composition.max_questions},
            )
        )

    for number, question in enumerate(questions, start=1):
        if question.section not in shares:
            paragraph = f"{article}.8" if question.section == SECTION_FOREIGN_LANGUAGE else shares_paragraph
            problems.append(
                Problem(
                    paragraph,
                    "section-unknown",
                    _("Question %(n)s belongs to section %(section)r, which this test does not have.")
                    % {"n": number, "section": question.section},
                    number,
                )
            )
        if len(question.options) < 2:
            problems.append(
                Problem(
                    f"{article}.6",
                    "options-multiple-choice",
                    _("Question %(n)s needs at least two options to be a multiple choice.") % {"n": number},
                    number,
                )
            )
        if len(set(question.options)) != len(question.options):
            problems.append(
                Problem(
                    f"{article}.6",
                    "options-distinct",
                    _("Question %(n)s offers the same option twice.") % {"n": number},
                    number,
                )
            )
        if not question.correct:
            problems.append(
                Problem(
                    f"{article}.6",
                    "correct-missing",
                    _("Question %(n)s has no correct option; it needs one or more.") % {"n": number},
                    number,
                )
            )
        elif not question.correct <= set(question.options):
            problems.append(
                Problem(
                    f"{article}.6",
                    "correct-not-an-option",
                    _("A correct answer of question %(n)s is not one of its options.") % {"n": number},
                    number,
                )
            )
        if question.weight <= 0:
            problems.append(
                Problem(
                    f"{article}.10",
                    "weight-positive",
                    _("Question %(n)s must weigh more than zero points.") % {"n": number},
                    number,
                )
            )

    total = sum((q.weight for q in questions), Decimal(0))
    if not 0 < total <= composition.maximum:
        problems.append(
            Problem(
                f"{article}.10",
                "weights-total",
                _(
                    "The weights add up to %(total)s points; they must add up to at most %(maximum)s "
                    "(%(article)s.4: “up to”)."
                )
                % {"total": total, "maximum": composition.maximum, "article": article},
            )
        )

    for section, share in shares.items():
        expected = share * total
        weight = sum((q.weight for q in questions if q.section == section), Decimal(0))
        if weight != expected:
            problems.append(
                Problem(
                    shares_paragraph,
                    "section-share",
                    _(
                        "Section %(section)s weighs %(weight)s points; it must weigh %(expected)s "
                        "(%(share)s %%)."
                    )
                    % {
                        "section": SECTION_LABELS.get(section, section),
                        "weight": weight,
                        "expected": expected,
                        "share": f"{share * 100:.0f}",
                    },
                )
            )
    return problems


def drafted_before_the_test_day(sealed_on, test_on) -> bool:
    """R-20.5, R-21.5: "Pyetjet ... hartohen nga komisioni i pranimit, një ditë përpara datës të caktuar për
    kryerjen e testimit me shkrim": drafted one day before the test. The test is sealed when its drafting
    ends. Decision, to the letter: the seal falls on the calendar day just before the sitting (in the
    institution's time zone), not on the day itself nor on any earlier day; a test whose sitting is put off is
    drafted again, which also keeps it secret no longer than a day (R-20.11). Checked on every path into the
    evaluation: the electronic sitting and the results of the sealed test imported by code (the day they were
    sat)."""

    return test_on - sealed_on == dt.timedelta(days=1)


WRITTEN_RESULTS_CLOSED = "closed"
WRITTEN_RESULTS_WRONG_DAY = "wrong-day"


def written_results_refusal(
    *, status: str, sitting_ended: bool, drafted_here: bool, sealed_on, sat_on, today
) -> str | None:
    """Why results of the written test may not be imported into the evaluation now, or None: the one rule of
    every import of written results (the chair's page, HR's admin, ``manage.py import_scores``).

    R-20.3, R-21.3: the test is held and scored electronically through SIMBNJ, the candidates anonymous;
    R-20.5, R-21.5: its questions are drafted by the committee one day before the test. Decision (issue 12,
    where the chair's import wanted a seal here and HR's took results into any draft):
    - a test drafted here (questions on the portal) takes results once sealed, of a test sat (``sat_on``, not
      after today) on the day after the seal (R-20.5); not while its draft is open, nor while the electronic
      sitting is under way;
    - a test drafted and held wholly in the other system (a draft here without a question) takes its results
      with no day to check here: R-20.3 puts the test in that system, and its records show R-20.5;
    - nothing once the written results are locked (R-22.2, R-23.2: the lock decides who reaches the
      interview).
    """
    if status == "draft":  # held elsewhere: drafted here, so sealed here first
        return WRITTEN_RESULTS_CLOSED if drafted_here else None
    if status not in ("sealed", "sitting") or (status == "sitting" and not sitting_ended):
        return WRITTEN_RESULTS_CLOSED
    # a test not sat yet (sat_on after today) has no result
    if sealed_on is None or sat_on > today or not drafted_before_the_test_day(sealed_on, sat_on):
        return WRITTEN_RESULTS_WRONG_DAY
    return None


def written_score_importable(*, recorded: bool) -> bool:
    """R-20.3, R-21.11: the written test is scored once, by the electronic system: a candidate's recorded
    result (from the sitting or an earlier import) is never replaced by an import. Decision (issue 12): the
    chair's import replaced an earlier import, HR's replaced nothing; a correction is not an import."""
    return not recorded


def interview_on_the_day_of_its_questions(prepared_on, held_on) -> bool:
    """R-22.4, R-23.4: the interview's questions, the same for every candidate, "përgatiten në ditën e
    zhvillimit të intervistës" (are prepared on the day the interview is held). Decision: the interview is
    held on the day the chair sets its questions: the members submit their sheets that day (the institution's
    calendar day); the chair may still correct a mark later, with its reason (sheet_correct), which is not the
    interview."""
    return prepared_on == held_on


def mark_written_answer(weight, correct: Iterable[str], chosen: Iterable[str]) -> Decimal:
    """The points of one answer: all or nothing.

    Decision (R-20.6 allows several correct options; no source says how they are marked): the full weight only
    when the options chosen are exactly the correct ones, else 0. No partial credit, so guessing every option
    never pays and the automatic marking of R-21.11 stays simple to explain and to check.
    """
    correct, chosen = frozenset(correct), frozenset(chosen)
    if not correct:
        raise ValueError("A question needs one or more correct options (R-20.6).")
    return to_points(weight) if chosen == correct else Decimal(0)


def written_total(questions: Sequence[WrittenQuestion], answers: Sequence[Iterable[str] | None]) -> Decimal:
    """The written-test score (R-20.3, R-21.11): the sum of the marks, answers given in the questions'
    order."""
    if len(answers) != len(questions):
        raise ValueError(f"{len(answers)} answers for {len(questions)} questions.")
    total = Decimal(0)
    for number, (question, chosen) in enumerate(zip(questions, answers, strict=True), start=1):
        chosen = frozenset(chosen or ())
        if not chosen <= set(question.options):
            raise ValueError(f"Question {number}: an answer chosen is not one of its options.")
        total += mark_written_answer(question.weight, question.correct, chosen)
    return total


# --------------------------------------------------------------------------------- the interview

MARK_GRANULARITY = Decimal("0.01")


class MarkError(ValueError):
    """A mark a member may not give; ``rule`` names why."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


def validate_mark(points, maximum=None) -> Decimal:
    """A member's mark for one question or criterion, checked: from 0 to the maximum (R-23.5: at most 6).

    Decision (the sources are silent on granularity): any value with at most two decimals.
    """
    try:
        value = exact(points)
    except (TypeError, ValueError):
        raise MarkError("mark-exact", _("%(points)r is not a mark.") % {"points": points}) from None
    if value < 0:
        raise MarkError("mark-negative", _("A mark cannot be negative."))
    if maximum is not None and value > exact(maximum):
        raise MarkError(
            "mark-above-maximum",
            _("%(points)s is above the maximum of %(maximum)s points.")
            % {"points": format_points(value), "maximum": maximum},
        )
    if (value * 100).denominator != 1:
        raise MarkError("mark-granularity", _("A mark has at most two decimals."))
    return Decimal(int(value * 100)).scaleb(-2)


def member_total(marks: Iterable, maxima: Sequence | None = None) -> Decimal:
    """One member's total for a step (R-22.7, R-23.7: each member marks each question); every mark is checked,
    against its maximum when the maxima are given."""
    marks = list(marks)
    if maxima is not None and len(maxima) != len(marks):
        raise MarkError(
            "marks-complete", _("%(n)s marks for %(m)s questions.") % {"n": len(marks), "m": len(maxima)}
        )
    limits = maxima if maxima is not None else [None] * len(marks)
    return sum((validate_mark(mark, limit) for mark, limit in zip(marks, limits, strict=True)), Decimal(0))


def sheet_total(step: Step, marks) -> Decimal:
    """One member's sheet for a step: a mapping line → mark over exactly the step's criteria or questions
    (questions are numbered "1", "2", ...), or a single mark when the step has no lines."""
    lines = step.sheet_maxima
    if not lines:
        return validate_mark(marks, step.maximum)
    if not isinstance(marks, Mapping) or set(map(str, marks)) != set(lines):
        raise MarkError(
            "marks-complete", _("The sheet must mark exactly: %(lines)s.") % {"lines": ", ".join(lines)}
        )
    by_line = {str(key): mark for key, mark in marks.items()}
    return member_total([by_line[key] for key in lines], list(lines.values()))


def interview_score(member_totals: Iterable, *, members_expected: int | None = None) -> Fraction:
    """R-22.9, R-23.9: the arithmetic mean of all members' totals, exact (a Fraction, never rounded)."""
    totals = [exact(total) for total in member_totals]
    if not totals:
        raise ValueError("An interview score needs the members' totals (R-23.9).")
    if members_expected is not None and len(totals) != members_expected:
        raise ValueError(f"{len(totals)} members marked, {members_expected} expected: all of them (R-23.9).")
    return sum(totals, Fraction(0)) / len(totals)


def step_score(step: Step, member_totals: Iterable, *, members_expected: int | None = None) -> Fraction:
    """A step's score from its sheets: the mean of members' sheets, or the one score of a single-sheet
    step."""
    totals = [exact(total) for total in member_totals]
    if any(not 0 <= total <= step.maximum for total in totals):
        raise ValueError(f"A total of step {step.key!r} lies outside 0 … {step.maximum}.")
    if step.combine == COMBINE_MEAN_OF_MEMBERS:
        return interview_score(totals, members_expected=members_expected)
    if len(totals) != 1:
        raise ValueError(f"Step {step.key!r} has one score, not {len(totals)}.")
    return totals[0]


def foreign_language_questions_ok(
    step: Step, language_required: bool, asked_in_foreign_language: Sequence[bool]
) -> bool:
    """R-22.6, R-23.6: when a foreign language is required, 2 of the 5 questions are asked in it.

    Decision: exactly 2 (the text says "2 of the questions"); and none when the announcement requires no
    language, since only what was announced is evaluated (R-9.1). A scheme without the rule (F1) accepts any.
    """
    questions = step.questions
    if questions is None or len(asked_in_foreign_language) != questions.count:
        return False
    asked = sum(1 for flag in asked_in_foreign_language if flag)
    if not language_required:
        return asked == 0
    return questions.in_foreign_language is None or asked == questions.in_foreign_language


# ------------------------------------------------------------------------------ gates and totals


def _step_of(scheme: Scheme, step: Step | str) -> Step:
    step = scheme.step(step) if isinstance(step, str) else step
    if step not in scheme.steps:
        raise ValueError(f"Step {step.key!r} is not a step of scheme {scheme.key!r}.")
    return step


def reaches_next_step(scheme: Scheme, step: Step | str, points) -> bool:
    """R-22.2 (30), R-23.2 (40): "at least" the gate in this step, compared exactly (39.99 < 40)."""
    step = _step_of(scheme, step)
    return step.gate is None or exact(points) >= step.gate


def final_total(step_scores: Mapping | Iterable) -> Fraction:
    """R-24: the final score is the sum of the points of every step."""
    values = step_scores.values() if isinstance(step_scores, Mapping) else step_scores
    scores = [exact(score) for score in values]
    if any(score < 0 for score in scores):
        raise ValueError("A step score cannot be negative.")
    return sum(scores, Fraction(0))


def is_qualified(scheme: Scheme, total) -> bool:
    """R-25.2: 70 points and more qualify; F1 item 13: "not more than 70" is disqualified, so only above
    70."""
    total, threshold = exact(total), Fraction(scheme.final_threshold)
    return total >= threshold if scheme.final_comparison == ">=" else total > threshold


# "Deklarimi i rrejshëm paraqet shkak për përjashtimin nga procedura e pranimit në cilëndo fazë".
EXCLUSION_NOTHING_TO_DO = "nothing"  # the candidate never entered the evaluation
EXCLUSION_LIVE = "live"  # the evaluation is under way: the candidate leaves it, the live results skip them
EXCLUSION_RECOMPUTE = "recompute"  # the results are frozen but unpublished: recomputed, the act notes it
EXCLUSION_CORRECT_PUBLICATION = (
    "correct_publication"  # published: recomputed, a corrected publication, notices
)


def exclusion_effect(*, in_evaluation: bool, status: str) -> str:
    """R-9.3: what an exclusion for a false declaration does to the evaluation at the stage it has reached.

    An excluded candidate is never ranked, qualified or a winner (``rank_entries``). Before the results are
    frozen it is enough to leave them out; once frozen ("complete") the results are recomputed without them
    and the act notes the exclusion; once published the publication is corrected and every candidate still
    ranked is told."""
    if not in_evaluation:
        return EXCLUSION_NOTHING_TO_DO
    if status == "published":
        return EXCLUSION_CORRECT_PUBLICATION
    if status == "complete":
        return EXCLUSION_RECOMPUTE
    return EXCLUSION_LIVE


# the act is drafted and approved by the committee and sent to HR "brenda ditës pasuese të punës".
def next_working_day(day, holidays: Iterable = ()):
    """R-25.1: the working day after ``day``: Saturdays, Sundays and the listed public holidays are not
    working days (Kosovo's Law on official holidays; the dates are the setting ``PUBLIC_HOLIDAYS``, as the law
    moves some)."""

    off = set(holidays)
    following = day + dt.timedelta(days=1)
    while following.weekday() >= 5 or following in off:
        following += dt.timedelta(days=1)
    return following


def act_approved(approved_seats: Iterable, sitting_seats: Iterable) -> bool:
    """R-25.1: the act is the committee's when every member sitting on it (the active seats) approved it."""
    sitting = set(sitting_seats)
    return bool(sitting) and sitting <= set(approved_seats)


# R-22, R-23 (the interview) and, R-21.3 (the written test) evaluate the candidates who come
# lists the final scores of those evaluated. Decision: an absent candidate is not ranked, and is told why
#
ABSENT_WRITTEN, ABSENT_INTERVIEW = "written", "interview"


def absent_step(
    *, written_locked: bool, has_written_step: bool, written_score_known: bool, absent_from_interview: bool
) -> str:
    """The step a candidate did not attend ("" when none): the written test once its results are locked
    without a score for them (no paper handed in, none imported), or the interview when the chair recorded the
    absence."""
    if has_written_step and written_locked and not written_score_known:
        return ABSENT_WRITTEN
    if absent_from_interview:
        return ABSENT_INTERVIEW
    return ""


def absence_may_be_recorded(*, invited: bool, sheets_submitted: int) -> bool:
    """R-22.7, R-23.7: each member marks each candidate who sits the interview; the chair records an absence
    only for an invited candidate no member has marked (a submitted sheet means the candidate was there)."""
    return invited and sheets_submitted == 0


@dataclass(frozen=True)
class Outcome:
    total: Fraction | None  # None: a step reached has no score yet (only with complete=False)
    steps_taken: tuple[str, ...]
    stopped_at: str | None  # the step whose gate the candidate did not reach
    qualified: bool
    unmarked: str | None = None  # the first step reached without a score (only with complete=False)
    scores: Mapping[str, Fraction] = field(
        default_factory=dict, compare=False
    )  # the exact points of each step taken

    def reached(self, step_key: str) -> bool:
        """Whether the walk came to this step (marked or not): it was not stopped at an earlier gate."""
        return step_key in self.steps_taken or step_key == self.unmarked


def evaluate(scheme: Scheme, step_scores: Mapping[str, object], *, complete: bool = True) -> Outcome:
    """A candidate's way through the scheme: the steps in order, stopping at a gate not reached (R-22.2,
    R-23.2); the total of the steps taken (R-24, which R-25.1 lists for every candidate); qualified only at
    the end.

    ``complete=True`` (a candidate's whole record) refuses scores for steps the scheme does not have, a step
    reached without a score, a score after a gate not reached and a score outside 0 … the step's maximum.
    ``complete=False`` reads the marks as they stand (the live results, ``results.rank_entries``): a step
    reached without a score (missing or None) ends the walk with no total yet (``unmarked``), scores past a
    gate not reached are not read, and the marks are taken as their services checked them."""
    steps = scheme.steps
    if complete:
        unknown = set(step_scores) - {step.key for step in steps}
        if unknown:
            raise ValueError(f"Scores for steps the scheme does not have: {sorted(unknown)}.")
    taken: dict[str, Fraction] = {}
    stopped_at = unmarked = None
    for index, step in enumerate(steps):
        raw = step_scores.get(step.key)
        if raw is None:
            if complete:
                raise ValueError(f"No score for step {step.key!r}.")
            unmarked = step.key
            break
        score = exact(raw)
        if complete and not 0 <= score <= step.maximum:
            raise ValueError(f"The score of step {step.key!r} lies outside 0 … {step.maximum}.")
        taken[step.key] = score
        if index + 1 < len(steps) and not reaches_next_step(scheme, step, score):
            stopped_at = step.key
            if complete:
                later = [later.key for later in steps[index + 1 :] if step_scores.get(later.key) is not None]
                if later:
                    raise ValueError(
                        f"A score for {later[0]!r} after the gate of {stopped_at!r} was not reached."
                    )
            break
    total = None if unmarked is not None else final_total(taken)
    return Outcome(
        total=total,
        steps_taken=tuple(taken),
        stopped_at=stopped_at,
        qualified=total is not None and stopped_at is None and is_qualified(scheme, total),
        unmarked=unmarked,
        scores=taken,
    )


# ------------------------------------------------------------------------------ ranking and ties

RULE_DISABILITY, RULE_NON_MAJORITY, RULE_GENDER, RULE_LOT = "R-27.1.1", "R-27.1.2", "R-27.1.3", "R-27.1.4"
NON_MAJORITY_QUOTA = Decimal("0.10")  # "at least ten per cent"


@dataclass(frozen=True)
class RankCandidate:
    id: str
    total: object  # exact points: Decimal, Fraction or int
    has_disability: bool = False
    non_majority_community: bool = False
    gender: str | None = None
    passed_gates: bool = True  # False when stopped at a gate (Outcome.stopped_at): never a winner


@dataclass(frozen=True)
class TieContext:
    """What R-27.1 needs to know besides the candidates, as of the ranking.

    Representation is "below the reserved quota" when the share is strictly smaller ("më i vogël se").
    R-27.1.1 names no quota for persons with disabilities: its figure is an input (None: the rule cannot
    apply). R-28.1: non-majority communities at least 10 %, as far as possible per category of positions
    (R-28.2): pass the share of the category. R-27.1.3: the under-represented gender is decided by the
    responsible unit.
    """

    disability_share: object = None
    disability_quota: object = None
    non_majority_share: object = None
    non_majority_quota: object = NON_MAJORITY_QUOTA
    under_represented_gender: str | None = None

    @property
    def disability_below_quota(self) -> bool:
        return below_quota(self.disability_share, self.disability_quota)

    @property
    def non_majority_below_quota(self) -> bool:
        return below_quota(self.non_majority_share, self.non_majority_quota)


def below_quota(share, quota) -> bool:
    """R-27.1.1, R-27.1.2 (and the R-28 report): a group is below its reserved quota when its share is
    strictly smaller ("më i vogël se"); an unknown share or quota (None) is never below."""
    return share is not None and quota is not None and exact(share) < exact(quota)


def under_represented_gender(women: int, men: int) -> str | None:
    """R-27.1.3: the under-represented gender "as determined by the responsible unit": the one with fewer
    civil servants in the figures HR declared (R-28); none when they are equal."""
    if women == men:
        return None
    return "female" if women < men else "male"


@dataclass(frozen=True)
class RankedRow:
    position: int  # 1, 2, 3 … (no shared ranks: R-27 orders every tie)
    candidate: RankCandidate
    # The rule that ordered this row against the next row of equal total (the last of a tie group: against the
    # row above); None when no other candidate has the same total.
    tie_rule: str | None = None
    # Every id of the tie group, this one included, sorted (one tuple shared by the group: a tie of n
    # candidates costs n, not n²); ``tied_with`` gives the others.
    tie_group: tuple[str, ...] = field(default=())

    @property
    def tied_with(self) -> tuple[str, ...]:
        return tuple(x for x in self.tie_group if x != self.candidate.id)


def _precedence(candidate: RankCandidate, context: TieContext) -> tuple[bool, bool, bool]:
    # False sorts first: the preferred candidate under, then, then.
    return (
        not (context.disability_below_quota and candidate.has_disability),
        not (context.non_majority_below_quota and candidate.non_majority_community),
        not (
            context.under_represented_gender is not None
            and candidate.gender == context.under_represented_gender
        ),
    )


def _deciding_rule(a: tuple, b: tuple) -> str:
    for rule, (x, y) in zip(
        (RULE_DISABILITY, RULE_NON_MAJORITY, RULE_GENDER), zip(a, b, strict=True), strict=True
    ):
        if x != y:
            return rule
    return RULE_LOT


def rank(candidates: Iterable[RankCandidate], context: TieContext, seed: str) -> list[RankedRow]:
    """R-25.1: descending final score; equal scores ordered by R-27.1.1 … R-27.1.3, then by lot (R-27.1.4).

    Pairwise, R-27 reads "if one of the candidates …": the first rule on which two tied candidates differ
    decides, which is the same as sorting the tied group on (rule 1, rule 2, rule 3). Those still tied draw
    lots with ``lottery.shuffled(ids, lottery.derive_seed(seed, "R-27.1.4", *sorted ids))``: anyone holding
    the public ``seed`` can redo it, and the result does not depend on the order the candidates came in.
    """
    candidates = list(candidates)
    ids = [candidate.id for candidate in candidates]
    if len(set(ids)) != len(ids):
        raise ValueError("Candidate ids must be distinct.")
    if not isinstance(seed, str) or not seed:
        raise ValueError("Ranking needs a public seed for the lot (R-27.1.4).")
    by_total: dict[Fraction, list[RankCandidate]] = {}
    for candidate in candidates:
        by_total.setdefault(exact(candidate.total), []).append(candidate)

    rows: list[RankedRow] = []
    for total in sorted(by_total, reverse=True):
        group = by_total[total]
        if len(group) == 1:
            rows.append(RankedRow(len(rows) + 1, group[0]))
            continue
        by_key: dict[tuple, list[RankCandidate]] = {}
        for candidate in group:
            by_key.setdefault(_precedence(candidate, context), []).append(candidate)
        ordered: list[RankCandidate] = []
        for key in sorted(by_key):
            same = {candidate.id: candidate for candidate in by_key[key]}
            drawn = (
                sorted(same)
                if len(same) == 1
                else lottery.shuffled(list(same), lottery.derive_seed(seed, RULE_LOT, *sorted(same)))
            )
            ordered.extend(same[candidate_id] for candidate_id in drawn)
        keys = [_precedence(candidate, context) for candidate in ordered]
        tied_ids = tuple(sorted(candidate.id for candidate in ordered))
        for i, candidate in enumerate(ordered):
            neighbour = i + 1 if i + 1 < len(ordered) else i - 1
            rule = _deciding_rule(keys[i], keys[neighbour])
            rows.append(RankedRow(len(rows) + 1, candidate, rule, tied_ids))
    return rows


def winners(scheme: Scheme, ranked: Sequence[RankedRow]) -> list[RankedRow]:
    """Who wins, by the scheme's rule: the whole qualified list in rank order (R-25.2, R-26.1), the best
    qualified (R-31.1) or the first n qualified (F1 item 13: the top three). Empty: the act "without winner"
    (R-25.3)."""
    qualified = [
        row for row in ranked if row.candidate.passed_gates and is_qualified(scheme, row.candidate.total)
    ]
    if scheme.winners_rule == WINNERS_QUALIFIED_LIST:
        return qualified
    if scheme.winners_rule == WINNERS_BEST_QUALIFIED:
        return qualified[:1]
    return qualified[: scheme.top_n]
