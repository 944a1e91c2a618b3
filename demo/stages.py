"""The stages of a procedure in the demo, each one KQZ competition, built through the portal's own services on
a clock set back to the day each step happened (demo.clock), so every rule is checked as it would be for HR:

Who sees which stage (password ``data.DEMO_PASSWORD`` for every account):

* KQZ 12/2026, open: anyone (and applicant@demo.test, or a new sign-up) applies.
* KQZ 13/2026, closed five days ago, seven applications waiting for the preliminary verification:
  hr@kqz.demo in the admin (Verification); the applicants kandidat1..7@demo.test see their submitted
  applications.
* KQZ 14/2026, open with one application (kandidat8@demo.test) and a deadline a few minutes after load_demo:
  the worker's beat extends it by five days by itself (R-12.2) and the notices appear in /mailbox/.
* KQZ 11/2026, the written test sealed yesterday: member1..5@kqz.demo declare (R-13.6) and the chair (the
  member the lot seated, printed by load_demo) opens the sitting today (R-20.5); hr@kqz.demo follows it.
* KQZ 10/2026, at the interview: the written results locked, the five questions set; each member declares on
  the committee page, then fills and submits an interview sheet per invited candidate; the chair or HR
  completes it.
* KQZ 09/2026, results published: the act and the qualified list are public (R-25.2); hr@kqz.demo and the
  committee read the act; every candidate's notice is in /mailbox/.

Each is built once and found again by its announcement's reference; a second load_demo leaves it as it is.
"""

import datetime as dt
import itertools
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications import services as application_services
from applications.models import ApplicantProfile, Education, Referee
from committees import rules as committee_rules
from committees import selectors as committee_selectors
from committees import services as committee_services
from committees.models import Seat, SeatStatus
from demo.seed import applicant_pdf, seed_competition
from scoring import score_import
from scoring import services as scoring
from scoring.models import Evaluation, EvaluationResult
from vacancies import services as vacancy_services
from vacancies.models import Announcement, Institution, InstitutionStaff, Position, StaffRole
from verification import closing
from winners import services as winners

from . import data
from .clock import clock_set_back
from .loader import translated


def _exists(reference: str) -> bool:
    return Announcement.objects.filter(institution__short_name="KQZ", reference=reference).exists()


def deadline_seconds(option: int | None = None) -> int:
    """Seconds from load_demo to the extension stage's deadline: the option, else DEMO_DEADLINE_SECONDS, else
    the data's default (three minutes)."""
    if option is not None:
        return option
    value = os.environ.get("DEMO_DEADLINE_SECONDS", "").strip()
    return int(value) if value else data.EXTENSION_STAGE["deadline_seconds"]


# --- the applicants' side -----------------------------------------------------------------------------------


def _pdf(title: str) -> bytes:
    """A one-page PDF standing for a scanned document (what documents.inspect_upload accepts)."""

    return applicant_pdf(title)


def _profile(user, n: int) -> ApplicantProfile:
    """A complete profile, as the applicant would have filled it (R-10)."""
    first, last, gender = data.STAGE_APPLICANTS[n - 1]
    profile, created = ApplicantProfile.objects.get_or_create(
        user=user,
        defaults={
            "first_name": first,
            "last_name": last,
            "gender": gender,
            "date_of_birth": dt.date(1985 + n, n, 10 + n),
            "personal_number": f"{1_100_000_000 + n}",
            "address": f"Rr. Nëna Terezë {n}, Prishtinë",
            "phone": f"+383 44 100 10{n}",
            "email": user.email,
        },
    )
    if created:
        Education.objects.create(
            profile=profile,
            level="bachelor" if n % 2 else "master",
            field_of_study="Administratë publike",
            institution="Universiteti i Prishtinës",
            country="XK",
            graduation_date=dt.date(2008 + n, 6, 30),
        )
        Referee.objects.create(
            profile=profile, name="Mentor Berisha", address="Prishtinë", contact="+383 44 200 200"
        )
        Referee.objects.create(
            profile=profile, name="Teuta Gashi", address="Pejë", contact="teuta@example.org"
        )
    return profile


