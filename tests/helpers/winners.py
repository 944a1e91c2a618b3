"""A published result with winners, built directly (the evaluation itself is scoring's to test), and the clock of
the winners' tests."""

import datetime as dt
import itertools

from django.utils import timezone

from applications.models import ApplicantProfile, Application, ApplicationStatus
from scoring.models import Evaluation, EvaluationCandidate, EvaluationResult
from tests.factories import UserFactory

NAMES = itertools.count(1)
# 10:00 in Prishtina on 5 March 2026.
PUBLISHED_AT = dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC)


def winner_user(name: str):
    user = UserFactory(password=None, email=f"{name.lower().replace(' ', '.')}.{next(NAMES)}@example.org")
    first, _, last = name.partition(" ")
    ApplicantProfile.objects.create(user=user, first_name=first, last_name=last, email=user.email)
    return user


def published_result(position, hr_user, totals, *, names=None, published_at=PUBLISHED_AT, users=None):
    """A published result of ``position`` whose winners have these totals, in rank order."""
    evaluation = Evaluation.objects.create(
        position=position,
        scheme_key="kqz-professional",
        scheme_data={},
        category=position.category,
        status="published",
        created_by=hr_user,
    )
    rows = []
    for number, total in enumerate(totals, start=1):
        user = (
            users[number - 1]
            if users
            else winner_user((names or [])[number - 1] if names else f"Ana W{number}")
        )
        application = Application.objects.create(
            applicant=user, position=position, status=ApplicationStatus.SUBMITTED
        )
        profile = getattr(user, "applicant_profile", None)
        candidate = EvaluationCandidate.objects.create(  # with the shortlist's name, as admitted
            evaluation=evaluation,
            application=application,
            first_name=profile.first_name if profile else "",
            last_name=profile.last_name if profile else "",
        )
        rows.append(
            {
                "candidate_id": candidate.pk,
                "application_id": application.pk,
                "rank": number,
                "total": str(total),
                "qualified": True,
                "winner": True,
            }
        )
    rows.append(
        {
            "candidate_id": 99,
            "application_id": None,
            "rank": None,
            "total": "50",
            "qualified": False,
            "winner": False,
        }
    )
    return EvaluationResult.objects.create(
        evaluation=evaluation,
        scheme_data={},
        rows=rows,
        computed_by=hr_user,
        published_at=published_at,
        published_by=hr_user,
    )


def at(day: int, hour: int = 12, month: int = 3):
    return timezone.make_aware(dt.datetime(2026, month, day, hour, 0))
