"""Fixtures of the evaluation's tests: a position with its committee of five (a known chair, the persona
committee_member on the second seat), another position's committee, admitted candidates with distinctive names and
application ids (so a page that leaks them is caught), and CSV builders for the written test."""

import pytest

from scoring import services
from tests.factories import AnnouncementFactory, PositionFactory, UserFactory
from tests.helpers.scoring import NAMES, admit, make_committee


@pytest.fixture
def position(db, institution):
    return PositionFactory(
        announcement=AnnouncementFactory(institution=institution, reference="KQZ 7/2026"),
        code="P-7",
        category="professional",
        scoring_scheme="kqz-professional",
    )


@pytest.fixture
def chair(db):
    return UserFactory(username="chair@example.org")


@pytest.fixture
def members(db, chair, committee_member):
    """The five sitting members: the chair first, the persona committee_member second."""
    return [chair, committee_member] + [UserFactory(username=f"member{i}@example.org") for i in (3, 4, 5)]


@pytest.fixture
def committee(position, members, hr_officer):
    return make_committee(position, members, hr_officer)


@pytest.fixture
def other_committee(institution, other_committee_member, hr_officer):
    position = PositionFactory(announcement=AnnouncementFactory(institution=institution), code="P-8")
    users = [other_committee_member] + [UserFactory(username=f"o{i}@example.org") for i in range(4)]
    return make_committee(position, users, hr_officer)


@pytest.fixture
def evaluation(committee, hr_officer):
    return services.evaluation_create(position=committee.position, actor=hr_officer)


@pytest.fixture
def candidates(evaluation):
    return [admit(evaluation, first, last) for first, last in NAMES]


# --- CSV of questions ---------------------------------------------------------------------------------------
