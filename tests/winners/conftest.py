"""A published result with winners, built directly (the evaluation itself is scoring's to test)."""

import pytest

from tests.factories import AnnouncementFactory, PositionFactory
from tests.helpers.winners import published_result


@pytest.fixture
def position(institution):
    return PositionFactory(
        announcement=AnnouncementFactory(institution=institution, reference="KQZ 60/2026"),
        code="KQZ 60/2026",
        category="professional",
        scoring_scheme="kqz-professional",
        number_of_positions=2,
        department="Zyra e IT",
        place="Prishtinë",
    )


@pytest.fixture
def result(position, hr_officer):
    return published_result(position, hr_officer, [90, 85, 80])