def _apply(user, position: Position, n: int) -> None:
    """The applicant starts, attaches every required document and submits, through applications' services."""
    _profile(user, n)
    application, _created = application_services.application_start(
        applicant=user, position=position, actor=user, language="sq"
    )
    for document in position.documents.filter(required=True).order_by("order"):
        upload = SimpleUploadedFile(
            f"dokumenti-{document.order}.pdf", _pdf(document.name_sq), content_type="application/pdf"
        )
        application_services.documents_add(
            application=application, slot=f"doc-{document.pk}", uploads=[upload], actor=user
        )
    application_services.application_submit(application=application, actor=user, declaration_accepted=True)


def _announcement(loader, stage: dict, *, closes_at: dt.datetime) -> Position:
    """A copy of the open vacancy R under the stage's reference and title, a draft published by KQZ's HR now
    (the caller's clock), closing at ``closes_at``."""
    institution = Institution.objects.get(short_name="KQZ")
    tz = institution.tzinfo
    now = timezone.now().astimezone(tz).replace(second=0, microsecond=0)
    spec = {
        **data.R_VACANCY,
        "reference": stage["reference"],
        "status": "draft",
        "published_by": None,
        "published_at": now.strftime("%Y-%m-%d %H:%M"),
        "opens_at": now.strftime("%Y-%m-%d %H:%M"),
        "closes_at": closes_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
    }
    spec["title"] = _competition_title(stage["title"])
    spec["positions"] = [{**data.R_VACANCY["positions"][0], "code": stage["code"], "title": stage["title"]}]
    announcement = loader.load_announcement(spec, institution)
    # To the second (the spec's dates are to the minute): the extension stage's deadline may be seconds away.
    Announcement.objects.filter(pk=announcement.pk).update(closes_at=closes_at)
    announcement.refresh_from_db()

    announcement = vacancy_services.announcement_publish(
        announcement=announcement, actor=loader.users["hr@kqz.demo"]
    )
    return announcement.positions.get()


def _competition_title(position_title: dict) -> dict:
    return data.t(
        f"Konkurs për pozitën {position_title['sq']} (kategoria profesionale)",
        f"Competition for the position of {position_title['en']} (professional category)",
        f"Konkurs za radno mesto {position_title['sr_latn']} (profesionalna kategorija)",
    )


def load_verification_stage(loader) -> bool:
    """KQZ 13/2026: published 35 days ago, seven applications, closed five days ago by the closing decision
    (R-12.3), nothing verified yet."""
    stage = data.VERIFICATION_STAGE
    if _exists(stage["reference"]):
        return False
    real_now = timezone.now()
    closes_at = real_now - dt.timedelta(days=stage["closed_days_ago"])
    with clock_set_back(days=stage["published_days_ago"]):
        position = _announcement(loader, stage, closes_at=closes_at)
    for offset, n in enumerate(stage["applicants"]):
        with clock_set_back(days=stage["published_days_ago"] - 3 - offset * 3):
            _apply(loader.users[data.stage_applicant_email(n)], position, n)
    with clock_set_back(days=stage["closed_days_ago"], hours=-1):
        closing.position_closing_decide(position_id=position.pk)
    return True


def load_extension_stage(loader, *, seconds: int) -> bool:
    """KQZ 14/2026: published ten days ago, one application, its deadline ``seconds`` from now."""
    stage = data.EXTENSION_STAGE
    if _exists(stage["reference"]):
        return False
    closes_at = timezone.now() + dt.timedelta(seconds=seconds)
    with clock_set_back(days=stage["published_days_ago"]):
        position = _announcement(loader, stage, closes_at=closes_at)
    for n in stage["applicants"]:
        with clock_set_back(days=1):
            _apply(loader.users[data.stage_applicant_email(n)], position, n)
    return True


# --- the committee's side -----------------------------------------------------------------------------------


