"""A published result (R-32's "rezultatet përfundimtare") with its candidates, built directly as the winners tests
build it; a private storage of the test's own."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.applications.conftest import pdf_bytes, upload
from tests.factories import AnnouncementFactory, PositionFactory
from tests.winners.conftest import published_result

# 10:00 in Prishtina on 2 March 2026: R-32's 30 days end on 1 April.
PUBLISHED_AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    settings.APPEAL_RESULTS_DAYS = 30
    return location


@pytest.fixture
def position(institution):
    return PositionFactory(
        announcement=AnnouncementFactory(institution=institution, reference="KQZ 70/2026"),
        code="KQZ 70/2026",
        category="professional",
        scoring_scheme="kqz-professional",
        number_of_positions=1,
    )


@pytest.fixture
def result(position, hr_officer, applicant):
    """Ranked: a winner, then the persona ``applicant`` second (not a winner: the one who appeals)."""
    from tests.winners.conftest import winner_user

    return published_result(
        position,
        hr_officer,
        [90, 85],
        users=[winner_user("Drita Winner"), applicant],
        published_at=PUBLISHED_AT,
    )


@pytest.fixture
def application(result, applicant):
    from applications.models import Application

    return Application.objects.select_related("position__announcement__institution").get(
        applicant=applicant, position=result.evaluation.position
    )


def at(day: int, month: int = 3, hour: int = 12):
    return timezone.make_aware(dt.datetime(2026, month, day, hour, 0))


def scan(name="appeal.pdf"):
    return upload(name, pdf_bytes("Ankesë"))
