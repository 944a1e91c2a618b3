"""Finding 7 (sessions): a session lived 14 days with no idle timeout, and a draft announcement and its PDF opened
to HR with a password only. Now a session ends after SESSION_IDLE_TIMEOUT without a request (staff:
SESSION_IDLE_TIMEOUT_STAFF) and SESSION_ABSOLUTE_TIMEOUT after signing in; a draft is a staff page like any other."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from tests.factories import AnnouncementFactory
from tests.helpers.auth import login_with_second_factor
from vacancies.models import AnnouncementStatus

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 12, 7, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def timeouts(settings):
    settings.SESSION_IDLE_TIMEOUT = 2 * 3600
    settings.SESSION_IDLE_TIMEOUT_STAFF = 30 * 60
    settings.SESSION_ABSOLUTE_TIMEOUT = 12 * 3600


def _signed_in(client, url):
    response = client.get(url)
    return response.status_code == 200


def test_an_applicant_is_signed_out_after_two_idle_hours_and_not_before(client, applicant):
    mine = reverse("applications:mine")
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(applicant)
        assert _signed_in(client, mine)
        clock.shift(dt.timedelta(hours=1, minutes=59))
        assert _signed_in(client, mine)  # activity: the idle clock starts again
        clock.shift(dt.timedelta(hours=1, minutes=59))
        assert _signed_in(client, mine)
        clock.shift(dt.timedelta(hours=2, minutes=1))
        response = client.get(mine)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
        assert "_auth_user_id" not in client.session


def test_staff_are_signed_out_after_thirty_idle_minutes(client, hr_officer):
    with time_machine.travel(START, tick=False) as clock:
        login_with_second_factor(client, hr_officer)
        assert _signed_in(client, "/en/admin/")
        clock.shift(dt.timedelta(minutes=29))
        assert _signed_in(client, "/en/admin/")
        clock.shift(dt.timedelta(minutes=31))
        assert client.get("/en/admin/").status_code == 302
        assert "_auth_user_id" not in client.session


def test_a_session_ends_twelve_hours_after_signing_in_however_active(client, applicant):
    mine = reverse("applications:mine")
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(applicant)
        for _ in range(11):
            assert _signed_in(client, mine)
            clock.shift(dt.timedelta(hours=1))
        assert _signed_in(client, mine)  # 11 hours in
        clock.shift(dt.timedelta(hours=1, minutes=1))
        assert client.get(mine).status_code == 302


def test_the_timeouts_are_settings(client, applicant, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(applicant)
        assert _signed_in(client, reverse("applications:mine"))
        clock.shift(dt.timedelta(minutes=11))
        assert client.get(reverse("applications:mine")).status_code == 302


def test_the_session_cookie_lasts_no_longer_than_the_absolute_lifetime(settings):
    from django.conf import settings as live

    assert live.SESSION_COOKIE_AGE <= live.SESSION_ABSOLUTE_TIMEOUT <= 24 * 3600


def test_hr_with_a_password_only_is_asked_for_the_second_factor_before_a_draft_and_its_pdf(
    client, institution, hr_officer
):
    draft = AnnouncementFactory(institution=institution, status=AnnouncementStatus.DRAFT, published_at=None)
    client.force_login(hr_officer)  # password only: no TOTP used in this session
    for name in ("vacancies:announcement", "vacancies:announcement_pdf"):
        response = client.get(reverse(name, args=[draft.pk]))
        assert response.status_code == 302 and "/accounts/2fa/" in response["Location"], name
    published = AnnouncementFactory(institution=institution)
    assert client.get(reverse("vacancies:announcement", args=[published.pk])).status_code == 200
    login_with_second_factor(client, hr_officer)
    assert client.get(reverse("vacancies:announcement", args=[draft.pk])).status_code == 200
