"""The committee's acts that cannot be undone, in HR's admin (issue 9): the draw and the appointment say what they
will do and to how many people before HR confirms, and a repeated click does nothing twice."""

import pytest
from django.urls import reverse

from committees import services
from committees.models import DrawStatus
from notifications.models import Message
from tests.helpers.auth import login_with_second_factor
from tests.helpers.committees import COMMITMENT, SECRET

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_revealing_the_draw_says_how_many_are_drawn_and_a_second_click_draws_nothing(
    client, committee, hr_officer, english
):
    draw = services.committee_draw_announce(committee=committee, commitment=COMMITMENT, actor=hr_officer)
    login_with_second_factor(client, hr_officer)
    url = reverse("admin:committees_committee_perform", args=[committee.pk, draw.pk])
    text = _text(client.get(url))
    assert "Reveals your secret and draws 5 member(s) from the" in text and "cannot be undone" in text
    assert client.post(url, {"secret": SECRET}).status_code == 302
    again = client.post(url, {"secret": SECRET}, follow=True)
    assert "This draw is not waiting to be performed any more." in _text(again)
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN and committee.seats.count() == 5


def test_appointing_says_how_many_members_are_told_and_tells_each_once(
    client, drawn_committee, hr_officer, english
):
    login_with_second_factor(client, hr_officer)
    url = reverse("admin:committees_committee_appoint", args=[drawn_committee.pk])
    assert "Appoints 5 members and sends 5 notices; this cannot be undone." in _text(client.get(url))
    assert client.post(url, {}).status_code == 302
    again = client.post(url, {}, follow=True)  # the double click
    assert "Every member drawn is already appointed." in _text(again)
    assert Message.objects.filter(kind="committee.appointed").count() == 5
