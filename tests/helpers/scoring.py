"""Evaluations built for tests: a committee, candidates, the written test's questions, a sealed test, the end of a sitting."""

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from applications.models import ApplicantProfile, Application, ApplicationStatus
from committees import rules as committee_rules
from committees.models import Committee, Draw, DrawKind, DrawStatus, Seat
from scoring import services
from scoring.models import EvaluationCandidate
from tests.committees.factories import MemberPoolFactory, PoolMemberFactory
from tests.factories import UserFactory

APPLICATION_IDS = itertools.count(987_650)
NAMES = [("Arta", "Zhubi"), ("Blerim", "Qorri"), ("Dafina", "Xhemajli"), ("Edon", "Vllasaliu")]


def make_committee(position, users, hr_user, composition=committee_rules.R13_2) -> Committee:
    """A committee with the users in the composition's seats in order; the first user chairs (R-16.3)."""
    pool = MemberPoolFactory(institution=position.announcement.institution)
    committee = Committee.objects.create(
        position=position, pool=pool, composition=composition, created_by=hr_user
    )
    now = timezone.now()
    draw = Draw.objects.create(
        committee=committee,
        kind=DrawKind.INITIAL,
        status=DrawStatus.DRAWN,
        composition=composition,
        position_reference=str(position),
        algorithm_version="test",
        snapshot={},
        snapshot_hash="0" * 64,
        commitment="0" * 64,
        portal_commitment="0" * 64,
        portal_value="0" * 64,
        committed_at=now,
        committed_by=hr_user,
        drawn_at=now,
    )
    places = [
        (seat.key, slot)
        for seat in committee_rules.COMPOSITIONS[composition]
        for slot in range(1, seat.count + 1)
    ]
    for user, (key, slot) in zip(users, places, strict=True):
        member = PoolMemberFactory(pool=pool, user=user, name=f"Anëtar {user.username}")
        Seat.objects.create(committee=committee, seat_key=key, slot=slot, member=member, draw=draw)
    return committee


def admit(evaluation, first_name, last_name) -> EvaluationCandidate:
    user = UserFactory(password=None)
    ApplicantProfile.objects.create(user=user, first_name=first_name, last_name=last_name)
    application = Application.objects.create(
        pk=next(APPLICATION_IDS),
        applicant=user,
        position=evaluation.position,
        status=ApplicationStatus.SUBMITTED,
    )
    return EvaluationCandidate.objects.create(
        evaluation=evaluation, application=application, first_name=first_name, last_name=last_name
    )


def professional_questions(*, count_gk=10, count_gs=14, extra_jk=0, language=False):
    """A valid R-20.7 test of 50 questions (weights 17.5 / 24.5 / 28 = 70); with ``language`` a valid R-20.8 one
    (14 / 17.5 / 17.5 / 21). (section, weight) pairs."""
    if language:
        return (
            [("general_knowledge", Decimal("1.75"))] * 8
            + [("general_skills", Decimal("1.75"))] * 10
            + [("job_knowledge", Decimal("0.88"))] * 10
            + [("job_knowledge", Decimal("0.87"))] * 10
            + [("foreign_language", Decimal("1.75"))] * 12
        )
    rows = [("general_knowledge", Decimal("1.75"))] * count_gk + [
        ("general_skills", Decimal("1.75"))
    ] * count_gs
    rows += [("job_knowledge", Decimal(1))] * 24 + [("job_knowledge", Decimal(2))] * 2
    rows += [("job_knowledge", Decimal(0))] * extra_jk
    return rows


def questions_csv(rows, *, correct="A") -> bytes:
    lines = ["section,weight,question,correct,A,B,C"]
    for n, (section, weight) in enumerate(rows, start=1):
        lines.append(f"{section},{weight},Pyetja {n}?,{correct},Po,Jo,Ndoshta")
    return ("\n".join(lines) + "\n").encode()


def sealed(evaluation, chair, rows=None) -> None:
    services.test_questions_import(
        evaluation=evaluation, data=questions_csv(rows or professional_questions()), actor=chair
    )
    services.test_seal(evaluation=evaluation, actor=chair)
    sealed_yesterday(evaluation)


def sealed_yesterday(evaluation) -> None:
    """As if the committee had sealed the test the day before (R-20.5, R-21.5), so its sitting may open today."""
    type(evaluation).objects.filter(pk=evaluation.pk).update(sealed_at=timezone.now() - dt.timedelta(days=1))
    evaluation.refresh_from_db()


def end_sitting(evaluation) -> None:
    """Moves the sitting's window into the past, as if its time had run out."""
    now = timezone.now()
    type(evaluation).objects.filter(pk=evaluation.pk).update(
        sitting_opens_at=now - dt.timedelta(hours=2), sitting_closes_at=now - dt.timedelta(minutes=1)
    )
    evaluation.refresh_from_db()
