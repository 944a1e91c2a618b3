"""Reads of the evaluation pages. Anonymity (R-20.3, R-21.11) is kept here: before the committee locks the
written results no row built for a committee page carries a name or an application id, and nothing about a
person is even loaded from the database."""

from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404

from committees.models import Seat, SeatStatus
from committees.selectors import candidate_list, committee_seats, member_may_see_candidates
from recruitment.collation import albanian_name_order
from recruitment.lib.json_pages import CountedRows
from recruitment.permissions import hr_institution_ids, member_committee_ids
from vacancies.models import Position

from . import results, rules, services
from .models import (
    Evaluation,
    EvaluationCandidate,
    EvaluationResult,
    InterviewSheet,
    Representation,
    ResultEntry,
    SheetStatus,
)
from .models import SheetStatus as Status
from .results import ResultRow, disability_quota, format_optional


def evaluations_for_member(*, user):
    return (
        Evaluation.objects.filter(position__committee__id__in=member_committee_ids(user))
        .select_related("position__announcement__institution")
        .order_by("-created_at", "-pk")
    )


def evaluation_for_member(*, user, pk: int) -> tuple[Evaluation, Seat]:
    """An evaluation of a committee the user sits on, with their seat; 404 for any other (no hint it
    exists)."""
    evaluation = evaluations_for_member(user=user).filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    seat = (
        Seat.objects.filter(
            member__user=user, status=SeatStatus.ACTIVE, committee__position=evaluation.position
        )
        .select_related("committee", "member")
        .first()
    )
    if seat is None:
        raise Http404
    # no candidate's data before the member declared no conflict of interest for the committee's list
    # of candidates (the published shortlist, committees.selectors.candidate_list). Where the portal holds no
    # list at all, there is nothing to declare against and the gate is open.
    evaluation.member_declared = not candidate_list(seat.committee) or member_may_see_candidates(seat=seat)
    return evaluation, seat


def evaluation_for_hr(*, user, pk: int) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_related("position__announcement__institution")
        .filter(pk=pk, position__announcement__institution__in=hr_institution_ids(user))
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation


def positions_for_hr(*, user) -> list:
    """Positions of the user's institutions that have a committee, with their evaluation if started."""

    return list(
        Position.objects.filter(
            announcement__institution__in=hr_institution_ids(user), committee__isnull=False
        )
        .select_related("announcement__institution", "evaluation")
        .order_by("-announcement__closes_at", "pk")
    )


def shown_name(first_name: str, last_name: str, account_first: str, account_last: str, username: str) -> str:
    """A candidate's name on the committee's pages, HR's slips and the results: the name the candidate keeps
    from the published shortlist (R-18.4), else the account's, else its user name (a person erased since:
    "erased-N")."""
    kept = " ".join(part for part in (first_name, last_name) if part)
    return kept or f"{account_first or ''} {account_last or ''}".strip() or username


def candidate_name(candidate: EvaluationCandidate) -> str:
    """``shown_name`` of a candidate read with its application's account (``candidates_with_names``)."""
    account = candidate.application.applicant
    return shown_name(
        candidate.first_name, candidate.last_name, account.first_name, account.last_name, account.username
    )


def candidates_with_names(evaluation: Evaluation):
    # One Albanian alphabetical order for every list of people, the shortlist's: Çeku after Cana.
    return evaluation.candidates.select_related("application__applicant").order_by(
        *albanian_name_order("last_name", "first_name", "code")
    )


def sitting_counts(evaluation: Evaluation) -> dict:
    """What a committee page may say about the written test before the lock (R-20.3, R-21.11): how many
    candidates are admitted, have started, have handed in, have a result from another testing system, and how
    many did not sit once the sitting's time is over. Counts only: no row, no order, no code, nothing to tie
    to a person who was seen walking out of the room. One query."""

    counts = evaluation.candidates.aggregate(
        admitted=Count("pk"),
        started=Count("pk", filter=Q(sitting_started_at__isnull=False)),
        handed_in=Count("pk", filter=Q(handed_in_at__isnull=False)),
        imported=Count("pk", filter=Q(written_source="import")),
    )
    return sitting_figures(evaluation, counts)


