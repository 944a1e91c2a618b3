"""The appeals' services: R-32 lodged in the portal or recorded from paper, KPMSHCK's decision and what it re-opens,
each with its audit event and its message in one transaction."""

import datetime as dt

import pytest
from django.http import Http404

from appeals import services
from appeals.choices import AppealKind, AppealState, Decision, Effect
from appeals.models import Appeal
from audit.models import Event
from notifications.models import Message
from recruitment.permissions import NotAllowed
from tests.helpers.appeals import at, scan

# The tests read the services' messages in English, the source language of every msgid.
pytestmark = pytest.mark.usefixtures("english")

D = dt.date


def _lodge(application, applicant, now=None, **kwargs):
    return services.appeal_results_lodge(
        actor=applicant,
        application=application,
        grounds="The interview marks were not the sheets'.",
        now=now or at(10),
        **kwargs,
    )


def test_r32_a_candidate_lodges_an_appeal_in_the_portal_and_hr_is_told(application, applicant, hr_officer):
    appeal = _lodge(application, applicant, upload=scan())
    assert appeal.kind == AppealKind.RESULTS and appeal.state == AppealState.RECEIVED
    assert (appeal.filed_on, appeal.counted_from, appeal.last_day) == (
        D(2026, 3, 10),
        D(2026, 3, 2),
        D(2026, 4, 1),
    )
    assert appeal.lodged_in_portal and appeal.appellant == applicant and appeal.scan_sha256
    assert Event.objects.filter(action="appeals.results_lodged", object_id=str(appeal.pk)).exists()
    kinds = set(Message.objects.values_list("kind", "email"))
    assert ("appeals.recorded", applicant.email) in kinds
    assert ("appeals.lodged", hr_officer.email) in kinds


@pytest.mark.parametrize(
    "day, month, in_time",
    [(31, 3, True), (1, 4, True), (2, 4, False)],  # the day before the last day, the day, the day after
)
def test_r32_the_portal_takes_the_appeal_until_the_last_day_of_the_administrative_deadline(
    application, applicant, day, month, in_time
):
    if in_time:
        assert _lodge(application, applicant, now=at(day, month)).last_day == D(2026, 4, 1)
    else:
        with pytest.raises(services.AppealError, match="has passed"):
            _lodge(application, applicant, now=at(day, month))
        assert not Appeal.objects.exists() and not Message.objects.exists()


def test_r32_a_non_permanent_position_gives_no_appeal_to_kpmshck(application, applicant, position):
    position.category = "non_permanent"
    position.save(update_fields=["category"])
    with pytest.raises(services.AppealError, match="R-32 gives the appeal"):
        _lodge(application, applicant)


def test_r32_nobody_lodges_an_appeal_for_someone_else(application, other_applicant, hr_officer):
    with pytest.raises(Http404):
        _lodge(application, other_applicant)
    with pytest.raises(Http404):
        _lodge(application, hr_officer)


def test_r32_kpmshck_decides_one_appeal_per_candidate(application, applicant):
    _lodge(application, applicant)
    with pytest.raises(services.AppealError, match="already"):
        _lodge(application, applicant, now=at(11))
    assert Appeal.objects.count() == 1


def test_a_refused_appeal_leaves_no_file_behind(application, applicant, private_storage, position):
    position.category = "other"
    position.save(update_fields=["category"])
    with pytest.raises(services.AppealError):
        _lodge(application, applicant, upload=scan())
    assert not [p for p in private_storage.rglob("*") if p.is_file()]


def test_r32_hr_records_a_paper_appeal_with_its_scan_and_the_candidate_is_told(
    application, applicant, hr_officer
):
    appeal = services.appeal_results_record(
        actor=hr_officer,
        application=application,
        filed_on=D(2026, 3, 30),
        grounds="Paper",
        upload=scan(),
        now=at(3, 4),
    )
    assert (
        not appeal.lodged_in_portal and appeal.recorded_by == hr_officer and appeal.filed_on == D(2026, 3, 30)
    )
    assert Message.objects.filter(kind="appeals.recorded", email=applicant.email).exists()
    assert not Message.objects.filter(kind="appeals.lodged").exists()  # HR recorded it: nobody tells HR


def test_r32_hr_of_another_institution_records_nothing(application, other_hr_officer):
    with pytest.raises(NotAllowed):
        services.appeal_results_record(
            actor=other_hr_officer,
            application=application,
            filed_on=D(2026, 3, 10),
            grounds="x",
            upload=scan(),
        )


def test_a_paper_appeal_needs_its_scan(application, hr_officer):
    with pytest.raises(services.AppealError, match="scan"):
        services.appeal_results_record(
            actor=hr_officer, application=application, filed_on=D(2026, 3, 10), grounds="x", upload=None
        )


