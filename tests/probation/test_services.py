"""The probation's services (R-33 … R-39): permission, rule, audit event and message in one transaction."""

import datetime as dt

import pytest

from audit.models import Event
from notifications.models import Message
from probation import services
from probation.choices import Outcome, ProbationState
from probation.models import Probation
from recruitment.permissions import NotAllowed
from tests.helpers.probation import ACT, at, make_appointment

# The tests read the services' messages in English, the source language of every msgid.
pytestmark = pytest.mark.usefixtures("english")

END = dt.date(2026, 7, 15)


def test_r33_1_the_beat_starts_the_probation_of_each_appointee_who_reported_once(
    appointment, institution, hr_officer
):
    not_reported = make_appointment(institution, hr_officer, reference="KQZ 71/2026", reported=False)
    management = make_appointment(
        institution, hr_officer, reference="KQZ 72/2026", category="lower_management"
    )
    assert services.probations_start_due(now=at(ACT + dt.timedelta(days=3))) == 1
    assert services.probations_start_due(now=at(ACT + dt.timedelta(days=4))) == 0
    probation = Probation.objects.get()
    assert probation.appointment == appointment
    assert probation.end() == END
    assert probation.employee == appointment.winner.application.applicant
    assert not Probation.objects.filter(appointment__in=[not_reported, management]).exists()
    assert Message.objects.filter(kind="probation.started", recipient=probation.employee).count() == 1
    assert Event.objects.filter(action="probation.started").count() == 1


def test_r33_2_hr_starts_the_probation_of_a_management_appointee_who_was_not_a_civil_servant(
    institution, hr_officer, other_hr_officer
):
    management = make_appointment(
        institution, hr_officer, reference="KQZ 72/2026", category="lower_management"
    )
    with pytest.raises(services.ProbationError):
        services.probation_start(appointment=management, actor=hr_officer)
    with pytest.raises(NotAllowed):
        services.probation_start(
            appointment=management, actor=other_hr_officer, management_not_civil_servant=True
        )
    probation = services.probation_start(
        appointment=management, actor=hr_officer, management_not_civil_servant=True
    )
    assert probation.category == "lower_management"


def test_r33_4_a_suspension_moves_the_end_and_the_employee_is_told(probation, hr_officer, other_hr_officer):
    with pytest.raises(NotAllowed):
        services.suspension_record(
            actor=other_hr_officer, probation=probation, cause="medical", starts_on=dt.date(2026, 3, 1)
        )
    suspension = services.suspension_record(
        actor=hr_officer,
        probation=probation,
        cause="medical",
        starts_on=dt.date(2026, 3, 1),
        now=at(dt.date(2026, 3, 2)),
    )
    probation.refresh_from_db()
    assert probation.is_suspended
    assert probation.end(dt.date(2026, 3, 5)) == END + dt.timedelta(days=5)
    services.suspension_end(
        actor=hr_officer, suspension=suspension, ends_on=dt.date(2026, 3, 10), now=at(dt.date(2026, 3, 11))
    )
    probation = Probation.objects.get(pk=probation.pk)
    assert probation.end() == END + dt.timedelta(days=10)
    assert Message.objects.filter(kind__startswith="probation.suspen").count() == 2
    with pytest.raises(services.ProbationError, match="R-33.4"):
        services.suspension_record(
            actor=hr_officer, probation=probation, cause="other", starts_on=dt.date(2026, 4, 1), note=""
        )


def test_r35_the_mentor_is_recorded_when_the_facts_allow_it(probation, hr_officer):
    with pytest.raises(services.ProbationError, match="R-35.2"):
        services.mentor_assign(
            actor=hr_officer,
            probation=probation,
            name="Drita",
            unit="Finance",
            category="professional",
            in_post_since=dt.date(2001, 1, 1),
        )
    services.mentor_assign(
        actor=hr_officer,
        probation=probation,
        name="Arta",
        unit="Zyra Ligjore",
        category="specialist",
        in_post_since=dt.date(2015, 1, 1),
        now=at(dt.date(2026, 1, 20)),
    )
    probation = Probation.objects.get(pk=probation.pk)
    assert probation.mentor_name == "Arta" and probation.mentor_assigned_on == dt.date(2026, 1, 20)
    assert Message.objects.filter(kind="probation.mentor").count() == 1


def test_r38_2_a_meeting_after_its_day_is_refused_and_one_in_time_tells_the_employee(probation, hr_officer):
    with pytest.raises(services.ProbationError, match="R-38.2"):
        services.meeting_record(
            actor=hr_officer,
            probation=probation,
            meeting_on=END - dt.timedelta(days=24),
            announced_on=END - dt.timedelta(days=30),
            now=at(END - dt.timedelta(days=30)),
        )
    with pytest.raises(services.ProbationError, match="R-38.3"):
        services.meeting_record(
            actor=hr_officer,
            probation=probation,
            meeting_on=END - dt.timedelta(days=25),
            announced_on=END - dt.timedelta(days=27),
            now=at(END - dt.timedelta(days=27)),
        )
    services.meeting_record(
        actor=hr_officer,
        probation=probation,
        meeting_on=END - dt.timedelta(days=25),
        announced_on=END - dt.timedelta(days=28),
        now=at(END - dt.timedelta(days=28)),
    )
    assert Message.objects.filter(kind="probation.meeting").count() == 1


