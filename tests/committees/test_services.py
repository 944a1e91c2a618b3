"""The committee workflow through its services: draw, replacement, appointment, declarations,
observers, the pool's validity, with their audit events and outbox messages."""

import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from audit.models import Event
from committees import rules, selectors, services
from committees.models import (
    CommitteeStatus,
    Draw,
    DrawStatus,
    ObserverNotice,
    ReplacementReason,
    Seat,
    SeatStatus,
    Unavailability,
)
from notifications.models import Message
from recruitment.permissions import NotAllowed
from tests.committees.factories import MemberPoolFactory, PoolMemberFactory
from tests.factories import AnnouncementFactory, PositionFactory
from tests.helpers.committees import COMMITMENT, SECRET, drawn

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    # The messages are matched in English whatever language an earlier test left active.
    with translation.override("en"):
        yield


def _commitment(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def _active(committee):
    return {(s.seat_key, s.slot): s.member_id for s in committee.seats.filter(status=SeatStatus.ACTIVE)}


# --- The draw -------------------------------------------------------------------------------------------


def test_announcing_a_draw_freezes_and_publishes_its_inputs_without_a_result(committee, hr_officer):
    draw = services.committee_draw_announce(committee=committee, commitment=COMMITMENT, actor=hr_officer)
    committee.refresh_from_db()
    assert committee.status == CommitteeStatus.DRAWING
    assert draw.status == DrawStatus.COMMITTED and draw.result == [] and draw.secret == ""
    assert draw.snapshot_hash == rules.snapshot_hash(draw.snapshot)
    assert draw.portal_commitment == rules.commitment_of(draw.portal_value)
    assert len(draw.snapshot["pool"]) == 7
    record = selectors.draw_record(draw)
    assert record["portal_value"] is None and record["secret"] is None  # nobody can compute the result yet
    assert Event.objects.filter(action="committee.draw_announced", object_id=str(draw.pk)).exists()


def test_the_drawn_committee_is_the_one_its_published_record_recomputes(committee, hr_officer):
    draw = drawn(committee, hr_officer)
    assert draw.status == DrawStatus.DRAWN
    assert rules.verify_record(selectors.draw_record(draw)) == []
    seats = {(s.seat_key, s.slot): str(s.member_id) for s in committee.seats.all()}
    assert seats == {(e["seat"], e["slot"]): e["member"] for e in draw.result}
    committee.refresh_from_db()
    assert committee.status == CommitteeStatus.DRAWN
    assert Event.objects.filter(action="committee.drawn", object_id=str(draw.pk)).exists()


def test_the_draw_refuses_a_secret_that_is_not_the_committed_one(committee, hr_officer):
    draw = services.committee_draw_announce(committee=committee, commitment=COMMITMENT, actor=hr_officer)
    with pytest.raises(ValidationError, match="SHA-256"):
        services.draw_perform(draw=draw, secret="another secret", actor=hr_officer)
    assert not Seat.objects.exists()


def test_performing_a_draw_twice_with_its_secret_changes_nothing(committee, hr_officer):
    draw = drawn(committee, hr_officer)
    again = services.draw_perform(draw=draw, secret=SECRET, actor=hr_officer)
    assert again.seed == draw.seed and Seat.objects.count() == 5


def test_too_few_eligible_members_refuses_the_draw_naming_the_seat_and_draws_nothing(
    position, pool, it_field, hr_officer
):
    PoolMemberFactory(pool=pool, category=rules.MIDDLE_MANAGEMENT, fields=[it_field])
    committee = services.committee_create(position=position, pool=pool, fields=[it_field], actor=hr_officer)
    with pytest.raises(ValidationError) as refused:
        services.committee_draw_announce(committee=committee, commitment=COMMITMENT, actor=hr_officer)
    assert "R-13.2.1" in refused.value.messages[0] and "No committee was drawn" in refused.value.messages[0]
    committee.refresh_from_db()
    assert committee.status == CommitteeStatus.DRAFT
    assert not Draw.objects.exists() and not Seat.objects.exists()


def test_a_member_unavailable_during_the_evaluation_is_left_out_with_the_reason(
    committee, hr_officer, pool_members
):
    away = pool_members["hr"][0]
    committee.evaluation_from = committee.evaluation_until = timezone.localdate() + dt.timedelta(days=10)
    committee.save()
    Unavailability.objects.create(
        member=away,
        starts_on=committee.evaluation_from,
        ends_on=committee.evaluation_from + dt.timedelta(days=3),
    )
    draw = drawn(committee, hr_officer)
    assert {"member": str(away.pk), "reason": services.EXCLUDED_UNAVAILABLE} in draw.snapshot["excluded"]
    assert _active(committee)[("R-13.2.2", 1)] == pool_members["hr"][1].pk


def test_only_hr_of_the_position_s_institution_draws(committee, other_hr_officer):
    with pytest.raises(NotAllowed):
        services.committee_draw_announce(committee=committee, commitment=COMMITMENT, actor=other_hr_officer)


def test_an_announced_draw_can_be_cancelled_and_announced_again(committee, hr_officer):
    draw = services.committee_draw_announce(committee=committee, commitment=COMMITMENT, actor=hr_officer)
    services.draw_cancel(draw=draw, reason="The secret was lost.", actor=hr_officer)
    committee.refresh_from_db()
    assert committee.status == CommitteeStatus.DRAFT
    assert (
        selectors.draw_record(Draw.objects.get(pk=draw.pk))["cancelled"]["reason"] == "The secret was lost."
    )
    assert services.committee_draw_announce(committee=committee, commitment=COMMITMENT, actor=hr_officer)


# --- The pool's validity (R-13.5) -------------------------------------------------------------------------


def test_r13_5_a_draw_from_an_expired_list_is_refused(committee, pool, hr_officer):
    pool.approved_on = timezone.localdate() - dt.timedelta(days=800)
    pool.valid_until = rules.pool_valid_until(pool.approved_on)
    pool.save()
    with pytest.raises(ValidationError, match="R-13.5"):
        services.committee_draw_announce(committee=committee, commitment=COMMITMENT, actor=hr_officer)
    assert not Draw.objects.exists()


def test_r13_5_a_list_that_expires_between_announcement_and_draw_refuses_the_draw(
    committee, pool, hr_officer
):
    draw = services.committee_draw_announce(committee=committee, commitment=COMMITMENT, actor=hr_officer)
    pool.valid_until = timezone.localdate() - dt.timedelta(days=1)
    pool.save()
    with pytest.raises(ValidationError, match="R-13.5"):
        services.draw_perform(draw=draw, secret=SECRET, actor=hr_officer)


def test_r13_5_a_renewed_list_is_valid_two_years_from_the_renewal_and_draws_again(
    committee, pool, hr_officer
):
    pool.approved_on = timezone.localdate() - dt.timedelta(days=800)
    pool.valid_until = rules.pool_valid_until(pool.approved_on)
    pool.save()
    today = timezone.localdate()
    services.pool_renew(pool=pool, approved_on=today, decision_reference="KQZ 7/2026", actor=hr_officer)
    pool.refresh_from_db()
    assert pool.valid_until == rules.pool_valid_until(today)
    assert drawn(committee, hr_officer).status == DrawStatus.DRAWN


def test_r13_5_hr_is_warned_once_before_the_list_expires_however_often_the_job_runs(institution, hr_officer):
    today = timezone.localdate()
    expiring = MemberPoolFactory(institution=institution, approved_on=today - dt.timedelta(days=700))
    MemberPoolFactory(institution=institution)  # valid for almost two years: no warning
    assert rules.pool_expiry_warning(expiring.valid_until, today) == 60
    assert services.pools_warn_expiring(today=today) == 1
    assert services.pools_warn_expiring(today=today) == 0
    message = Message.objects.get(kind="committee.pool_expiring")
    assert message.recipient == hr_officer and expiring.decision_reference in message.body


def test_the_celery_task_warns_through_the_same_service(institution, hr_officer):
    from committees.tasks import warn_expiring_pools

    MemberPoolFactory(institution=institution, approved_on=timezone.localdate() - dt.timedelta(days=725))
    assert warn_expiring_pools.delay().get() == 1
    assert warn_expiring_pools.delay().get() == 0


# --- Replacement (R-13.6) -----------------------------------------------------------------------------------


def test_r13_6_a_replacement_changes_only_the_replaced_seat(drawn_committee, hr_officer, pool, it_field):
    extra = PoolMemberFactory(pool=pool, category=rules.LOWER_MANAGEMENT, fields=[it_field])
    before = _active(drawn_committee)
    replaced = drawn_committee.seats.get(seat_key="R-13.2.1", slot=2)
    draw = services.seat_replacement_announce(
        seat=replaced,
        reason=ReplacementReason.ABSENCE,
        commitment=_commitment("second secret for the replacement"),
        actor=hr_officer,
    )
    assert draw.snapshot["seats"] == [rules.COMPOSITIONS[rules.R13_2][0].as_json(slots=[2])]
    draw = services.draw_perform(draw=draw, secret="second secret for the replacement", actor=hr_officer)
    after = _active(drawn_committee)
    assert after[("R-13.2.1", 2)] == extra.pk  # the only eligible manager not already seated
    assert {k: v for k, v in after.items() if k != ("R-13.2.1", 2)} == {
        k: v for k, v in before.items() if k != ("R-13.2.1", 2)
    }
    replaced.refresh_from_db()
    assert replaced.status == SeatStatus.REPLACED and replaced.replacement_reason == ReplacementReason.ABSENCE
    assert rules.verify_record(selectors.draw_record(draw)) == []
    assert Message.objects.filter(kind="committee.seat_replaced", recipient=replaced.member.user).count() == 1


def test_r13_6_a_replacement_excludes_the_sitting_and_replaced_members(drawn_committee, hr_officer):
    seat = drawn_committee.seats.get(seat_key="R-13.2.2")
    draw = services.seat_replacement_announce(
        seat=seat, reason=ReplacementReason.CONFLICT, commitment=COMMITMENT, actor=hr_officer
    )
    reasons = {e["member"]: e["reason"] for e in draw.snapshot["excluded"]}
    assert reasons[str(seat.member_id)] == services.EXCLUDED_REPLACED
    others = drawn_committee.seats.exclude(pk=seat.pk)
    assert all(reasons[str(s.member_id)] == services.EXCLUDED_SEATED for s in others)


def test_r13_6_a_replacement_without_an_eligible_member_left_is_refused(drawn_committee, hr_officer):
    seat = drawn_committee.seats.get(seat_key="R-13.2.1", slot=1)  # all three managers sit
    with pytest.raises(ValidationError, match="R-13.2.1"):
        services.seat_replacement_announce(
            seat=seat, reason=ReplacementReason.INABILITY, commitment=COMMITMENT, actor=hr_officer
        )
    assert seat.committee.seats.filter(status=SeatStatus.ACTIVE).count() == 5


def test_r16_3_when_the_chair_is_replaced_the_member_drawn_for_that_place_chairs(
    drawn_committee, hr_officer, pool, it_field
):
    extra = PoolMemberFactory(pool=pool, category=rules.MIDDLE_MANAGEMENT, fields=[it_field])
    chair = drawn_committee.seats.get(seat_key="R-13.2.1", slot=1)
    assert chair.is_chair
    draw = services.seat_replacement_announce(
        seat=chair, reason=ReplacementReason.ABSENCE, commitment=COMMITMENT, actor=hr_officer
    )
    draw = services.draw_perform(draw=draw, secret=SECRET, actor=hr_officer)
    assert draw.chair == str(extra.pk)
    new_chair = drawn_committee.seats.get(status=SeatStatus.ACTIVE, seat_key="R-13.2.1", slot=1)
    assert new_chair.member == extra and new_chair.is_chair


# --- Appointment and compensation (R-14.7) ---------------------------------------------------


def test_hr_appoints_the_drawn_committee_and_each_member_is_told_once(drawn_committee, hr_officer):
    appointed = services.committee_appoint(committee=drawn_committee, actor=hr_officer)
    assert len(appointed) == 5
    assert services.committee_appoint(committee=drawn_committee, actor=hr_officer) == []
    messages = Message.objects.filter(kind="committee.appointed")
    assert messages.count() == 5
    assert {m.recipient_id for m in messages} == {s.member.user_id for s in drawn_committee.seats.all()}
    drawn_committee.refresh_from_db()
    assert drawn_committee.status == CommitteeStatus.APPOINTED


def test_after_a_replacement_only_the_new_member_is_appointed_and_told(
    drawn_committee, hr_officer, pool, it_field
):
    services.committee_appoint(committee=drawn_committee, actor=hr_officer)
    PoolMemberFactory(pool=pool, category=rules.MIDDLE_MANAGEMENT, fields=[it_field])
    seat = drawn_committee.seats.get(seat_key="R-13.2.1", slot=3)
    draw = services.seat_replacement_announce(
        seat=seat, reason=ReplacementReason.ABSENCE, commitment=COMMITMENT, actor=hr_officer
    )
    with pytest.raises(ValidationError):  # not while a draw is pending
        services.committee_appoint(committee=drawn_committee, actor=hr_officer)
    services.draw_perform(draw=draw, secret=SECRET, actor=hr_officer)
    appointed = services.committee_appoint(committee=drawn_committee, actor=hr_officer)
    assert [(s.seat_key, s.slot) for s in appointed] == [("R-13.2.1", 3)]
    assert Message.objects.filter(kind="committee.appointed").count() == 6


def _management_committee(institution, hr_officer, it_field):
    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution),
        category="middle_management",
        scoring_scheme="kqz-management",
        department="Drejtoria e TI",
    )
    pool = MemberPoolFactory(institution=institution)
    for _ in range(3):
        PoolMemberFactory(pool=pool, category=rules.HIGHER_MANAGEMENT)
    PoolMemberFactory(pool=pool, category=rules.PROFESSIONAL, unit="Drejtoria e TI")
    PoolMemberFactory(pool=pool, category=rules.PROFESSIONAL, fields=[it_field])
    committee = services.committee_create(position=position, pool=pool, fields=[it_field], actor=hr_officer)
    assert committee.composition == rules.R15_2
    drawn(committee, hr_officer)
    return committee


