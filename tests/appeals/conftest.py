"""A published result (R-32's "rezultatet përfundimtare") with its candidates, built directly as the winners tests
build it; a private storage of the test's own."""

import pytest

from applications.models import Application
from tests.factories import AnnouncementFactory, PositionFactory
from tests.helpers.appeals import PUBLISHED_AT
from tests.helpers.winners import published_result, winner_user


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
    return published_result(
        position,
        hr_officer,
        [90, 85],
        users=[winner_user("Drita Winner"), applicant],
        published_at=PUBLISHED_AT,
    )


@pytest.fixture
def application(result, applicant):
    return Application.objects.select_related("position__announcement__institution").get(
        applicant=applicant, position=result.evaluation.position
    )
