"""Reads of the evaluation pages. Anonymity (R-20.3, R-21.11) is kept here: before the committee locks the written
results no row built for a committee page carries a name or an application id, and nothing about a person is even
loaded from the database."""

from django.http import Http404

from committees.models import Seat, SeatStatus
from committees.selectors import committee_seats
from recruitment.permissions import hr_institution_ids, member_committee_ids

from . import rules
from .models import Evaluation, EvaluationCandidate, InterviewSheet, SheetStatus


def evaluations_for_member(*, user):
    return (Evaluation.objects.filter(position__committee__id__in=member_committee_ids(user))
            .select_related("position__announcement__institution").order_by("-created_at", "-pk"))


def evaluation_for_member(*, user, pk: int) -> tuple[Evaluation, Seat]:
    """An evaluation of a committee the user sits on, with their seat; 404 for any other (no hint it exists)."""
    evaluation = evaluations_for_member(user=user).filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    seat = (Seat.objects.filter(member__user=user, status=SeatStatus.ACTIVE, committee__position=evaluation.position)
            .select_related("committee", "member").first())
    if seat is None:
        raise Http404
    return evaluation, seat


def evaluation_for_hr(*, user, pk: int) -> Evaluation:
    evaluation = (Evaluation.objects.select_related("position__announcement__institution")
                  .filter(pk=pk, position__announcement__institution__in=hr_institution_ids(user)).first())
    if evaluation is None:
        raise Http404
    return evaluation


def positions_for_hr(*, user) -> list:
    """Positions of the user's institutions that have a committee, with their evaluation if started."""
    from vacancies.models import Position

    return list(Position.objects.filter(announcement__institution__in=hr_institution_ids(user),
                                        committee__isnull=False)
                .select_related("announcement__institution", "evaluation").order_by("-announcement__closes_at", "pk"))


def candidate_name(application) -> str:
    profile = getattr(application.applicant, "applicant_profile", None)
    return (profile.full_name if profile else "") or application.applicant.get_full_name() or str(application.applicant)


def candidates_with_names(evaluation: Evaluation):
    return (evaluation.candidates.select_related("application__applicant__applicant_profile")
            .order_by("application__applicant__applicant_profile__last_name", "code"))


def candidate_rows(evaluation: Evaluation, *, now=None) -> list[dict]:
    """The committee's table of candidates. Before the lock: codes only, and not even those while the sitting
    can still be entered (a code is the key to a candidate's paper). After the lock: names linked."""
    named = evaluation.names_visible
    imported = evaluation.status == "sealed" and evaluation.candidates.exclude(written_source="").exists()
    show_codes = named or evaluation.sitting_has_ended(now) or imported
    candidates = candidates_with_names(evaluation) if named else evaluation.candidates.order_by("code")
    rows = []
    for number, candidate in enumerate(candidates, start=1):
        rows.append({
            "pk": candidate.pk if named else None,
            "number": number,
            "code": candidate.code if show_codes else None,
            "name": candidate_name(candidate.application) if named else None,
            "started": candidate.sitting_started_at is not None,
            "handed_in": candidate.handed_in_at is not None,
            "score": candidate.written_score,
            "source": candidate.written_source,
            "invited": candidate.invited_to_interview,
        })
    return rows


def interview_rows(evaluation: Evaluation) -> list[dict]:
    """After the lock: the invited candidates, how many sheets are in and the interview score once all are."""
    seats = committee_seats(evaluation.position.committee)
    seat_ids = {seat.pk for seat in seats}
    step = evaluation.scheme.step("interview")
    candidates = (candidates_with_names(evaluation).filter(invited_to_interview=True)
                  .prefetch_related("sheets"))
    rows = []
    for candidate in candidates:
        submitted = [s for s in candidate.sheets.all() if s.seat_id in seat_ids and s.status == SheetStatus.SUBMITTED]
        complete = len(submitted) == len(seat_ids) and bool(seat_ids)
        score = (rules.step_score(step, [s.total for s in submitted], members_expected=len(seat_ids))
                 if complete else None)
        rows.append({
            "candidate": candidate, "name": candidate_name(candidate.application),
            "submitted": len(submitted), "members": len(seat_ids), "score": score,  # exact
            "score_text": rules.format_points(score) if score is not None else "",  # shown, never compared
        })
    return rows


def invited_candidate(evaluation: Evaluation, pk: int) -> EvaluationCandidate:
    candidate = candidates_with_names(evaluation).filter(pk=pk, invited_to_interview=True).first()
    if candidate is None or not evaluation.names_visible:
        raise Http404
    return candidate


def sheets_of(candidate: EvaluationCandidate, *, seat: Seat) -> dict:
    """The member's own sheet, and everyone's only once every sitting member has submitted (R-23.9)."""
    seats = committee_seats(seat.committee)
    sheets = {s.seat_id: s for s in InterviewSheet.objects.filter(candidate=candidate).select_related("seat__member")}
    all_in = bool(seats) and all(s.pk in sheets and sheets[s.pk].status == SheetStatus.SUBMITTED for s in seats)
    return {
        "own": sheets.get(seat.pk),
        "all_in": all_in,
        "everyone": [(s, sheets[s.pk]) for s in seats] if all_in else [],
        "submitted_count": sum(1 for s in seats if s.pk in sheets and sheets[s.pk].status == SheetStatus.SUBMITTED),
        "members": len(seats),
    }