def test_r15_6_a_management_committee_is_appointed_by_the_leader_not_by_hr(
    institution, hr_officer, leader, it_field
):
    committee = _management_committee(institution, hr_officer, it_field)
    with pytest.raises(NotAllowed):
        services.committee_appoint(committee=committee, actor=hr_officer)
    assert len(services.committee_appoint(committee=committee, actor=leader)) == 5


def test_r14_7_a_professor_who_is_not_a_civil_servant_earns_the_fee_and_civil_servants_do_not(
    institution, hr_officer, it_field, settings
):
    settings.COMMITTEE_NON_CIVIL_SERVANT_FEE_EUR = 250
    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution),
        category="specialist",
        scoring_scheme="kqz-specialist",
    )
    pool = MemberPoolFactory(institution=institution)
    for _ in range(3):
        PoolMemberFactory(pool=pool, category=rules.LOWER_MANAGEMENT, fields=[it_field])
    PoolMemberFactory(pool=pool, category=rules.PROFESSIONAL, in_hr_unit=True)
    professor = PoolMemberFactory(pool=pool, is_civil_servant=False, is_professor=True, fields=[it_field])
    committee = services.committee_create(position=position, pool=pool, fields=[it_field], actor=hr_officer)
    drawn(committee, hr_officer)
    services.committee_appoint(committee=committee, actor=hr_officer)
    fees = {s.member_id: s.fee_eur for s in committee.seats.all()}
    assert fees.pop(professor.pk) == Decimal(250)
    assert set(fees.values()) == {None}
    today = timezone.localdate()
    report = selectors.compensation_report(user=hr_officer, start=today, end=today)
    assert [(t["member"], t["amount"]) for t in report["totals"]] == [(professor, Decimal(250))]


