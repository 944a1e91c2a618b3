"""The results of an evaluation (R-24, R-25.1, R-27, R-28): reads only.

``compute_results(evaluation)`` gives one ``ResultRow`` per candidate admitted to the evaluation phase, in
rank order (R-25.1: descending final score, ties ordered by R-27), the unranked ones (no total yet, or absent)
last. Once the evaluation is complete the rows come from its frozen snapshot (``EvaluationResult``), never
recomputed.

A handful of queries whatever the number of candidates: the seats, the candidates with the two self-declared
facts R-27 needs (read straight out of the frozen profile's JSON, nothing else about the person), and the
sheets' totals as plain tuples.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings

from committees.models import SeatStatus
from committees.services import position_reference as reference
from recruitment.lib import lottery

from . import rules, schemes
from .models import (
    Evaluation,
    EvaluationCandidate,
    EvaluationResult,
    InterviewSheet,
    Representation,
    SheetStatus,
)

EXCLUDED = "excluded"  # verification.models.Decision.EXCLUDED

STEP_KEYS = ("documents", "written", "interview")
# … by their article; the lot as "lot".
TIE_RULE_LABELS = {
    rules.RULE_DISABILITY: rules.RULE_DISABILITY,
    rules.RULE_NON_MAJORITY: rules.RULE_NON_MAJORITY,
    rules.RULE_GENDER: rules.RULE_GENDER,
    rules.RULE_LOT: "lot",
}
MAJORITY_COMMUNITY = (
    "albanian"  # applications.models.Community: every other declared community is non-majority
)
# reserves a quota for persons with disabilities without naming it (DOMAIN.md §10). Default: 2 %, the
# one-in-fifty of Kosovo's Law 03/L-019 on the employment of persons with disabilities; settings override it.
DEFAULT_DISABILITY_QUOTA = "0.02"


@dataclass
class ResultRow:
    candidate_id: int
    application_id: int
    rank: int | None  # 1, 2, 3 …; None: no final score (absent, or a step not marked yet)
    documents: Fraction | None  # None where the step does not apply or was not reached
    written: Fraction | None
    interview: Fraction | None
    total: Fraction | None  # the sum of the steps taken
    reached_interview: bool
    qualified: bool  # R-25.2 (≥ 70) or F1 (> 70), on the exact total, and every gate passed
    tie_rule: str = ""  # "", "R-27.1.1", "R-27.1.2", "R-27.1.3" or "lot": the rule that ordered this tie
    winner: bool = False  # the qualified list, R-31.1 the best qualified, F1 the top three
    stopped_at: str = ""  # the step whose gate was not reached
    excluded: bool = False  # excluded for a false declaration; never ranked, qualified or a winner
    absent: str = (
        ""  # the step the candidate did not attend ("written", "interview"); never ranked
    )

    def as_json(self) -> dict:
        def text(value):
            return None if value is None else str(value)

        return {
            "candidate_id": self.candidate_id,
            "application_id": self.application_id,
            "rank": self.rank,
            "documents": text(self.documents),
            "written": text(self.written),
            "interview": text(self.interview),
            "total": text(self.total),
            "reached_interview": self.reached_interview,
            "qualified": self.qualified,
            "tie_rule": self.tie_rule,
            "winner": self.winner,
            "stopped_at": self.stopped_at,
            "excluded": self.excluded,
            "absent": self.absent,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ResultRow":
        def exact(value):
            return None if value is None else Fraction(value)

        return cls(
            candidate_id=data["candidate_id"],
            application_id=data["application_id"],
            rank=data["rank"],
            documents=exact(data["documents"]),
            written=exact(data["written"]),
            interview=exact(data["interview"]),
            total=exact(data["total"]),
            reached_interview=data["reached_interview"],
            qualified=data["qualified"],
            tie_rule=data["tie_rule"],
            winner=data.get("winner", False),
            stopped_at=data.get("stopped_at", ""),
            excluded=data.get("excluded", False),
            absent=data.get("absent", ""),
        )

    def step_score(self, key: str) -> Fraction | None:
        return getattr(self, key) if key in STEP_KEYS else None


@dataclass
class Computation:
    rows: list[ResultRow]
    context: rules.TieContext
    seed: str
    seed_parts: list[str]


def disability_quota() -> Decimal:
    return Decimal(str(getattr(settings, "SCORING_DISABILITY_QUOTA", DEFAULT_DISABILITY_QUOTA)))


def representation_for(institution_id: int, category: str, year: int) -> Representation | None:
    """The latest figures HR declared for the institution's category, of this year or before."""
    return (
        Representation.objects.filter(institution_id=institution_id, category=category, year__lte=year)
        .order_by("-year")
        .first()
    )


