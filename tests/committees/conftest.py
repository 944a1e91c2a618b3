import pytest

from committees import services
from tests.committees.factories import (
    FieldFactory,
    MemberPoolFactory,
    PoolMemberFactory,
    fill_pool_for_professional,
)
from tests.factories import AnnouncementFactory, PositionFactory, UserFactory
from tests.helpers.committees import drawn


@pytest.fixture
def it_field(db):
    return FieldFactory(code="it", name="Information technology")


@pytest.fixture
def position(db, institution):
    return PositionFactory(
        announcement=AnnouncementFactory(institution=institution, reference="KQZ 44/2026"),
        code="P-1",
        category="professional",
        scoring_scheme="kqz-professional",
        department="Drejtoria e TI",
    )


@pytest.fixture
def pool(db, institution):
    return MemberPoolFactory(institution=institution)


@pytest.fixture
def pool_members(pool, it_field, committee_member):
    """A pool that fills R-13.2 for an IT position: exactly three managers of the field (so the persona
    committee_member, the first, always sits), two HR members and two IT professionals."""
    made = fill_pool_for_professional(pool, it_field, managers=3)
    first = made["managers"][0]
    first.user = committee_member
    first.save(update_fields=["user"])
    return made


@pytest.fixture
def committee(position, pool, pool_members, it_field, hr_officer):
    return services.committee_create(position=position, pool=pool, fields=[it_field], actor=hr_officer)


@pytest.fixture
def drawn_committee(committee, hr_officer):
    drawn(committee, hr_officer)
    committee.refresh_from_db()
    return committee


@pytest.fixture
def other_committee(institution, it_field, other_committee_member, hr_officer):
    """Another position's committee, drawn from another list, on which other_committee_member sits."""
    position = PositionFactory(announcement=AnnouncementFactory(institution=institution), code="P-2")
    pool = MemberPoolFactory(institution=institution)
    made = fill_pool_for_professional(pool, it_field, managers=3, hr=1, professionals=1)
    made["managers"][0].user = other_committee_member
    made["managers"][0].save(update_fields=["user"])
    committee = services.committee_create(position=position, pool=pool, fields=[it_field], actor=hr_officer)
    drawn(committee, hr_officer)
    committee.refresh_from_db()
    return committee


@pytest.fixture
def leader(db, institution):
    from vacancies.models import InstitutionStaff, StaffRole

    user = UserFactory(username="leader@kqz.example.org")
    InstitutionStaff.objects.create(user=user, institution=institution, role=StaffRole.LEADER)
    return user


@pytest.fixture
def outsider_member(pool):
    return PoolMemberFactory(pool=pool)