def sitting_figures(evaluation: Evaluation, counts: dict) -> dict:
    """sitting_counts from the counts already read (admitted, started, handed_in, imported; the evaluation
    page reads them with the evaluation)."""
    counts = {key: counts[key] for key in ("admitted", "started", "handed_in", "imported")}
    ended = evaluation.sitting_has_ended() or (evaluation.status == "sealed" and counts["imported"] > 0)
    counts["ended"] = ended
    counts["not_sat"] = (counts["admitted"] - counts["started"] - counts["imported"]) if ended else None
    return counts


def invited_candidate(evaluation: Evaluation, pk: int, step: str = "interview") -> EvaluationCandidate:
    """A candidate marked in the step (the interview: invited only); 404 before names may be shown."""
    candidates = candidates_with_names(evaluation).filter(pk=pk)
    if step == "interview":
        candidates = candidates.filter(invited_to_interview=True)
    candidate = candidates.first()
    if candidate is None or not evaluation.names_visible or not getattr(evaluation, "member_declared", True):
        raise Http404
    return candidate


def sheets_of(candidate: EvaluationCandidate, *, seat: Seat, step: str = "interview") -> dict:
    """The member's own sheet, and everyone's only once every sitting member has submitted (R-23.9)."""
    seats = committee_seats(seat.committee)
    sheets = {
        s.seat_id: s
        for s in InterviewSheet.objects.filter(candidate=candidate, step=step).select_related("seat__member")
    }
    all_in = bool(seats) and all(
        s.pk in sheets and sheets[s.pk].status == SheetStatus.SUBMITTED for s in seats
    )
    return {
        "own": sheets.get(seat.pk),
        "all_in": all_in,
        "everyone": [(s, sheets[s.pk]) for s in seats] if all_in else [],
        "submitted_count": sum(
            1 for s in seats if s.pk in sheets and sheets[s.pk].status == SheetStatus.SUBMITTED
        ),
        "members": len(seats),
    }


# --- results (R-25) -----------------------------------------------------------------------------------------


def names_by_application(application_ids) -> dict[int, str]:
    """One query for the names (``shown_name``) of a page of results or winners, by application."""

    rows = EvaluationCandidate.objects.filter(application_id__in=list(application_ids)).values_list(
        "application_id",
        "first_name",
        "last_name",
        "application__applicant__first_name",
        "application__applicant__last_name",
        "application__applicant__username",
    )
    return {row[0]: shown_name(*row[1:]) for row in rows}


def result_table(evaluation: Evaluation, rows) -> list[dict]:
    """A page of result rows for a table: the shown figures (two decimals, cut) and the name."""

    names = names_by_application(row.application_id for row in rows)
    return [
        {
            "row": row,
            "name": names.get(row.application_id, ""),
            "documents": format_optional(row.documents),
            "written": format_optional(row.written),
            "interview": format_optional(row.interview),
            "total": format_optional(row.total),
        }
        for row in rows
    ]


