"""R-40: the appeal against a decision not to confirm, and the post held vacant (R-40.2), through probation's and
winners' published services."""

import datetime as dt

import pytest

from appeals import services
from appeals.choices import AppealKind, Decision, Effect
from appeals.models import Appeal
from audit.models import Event
from notifications.models import Message
from recruitment.permissions import NotAllowed
from tests.helpers.appeals import at, scan
from tests.helpers.auth import login_with_second_factor

# The tests read the services' messages in English, the source language of every msgid.
pytestmark = pytest.mark.usefixtures("english")

D = dt.date
DECIDED = D(2026, 9, 15)  # the act of termination: the 30 days end on 15 October


@pytest.fixture
def probation(result, hr_officer):
    """The first winner appointed to the post, then not confirmed on 15 September 2026 (built directly: the
    probation's own workflow is probation's to test)."""
    from appointments.models import Appointment
    from probation.models import Probation
    from winners import services as winners_services
    from winners.models import Post, Winner

    winners_list = winners_services.winners_list_create(result=result, now=at(2, hour=13))
    winner = Winner.objects.filter(winners_list=winners_list).order_by("rank").first()
    post = Post.objects.filter(position=winners_list.position).first()
    Post.objects.filter(pk=post.pk).update(state="filled")
    Winner.objects.filter(pk=winner.pk).update(state="appointed", post=post)
    appointment = Appointment.objects.create(
        winner=winner,
        post=post,
        act_number="KQZ 1/2026",
        act_date=D(2026, 3, 20),
        state="reported",
        report_by=D(2026, 4, 3),
        reported_on=D(2026, 3, 25),
        created_at=at(20),
        created_by=hr_officer,
    )
    return Probation.objects.create(
        appointment=appointment,
        institution=winners_list.position.announcement.institution,
        employee=winner.application.applicant,
        act_date=D(2026, 3, 20),
        category="professional",
        state="terminated",
        outcome="terminate",
        decided_on=DECIDED,
        created_at=at(20),
    )


FILED = D(2026, 10, 1)


def _record(probation, hr, filed_on=FILED, now=None):
    return services.appeal_probation_record(
        actor=hr,
        probation=probation,
        filed_on=filed_on,
        grounds="The evaluation ignored my leave.",
        upload=scan(),
        now=now or at(2, month=10),
    )


@pytest.mark.parametrize(
    "filed_on, in_time", [(D(2026, 10, 14), True), (D(2026, 10, 15), True), (D(2026, 10, 16), False)]
)
def test_r40_1_hr_records_the_appeal_within_thirty_days_of_the_decision(
    probation, hr_officer, filed_on, in_time
):
    now = at(20, month=10)
    if in_time:
        appeal = _record(probation, hr_officer, filed_on=filed_on, now=now)
        assert appeal.kind == AppealKind.PROBATION and appeal.last_day == D(2026, 10, 15)
        assert appeal.appellant == probation.employee
        assert Message.objects.filter(kind="appeals.recorded", email=probation.employee.email).exists()
    else:
        with pytest.raises(services.AppealError, match="30 days"):
            _record(probation, hr_officer, filed_on=filed_on, now=now)


def test_r40_hr_of_another_institution_records_nothing(probation, other_hr_officer):
    with pytest.raises(NotAllowed):
        _record(probation, other_hr_officer)


@pytest.mark.parametrize("day, released", [(15, False), (16, True)])
def test_r40_2_without_an_appeal_the_beat_releases_the_post_the_day_after_the_last_day(
    probation, day, released
):
    post = probation.appointment.post
    assert services.r40_release_unappealed(now=at(day, month=10)) == int(released)
    assert services.r40_release_unappealed(now=at(day, month=10)) == 0  # run twice: released once
    post.refresh_from_db()
    assert (post.state == "vacant") is released


def test_r40_2_with_an_appeal_the_post_stays_vacant_until_kpmshck_decides(probation, hr_officer):
    _record(probation, hr_officer)
    assert services.r40_release_unappealed(now=at(1, month=12)) == 0
    post = probation.appointment.post
    post.refresh_from_db()
    assert post.state == "filled"


def test_r40_a_rejected_appeal_releases_the_post(probation, hr_officer):
    appeal = _record(probation, hr_officer)
    services.appeal_decide(
        actor=hr_officer,
        appeal=appeal,
        decision=Decision.REJECTED,
        decided_on=D(2026, 11, 20),
        effect=Effect.POST_RELEASED,
        now=at(21, month=11),
    )
    post = probation.appointment.post
    post.refresh_from_db()
    assert post.state == "vacant"
    assert Event.objects.filter(action="winners.post_release").exists()


def test_r40_an_upheld_appeal_annuls_the_termination_and_the_employee_keeps_the_post(probation, hr_officer):
    appeal = _record(probation, hr_officer)
    services.appeal_decide(
        actor=hr_officer,
        appeal=appeal,
        decision=Decision.UPHELD,
        decided_on=D(2026, 11, 20),
        effect=Effect.TERMINATION_ANNULLED,
        note="The leave was not counted.",
        now=at(21, month=11),
    )
    probation.refresh_from_db()
    assert probation.state == "annulled" and probation.annulled_on == D(2026, 11, 20)
    post = probation.appointment.post
    post.refresh_from_db()
    assert post.state == "filled"
    assert Appeal.objects.get().effect == Effect.TERMINATION_ANNULLED


def test_r40_hr_records_the_paper_appeal_from_its_page_and_the_held_post_is_due(
    client, probation, hr_officer, monkeypatch
):
    import django.utils.timezone as tz
    from django.urls import reverse

    from recruitment.lib import due_items

    monkeypatch.setattr(tz, "now", lambda: dt.datetime(2026, 10, 2, 10, 0, tzinfo=dt.UTC))
    items = due_items.collect({probation.institution_id}, D(2026, 10, 12), D(2026, 10, 18))
    assert [item.due for item in items if item.article == "R-40"] == [D(2026, 10, 15)]
    login_with_second_factor(client, hr_officer)
    listing = client.get(reverse("appeals:hr_list")).content.decode()
    assert "15.10.2026" in listing  # the post held vacant while the time to appeal runs
    url = reverse("appeals:hr_record") + "?kind=probation"
    assert str(probation.employee) in client.get(url).content.decode()
    response = client.post(
        reverse("appeals:hr_record"),
        {
            "kind": "probation",
            "probation": probation.pk,
            "filed_on": "2026-10-01",
            "grounds": "Leave",
            "scan": scan(),
        },
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and appeal.probation_id == probation.pk
    items = due_items.collect({probation.institution_id}, D(2026, 10, 12), D(2026, 10, 18))
    assert [item.url for item in items if item.article == "R-40"] == [
        reverse("appeals:hr_detail", args=[appeal.pk])
    ]


def test_r40_2_a_post_released_and_given_to_the_next_appointee_is_never_released_again(probation, hr_officer):
    from appointments.models import Appointment
    from winners.models import Post, Winner

    assert services.r40_release_unappealed(now=at(16, month=10)) == 1
    post = probation.appointment.post
    successor = Winner.objects.exclude(pk=probation.appointment.winner_id).first()
    Post.objects.filter(pk=post.pk).update(state="filled")
    Appointment.objects.create(
        winner=successor,
        post=post,
        act_number="KQZ 9/2026",
        act_date=D(2026, 11, 1),
        state="reported",
        report_by=D(2026, 11, 15),
        created_at=at(1, month=11),
        created_by=hr_officer,
    )
    assert services.r40_release_unappealed(now=at(1, month=12)) == 0
    post.refresh_from_db()
    assert post.state == "filled"
