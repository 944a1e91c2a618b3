"""The pages of the final verification and the appointment, walked by their links and buttons, and who may open
them (someone else's object is "not found")."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationSubmission
from appointments import services
from appointments.choices import AppointmentState, CheckResult, ExtensionState, VerificationState
from appointments.models import Appointment, FinalVerification
from tests.helpers.auth import login_with_second_factor
from winners.choices import WinnerState


@pytest.fixture
def hr_client(hr_officer):
    client = Client()
    login_with_second_factor(client, hr_officer)
    return client


@pytest.fixture
def appointee_client(consented):
    client = Client()
    client.force_login(consented.application.applicant)
    return client


def _appointed(winner, hr, act_date=None):
    verification = services.verification_start(actor=hr, winner=winner)
    for row in verification.checks.all():
        services.check_record(actor=hr, check=row, result=CheckResult.MATCHES)
    return services.appointment_make(actor=hr, winner=winner, act_number="KQZ-7/2026", act_date=act_date)


def test_hr_verifies_the_originals_and_appoints_by_the_pages_links_and_buttons(consented, hr_client, english):
    evaluation_pk = consented.winners_list.result.evaluation_id
    winners_page = hr_client.get(reverse("winners:hr_list", args=[evaluation_pk])).content.decode()
    verification_url = reverse("appointments:verification", args=[consented.pk])
    assert verification_url in winners_page and "Final verification and appointment" in winners_page

    page = hr_client.get(verification_url).content.decode()
    assert "Start the final verification" in page
    assert hr_client.post(verification_url).status_code == 302
    verification = FinalVerification.objects.get(winner=consented)
    page = hr_client.get(verification_url).content.decode()
    assert page.count('value="matches"') == 4 and "Submitted copy" in page
    for row in verification.checks.all():
        response = hr_client.post(reverse("appointments:check", args=[row.pk]), {"result": "matches"})
        assert response.status_code == 302
    verification.refresh_from_db()
    assert verification.state == VerificationState.POSITIVE

    page = hr_client.get(verification_url).content.decode()
    appoint_url = reverse("appointments:appoint", args=[consented.pk])
    assert appoint_url in page
    confirmation = hr_client.get(appoint_url).content.decode()
    assert "Confirm the appointment" in confirmation and "14 days" in confirmation
    today = timezone.localdate()
    response = hr_client.post(
        appoint_url, {"act_number": "KQZ-7/2026", "act_date": today.isoformat(), "confirm": "yes"}
    )
    appointment = Appointment.objects.get(winner=consented)
    assert response["Location"] == reverse("appointments:appointment", args=[appointment.pk])
    assert appointment.report_by == today + dt.timedelta(days=14)
    # A second POST (a double click) makes nothing new.
    hr_client.post(appoint_url, {"act_number": "other", "confirm": "yes"})
    assert Appointment.objects.count() == 1

    page = hr_client.get(response["Location"]).content.decode()
    act_url = reverse("appointments:act_pdf", args=[appointment.pk])
    assert act_url in page and "Record the reporting to work" in page
    pdf = hr_client.get(act_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_an_original_that_differs_is_confirmed_first_then_removes_the_winner(
    consented, hr_officer, hr_client, english
):
    verification = services.verification_start(actor=hr_officer, winner=consented)
    row = verification.checks.first()
    url = reverse("appointments:check", args=[row.pk])
    page = hr_client.post(url, {"result": "differs", "reason": "Another grade"})
    assert page.status_code == 200 and "Confirm: negative result" in page.content.decode()
    verification.refresh_from_db()
    assert verification.state == VerificationState.OPEN  # nothing recorded yet
    hr_client.post(url, {"result": "differs", "reason": "Another grade", "confirm": "yes"})
    verification.refresh_from_db()
    consented.refresh_from_db()
    assert verification.state == VerificationState.NEGATIVE and consented.state == WinnerState.WITHDRAWN


def test_the_appointee_asks_to_report_later_from_my_applications_and_hr_decides(
    consented, hr_officer, hr_client, appointee_client, english
):
    appointment = _appointed(consented, hr_officer)
    mine = appointee_client.get(reverse("applications:mine")).content.decode()
    mine_url = reverse("appointments:mine", args=[appointment.pk])
    assert mine_url in mine and "Your appointment" in mine
    page = appointee_client.get(mine_url).content.decode()
    assert "Send the request" in page and reverse("appointments:act_pdf", args=[appointment.pk]) in page
    appointee_client.post(reverse("appointments:extension_request", args=[appointment.pk]), {"reason": "Ill"})
    appointment.refresh_from_db()
    assert appointment.extension_state == ExtensionState.REQUESTED
    assert "Send the request" not in appointee_client.get(mine_url).content.decode()

    hr_page = hr_client.get(reverse("appointments:appointment", args=[appointment.pk])).content.decode()
    assert "Record the decision" in hr_page
    new_day = appointment.act_date + dt.timedelta(days=20)
    hr_client.post(
        reverse("appointments:extension_decide", args=[appointment.pk]),
        {"decision": "grant", "new_report_by": new_day.isoformat()},
    )
    appointment.refresh_from_db()
    assert appointment.deadline == new_day

    report_url = reverse("appointments:report_record", args=[appointment.pk])
    today = timezone.localdate().isoformat()
    confirmation = hr_client.post(report_url, {"reported_on": today})
    assert "Confirm the reporting" in confirmation.content.decode()
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.APPOINTED
    hr_client.post(report_url, {"reported_on": today, "confirm": "yes"})
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.REPORTED


def test_hr_s_due_this_week_lists_the_appointee_to_report(consented, hr_officer, hr_client, english):
    # Act of ten days ago: the last day to report falls within the week.
    appointment = _appointed(consented, hr_officer, act_date=timezone.localdate() - dt.timedelta(days=10))
    page = hr_client.get(reverse("appointments:due_this_week")).content.decode()
    assert "must report to work by" in page
    assert reverse("appointments:appointment", args=[appointment.pk]) in page


def test_hr_s_due_this_week_lists_the_verification_to_do(consented, hr_client, english):
    page = hr_client.get(reverse("appointments:due_this_week")).content.decode()
    assert reverse("appointments:verification", args=[consented.pk]) in page


def test_nobody_else_opens_the_pages(
    consented, hr_officer, other_hr_officer, other_applicant, appointee_client
):
    appointment = _appointed(consented, hr_officer)
    hr_pages = [
        reverse("appointments:verification", args=[consented.pk]),
        reverse("appointments:appoint", args=[consented.pk]),
        reverse("appointments:appointment", args=[appointment.pk]),
    ]
    own_pages = [
        reverse("appointments:mine", args=[appointment.pk]),
        reverse("appointments:act_pdf", args=[appointment.pk]),
    ]
    other_hr = Client()
    login_with_second_factor(other_hr, other_hr_officer)
    stranger = Client()
    stranger.force_login(other_applicant)
    for url in hr_pages:
        assert other_hr.get(url).status_code == 404, url
        assert appointee_client.get(url).status_code == 404, url
    for url in own_pages:
        assert other_hr.get(url).status_code == 404, url
        assert stranger.get(url).status_code == 404, url
    response = stranger.post(
        reverse("appointments:extension_request", args=[appointment.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    appointment.refresh_from_db()
    assert appointment.extension_state == ExtensionState.NONE


def test_hr_s_verification_page_names_the_winner_as_submitted_not_by_the_account(
    consented, hr_client, english
):
    """The name of the frozen profile (its personal data, as the submission keeps it), not the account's user
    name: it read the names at the snapshot's top level, where none is, and showed the e-mail address."""
    application = consented.application
    submission = ApplicationSubmission.objects.create(
        application=application,
        number=1,
        reference="KQZ-60-2026-0001",
        submitted_at=timezone.now(),
        submitted_by=application.applicant,
        profile_snapshot={"personal": {"first_name": "Arbëresha", "last_name": "Krasniqi-Berisha"}},
        checklist_snapshot=[],
        context_snapshot={},
    )
    application.last_submission = submission
    application.save(update_fields=["last_submission"])
    page = hr_client.get(reverse("appointments:verification", args=[consented.pk])).content.decode()
    assert "Arbëresha Krasniqi-Berisha" in page
    assert application.applicant.username not in page