def _meeting(probation, hr_officer):
    services.meeting_record(
        actor=hr_officer,
        probation=probation,
        meeting_on=dt.date(2026, 6, 10),
        announced_on=dt.date(2026, 6, 1),
        now=at(dt.date(2026, 6, 1)),
    )


def test_r39_6_an_extension_moves_every_clock_and_restarts_the_evaluation(probation, hr_officer):
    _meeting(probation, hr_officer)
    services.decision_record(
        actor=hr_officer,
        probation=probation,
        outcome=Outcome.EXTEND,
        received_on=dt.date(2026, 6, 20),
        reasons="Long leave",
        months=2,
        now=at(dt.date(2026, 6, 21)),
    )
    probation = Probation.objects.get(pk=probation.pk)
    assert probation.end() == dt.date(2026, 9, 15)
    assert probation.meeting_on is None and probation.state == ProbationState.RUNNING
    with pytest.raises(services.ProbationError, match="R-39.6"):
        services.decision_record(
            actor=hr_officer,
            probation=probation,
            outcome=Outcome.EXTEND,
            received_on=dt.date(2026, 8, 20),
            reasons="Again",
            months=5,
            now=at(dt.date(2026, 8, 21)),
        )


def test_r39_confirmation_needs_the_meeting_then_the_act_informs_the_employee_once(probation, hr_officer):
    with pytest.raises(services.ProbationError, match="R-38.2"):
        services.decision_record(
            actor=hr_officer,
            probation=probation,
            outcome=Outcome.CONFIRM,
            received_on=dt.date(2026, 6, 20),
            reasons="Good work",
            now=at(dt.date(2026, 6, 21)),
        )
    _meeting(probation, hr_officer)
    with pytest.raises(services.ProbationError, match="follows the evaluation meeting"):
        services.decision_record(
            actor=hr_officer,
            probation=probation,
            outcome=Outcome.CONFIRM,
            received_on=dt.date(2026, 6, 9),
            reasons="Good work",
            now=at(dt.date(2026, 6, 21)),
        )
    services.decision_record(
        actor=hr_officer,
        probation=probation,
        outcome=Outcome.CONFIRM,
        received_on=dt.date(2026, 6, 20),
        reasons="Good work",
        now=at(dt.date(2026, 6, 21)),
    )
    services.employee_inform(
        actor=hr_officer, probation=probation, act_number="55/2026", now=at(dt.date(2026, 6, 22))
    )
    probation = Probation.objects.get(pk=probation.pk)
    assert probation.state == ProbationState.CONFIRMED
    assert probation.decided_on == dt.date(2026, 6, 22)
    with pytest.raises(services.ProbationError):
        services.employee_inform(actor=hr_officer, probation=probation, act_number="56/2026")
    assert Message.objects.filter(kind="probation.confirmed").count() == 1


def test_r40_a_termination_is_annulled_on_appeal_through_the_service(probation, hr_officer):
    _meeting(probation, hr_officer)
    services.decision_record(
        actor=hr_officer,
        probation=probation,
        outcome=Outcome.TERMINATE,
        received_on=dt.date(2026, 6, 20),
        reasons="Duties not done",
        now=at(dt.date(2026, 6, 21)),
    )
    services.employee_inform(
        actor=hr_officer, probation=probation, act_number="57/2026", now=at(dt.date(2026, 6, 22))
    )
    probation = services.probation_termination_annul(
        actor=hr_officer, probation=probation, reason="KPMSHCK 12/2026"
    )
    assert probation.state == ProbationState.ANNULLED
    assert Event.objects.filter(action="probation.termination_annulled").count() == 1


def test_r38_1_hr_is_reminded_a_week_ahead_and_once_however_often_the_beat_runs(probation, hr_officer):
    request_by = dt.date(2026, 5, 16)
    # the mentor's clock (from the act) is overdue: HR hears of it once
    assert services.reminders_send(now=at(request_by - dt.timedelta(days=8))) == 1
    # the request, a week ahead of its day
    assert services.reminders_send(now=at(request_by - dt.timedelta(days=7))) == 1
    assert services.reminders_send(now=at(request_by - dt.timedelta(days=6))) == 0
    assert services.reminders_send(now=at(request_by)) == 0
    assert services.reminders_send(now=at(request_by + dt.timedelta(days=1))) == 1  # overdue, once
    services.evaluation_request_record(
        actor=hr_officer,
        probation=probation,
        requested_on=request_by + dt.timedelta(days=1),
        now=at(request_by + dt.timedelta(days=1)),
    )
    assert Message.objects.filter(kind="probation.reminder").count() == 3
