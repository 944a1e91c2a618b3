"""A historical procedure (KQZ's 2023 competition under regulation 03/2017, loaded by the demo) recruited under
other rules: R-18.5's 15 days do not bind it, so HR's list shows it no lateness alarm and no reminder is sent."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import Message
from tests.factories import AnnouncementFactory, PositionFactory
from tests.helpers.auth import login_with_second_factor
from tests.helpers.verification import close, submitted
from verification import rules, selectors, services
from verification.models import Decision, Review, Shortlist

pytestmark = pytest.mark.django_db


@pytest.fixture
def historical(institution):
    long_ago = timezone.now() - dt.timedelta(days=1337)
    announcement = AnnouncementFactory(
        institution=institution,
        reference="KQZ 2023",
        rule_set="kqz-03-2017",
        opens_at=long_ago - dt.timedelta(days=20),
        published_at=long_ago - dt.timedelta(days=20),
        closes_at=long_ago,
    )
    return close(PositionFactory(announcement=announcement, code="K23-1", title="Zyrtar"), closed_at=long_ago)


def test_r18_5_the_15_days_bind_only_procedures_under_regulation_01_2024():
    assert rules.shortlist_deadline_applies("kqz-01-2024")
    assert not rules.shortlist_deadline_applies("kqz-03-2017")
    assert not rules.shortlist_deadline_applies("al-civil-service")


def test_a_historical_position_shows_no_days_late_in_hrs_list(client, hr_officer, historical, position):
    position.closed_at = timezone.now() - dt.timedelta(days=30)  # a 01/2024 position that is late indeed
    position.save(update_fields=["closed_at"])
    login_with_second_factor(client, hr_officer)
    with translation.override("en"):
        html = client.get(reverse("admin:verification_verificationposition_changelist")).content.decode()
    assert "K23-1" in html
    assert "1337 days late" not in html and "1336 days late" not in html
    assert "no deadline (historical procedure)" in html
    assert "15 days late" in html  # the position under 01/2024 keeps its alarm
    assert selectors.position_days_left(historical) is None


def test_no_reminder_is_sent_for_a_historical_position(hr_officer, institution):
    twelve_days_ago = timezone.now() - dt.timedelta(days=12)
    announcement = AnnouncementFactory(
        institution=institution,
        reference="F-OLD",
        rule_set="kqz-03-2017",
        opens_at=twelve_days_ago - dt.timedelta(days=20),
        published_at=twelve_days_ago - dt.timedelta(days=20),
        closes_at=twelve_days_ago,
    )
    close(PositionFactory(announcement=announcement, code="OLD-1"), closed_at=twelve_days_ago)
    assert services.reminders_send() == 0
    assert not Message.objects.filter(kind="verification.reminder").exists()


def test_a_historical_shortlist_is_not_marked_late(hr_officer, historical):
    app = submitted(historical, first_name="Arta", last_name="Hoxha")
    services.reviews_open(position=historical, actor=hr_officer)
    review = Review.objects.get(application=app)
    for check in review.checks.all():
        services.check_record(check=check, result="met", actor=hr_officer)
    services.review_decide(review=review, decision=Decision.ELIGIBLE, actor=hr_officer)
    services.shortlist_publish(position=historical, actor=hr_officer)
    assert Shortlist.objects.get(position=historical).late is False