# --- Conflicts of interest ---------------------------------------------------------------------------------------


@pytest.fixture
def with_candidates(drawn_committee):
    drawn_committee.candidate_names = "Arta Krasniqi\nBesnik Berisha"
    drawn_committee.save()
    return drawn_committee


def _seat_of(committee, user):
    return committee.seats.get(member__user=user, status=SeatStatus.ACTIVE)


def test_a_member_declares_no_conflict_for_the_current_list_and_may_then_see_candidates(
    with_candidates, committee_member
):
    seat = _seat_of(with_candidates, committee_member)
    assert not selectors.member_may_see_candidates(seat=seat)
    services.declaration_submit(
        seat=seat,
        candidate_list_digest=rules.candidate_list_digest(with_candidates.candidate_names),
        has_conflict=False,
        actor=committee_member,
    )
    assert selectors.member_may_see_candidates(seat=seat)
    assert not Message.objects.filter(kind="committee.conflict_declared").exists()


def test_a_declared_conflict_tells_hr_who_replaces_the_member(with_candidates, committee_member, hr_officer):
    seat = _seat_of(with_candidates, committee_member)
    digest = rules.candidate_list_digest(with_candidates.candidate_names)
    with pytest.raises(ValidationError):  # a conflict needs its explanation
        services.declaration_submit(
            seat=seat, candidate_list_digest=digest, has_conflict=True, actor=committee_member
        )
    services.declaration_submit(
        seat=seat,
        candidate_list_digest=digest,
        has_conflict=True,
        details="Arta Krasniqi is my cousin.",
        actor=committee_member,
    )
    assert Message.objects.get(kind="committee.conflict_declared").recipient == hr_officer
    assert not selectors.member_may_see_candidates(seat=seat)
    assert "cousin" not in str(Event.objects.filter(action="committee.conflict_declared").values_list("data"))


