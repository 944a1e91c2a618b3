"""HR's mandate pages: from "Due this week" to the renewal and the end through confirmation pages; the holder's
My applications; another institution's HR sees nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from mandates import services
from mandates.models import Mandate
from probation.models import Probation
from tests.helpers.auth import login_with_second_factor
from tests.helpers.probation import at, make_appointment

START = dt.date(2026, 1, 15)


@pytest.fixture
def mandate(institution, hr_officer):
    make_appointment(
        institution, hr_officer, category="middle_management", reference="KQZ 80/2026", act=START
    )
    services.mandates_start_due(now=at(START + dt.timedelta(days=3)))
    return Mandate.objects.get()


def test_hr_renews_a_mandate_through_the_confirmation_page(
    client, mandate, hr_officer, english, time_machine
):
    time_machine.move_to(dt.datetime(2029, 10, 10, 10, tzinfo=dt.UTC))
    login_with_second_factor(client, hr_officer)
    due = client.get(reverse("appointments:due_this_week")).content.decode()
    assert reverse("mandates:detail", args=[mandate.pk]) in due  # R-31.4's day falls this week
    assert client.get(reverse("mandates:list")).status_code == 200
    client.post(
        reverse("mandates:proposal", args=[mandate.pk]),
        {
            "proposed_on": "2029-10-10",
            "proposed_by": "Drejtori",
            "rating_1": "meets",
            "rating_2": "exceeds",
            "rating_3": "meets",
            "rating_4": "meets",
        },
    )
    page = client.post(reverse("mandates:renewal", args=[mandate.pk]), {"renew": "yes", "reason": ""})
    assert "15.01.2034" in page.content.decode() and Mandate.objects.get().mandates_held == 1
    client.post(
        reverse("mandates:renewal", args=[mandate.pk]), {"renew": "yes", "reason": "", "confirmed": "1"}
    )
    assert Mandate.objects.get().mandates_held == 2
    again = client.post(reverse("mandates:renewal", args=[mandate.pk]), {"renew": "yes", "confirmed": "1"})
    assert again.status_code == 302 and Mandate.objects.get().mandates_held == 2


def test_r33_2_hr_starts_the_probation_of_a_holder_who_was_not_a_civil_servant(
    client, mandate, hr_officer, english
):
    login_with_second_factor(client, hr_officer)
    client.post(reverse("mandates:civil_servant", args=[mandate.pk]), {"was_civil_servant": "no"})
    page = client.get(reverse("mandates:detail", args=[mandate.pk])).content.decode()
    assert "Start the probation (R-33.2)" in page
    client.post(reverse("probation:start", args=[mandate.appointment_id]))  # without HR saying so: refused
    assert not Probation.objects.exists()
    client.post(reverse("probation:start", args=[mandate.appointment_id]), {"r33_2": "1"})
    assert Probation.objects.get().appointment_id == mandate.appointment_id


def test_r31_8_the_end_is_recorded_once_through_its_confirmation_page(
    client, mandate, hr_officer, english, time_machine
):
    time_machine.move_to(dt.datetime(2030, 1, 16, 10, tzinfo=dt.UTC))
    login_with_second_factor(client, hr_officer)
    client.post(reverse("mandates:civil_servant", args=[mandate.pk]), {"was_civil_servant": "no"})
    form = {"outcome": "released", "post": "", "note": ""}
    assert (
        "Confirm the end of the mandate"
        in client.post(reverse("mandates:end", args=[mandate.pk]), form).content.decode()
    )
    client.post(reverse("mandates:end", args=[mandate.pk]), {**form, "confirmed": "1"})
    assert Mandate.objects.get().end_outcome == "released"
    client.force_login(mandate.holder)
    assert "Management mandate of four years" in client.get(reverse("applications:mine")).content.decode()


def test_another_institution_s_hr_finds_nothing(client, mandate, other_hr_officer):
    login_with_second_factor(client, other_hr_officer)
    assert client.get(reverse("mandates:detail", args=[mandate.pk])).status_code == 404
    assert client.post(reverse("mandates:end", args=[mandate.pk]), {"outcome": "released"}).status_code == 404
    assert client.post(reverse("probation:start", args=[mandate.appointment_id])).status_code == 404


def test_due_this_week_asks_hr_whether_the_holder_was_a_civil_servant(client, mandate, hr_officer, english):
    login_with_second_factor(client, hr_officer)
    due = client.get(reverse("appointments:due_this_week")).content.decode()
    assert "was a civil servant before the appointment" in due
    assert reverse("mandates:detail", args=[mandate.pk]) in due


def test_r31_1_hr_records_the_mandate_of_who_reported_from_due_this_week(
    client, institution, hr_officer, english
):
    appointment = make_appointment(
        institution, hr_officer, category="lower_management", reference="KQZ 82/2026", act=START
    )
    login_with_second_factor(client, hr_officer)
    due = client.get(reverse("appointments:due_this_week")).content.decode()
    assert "Record the mandate" in due and reverse("mandates:list") in due
    assert "Record the mandate" in client.get(reverse("mandates:list")).content.decode()
    client.post(reverse("mandates:start", args=[appointment.pk]))
    assert Mandate.objects.get().appointment == appointment
    again = client.post(reverse("mandates:start", args=[appointment.pk]))
    assert again.status_code == 302 and Mandate.objects.count() == 1