def tie_context(figures: Representation | None) -> rules.TieContext:
    """R-27.1 read against the institution's declared staff of the position's category (R-28.2: per category).

    Without figures no group is known to be below its quota, so R-27.1.1 … R-27.1.3 cannot apply and a tie
    goes to the lot. The under-represented gender (R-27.1.3, "as determined by the responsible unit") is the
    one with fewer civil servants in the figures HR declared; none when they are equal.
    """
    if figures is None or not figures.staff:
        return rules.TieContext(disability_quota=disability_quota())
    gender = rules.under_represented_gender(figures.women, figures.men)
    return rules.TieContext(
        disability_share=Fraction(figures.with_disability, figures.staff),
        disability_quota=disability_quota(),
        non_majority_share=Fraction(figures.non_majority, figures.staff),
        non_majority_quota=rules.NON_MAJORITY_QUOTA,
        under_represented_gender=gender,
    )


def tie_context_json(context: rules.TieContext) -> dict:
    def text(value):
        return None if value is None else str(value)

    return {
        "disability_share": text(context.disability_share),
        "disability_quota": text(context.disability_quota),
        "non_majority_share": text(context.non_majority_share),
        "non_majority_quota": text(context.non_majority_quota),
        "under_represented_gender": context.under_represented_gender,
        "disability_below_quota": context.disability_below_quota,
        "non_majority_below_quota": context.non_majority_below_quota,
    }


def position_reference(position) -> str:
    return reference(position)


def lot_seed_parts(evaluation: Evaluation) -> list[str]:
    """The public parts of the lot's seed (R-27.1.4): the article, the position's reference and the value the
    portal committed to when the last step opened (``lot_commitment`` = its SHA-256, public since then),
    revealed with the results. ``rules.rank`` then draws each tie with ``derive_seed(seed, "R-27.1.4", *sorted
    tied ids)``.

    Before the evaluation is complete the value stays secret and a provisional part takes its place, so no
    live ordering (an export, a page) lets anyone learn how a tie would fall before the marks are frozen."""
    final = evaluation.status in ("complete", "published") and evaluation.lot_value
    return [
        "R-27.1.4",
        position_reference(evaluation.position),
        evaluation.lot_value if final else "provisional",
    ]


@dataclass(frozen=True)
class Entry:
    """One candidate as the ranking reads them: the score of each step (None: not marked, or not sat) and the
    three facts of R-27.1 (self-declared, never shown to the committee)."""

    candidate_id: int
    application_id: int
    scores: dict  # {step key: Fraction | None}
    has_disability: bool = False
    non_majority_community: bool = False
    gender: str | None = None
    excluded: bool = False
    absent: str = ""  # the step not attended (rules.absent_step)


def rank_entries(scheme: schemes.Scheme, entries, context: rules.TieContext, seed: str) -> list[ResultRow]:
    """The rows in rank order (pure: no database). A candidate goes through the steps in order and stops at a
    gate not reached (R-22.2, R-23.2); the total is the sum of the steps taken (R-24); ranked when every step
    taken is marked; the order and the ties are rules.rank's (R-25.1, R-27); the winners rules.winners'
    (R-25.2, R-31.1, F1). The unranked follow in the order of their candidate ids."""
    rows: dict[str, ResultRow] = {}
    rankable: list[rules.RankCandidate] = []
    for entry in sorted(entries, key=lambda e: e.candidate_id):
        outcome = rules.evaluate(
            scheme, entry.scores, complete=False
        )  # the one gate walk
        taken, total, stopped = outcome.scores, outcome.total, outcome.stopped_at or ""
        qualified = outcome.qualified and not entry.excluded
        rows[str(entry.candidate_id)] = ResultRow(
            candidate_id=entry.candidate_id,
            application_id=entry.application_id,
            rank=None,
            documents=taken.get("documents"),
            written=taken.get("written"),
            interview=taken.get("interview"),
            total=total,
            reached_interview=outcome.reached("interview"),
            qualified=qualified,
            stopped_at=stopped,
            excluded=entry.excluded,
            absent=entry.absent,
        )
        if entry.absent:  # an absent candidate is not ranked, even on the steps taken before
            rows[str(entry.candidate_id)].qualified = False
            continue
        if total is not None and not entry.excluded:  # an excluded candidate is never ranked
            rankable.append(
                rules.RankCandidate(
                    id=str(entry.candidate_id),
                    total=total,
                    has_disability=entry.has_disability,
                    non_majority_community=entry.non_majority_community,
                    gender=entry.gender,
                    passed_gates=not stopped,
                )
            )

    ranked = rules.rank(rankable, context, seed)
    winner_ids = {row.candidate.id for row in rules.winners(scheme, ranked)}
    ordered = []
    for ranked_row in ranked:
        row = rows.pop(ranked_row.candidate.id)
        row.rank = ranked_row.position
        row.tie_rule = TIE_RULE_LABELS.get(ranked_row.tie_rule, "") if ranked_row.tie_rule else ""
        row.winner = ranked_row.candidate.id in winner_ids
        ordered.append(row)
    ordered.extend(rows.values())
    return ordered


