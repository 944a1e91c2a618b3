"""The time left until the deadline, in plain words, on the draft's page and in "My applications" (server-rendered:
the server's clock and the position's effective deadline, R-12.2)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.helpers.applications import start_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(applicant, open_position):
    announcement = open_position.announcement
    announcement.closes_at = timezone.now() + dt.timedelta(days=2, hours=3, minutes=30)
    announcement.save(update_fields=["closes_at"])
    return start_draft(applicant, open_position)


def test_the_draft_page_and_my_applications_say_how_long_is_left(applicant, draft):
    client = Client()
    client.force_login(applicant)
    for url in (reverse("applications:detail", args=[draft.pk]), reverse("applications:mine")):
        assert "2 days, 3 hours left." in client.get(url).content.decode(), url


def test_an_extended_deadline_counts_from_the_extension(applicant, draft, open_position):
    open_position.closing_state = "extended"
    open_position.extended_until = open_position.announcement.closes_at + dt.timedelta(days=5)
    open_position.save(update_fields=["closing_state", "extended_until"])
    client = Client()
    client.force_login(applicant)
    assert "7 days, 3 hours left." in client.get(reverse("applications:mine")).content.decode()


def test_a_passed_deadline_says_no_time_left(applicant, draft, open_position):
    announcement = open_position.announcement
    announcement.closes_at = timezone.now() - dt.timedelta(minutes=1)
    announcement.save(update_fields=["closes_at"])
    client = Client()
    client.force_login(applicant)
    page = client.get(reverse("applications:mine")).content.decode()
    assert " left." not in page and "The deadline has passed" in page
