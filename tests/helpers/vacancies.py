"""Announcements, positions and applications around a deadline, for the closing's tests."""

import datetime as dt
import itertools

from applications.models import ApplicantProfile, Application, ApplicationStatus, ApplicationSubmission
from tests.factories import AnnouncementFactory, PositionFactory, UserFactory

# 16:00 in Prishtina (CEST, UTC+2) on Thursday 22 October 2026; the extension of crosses the end of
# summer time (25 October), so it ends at 16:00 CET = 15:00 UTC on 27 October.
CLOSES = dt.datetime(2026, 10, 22, 14, 0, tzinfo=dt.UTC)
EXTENDED = dt.datetime(2026, 10, 27, 15, 0, tzinfo=dt.UTC)
_seq = itertools.count(1)


def make_announcement(institution, *, closes=CLOSES, **kwargs):
    return AnnouncementFactory(
        institution=institution,
        closes_at=closes,
        opens_at=closes - dt.timedelta(days=20),
        published_at=closes - dt.timedelta(days=20),
        **kwargs,
    )


def make_position(institution, *, seats=1, closes=CLOSES, announcement=None, **kwargs):
    announcement = announcement or make_announcement(institution, closes=closes)
    return PositionFactory(announcement=announcement, number_of_positions=seats, **kwargs)


def person(prefix="candidate"):
    n = next(_seq)
    user = UserFactory(username=f"{prefix}{n}@example.org")
    ApplicantProfile.objects.create(user=user, email=user.email)
    return user


def application(position, *, status=ApplicationStatus.SUBMITTED, at=None, user=None, language="sq"):
    """One application of a new person; a submitted or withdrawn one has a submission made ``at``."""
    user = user or person()
    app = Application.objects.create(applicant=user, position=position, status=status, language=language)
    if status != ApplicationStatus.DRAFT:
        at = at or position.announcement.closes_at - dt.timedelta(days=1)
        submission = ApplicationSubmission.objects.create(
            application=app,
            number=1,
            reference=f"T-{app.pk}-{next(_seq)}",
            submitted_at=at,
            submitted_by=user,
            profile_snapshot={},
            checklist_snapshot=[],
            context_snapshot={},
            withdrawn_at=at + dt.timedelta(hours=1) if status == ApplicationStatus.WITHDRAWN else None,
        )
        app.last_submission = submission
        app.save(update_fields=["last_submission"])
    return app


def applications(position, n, **kwargs):
    return [application(position, **kwargs) for _ in range(n)]
