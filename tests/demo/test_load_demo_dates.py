"""load_demo and the clock: the open vacancy's dates (R-8.2) at a given time, kept on a later load, and --reopen.
Each test on a database of its own (the other demo tests share one load)."""

import datetime as dt
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from demo import data as demo_data
from vacancies.models import Announcement

pytestmark = pytest.mark.django_db

BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")


def load_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def r_vacancy():
    return Announcement.objects.get(institution__short_name="KQZ", reference=demo_data.R_VACANCY["reference"])


def test_r8_2_r_vacancy_closes_thirty_calendar_days_after_publication_at_16_00():
    with time_machine.travel(dt.datetime(2026, 11, 23, 23, 30, tzinfo=BELGRADE), tick=False):
        load_demo()
    announcement = r_vacancy()
    assert announcement.published_at == dt.datetime(2026, 11, 23, 23, 30, tzinfo=BELGRADE)
    assert announcement.opens_at == announcement.published_at
    assert announcement.closes_at == dt.datetime(2026, 12, 23, 16, 0, tzinfo=BELGRADE)


def test_r_vacancy_keeps_its_dates_when_loaded_again_later():
    load_demo()
    before = r_vacancy()
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        load_demo()
    after = r_vacancy()
    assert (after.published_at, after.opens_at, after.closes_at) == (
        before.published_at,
        before.opens_at,
        before.closes_at,
    )


def test_reopen_publishes_the_r_vacancy_again_once_it_has_run_out():
    load_demo()
    later = timezone.now() + dt.timedelta(days=40)
    with time_machine.travel(later):
        output = load_demo()
        assert "--reopen" in output and not r_vacancy().is_open
        load_demo("--reopen")
        announcement = r_vacancy()
        assert announcement.is_open
        announcement.full_clean()
