"""The committees' pages: the public draw, the member's own pages, observers, HR's fee report, and
who may reach which."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import rules, services
from committees.models import ConflictDeclaration, Observer, ObserverNotice
from tests.committees.factories import MemberPoolFactory, PoolMemberFactory
from tests.factories import AnnouncementFactory, PositionFactory
from tests.helpers.auth import login_with_second_factor
from tests.helpers.committees import COMMITMENT, drawn

pytestmark = pytest.mark.django_db


# --- The public draw page ------------------------------------------------------------------------------


def test_anyone_reads_a_draw_s_inputs_and_result_without_logging_in(
    client, committee, hr_officer, pool_members
):
    draw = drawn(committee, hr_officer)
    page = client.get(reverse("committees:draw", args=[draw.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    for entry in draw.result:
        assert entry["name"] in body
    assert draw.snapshot_hash in body and draw.secret in body and draw.seed in body
    assert reverse("committees:draw_json", args=[draw.pk]) in body
    assert client.get(reverse("committees:draw_list")).status_code == 200


def test_a_draw_publishes_no_personal_data_beyond_the_names_of_those_drawn(
    client, committee, hr_officer, pool_members
):
    draw = drawn(committee, hr_officer)
    drawn_ids = {e["member"] for e in draw.result}
    not_drawn = [m for group in pool_members.values() for m in group if str(m.pk) not in drawn_ids]
    assert not_drawn
    for url in (reverse("committees:draw", args=[draw.pk]), reverse("committees:draw_json", args=[draw.pk])):
        body = client.get(url).content.decode()
        assert "@" not in body  # no e-mail address
        for member in not_drawn:
            assert member.name not in body
        assert "Drejtoria" not in body  # nor anyone's unit: only whether it is the responsible one


def test_an_announced_draw_shows_its_commitments_but_no_result_and_no_portal_value(
    client, committee, hr_officer
):
    draw = services.committee_draw_announce(committee=committee, commitment=COMMITMENT, actor=hr_officer)
    page = client.get(reverse("committees:draw", args=[draw.pk])).content.decode()
    assert COMMITMENT in page and draw.portal_commitment in page
    assert draw.portal_value not in page
    record = client.get(reverse("committees:draw_json", args=[draw.pk])).json()
    assert record["portal_value"] is None and record["result"] == [] and record["status"] == "committed"


def test_an_unknown_draw_is_404(client):
    assert client.get(reverse("committees:draw", args=[999])).status_code == 404


# --- The member's own pages ---------------------------------------------------------------------------------


def test_a_member_sees_only_their_own_committees(client, drawn_committee, other_committee, committee_member):
    login_with_second_factor(client, committee_member)
    listing = client.get(reverse("committees:my_committees"))
    assert listing.status_code == 200
    assert str(drawn_committee.position) in listing.content.decode()
    assert str(other_committee.position) not in listing.content.decode()
    assert client.get(reverse("committees:my_committee", args=[drawn_committee.pk])).status_code == 200
    assert client.get(reverse("committees:my_committee", args=[other_committee.pk])).status_code == 404


def test_another_member_does_not_reach_this_committee(
    client, drawn_committee, other_committee, other_committee_member
):
    login_with_second_factor(client, other_committee_member)
    assert client.get(reverse("committees:my_committee", args=[other_committee.pk])).status_code == 200
    assert client.get(reverse("committees:my_committee", args=[drawn_committee.pk])).status_code == 404


def test_a_member_must_use_the_second_factor_before_reaching_their_committee(
    client, drawn_committee, committee_member
):
    client.force_login(committee_member)
    response = client.get(reverse("committees:my_committees"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("name", ["committees:my_committees", "committees:my_committee"])
def test_member_pages_send_an_anonymous_visitor_to_log_in_and_are_404_for_an_applicant(
    client, drawn_committee, applicant, name
):
    url = reverse(name, args=[drawn_committee.pk] if name.endswith("committee") else [])
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(applicant)
    assert client.get(url).status_code == 404


def test_a_member_declares_no_conflict_on_their_page(client, drawn_committee, committee_member):
    drawn_committee.candidate_names = "Arta Krasniqi\nBesnik Berisha"
    drawn_committee.save()
    login_with_second_factor(client, committee_member)
    url = reverse("committees:my_committee", args=[drawn_committee.pk])
    page = client.get(url).content.decode()
    assert "Arta Krasniqi" in page
    response = client.post(
        url,
        {
            "has_conflict": "no",
            "details": "",
            "candidate_list_digest": rules.candidate_list_digest(drawn_committee.candidate_names),
        },
    )
    assert response.status_code == 302
    declaration = ConflictDeclaration.objects.get()
    assert declaration.seat.member.user == committee_member and not declaration.has_conflict


def test_a_replaced_member_no_longer_reaches_the_committee(
    client, drawn_committee, committee_member, hr_officer, pool, it_field
):
    from committees.models import ReplacementReason

    PoolMemberFactory(pool=pool, category=rules.MIDDLE_MANAGEMENT, fields=[it_field])
    seat = drawn_committee.seats.get(member__user=committee_member)
    draw = services.seat_replacement_announce(
        seat=seat, reason=ReplacementReason.CONFLICT, commitment=COMMITMENT, actor=hr_officer
    )
    from tests.helpers.committees import SECRET

    services.draw_perform(draw=draw, secret=SECRET, actor=hr_officer)
    client.force_login(committee_member)
    assert client.get(reverse("committees:my_committee", args=[drawn_committee.pk])).status_code == 404


# --- Observers (R-16) ------------------------------------------------------------------------------------------


def _registered(observer):
    return services.observer_register(
        user=observer, organisation="Sindikata", kind="trade_union", accepts_data_protection=True
    )


def test_r16_2_an_observer_registers_accepting_the_data_protection_duty(client, observer):
    client.force_login(observer)
    url = reverse("committees:observer_register")
    refused = client.post(url, {"organisation": "Sindikata", "kind": "trade_union"})
    assert refused.status_code == 200 and not Observer.objects.exists()
    accepted = client.post(
        url, {"organisation": "Sindikata", "kind": "trade_union", "accepts_data_protection": "on"}
    )
    assert accepted.status_code == 302
    assert Observer.objects.get(user=observer).data_protection_accepted_at is not None


def test_r16_2_an_observer_who_has_not_accepted_the_duty_sees_nothing_yet(client, drawn_committee, observer):
    Observer.objects.create(user=observer, organisation="Sindikata", kind="trade_union")
    client.force_login(observer)
    response = client.get(reverse("committees:observer_home"))
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("committees:observer_register")
    )
    assert client.get(reverse("committees:observer_evaluation", args=[drawn_committee.pk])).status_code == 404


def test_r16_3_an_observer_gives_notice_and_then_reads_that_evaluation_only(
    client, drawn_committee, other_committee, observer, hr_officer
):
    _registered(observer)
    client.force_login(observer)
    response = client.post(
        reverse("committees:observer_home"), {"committee": drawn_committee.pk, "sitting": "whole", "note": ""}
    )
    assert response.status_code == 302 and ObserverNotice.objects.count() == 1
    services.observer_notice_decide(notice=ObserverNotice.objects.get(), accept=True, actor=hr_officer)
    page = client.get(reverse("committees:observer_evaluation", args=[drawn_committee.pk]))
    assert page.status_code == 200 and "<form" not in page.content.decode().split('id="main"')[1]
    assert client.get(reverse("committees:observer_evaluation", args=[other_committee.pk])).status_code == 404


def test_observers_are_read_only_and_have_no_member_pages(client, drawn_committee, observer, hr_officer):
    registered = _registered(observer)
    notice = services.observer_notice_give(observer=registered, committee=drawn_committee, actor=observer)
    services.observer_notice_decide(notice=notice, accept=True, actor=hr_officer)
    client.force_login(observer)
    url = reverse("committees:observer_evaluation", args=[drawn_committee.pk])
    assert client.post(url, {"anything": "x"}).status_code == 405
    assert client.get(reverse("committees:my_committee", args=[drawn_committee.pk])).status_code == 404


def test_a_notice_for_every_sitting_of_an_evaluation_that_started_is_refused(
    client, drawn_committee, observer
):
    drawn_committee.evaluation_from = timezone.localdate() - dt.timedelta(days=1)
    drawn_committee.save()
    _registered(observer)
    client.force_login(observer)
    response = client.post(
        reverse("committees:observer_home"), {"committee": drawn_committee.pk, "sitting": "whole"}
    )
    assert response.status_code == 200 and not ObserverNotice.objects.exists()


# --- HR's fee report (R-14.7) --------------------------------------------------------------------------------


def test_hr_reads_the_fees_of_its_own_institution_and_nobody_else_reads_them(
    client, institution, hr_officer, other_hr_officer, applicant, it_field
):
    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution),
        category="specialist",
        scoring_scheme="kqz-specialist",
    )
    pool = MemberPoolFactory(institution=institution)
    for _ in range(3):
        PoolMemberFactory(pool=pool, category=rules.MIDDLE_MANAGEMENT, fields=[it_field])
    PoolMemberFactory(pool=pool, category=rules.PROFESSIONAL, in_hr_unit=True)
    PoolMemberFactory(
        pool=pool, is_civil_servant=False, is_professor=True, fields=[it_field], name="Prof. Dren Hoxha"
    )
    committee = services.committee_create(position=position, pool=pool, fields=[it_field], actor=hr_officer)
    drawn(committee, hr_officer)
    services.committee_appoint(committee=committee, actor=hr_officer)
    today = timezone.localdate()
    url = reverse("committees:compensation_report") + f"?start={today}&end={today}"
    client.force_login(applicant)
    assert client.get(url).status_code == 404
    login_with_second_factor(client, other_hr_officer)
    other = client.get(url)
    assert other.status_code == 200 and "Prof. Dren Hoxha" not in other.content.decode()
    login_with_second_factor(client, hr_officer)
    page = client.get(url).content.decode()
    assert "Prof. Dren Hoxha" in page and ("250,00" in page or "250.00" in page)
    yesterday = today - dt.timedelta(days=1)
    earlier = client.get(reverse("committees:compensation_report") + f"?start={yesterday}&end={yesterday}")
    assert "Prof. Dren Hoxha" not in earlier.content.decode()
