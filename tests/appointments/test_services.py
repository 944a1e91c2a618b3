"""The services of the final verification (R-29) and the appointment (R-30): each change audited and told."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from appointments import services
from appointments.choices import AppointmentState, CheckResult, ExtensionState, VerificationState
from appointments.models import Appointment
from audit.models import Event
from notifications.models import Message
from tests.helpers.winners import at
from winners.choices import PostState, WinnerState

D = dt.date


def _verify_all(winner, hr, *, now):
    verification = services.verification_start(actor=hr, winner=winner, now=now)
    for row in verification.checks.all():
        verification = services.check_record(actor=hr, check=row, result=CheckResult.MATCHES, now=now)
    return verification


ACT_DATE = D(2026, 3, 10)


def _appoint(winner, hr, *, act_date=ACT_DATE, now=None):
    _verify_all(winner, hr, now=now or at(10))
    return services.appointment_make(
        actor=hr, winner=winner, act_number="KQZ-01/2026", act_date=act_date, now=now or at(10)
    )


def test_r29_1_hr_opens_the_verification_with_a_row_per_submitted_document_and_condition(
    consented, hr_officer
):
    verification = services.verification_start(actor=hr_officer, winner=consented, now=at(9))
    kinds = list(verification.checks.values_list("kind", flat=True))
    assert kinds == ["document", "document", "capacity", "conditions"]
    assert verification.state == VerificationState.OPEN
    assert Event.objects.filter(action="appointments.verification_started").count() == 1
    message = Message.objects.get(kind="appointments.originals_requested")
    assert message.recipient == consented.application.applicant
    # Opening it twice (a double click) returns the first.
    assert services.verification_start(actor=hr_officer, winner=consented, now=at(9)).pk == verification.pk


def test_r29_1_no_verification_before_the_written_consent(winners_list, hr_officer):
    waiting = winners_list.winners.order_by("rank").last()
    with pytest.raises(services.AppointmentError):
        services.verification_start(actor=hr_officer, winner=waiting, now=at(9))


def test_hr_of_another_institution_cannot_verify(consented, other_hr_officer):
    with pytest.raises(PermissionDenied):
        services.verification_start(actor=other_hr_officer, winner=consented, now=at(9))


def test_r29_every_original_matching_makes_the_result_positive(consented, hr_officer):
    verification = _verify_all(consented, hr_officer, now=at(9))
    assert verification.state == VerificationState.POSITIVE and verification.decided_by == hr_officer
    assert Message.objects.filter(kind="appointments.verification_positive").count() == 1


def test_r29_4_a_difference_needs_its_reason(consented, hr_officer):
    verification = services.verification_start(actor=hr_officer, winner=consented, now=at(9))
    row = verification.checks.first()
    with pytest.raises(services.AppointmentError):
        services.check_record(actor=hr_officer, check=row, result=CheckResult.DIFFERS, reason=" ", now=at(9))


def test_r29_4_one_original_that_differs_removes_the_winner_and_frees_the_post(consented, hr_officer):
    verification = services.verification_start(actor=hr_officer, winner=consented, now=at(9))
    row = verification.checks.first()
    verification = services.check_record(
        actor=hr_officer, check=row, result=CheckResult.DIFFERS, reason="The grade differs", now=at(9)
    )
    assert verification.state == VerificationState.NEGATIVE
    consented.refresh_from_db()
    assert consented.state == WinnerState.WITHDRAWN and consented.state_article == "R-29.4"
    assert consented.post.state == PostState.VACANT
    message = Message.objects.get(kind="appointments.verification_negative")
    assert "The grade differs" in message.body
    # Decided: nothing more can be recorded.
    with pytest.raises(services.AppointmentError):
        services.check_record(
            actor=hr_officer, check=verification.checks.last(), result=CheckResult.MATCHES, now=at(9)
        )


def test_r30_1_the_appointment_follows_a_positive_verification_only(consented, hr_officer):
    services.verification_start(actor=hr_officer, winner=consented, now=at(9))
    with pytest.raises(services.AppointmentError):
        services.appointment_make(
            actor=hr_officer, winner=consented, act_number="1", act_date=D(2026, 3, 10), now=at(10)
        )


def test_r30_1_hr_appoints_the_winner_the_act_is_sent_and_the_clock_runs_14_days(consented, hr_officer):
    appointment = _appoint(consented, hr_officer)
    assert appointment.report_by == D(2026, 3, 24) and appointment.state == AppointmentState.APPOINTED
    consented.refresh_from_db()
    assert consented.state == WinnerState.APPOINTED and consented.post.state == PostState.FILLED
    message = Message.objects.get(kind=services.ACT_MESSAGE_KIND)
    assert message.attachment_path == appointment.act_pdf_path(consented.application.language or "sq")
    assert Event.objects.filter(action="appointments.appointed").count() == 1
    # A double click returns the same appointment.
    again = services.appointment_make(actor=hr_officer, winner=consented, act_number="X", now=at(10))
    assert again.pk == appointment.pk and Appointment.objects.count() == 1


def test_the_act_pdf_renders(consented, hr_officer):
    from appointments.pdf import render_act_pdf

    appointment = _appoint(consented, hr_officer)
    assert render_act_pdf(appointment, language="sq").startswith(b"%PDF")


def test_r30_2_the_appointee_asks_once_and_hr_extends_within_one_month(consented, hr_officer):
    appointment = _appoint(consented, hr_officer)
    appointee = consented.application.applicant
    appointment = services.extension_request(
        actor=appointee, appointment=appointment, reason="Ill", now=at(20)
    )
    assert appointment.extension_state == ExtensionState.REQUESTED
    assert Message.objects.filter(kind="appointments.extension_requested", recipient=hr_officer).count() == 1
    with pytest.raises(services.AppointmentError):
        services.extension_request(actor=appointee, appointment=appointment, reason="Again", now=at(20))
    with pytest.raises(services.AppointmentError):  # one day beyond one month from the act
        services.extension_decide(
            actor=hr_officer, appointment=appointment, grant=True, new_report_by=D(2026, 4, 11), now=at(21)
        )
    appointment = services.extension_decide(
        actor=hr_officer, appointment=appointment, grant=True, new_report_by=D(2026, 4, 10), now=at(21)
    )
    assert appointment.deadline == D(2026, 4, 10) and appointment.extension_state == ExtensionState.GRANTED
    assert Message.objects.filter(kind="appointments.extension_decided").count() == 1


def test_someone_else_cannot_ask_for_the_appointee_s_extension(consented, hr_officer, other_applicant):
    appointment = _appoint(consented, hr_officer)
    with pytest.raises(Http404):
        services.extension_request(actor=other_applicant, appointment=appointment, reason="x", now=at(20))


def test_r30_2_no_request_after_the_last_day(consented, hr_officer):
    appointment = _appoint(consented, hr_officer)
    appointee = consented.application.applicant
    with pytest.raises(services.AppointmentError):
        services.extension_request(actor=appointee, appointment=appointment, reason="Late", now=at(25))


@pytest.mark.parametrize(
    "reported_on, ok", [(D(2026, 3, 23), True), (D(2026, 3, 24), True), (D(2026, 3, 25), False)]
)
def test_r30_2_hr_records_the_reporting_within_the_deadline(consented, hr_officer, reported_on, ok):
    appointment = _appoint(consented, hr_officer)
    if ok:
        appointment = services.reporting_record(
            actor=hr_officer, appointment=appointment, reported_on=reported_on, now=at(25)
        )
        assert appointment.state == AppointmentState.REPORTED and appointment.reported_on == reported_on
        assert Message.objects.filter(kind="appointments.reported").count() == 1
    else:
        with pytest.raises(services.AppointmentError):
            services.reporting_record(
                actor=hr_officer, appointment=appointment, reported_on=reported_on, now=at(25)
            )


def test_r30_3_the_beat_revokes_by_the_scheduled_day_once_and_the_winner_is_removed(consented, hr_officer):
    appointment = _appoint(consented, hr_officer)  # last day 24 March 2026
    assert services.appointments_revoke_due(now=at(24, hour=23)) == 0  # the last day itself, 23:00 local
    late_run = at(26, hour=9)  # the beat ran late: the revocation is dated by the schedule
    assert services.appointments_revoke_due(now=late_run) == 1
    assert services.appointments_revoke_due(now=late_run) == 0  # run twice: told once
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.REVOKED
    assert appointment.revoked_at == at(25, hour=0)
    consented.refresh_from_db()
    assert consented.state == WinnerState.WITHDRAWN and consented.state_article == "R-30.3"
    assert consented.post.state == PostState.VACANT
    assert Message.objects.filter(kind="appointments.revoked").count() == 1
    assert Event.objects.filter(action="appointments.revoked").count() == 1


def test_r30_3_an_extension_moves_the_revocation(consented, hr_officer):
    appointment = _appoint(consented, hr_officer)
    appointee = consented.application.applicant
    services.extension_request(actor=appointee, appointment=appointment, reason="Ill", now=at(20))
    services.extension_decide(
        actor=hr_officer, appointment=appointment, grant=True, new_report_by=D(2026, 4, 1), now=at(21)
    )
    assert services.appointments_revoke_due(now=at(1, hour=23, month=4)) == 0
    assert services.appointments_revoke_due(now=at(2, hour=0, month=4)) == 1


def test_a_reported_appointment_is_never_revoked(consented, hr_officer):
    appointment = _appoint(consented, hr_officer)
    services.reporting_record(
        actor=hr_officer, appointment=appointment, reported_on=D(2026, 3, 20), now=at(20)
    )
    assert services.appointments_revoke_due(now=at(1, month=5)) == 0


@pytest.mark.parametrize("day, sent", [(20, 0), (21, 1), (24, 1), (25, 0)])
def test_the_appointee_is_reminded_3_days_before_the_last_day_once(consented, hr_officer, day, sent):
    _appoint(consented, hr_officer)  # last day 24 March 2026
    assert services.reminders_send(now=at(day)) == sent
    assert services.reminders_send(now=at(day)) == 0  # run twice: told once
    assert Message.objects.filter(kind="appointments.reminder").count() == sent


def test_r30_1_the_act_is_attached_to_the_appointee_s_message_when_it_is_delivered(
    consented, hr_officer, mailoutbox
):
    from notifications.services import message_deliver

    _appoint(consented, hr_officer)
    message = Message.objects.get(kind=services.ACT_MESSAGE_KIND)
    assert message_deliver(message_id=message.pk)
    (email,) = mailoutbox
    (attachment,) = email.attachments
    assert attachment[0] == message.attachment_name and attachment[1][:4] == b"%PDF"


def test_r30_3_after_a_revocation_the_next_winner_is_invited_to_the_freed_post(consented, hr_officer):
    from winners import services as winner_services
    from winners.models import Invitation, Post

    second = consented.winners_list.winners.get(rank=2)
    invitation = Invitation.objects.get(winner=second, outcome="open")
    other_post = Post.objects.exclude(pk=consented.post_id).get(position=consented.winners_list.position)
    winner_services.invitation_consent(
        actor=second.application.applicant,
        invitation=invitation,
        post=other_post,
        now=at(8),
        consent_text="Yes",
    )
    _appoint(consented, hr_officer)
    services.appointments_revoke_due(now=at(25, hour=1))
    third = consented.winners_list.winners.get(rank=3)
    assert third.state == WinnerState.INVITED


def test_appointment_for_gives_the_apps_above_the_act_and_the_post(consented, hr_officer):
    from appointments.selectors import appointment_for

    assert appointment_for(winner=consented) is None
    appointment = _appoint(consented, hr_officer)
    found = appointment_for(application=consented.application)
    assert found == appointment and found.post == consented.post and found.act_date == ACT_DATE