def test_a_new_candidate_list_needs_a_new_declaration(with_candidates, committee_member):
    seat = _seat_of(with_candidates, committee_member)
    services.declaration_submit(
        seat=seat,
        candidate_list_digest=rules.candidate_list_digest(with_candidates.candidate_names),
        has_conflict=False,
        actor=committee_member,
    )
    with_candidates.candidate_names += "\nDrita Gashi"
    with_candidates.save()
    seat = _seat_of(with_candidates, committee_member)
    assert not selectors.member_may_see_candidates(seat=seat)


def test_a_declaration_against_a_list_that_changed_meanwhile_is_refused(with_candidates, committee_member):
    seat = _seat_of(with_candidates, committee_member)
    with pytest.raises(ValidationError, match="changed"):
        services.declaration_submit(
            seat=seat,
            candidate_list_digest=rules.candidate_list_digest("Arta Krasniqi"),
            has_conflict=False,
            actor=committee_member,
        )


def test_nobody_declares_for_another_member(with_candidates, committee_member, hr_officer):
    seat = _seat_of(with_candidates, committee_member)
    with pytest.raises(NotAllowed):
        services.declaration_submit(
            seat=seat,
            candidate_list_digest=rules.candidate_list_digest(with_candidates.candidate_names),
            has_conflict=False,
            actor=hr_officer,
        )