def published_evaluation(pk: int) -> Evaluation:
    """A published evaluation, for the public pages; 404 for any other (unpublished results are nobody's)."""
    # The frozen rows (10,000 candidates' worth) are not read with it: a page reads its own
    # (published_rows_page).
    evaluation = (
        Evaluation.objects.select_related("position__announcement__institution", "result")
        .defer("result__rows")
        .filter(pk=pk, status="published")
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation


def published_qualified_page(evaluation: Evaluation, page_number, *, per_page: int) -> Page:
    """R-25.2: one page of the qualified candidates of published results, in rank order, as ResultRows. The
    count is the result's own (``qualified_count``), the page its rows of ResultEntry by place among the
    qualified (an index range): the same work at 100 or 10,000 candidates (issue 13; cutting the page out of
    the frozen JSON made PostgreSQL expand the whole array at each request)."""
    result = evaluation.result

    def read(start: int, stop: int) -> list[dict]:
        return list(
            ResultEntry.objects.filter(
                result_id=result.pk, qualified_place__gt=start, qualified_place__lte=stop
            )
            .order_by("qualified_place")
            .values_list("data", flat=True)
        )

    page = Paginator(cast(Any, CountedRows(result.qualified_count, read)), per_page).get_page(page_number)
    page.object_list = [ResultRow.from_json(data) for data in page.object_list]
    return page


def result_for_viewer(*, user, pk: int) -> Evaluation:
    """A completed evaluation for HR of its institution or a member of its committee; 404 for anyone else."""
    evaluation = (
        Evaluation.objects.select_related("position__announcement__institution", "result")
        .filter(pk=pk, status__in=("complete", "published"))
        .first()
    )
    if evaluation is None:
        raise Http404
    if evaluation.position.announcement.institution_id in hr_institution_ids(user):
        return evaluation
    if (
        evaluation.position_id
        and Seat.objects.filter(
            member__user=user, status=SeatStatus.ACTIVE, committee__position_id=evaluation.position_id
        ).exists()
    ):
        return evaluation
    raise Http404


def representation_report(*, user, year: int) -> dict:
    """R-28: the representation per institution and category declared for the year, against the quotas, and
    the competitions published that year with how many candidates were ranked, qualified and successful."""

    institutions = hr_institution_ids(user)
    quota_disability = disability_quota()
    figures = []
    for item in (
        Representation.objects.filter(institution__in=institutions, year=year)
        .select_related("institution")
        .order_by("institution__name", "category")
    ):

        def share(part, staff=item.staff):
            return None if not staff else rules.exact(part) / staff

        non_majority = share(item.non_majority)
        disability = share(item.with_disability)
        figures.append(
            {
                "figures": item,
                "non_majority_share": _percent(non_majority),
                "disability_share": _percent(disability),
                "women_share": _percent(share(item.women)),
                "men_share": _percent(share(item.men)),
                "non_majority_below": rules.below_quota(non_majority, rules.NON_MAJORITY_QUOTA),
                "disability_below": rules.below_quota(disability, quota_disability),
            }
        )
    competitions = []
    for result in (
        EvaluationResult.objects.filter(
            evaluation__position__announcement__institution__in=institutions, published_at__year=year
        )
        .select_related("evaluation__position__announcement__institution")
        .order_by("published_at")
    ):
        ranked = [row for row in result.rows if row["rank"] is not None]
        competitions.append(
            {
                "evaluation": result.evaluation,
                "category": result.evaluation.category,
                "ranked": len(ranked),
                "qualified": sum(1 for row in ranked if row["qualified"]),
                "winners": sum(1 for row in ranked if row["winner"]),
                "ties": sum(1 for row in ranked if row["tie_rule"] and row["tie_rule"] != "lot"),
                "lots": sum(1 for row in ranked if row["tie_rule"] == "lot"),
            }
        )
    return {
        "figures": figures,
        "competitions": competitions,
        "disability_quota": _percent(quota_disability),
        "non_majority_quota": _percent(rules.NON_MAJORITY_QUOTA),
    }


def _percent(value) -> str:
    return "" if value is None else rules.format_points(rules.exact(value) * 100)


# --- What an irreversible act will do (the confirmation pages) ----------------------------------------------


def confirmation_facts(evaluation: Evaluation, act: str) -> dict:
    """The figures a confirmation page states before an act that cannot be undone: how many questions,
    candidates, sheets and notices it concerns. ``act``: seal, lock, complete or publish. A few counting
    queries, no rows."""

    members = len(committee_seats(evaluation.position.committee))
    facts = {"members": members, "candidates": evaluation.candidates.count()}
    if act == "seal":
        totals = evaluation.test_questions.aggregate(weight=Sum("weight"))
        facts.update(questions=evaluation.test_questions.count(), weight=totals["weight"] or 0)
    elif act == "lock":
        counts = sitting_counts(evaluation)
        facts.update(
            counts,
            unfinished=counts["started"] - counts["handed_in"],
            not_sat=counts["admitted"] - counts["started"] - counts["imported"],
        )
    elif act == "complete":
        steps = [key for key in services.SHEET_STEPS if any(s.key == key for s in evaluation.scheme.steps)]
        marked = sum(services.sheet_candidates(evaluation, key).count() for key in steps)
        facts.update(
            expected=marked * members,
            submitted=InterviewSheet.objects.filter(
                candidate__evaluation=evaluation,
                step__in=steps,
                status=Status.SUBMITTED,
                seat__status=SeatStatus.ACTIVE,
            ).count(),
            interviewed=evaluation.candidates.filter(invited_to_interview=True).count(),
        )
    elif act == "publish":
        rows = results.compute_results(evaluation)
        people = evaluation.candidates.select_related("application__applicant__applicant_profile")
        facts.update(
            ranked=sum(1 for row in rows if row.rank is not None),
            qualified=sum(1 for row in rows if row.qualified),
            notices=sum(1 for c in people if services.applicant_email(c.application)),
        )
    return facts
