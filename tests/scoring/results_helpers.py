"""Builders for the results' tests: candidates with their self-declared facts (R-27), evaluations taken through
their steps by the services (sheets submitted by each member), and positions of the other schemes."""

import itertools
from decimal import Decimal

from django.utils import timezone

from applications.models import ApplicantProfile, Application, ApplicationStatus, ApplicationSubmission
from committees import rules as committee_rules
from scoring import score_import, services
from scoring.models import EvaluationCandidate, Representation
from tests.factories import AnnouncementFactory, PositionFactory, UserFactory
from tests.helpers.scoring import make_committee, questions_csv, sealed, sealed_yesterday

SUBMISSION_NUMBERS = itertools.count(1)
QUESTIONS = [(f"Interview question {n}", False) for n in range(1, 6)]


def candidate(
    evaluation,
    name: str,
    *,
    disability: str = "",
    community: str = "",
    gender: str = "",
    email: str | None = None,
) -> EvaluationCandidate:
    """An admitted candidate whose frozen submission declares the facts R-27 reads."""
    user = UserFactory(password=None, email=email or f"{name.lower().replace(' ', '.')}@example.org")
    first, _, last = name.partition(" ")
    ApplicantProfile.objects.create(user=user, first_name=first, last_name=last, email=user.email)
    application = Application.objects.create(
        applicant=user, position=evaluation.position, status=ApplicationStatus.SUBMITTED
    )
    submission = ApplicationSubmission.objects.create(
        application=application,
        number=1,
        reference=f"TEST-{next(SUBMISSION_NUMBERS)}",
        submitted_at=timezone.now(),
        submitted_by=user,
        profile_snapshot={
            "personal": {"first_name": first, "last_name": last, "gender": gender},
            "equality": {"community": community, "disability": disability},
        },
        checklist_snapshot=[],
        context_snapshot={},
    )
    application.last_submission = submission
    application.save(update_fields=["last_submission"])
    return EvaluationCandidate.objects.create(
        evaluation=evaluation, application=application, first_name=first, last_name=last
    )


def split(total, maxima) -> dict:
    """Marks per line adding up to ``total``: each line filled up to its maximum in turn."""
    left, marks = Decimal(str(total)), {}
    for line, maximum in maxima.items():
        mark = min(left, Decimal(maximum))
        marks[line] = str(mark)
        left -= mark
    assert left == 0, f"{total} does not fit in {maxima}"
    return marks


def submit_sheets(evaluation, users, entrant, totals, *, step="interview") -> None:
    """Each user (a member, in the committee's order) submits their sheet for the candidate with that total."""
    maxima = evaluation.scheme.step(step).sheet_maxima
    for user, total in zip(users, totals, strict=True):
        marks = split(total, maxima)
        services.sheet_save(
            candidate=entrant,
            actor=user,
            marks=marks,
            step=step,
            submit=True,
            justifications={line: "Arsyetim i shkurtër." for line in marks},
        )


def written_and_interviews(evaluation, chair, written: dict) -> None:
    """Seals a valid test, imports the written scores by code (None: absent), locks, and opens the interview."""
    sealed(evaluation, chair)
    lines = "".join(f"{entrant.code},{score}\n" for entrant, score in written.items() if score is not None)
    score_import.scores_import(evaluation=evaluation, data=f"code,score\n{lines}".encode(), actor=chair)
    services.written_lock(evaluation=evaluation, actor=chair)
    services.interview_open(evaluation=evaluation, questions=QUESTIONS, actor=chair)
    evaluation.refresh_from_db()


def management_questions() -> list:
    """A valid R-21.7 test: 30 questions, 9 / 21 / 30 points of 60 (15 / 35 / 50 %)."""
    return (
        [("general_knowledge", Decimal(3))] * 3
        + [("general_skills", Decimal(3))] * 7
        + [("job_knowledge", Decimal("1.5"))] * 20
    )


def management_written_and_interviews(evaluation, chair, written: dict) -> None:
    services.test_questions_import(
        evaluation=evaluation, data=questions_csv(management_questions()), actor=chair
    )
    services.test_seal(evaluation=evaluation, actor=chair)
    sealed_yesterday(evaluation)  # drafted the day before the test
    lines = "".join(f"{entrant.code},{score}\n" for entrant, score in written.items())
    score_import.scores_import(evaluation=evaluation, data=f"code,score\n{lines}".encode(), actor=chair)
    services.written_lock(evaluation=evaluation, actor=chair)
    services.interview_open(evaluation=evaluation, questions=QUESTIONS, actor=chair)
    evaluation.refresh_from_db()


def position_with_committee(
    institution, hr_officer, users, *, scheme: str, category: str, composition: str, code: str
):
    # The rule set that allows the scheme: F1's Albanian rules, or the repealed 03/2017 for K23's custom one.
    rule_set = {"f1": "al-civil-service", "custom": "kqz-03-2017"}.get(scheme, institution.rule_set)
    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution, rule_set=rule_set),
        code=code,
        category=category,
        scoring_scheme=scheme,
    )
    make_committee(position, users, hr_officer, composition=composition)
    return position


def f1_evaluation(institution, hr_officer, users):
    position = position_with_committee(
        institution,
        hr_officer,
        users,
        scheme="f1",
        category="professional",
        composition=committee_rules.F1,
        code="F1-1",
    )
    return services.evaluation_create(position=position, actor=hr_officer)


def figures(
    institution,
    *,
    category="professional",
    year=None,
    staff=100,
    with_disability=0,
    non_majority=0,
    women=50,
    men=50,
) -> Representation:
    return Representation.objects.create(
        institution=institution,
        year=year or timezone.localdate().year,
        category=category,
        staff=staff,
        with_disability=with_disability,
        non_majority=non_majority,
        women=women,
        men=men,
    )


def approve_act(evaluation) -> None:
    """R-25.1: every member sitting on the committee approves the act the chair drafted, as each would on their page."""
    from committees.models import Seat, SeatStatus

    for seat in Seat.objects.filter(
        committee__position_id=evaluation.position_id, status=SeatStatus.ACTIVE
    ).select_related("member__user"):
        services.act_approve(evaluation=evaluation, actor=seat.member.user)
