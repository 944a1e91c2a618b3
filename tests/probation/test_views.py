"""HR's probation pages, from "Due this week" to the act; the employee's My applications; another HR sees nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from probation.choices import ProbationState
from probation.models import Probation
from tests.helpers.auth import login_with_second_factor


@pytest.fixture
def running(settings, tmp_path, probation):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.CELERY_TASK_ALWAYS_EAGER = True
    return probation


def test_hr_walks_a_probation_from_due_this_week_to_the_act(
    client, running, hr_officer, english, time_machine
):
    time_machine.move_to(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC))
    login_with_second_factor(client, hr_officer)
    due = client.get(reverse("appointments:due_this_week")).content.decode()
    detail_url = reverse("probation:detail", args=[running.pk])
    assert f'href="{detail_url}"' in due
    assert client.get(reverse("probation:list")).status_code == 200
    page = client.get(detail_url)
    assert page.status_code == 200 and "15.07.2026" in page.content.decode()

    post = client.post(
        reverse("probation:suspension_add", args=[running.pk]),
        {"cause": "medical", "starts_on": "2026-03-01", "ends_on": "2026-03-10", "note": ""},
    )
    assert post.status_code == 302
    assert "25.07.2026" in client.get(detail_url).content.decode()  # ten days later
    client.post(
        reverse("probation:mentor", args=[running.pk]),
        {
            "name": "Arta",
            "unit": "Zyra Ligjore",
            "category": "professional",
            "in_post_since": "2015-01-01",
            "confirm_most_senior": "on",
        },
    )
    client.post(reverse("probation:evaluation_request", args=[running.pk]), {"requested_on": "2026-05-20"})
    late = client.post(
        reverse("probation:meeting", args=[running.pk]),
        {"meeting_on": "2026-07-01", "announced_on": "2026-06-01"},
    )
    assert late.status_code == 400 and "R-38.2" in late.content.decode()
    client.post(
        reverse("probation:meeting", args=[running.pk]),
        {"meeting_on": "2026-06-01", "announced_on": "2026-05-29"},
    )

    form = {
        "outcome": "confirm",
        "received_on": "2026-06-01",
        "reasons": "Good work",
        "supervisor_name": "Drejtori",
    }
    confirm = client.post(reverse("probation:decision", args=[running.pk]), form)
    assert confirm.status_code == 200 and "Confirm and record the decision" in confirm.content.decode()
    assert Probation.objects.get().outcome == ""
    client.post(reverse("probation:decision", args=[running.pk]), {**form, "confirmed": "1"})
    assert Probation.objects.get().outcome == "confirm"

    assert (
        "Issue the act and inform the employee"
        in client.get(reverse("probation:inform", args=[running.pk])).content.decode()
    )
    client.post(reverse("probation:inform", args=[running.pk]), {"act_number": "55/2026"})
    again = client.post(reverse("probation:inform", args=[running.pk]), {"act_number": "56/2026"})
    assert again.status_code == 302
    probation = Probation.objects.get()
    assert probation.state == ProbationState.CONFIRMED and probation.act_number == "55/2026"
    pdf = client.get(reverse("probation:act_pdf", args=[running.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_employee_sees_the_probation_in_my_applications_and_its_act(client, running, hr_officer, english):
    client.force_login(running.employee)
    html = client.get(reverse("applications:mine")).content.decode()
    assert "Probation of six months" in html and "15.07.2026" in html
    assert client.get(reverse("probation:act_pdf", args=[running.pk])).status_code == 404  # no act yet


def test_another_institution_s_hr_and_the_employee_do_not_see_hr_s_pages(client, running, other_hr_officer):
    login_with_second_factor(client, other_hr_officer)
    assert client.get(reverse("probation:detail", args=[running.pk])).status_code == 404
    assert client.post(reverse("probation:inform", args=[running.pk]), {"act_number": "1"}).status_code == 404
    assert str(running.employee) not in client.get(reverse("probation:list")).content.decode()
    client.force_login(running.employee)
    assert client.get(reverse("probation:detail", args=[running.pk])).status_code == 404


def test_r33_1_hr_sees_who_reported_without_a_probation_and_starts_it_at_once(
    client, appointment, hr_officer, english
):
    login_with_second_factor(client, hr_officer)
    page = client.get(reverse("probation:list")).content.decode()
    assert "Start the probation" in page
    response = client.post(reverse("probation:start", args=[appointment.pk]))
    probation = Probation.objects.get()
    assert response.url == reverse("probation:detail", args=[probation.pk])
    assert "Start the probation" not in client.get(reverse("probation:list")).content.decode()


def test_r33_1_due_this_week_sends_hr_to_start_the_probation_of_who_reported(
    client, appointment, hr_officer, english
):
    login_with_second_factor(client, hr_officer)
    due = client.get(reverse("appointments:due_this_week")).content.decode()
    assert "Start the probation" in due and reverse("probation:list") in due
