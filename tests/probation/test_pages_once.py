"""HR's lists say each thing once: the appointees waiting for a probation (or a mandate) are listed in the page,
not pasted into its <title> as well; the confirmed probation's page tells HR once that the act is issued. The
employee's status card on My applications says where they stand now, not "On the shortlist"."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from probation.choices import Outcome
from probation.models import Probation
from tests.helpers.auth import login_with_second_factor
from tests.helpers.probation import make_appointment


@pytest.fixture
def private_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.CELERY_TASK_ALWAYS_EAGER = True


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_r33_1_the_probations_list_names_the_appointees_waiting_once_and_not_in_its_title(
    client, appointment, hr_officer, english
):
    login_with_second_factor(client, hr_officer)
    html = client.get(reverse("probation:list")).content.decode()
    assert "Reported to work" not in title_of(html) and "<h2" not in title_of(html)
    assert html.count("Reported to work, probation not started yet") == 1


def test_r31_1_the_mandates_list_names_the_appointees_waiting_once_and_not_in_its_title(
    client, institution, hr_officer, english
):
    make_appointment(institution, hr_officer, category="lower_management", reference="KQZ 71/2026")
    login_with_second_factor(client, hr_officer)
    html = client.get(reverse("mandates:list")).content.decode()
    assert "Reported to work" not in title_of(html) and "<h2" not in title_of(html)
    assert html.count("Reported to work, mandate not recorded yet") == 1


def test_r39_7_the_act_issued_is_said_once_on_the_confirmed_probation_s_page(
    client, private_files, probation, hr_officer, english
):
    Probation.objects.filter(pk=probation.pk).update(outcome=Outcome.CONFIRM)
    login_with_second_factor(client, hr_officer)
    page = client.post(
        reverse("probation:inform", args=[probation.pk]), {"act_number": "55/2026"}, follow=True
    )
    assert page.content.decode().count("The act is issued and the employee informed.") == 1


def status_card(html: str) -> str:
    return re.search(r'<p class="status[^"]*">(.*?)</p>', html, re.S).group(1)


def test_r33_the_employee_s_status_card_says_on_probation_then_confirmed(
    client, private_files, probation, hr_officer, english
):
    client.force_login(probation.employee)
    card = status_card(client.get(reverse("applications:mine")).content.decode())
    assert "On probation until 15.07.2026." in card and "On the shortlist" not in card
    Probation.objects.filter(pk=probation.pk).update(
        state="confirmed", outcome=Outcome.CONFIRM, decided_on=dt.date(2026, 6, 20), act_number="55/2026"
    )
    for url in (
        reverse("applications:mine"),
        reverse("applications:detail", args=[probation.appointment.winner.application_id]),
    ):
        card = status_card(client.get(url).content.decode())
        assert "Confirmed in the civil service." in card and "On the shortlist" not in card
