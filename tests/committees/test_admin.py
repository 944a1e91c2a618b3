"""HR's workplace in the admin: the whole path from a new committee to its appointment, through the
services, and HR of another institution sees none of it."""

import pytest
from django.urls import reverse

from committees import rules
from committees.models import Committee, CommitteeStatus, Draw, DrawStatus, MemberPool, Seat, SeatStatus
from notifications.models import Message
from tests.committees.factories import PoolMemberFactory
from tests.helpers.auth import login_with_second_factor
from tests.helpers.committees import COMMITMENT, SECRET

pytestmark = pytest.mark.django_db


def test_hr_creates_draws_and_appoints_a_committee_in_the_admin(
    client, hr_officer, position, pool, pool_members, it_field
):
    login_with_second_factor(client, hr_officer)
    add = client.post(
        reverse("admin:committees_committee_add"),
        {
            "position": position.pk,
            "pool": pool.pk,
            "composition": "",
            "fields": [it_field.pk],
            "responsible_unit": "",
            "evaluation_from": "",
            "evaluation_until": "",
            "candidate_names": "",
            "seats-TOTAL_FORMS": 0,
            "seats-INITIAL_FORMS": 0,
            "draws-TOTAL_FORMS": 0,
            "draws-INITIAL_FORMS": 0,
        },
    )
    assert add.status_code == 302, add.content.decode()[:2000]
    committee = Committee.objects.get(position=position)
    assert committee.composition == rules.R13_2 and list(committee.fields.all()) == [it_field]
    change = client.get(reverse("admin:committees_committee_change", args=[committee.pk]))
    assert reverse("admin:committees_committee_announce", args=[committee.pk]) in change.content.decode()

    announce = client.post(
        reverse("admin:committees_committee_announce", args=[committee.pk]), {"commitment": COMMITMENT}
    )
    assert announce.status_code == 302
    draw = Draw.objects.get(committee=committee)
    wrong = client.post(
        reverse("admin:committees_committee_perform", args=[committee.pk, draw.pk]),
        {"secret": "not the secret"},
    )
    assert wrong.status_code == 200 and not Seat.objects.exists()
    perform = client.post(
        reverse("admin:committees_committee_perform", args=[committee.pk, draw.pk]), {"secret": SECRET}
    )
    assert perform.status_code == 302
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN and Seat.objects.filter(committee=committee).count() == 5

    appoint = client.post(reverse("admin:committees_committee_appoint", args=[committee.pk]), {})
    assert appoint.status_code == 302
    committee.refresh_from_db()
    assert committee.status == CommitteeStatus.APPOINTED
    assert Message.objects.filter(kind="committee.appointed").count() == 5

    PoolMemberFactory(pool=pool, category=rules.MIDDLE_MANAGEMENT, fields=[it_field])
    seat = committee.seats.get(seat_key="R-13.2.1", slot=2)
    replace = client.post(
        reverse("admin:committees_committee_replace", args=[committee.pk]),
        {"seat": seat.pk, "reason": "absence", "commitment": COMMITMENT},
    )
    assert replace.status_code == 302
    replacement = Draw.objects.get(committee=committee, status=DrawStatus.COMMITTED)
    client.post(
        reverse("admin:committees_committee_perform", args=[committee.pk, replacement.pk]), {"secret": SECRET}
    )
    seat.refresh_from_db()
    assert seat.status == SeatStatus.REPLACED
    assert client.get(reverse("admin:committees_committee_change", args=[committee.pk])).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "committees_poolmember_add",
        "committees_memberpool_add",
        "committees_committee_add",
        "committees_poolmember_changelist",
        "committees_conflictdeclaration_changelist",
        "committees_observer_changelist",
        "committees_observernotice_changelist",
    ],
)
def test_hr_s_admin_pages_open(client, hr_officer, name):
    login_with_second_factor(client, hr_officer)
    assert client.get(reverse(f"admin:{name}")).status_code == 200


def test_hr_adds_a_member_to_the_list_by_e_mail(client, hr_officer, pool, committee_member, it_field):
    login_with_second_factor(client, hr_officer)
    data = {
        "pool": pool.pk,
        "user": committee_member.email,
        "name": "Arta Krasniqi",
        "institution": pool.institution_id,
        "is_civil_servant": "on",
        "category": rules.MIDDLE_MANAGEMENT,
        "unit": "",
        "fields": [it_field.pk],
        "active": "on",
        "unavailabilities-TOTAL_FORMS": 0,
        "unavailabilities-INITIAL_FORMS": 0,
    }
    assert client.post(reverse("admin:committees_poolmember_add"), data).status_code == 302
    assert pool.members.get().user == committee_member
    unknown = client.post(reverse("admin:committees_poolmember_add"), {**data, "user": "nobody@example.org"})
    assert unknown.status_code == 200 and pool.members.count() == 1