# --- Observers (R-16) ---------------------------------------------------------------------------------------------


def test_r16_2_an_observer_must_accept_the_data_protection_duty(observer):
    with pytest.raises(ValidationError, match="R-16.2"):
        services.observer_register(
            user=observer, organisation="Sindikata", kind="trade_union", accepts_data_protection=False
        )


def test_r16_3_an_observer_s_prior_notice_tells_hr_and_the_chair_once(drawn_committee, observer, hr_officer):
    registered = services.observer_register(
        user=observer, organisation="Sindikata e Pavarur", kind="trade_union", accepts_data_protection=True
    )
    notice = services.observer_notice_give(observer=registered, committee=drawn_committee, actor=observer)
    again = services.observer_notice_give(observer=registered, committee=drawn_committee, actor=observer)
    assert again == notice and ObserverNotice.objects.count() == 1
    chair = drawn_committee.seats.get(seat_key="R-13.2.1", slot=1).member.user
    told = set(
        Message.objects.filter(kind="committee.observer_notice").values_list("recipient_id", flat=True)
    )
    assert told == {hr_officer.pk, chair.pk}
    assert Message.objects.filter(kind="committee.observer_notice").count() == 2


def test_r16_3_a_notice_given_once_the_evaluation_started_is_refused(drawn_committee, observer):
    drawn_committee.evaluation_from = timezone.localdate()
    drawn_committee.save()
    registered = services.observer_register(
        user=observer, organisation="Lëvizja FOL", kind="civil_society", accepts_data_protection=True
    )
    with pytest.raises(ValidationError, match="R-16.3"):
        services.observer_notice_give(observer=registered, committee=drawn_committee, actor=observer)


# --- The committee's profile --------------------------------------------------------------------------------------


def test_the_draw_s_inputs_cannot_change_once_it_is_announced(committee, hr_officer):
    services.committee_draw_announce(committee=committee, commitment=COMMITMENT, actor=hr_officer)
    with pytest.raises(ValidationError):
        services.committee_update(committee=committee, actor=hr_officer, require_trained=True)
    services.committee_update(committee=committee, actor=hr_officer, candidate_names="Arta Krasniqi")


def test_a_position_whose_category_names_no_composition_needs_one_chosen(institution, pool, hr_officer):
    # K23's non-permanent staff, under the repealed 03/2017 (regulation 01/2024 names no committee for them).
    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution, rule_set="kqz-03-2017"),
        category="non_permanent",
        scoring_scheme="custom",
    )
    with pytest.raises(ValidationError):
        services.committee_create(position=position, pool=pool, actor=hr_officer)
    assert services.committee_create(position=position, pool=pool, actor=hr_officer, composition=rules.R13_2)


def test_a_committee_draws_from_its_own_institution_s_list(position, other_institution, hr_officer):
    with pytest.raises(ValidationError):
        services.committee_create(
            position=position, pool=MemberPoolFactory(institution=other_institution), actor=hr_officer
        )
