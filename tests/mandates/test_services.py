"""The management mandate's services (R-31)."""

import datetime as dt

import pytest

from mandates import services
from mandates.choices import EndOutcome, MandateState
from mandates.models import Mandate
from notifications.models import Message
from recruitment.permissions import NotAllowed
from tests.helpers.probation import at, make_appointment

START = dt.date(2026, 1, 15)
END = dt.date(2030, 1, 15)


@pytest.fixture
def mandate(institution, hr_officer):
    make_appointment(
        institution, hr_officer, category="middle_management", reference="KQZ 80/2026", act=START
    )
    assert services.mandates_start_due(now=at(START + dt.timedelta(days=3))) == 1
    return Mandate.objects.get()


def test_r31_1_the_beat_records_a_four_year_mandate_once_for_management_only(
    mandate, institution, hr_officer
):
    make_appointment(institution, hr_officer, reference="KQZ 81/2026")  # professional: on probation instead
    assert services.mandates_start_due() == 0
    assert mandate.end == END and mandate.state == MandateState.FIRST
    assert Message.objects.filter(kind="mandate.started").count() == 1


def test_r31_4_r31_5_a_timely_proposal_with_ratings_meeting_expectations_renews_once(
    mandate, hr_officer, other_hr_officer
):
    with pytest.raises(NotAllowed):
        services.renewal_proposal_record(
            actor=other_hr_officer,
            mandate=mandate,
            proposed_on=dt.date(2029, 10, 1),
            proposed_by="X",
            ratings=["meets"],
        )
    services.renewal_proposal_record(
        actor=hr_officer,
        mandate=mandate,
        proposed_on=dt.date(2029, 10, 15),
        proposed_by="Drejtori",
        ratings=["meets", "exceeds", "partly_meets", "meets"],
        now=at(dt.date(2029, 10, 15)),
    )
    mandate = services.renewal_decide(
        actor=hr_officer, mandate=mandate, renew=True, now=at(dt.date(2029, 10, 20))
    )
    assert mandate.state == MandateState.RENEWED and mandate.end == dt.date(2034, 1, 15)
    with pytest.raises(services.MandateError, match="R-31.1"):
        services.renewal_proposal_record(
            actor=hr_officer,
            mandate=mandate,
            proposed_on=dt.date(2033, 9, 1),
            proposed_by="X",
            ratings=["meets"],
            now=at(dt.date(2033, 9, 1)),
        )


@pytest.mark.parametrize(
    "proposed_on, renewed",
    [(dt.date(2029, 10, 14), True), (dt.date(2029, 10, 15), True), (dt.date(2029, 10, 16), False)],
)
def test_r31_4_a_proposal_after_three_months_before_the_end_is_not_renewed(
    mandate, hr_officer, proposed_on, renewed
):
    services.renewal_proposal_record(
        actor=hr_officer,
        mandate=mandate,
        proposed_on=proposed_on,
        proposed_by="D",
        ratings=["meets"],
        now=at(dt.date(2029, 11, 1)),
    )
    if renewed:
        services.renewal_decide(actor=hr_officer, mandate=mandate, renew=True, now=at(dt.date(2029, 11, 2)))
    else:
        with pytest.raises(services.MandateError, match="R-31.4"):
            services.renewal_decide(
                actor=hr_officer, mandate=mandate, renew=True, now=at(dt.date(2029, 11, 2))
            )


def test_r31_5_below_expectations_is_refused_and_hr_records_a_reasoned_refusal(mandate, hr_officer):
    services.renewal_proposal_record(
        actor=hr_officer,
        mandate=mandate,
        proposed_on=dt.date(2029, 9, 1),
        proposed_by="D",
        ratings=["meets", "partly_meets"],
        now=at(dt.date(2029, 9, 1)),
    )
    with pytest.raises(services.MandateError, match="R-31.5"):
        services.renewal_decide(actor=hr_officer, mandate=mandate, renew=True, now=at(dt.date(2029, 9, 2)))
    mandate = services.renewal_decide(
        actor=hr_officer,
        mandate=mandate,
        renew=False,
        reason="Average below expectations",
        now=at(dt.date(2029, 9, 2)),
    )
    assert mandate.state == MandateState.FIRST and mandate.proposal_decision == "refused"


def test_r31_7_r31_8_the_end_places_or_releases_as_the_past_says(mandate, hr_officer):
    with pytest.raises(services.MandateError, match="R-31.7"):
        services.mandate_end(actor=hr_officer, mandate=mandate, outcome=EndOutcome.RELEASED, now=at(END))
    services.civil_servant_record(actor=hr_officer, mandate=mandate, was_civil_servant=False)
    with pytest.raises(services.MandateError):
        services.mandate_end(
            actor=hr_officer, mandate=mandate, outcome=EndOutcome.RELEASED, now=at(END - dt.timedelta(days=1))
        )
    mandate = services.mandate_end(
        actor=hr_officer, mandate=mandate, outcome=EndOutcome.RELEASED, now=at(END)
    )
    assert mandate.state == MandateState.ENDED
    with pytest.raises(services.MandateError):
        services.mandate_end(actor=hr_officer, mandate=mandate, outcome=EndOutcome.RELEASED, now=at(END))
    assert Message.objects.filter(kind="mandate.ended").count() == 1


def test_r31_4_hr_is_reminded_at_each_stage_once(mandate, hr_officer):
    assert services.reminders_send(now=at(dt.date(2029, 7, 14))) == 0
    assert services.reminders_send(now=at(dt.date(2029, 7, 15))) == 1  # six months before
    assert services.reminders_send(now=at(dt.date(2029, 7, 16))) == 0
    assert services.reminders_send(now=at(dt.date(2029, 10, 15))) == 1  # R-31.4's day
    assert services.reminders_send(now=at(END)) == 1
    assert services.reminders_send(now=at(END)) == 0