def test_a_refused_draw_shows_its_reason_on_the_form(client, hr_officer, position, pool, it_field):
    PoolMemberFactory(pool=pool, category=rules.MIDDLE_MANAGEMENT, fields=[it_field])
    committee = Committee.objects.create(
        position=position, pool=pool, composition=rules.R13_2, created_by=hr_officer
    )
    login_with_second_factor(client, hr_officer)
    response = client.post(
        reverse("admin:committees_committee_announce", args=[committee.pk]), {"commitment": COMMITMENT}
    )
    assert response.status_code == 200 and "R-13.2.1" in response.content.decode()
    assert not Draw.objects.exists()


def test_hr_renews_the_list_in_the_admin(client, hr_officer, pool):
    login_with_second_factor(client, hr_officer)
    response = client.post(
        reverse("admin:committees_memberpool_renew", args=[pool.pk]),
        {"approved_on": "2026-12-01", "decision_reference": "KQZ 9/2026"},
    )
    assert response.status_code == 302
    pool.refresh_from_db()
    assert str(pool.valid_until) == "2028-11-30"


def test_hr_of_another_institution_sees_neither_the_list_nor_the_committee(
    client, other_hr_officer, committee, pool
):
    login_with_second_factor(client, other_hr_officer)
    assert client.get(reverse("admin:committees_committee_change", args=[committee.pk])).status_code == 302
    assert client.get(reverse("admin:committees_committee_announce", args=[committee.pk])).status_code == 404
    assert client.get(reverse("admin:committees_memberpool_renew", args=[pool.pk])).status_code == 404
    listing = client.get(reverse("admin:committees_memberpool_changelist"))
    assert listing.status_code == 200 and pool.decision_reference not in listing.content.decode()
    assert MemberPool.objects.filter(pk=pool.pk).exists()


def test_hr_corrects_the_decision_reference_through_the_service_and_the_dates_stay(client, hr_officer, pool):
    from audit.models import Event

    before = (pool.approved_on, pool.valid_until)
    login_with_second_factor(client, hr_officer)
    response = client.post(
        reverse("admin:committees_memberpool_change", args=[pool.pk]),
        {"decision_reference": "Vendimi nr. 99/2026"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    pool.refresh_from_db()
    assert pool.decision_reference == "Vendimi nr. 99/2026" and (pool.approved_on, pool.valid_until) == before
    event = Event.objects.filter(action="committee_pool.edited").get()
    assert event.data["decision"] == "Vendimi nr. 99/2026" and event.data["old"] != "Vendimi nr. 99/2026"


def test_a_member_and_their_unavailability_are_saved_by_the_service_with_one_audit_event(
    client, hr_officer, pool, committee_member, it_field
):
    from audit.models import Event

    login_with_second_factor(client, hr_officer)
    data = {
        "pool": pool.pk,
        "user": committee_member.email,
        "name": "Arta Krasniqi",
        "institution": pool.institution_id,
        "is_civil_servant": "on",
        "category": rules.MIDDLE_MANAGEMENT,
        "unit": "",
        "fields": [it_field.pk],
        "active": "on",
        "unavailabilities-TOTAL_FORMS": 1,
        "unavailabilities-INITIAL_FORMS": 0,
        "unavailabilities-0-starts_on": "2026-12-01",
        "unavailabilities-0-ends_on": "2026-12-10",
        "unavailabilities-0-reason": "Leave",
    }
    assert client.post(reverse("admin:committees_poolmember_add"), data).status_code == 302
    member = pool.members.get()
    assert member.unavailabilities.count() == 1 and list(member.fields.all()) == [it_field]
    [event] = Event.objects.filter(action="committee_pool.member_saved")
    assert event.data["unavailability"] == {"added": 1, "changed": 0, "removed": 0}


def test_hr_of_another_institution_cannot_add_to_the_list(client, other_hr_officer, pool, committee_member):
    login_with_second_factor(client, other_hr_officer)
    data = {
        "pool": pool.pk,
        "user": committee_member.email,
        "name": "X",
        "institution": pool.institution_id,
        "active": "on",
        "unavailabilities-TOTAL_FORMS": 0,
        "unavailabilities-INITIAL_FORMS": 0,
    }
    client.post(reverse("admin:committees_poolmember_add"), data)
    assert not pool.members.exists()
