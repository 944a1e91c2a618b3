"""An appointee who reported to work, built directly (the appointment is appointments' to test), and the clock of
the probation's and the mandates' tests."""

import datetime as dt

from django.utils import timezone

from appointments.models import Appointment
from tests.factories import AnnouncementFactory, PositionFactory
from tests.helpers.winners import published_result
from winners.models import Post, Winner, WinnersList

ACT = dt.date(2026, 1, 15)


def at(day: dt.date, hour: int = 10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_appointment(
    institution, hr_user, *, category="professional", reference="KQZ 70/2026", reported=True, act=ACT
):
    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution, reference=reference),
        code=reference,
        category=category,
        scoring_scheme="kqz-management" if "management" in category else "kqz-professional",
        department="Zyra Ligjore",
    )
    result = published_result(position, hr_user, [90])
    winners_list = WinnersList.objects.create(
        result=result,
        position=position,
        published_on=act - dt.timedelta(days=30),
        valid_until=act + dt.timedelta(days=335),
        created_at=at(act),
    )
    application_id = result.rows[0]["application_id"]
    post = Post.objects.create(
        position=position, title=position.title, unit="Zyra Ligjore", available_from=act, created_at=at(act)
    )
    winner = Winner.objects.create(
        winners_list=winners_list,
        application_id=application_id,
        rank=1,
        result_rank=1,
        total="90",
        state="appointed",
        post=post,
        changed_at=at(act),
    )
    return Appointment.objects.create(
        winner=winner,
        post=post,
        act_number="01/2026",
        act_date=act,
        state="reported" if reported else "appointed",
        report_by=act + dt.timedelta(days=14),
        reported_on=act + dt.timedelta(days=3) if reported else None,
        created_at=at(act),
        created_by=hr_user,
    )