def _questions_csv() -> bytes:
    """A valid R-20.7 test of 50 questions: 10 + 14 of 1.75 points, 26 on the job's knowledge (24 of 1, 2 of
    2)."""
    rows = (
        [("general_knowledge", "1.75")] * 10
        + [("general_skills", "1.75")] * 14
        + [("job_knowledge", "1")] * 24
        + [("job_knowledge", "2")] * 2
    )
    lines = ["section,weight,question,correct,A,B,C"]
    for n, (section, weight) in enumerate(rows, start=1):
        lines.append(
            f"{section},{weight},Pyetja {n} e testit me shkrim?,A,Përgjigjja e parë,"
            "Përgjigjja e dytë,Përgjigjja e tretë"
        )
    return ("\n".join(lines) + "\n").encode()


def _chair(position):
    seats = Seat.objects.filter(committee__position=position, status=SeatStatus.ACTIVE).select_related(
        "member__user", "committee"
    )
    return next(seat for seat in seats if seat.is_chair).member.user, [seat.member.user for seat in seats]


def load_evaluation_stage(loader, spec: dict) -> bool:
    """One competition of the evaluation stage (data.EVALUATION_STAGES), up to the step
    its ``stage`` names."""
    if _exists(spec["reference"]):
        return False
    days = STAGE_DAYS[spec["stage"]]
    hr = loader.users[spec["hr"]]
    applicants = [loader.users[data.stage_applicant_email(n)] for n in spec.get("applicants", [])]
    for n, user in zip(spec.get("applicants", []), applicants, strict=True):
        _profile(user, n)
    with clock_set_back(days=days + 1):
        position, _reference, _emails, evaluation = _seed(loader, spec, applicants=applicants or None)
    walk(
        position,
        evaluation,
        stage=spec["stage"],
        hr=hr,
        act_number=spec.get("act_number", ""),
        written_scores=spec.get("written_scores", data.WRITTEN_SCORES),
    )
    return True


# How many days before the load each stage's competition was seeded (the day before that); each step follows.
STAGE_DAYS = {"sealed": 1, "interview": 3, "published": 6, "after_results": 5}


def walk(
    position, evaluation, *, stage: str, hr, act_number: str = "", written_scores=data.WRITTEN_SCORES
) -> None:
    """A seeded competition (seeded ``STAGE_DAYS[stage] + 1`` days ago) taken through the services, each step
    on its day, up to ``stage``: the test sealed; the written results locked and the interview open; every
    sheet submitted, the act approved and the results published; then (after_results) the winners list and the
    first invitation."""

    days = STAGE_DAYS[stage]
    chair, members = _chair(position)
    with clock_set_back(
        days=days
    ):  # the committee drafts and seals the test the day before the sitting
        scoring.test_questions_import(evaluation=evaluation, data=_questions_csv(), actor=chair)
        scoring.test_seal(evaluation=evaluation, actor=chair)
    if stage == "sealed":
        return
    with clock_set_back(days=days - 1):  # the test sat elsewhere; its results imported by code and locked
        codes = list(evaluation.candidates.order_by("pk").values_list("code", flat=True))
        results = "code,score\n" + "".join(
            f"{code},{score}\n" for code, score in zip(codes, itertools.cycle(written_scores), strict=False)
        )
        score_import.scores_import(evaluation=evaluation, data=results.encode(), actor=chair)
        scoring.written_lock(evaluation=evaluation, actor=chair)
    # the interview's questions are prepared on the day of the interview: today for the stage
    # at the interview, the day of the marks for the published one.
    with clock_set_back(days=0 if stage == "interview" else days - 2):
        scoring.interview_open(
            evaluation=evaluation, questions=[(q, False) for q in data.INTERVIEW_QUESTIONS], actor=chair
        )
    if stage == "interview":
        return
    with clock_set_back(days=days - 2):  # every member marks every invited candidate; the chair completes
        _declare_all(position, members)
        invited = list(evaluation.candidates.filter(invited_to_interview=True).order_by("pk"))
        for m, member in enumerate(members):
            for c, candidate in enumerate(invited):
                marks = {str(q): str(min(6, 3 + (c + q + m) % 4)) for q in range(1, 6)}
                scoring.sheet_save(
                    candidate=candidate,
                    actor=member,
                    marks=marks,
                    submit=True,
                    justifications={q: "Përgjigje e argumentuar." for q in marks},
                )
        scoring.evaluation_complete(evaluation=evaluation, actor=chair)
        for member in members:  # the committee approves its act, each member on their page
            scoring.act_approve(evaluation=evaluation, actor=member)
    with clock_set_back(days=days - 3):
        scoring.results_publish(evaluation=evaluation, actor=hr, act_number=act_number)
    if stage == "after_results":
        after_results(evaluation, hr=hr, published_days_ago=days - 3)