def _decide(appeal, hr, **kwargs):
    facts = {
        "decision": Decision.REJECTED,
        "decided_on": D(2026, 4, 20),
        "effect": Effect.NONE,
        "note": "",
        "now": at(21, 4),
    } | kwargs
    return services.appeal_decide(actor=hr, appeal=appeal, **facts)


def test_r32_hr_records_a_rejection_the_outcome_stands_and_the_candidate_is_told(
    application, applicant, hr_officer
):
    appeal = _lodge(application, applicant)
    services.appeal_decision_scan_attach(
        actor=hr_officer, appeal=appeal, upload=scan("decision.pdf"), now=at(21, 4)
    )
    decided = _decide(appeal, hr_officer, decision_number="KPMSHCK 12/2026")
    assert decided.state == AppealState.DECIDED and decided.decision == Decision.REJECTED
    assert decided.effect == Effect.NONE and decided.decision_scan_sha256
    assert Message.objects.filter(kind="appeals.decided", email=applicant.email).count() == 1
    event = Event.objects.get(action="appeals.decided")
    assert event.data["decision"] == "rejected" and event.data["article"] == "R-32"


def test_recording_the_decision_twice_changes_nothing(application, applicant, hr_officer):
    appeal = _lodge(application, applicant)
    _decide(appeal, hr_officer)
    with pytest.raises(services.AppealError, match="already recorded"):
        _decide(appeal, hr_officer, decision=Decision.UPHELD, effect=Effect.RANKING_CORRECTED, note="x")
    appeal.refresh_from_db()
    assert appeal.decision == Decision.REJECTED
    assert Message.objects.filter(kind="appeals.decided").count() == 1


def test_a_decision_refuses_an_effect_that_does_not_follow_from_it(application, applicant, hr_officer):
    appeal = _lodge(application, applicant)
    with pytest.raises(services.AppealError, match="does not follow"):
        _decide(appeal, hr_officer, decision=Decision.REJECTED, effect=Effect.WINNER_REINSTATED, note="x")
    appeal.refresh_from_db()
    assert appeal.state == AppealState.RECEIVED


def test_r32_a_corrected_ranking_is_recorded_with_hr_s_note(application, applicant, hr_officer):
    appeal = _lodge(application, applicant)
    with pytest.raises(services.AppealError, match="few words"):
        _decide(appeal, hr_officer, decision=Decision.UPHELD, effect=Effect.RANKING_CORRECTED)
    decided = _decide(
        appeal,
        hr_officer,
        decision=Decision.UPHELD,
        effect=Effect.RANKING_CORRECTED,
        note="Interview re-marked: 88.",
    )
    assert decided.decision_note == "Interview re-marked: 88." and decided.effect == Effect.RANKING_CORRECTED


def test_r32_an_upheld_appeal_of_a_removed_winner_puts_them_back_on_the_list(result, hr_officer):
    """The first-ranked winner declined, then appealed (KPMSHCK found the refusal was never theirs): reinstated
    through winners.services.winner_reinstate, their history kept on the list."""
    from winners import services as winners_services
    from winners.choices import WinnerState
    from winners.models import Winner

    winners_list = winners_services.winners_list_create(result=result, now=at(2, hour=13))
    invitation = winners_services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(3))
    first = invitation.winner
    winners_services.invitation_decline(actor=first.application.applicant, invitation=invitation, now=at(4))
    appeal = services.appeal_results_lodge(
        actor=first.application.applicant,
        application=first.application,
        grounds="I never refused.",
        now=at(5),
    )
    _decide(
        appeal,
        hr_officer,
        decision=Decision.UPHELD,
        effect=Effect.WINNER_REINSTATED,
        note="Refusal not theirs.",
        decided_on=D(2026, 3, 20),
        now=at(21),
    )
    first = Winner.objects.get(pk=first.pk)
    assert first.state == WinnerState.WAITING and first.state_article == "R-32"
    assert Event.objects.filter(action="winners.reinstate").exists()
    assert Event.objects.filter(action="appeals.decided").exists()


def test_r32_reinstating_a_candidate_on_no_winners_list_is_refused_and_nothing_is_recorded(
    application, applicant, hr_officer
):
    appeal = _lodge(application, applicant)
    with pytest.raises(services.AppealError, match="no winners list"):
        _decide(appeal, hr_officer, decision=Decision.UPHELD, effect=Effect.WINNER_REINSTATED, note="x")
    appeal.refresh_from_db()
    assert (
        appeal.state == AppealState.RECEIVED and not Message.objects.filter(kind="appeals.decided").exists()
    )