def compute(evaluation: Evaluation, *, today: dt.date | None = None) -> Computation:
    """The results as they stand now, from the marks (never from a snapshot)."""
    evaluation = Evaluation.objects.select_related(
        "position__announcement__institution", "position__committee"
    ).get(pk=evaluation.pk)
    scheme = evaluation.scheme
    committee = getattr(evaluation.position, "committee", None)
    seat_ids = (
        set(committee.seats.filter(status=SeatStatus.ACTIVE).values_list("pk", flat=True))
        if committee
        else set()
    )
    candidates = list(
        EvaluationCandidate.objects.filter(evaluation=evaluation)
        .order_by("pk")
        .values_list(
            "pk",
            "application_id",
            "written_score",
            "application__last_submission__profile_snapshot__equality__disability",
            "application__last_submission__profile_snapshot__equality__community",
            "application__last_submission__profile_snapshot__personal__gender",
            "application__review__decision",
            "absent_from_interview_at",
        )
    )
    has_written = any(step.key == "written" for step in scheme.steps)
    written_locked = evaluation.written_locked_at is not None
    # {(candidate, step): [totals of the submitted sheets of active seats]}
    totals: dict[tuple[int, str], list] = {}
    for candidate_id, step, seat_id, total in (
        InterviewSheet.objects.filter(candidate__evaluation=evaluation, status=SheetStatus.SUBMITTED)
        .values_list("candidate_id", "step", "seat_id", "total")
        .iterator(chunk_size=5000)
    ):
        if seat_id in seat_ids:
            totals.setdefault((candidate_id, step), []).append(total)

    today = today or dt.date.today()
    context = tie_context(
        representation_for(evaluation.position.announcement.institution_id, evaluation.category, today.year)
    )
    parts = lot_seed_parts(evaluation)
    seed = lottery.derive_seed(*parts)

    entries = []
    for (
        candidate_id,
        application_id,
        written,
        disability,
        community,
        gender,
        decision,
        absent_at,
    ) in candidates:
        scores = {}
        for step in scheme.steps:
            if step.key == "written" and step.combine == schemes.COMBINE_SINGLE:
                scores[step.key] = None if written is None else Fraction(written)
                continue
            marked = totals.get((candidate_id, step.key), [])
            expected = len(seat_ids) if step.combine == schemes.COMBINE_MEAN_OF_MEMBERS else 1
            scores[step.key] = (
                rules.step_score(step, marked, members_expected=expected)
                if marked and len(marked) == expected
                else None
            )
        entries.append(
            Entry(
                candidate_id=candidate_id,
                application_id=application_id,
                scores=scores,
                has_disability=disability == "yes",
                non_majority_community=bool(community) and community != MAJORITY_COMMUNITY,
                gender=gender or None,
                excluded=decision == EXCLUDED,
                absent=rules.absent_step(
                    written_locked=written_locked,
                    has_written_step=has_written,
                    written_score_known=written is not None,
                    absent_from_interview=absent_at is not None,
                ),
            )
        )
    ordered = rank_entries(scheme, entries, context, seed)
    return Computation(rows=ordered, context=context, seed=seed, seed_parts=parts)


def format_optional(value) -> str:
    """Two decimals for display (rules.format_points), or "" where there is no score."""
    return "" if value is None else rules.format_points(value)


def compute_results(evaluation: Evaluation) -> list[ResultRow]:
    """Every candidate of the evaluation phase in rank order: the frozen snapshot once the evaluation is
    complete, else the results as the marks stand now (unranked where a step is not marked yet)."""

    stored = EvaluationResult.objects.filter(evaluation_id=evaluation.pk).only("rows").first()
    if stored is not None:
        return [ResultRow.from_json(data) for data in stored.rows]
    return compute(evaluation).rows