def after_results(evaluation, *, hr, published_days_ago: float) -> None:
    """After the published results (R-26), through winners' services: the winners list made on the day of the
    publication (its posts and its winners in rank order, R-26.1), and HR inviting the first winner the day
    after (R-26.3: within 7 days), so the invitation waits for the winner with days left to answer."""

    result = EvaluationResult.objects.get(evaluation=evaluation)
    with clock_set_back(days=published_days_ago):
        winners_list = winners.winners_list_create(result=result, actor=hr)
    with clock_set_back(days=published_days_ago - 1):
        winners.winner_invite(actor=hr, winners_list=winners_list)


def seed_at_stage(*, stage: str, scheme_key: str, candidates: int):
    """``manage.py seed_competition --stage``: a new competition (demo.seed.seed_competition, seeded days ago)
    walked to ``stage`` through the services; returns what seed_competition returns. Every member marks every
    candidate through the interview sheet, so this is for tens of candidates, not thousands."""

    with clock_set_back(days=STAGE_DAYS[stage] + 1):
        position, reference, emails, evaluation = seed_competition(
            scheme_key=scheme_key, candidates=candidates
        )
    hr = (
        InstitutionStaff.objects.filter(institution=position.announcement.institution, role=StaffRole.HR)
        .select_related("user")
        .first()
        .user
    )
    walk(position, evaluation, stage=stage, hr=hr, act_number=f"{reference}-V")
    return position, reference, emails, evaluation


def _declare_all(position, members) -> None:
    """Each member declares no conflict of interest for the committee's list of candidates (R-13.6)."""

    committee = position.committee
    digest = committee_rules.candidate_list_digest(committee_selectors.candidate_list(committee))
    for seat in Seat.objects.filter(committee=committee, status=SeatStatus.ACTIVE).select_related(
        "member__user"
    ):
        committee_services.declaration_submit(
            seat=seat, candidate_list_digest=digest, has_conflict=False, actor=seat.member.user
        )


def _seed(loader, spec: dict, *, applicants=None):
    institution = Institution.objects.get(short_name=spec["institution"])
    position, reference, emails, evaluation = seed_competition(
        scheme_key=spec["scheme"],
        candidates=spec["candidates"],
        now=timezone.now(),
        institution=institution,
        hr=loader.users[spec["hr"]],
        members=[loader.users[email] for email in spec["members"]],
        reference=spec["reference"],
        title=spec["title"]["sq"],
        applicants=applicants,
    )
    Announcement.objects.filter(pk=position.announcement_id).update(**translated("title", spec["title"]))
    Position.objects.filter(pk=position.pk).update(
        **translated("title", spec.get("position_title", spec["title"]))
    )

    loader.created[Evaluation._meta.label] += 1
    return position, reference, emails, evaluation


def load_stages(loader, *, deadline_in: int | None = None) -> None:
    for spec in data.EVALUATION_STAGES:
        load_evaluation_stage(loader, spec)
    if load_verification_stage(loader):
        loader.created["demo.verification_stage"] += 1
    if load_extension_stage(loader, seconds=deadline_seconds(deadline_in)):
        loader.created["demo.extension_stage"] += 1
