"""Observers (R-16) after issue 10: any applicant could register as an observer of any evaluation and read it at
once. Now a notice opens nothing until HR of the institution accepts it (R-16.1: representatives of trade unions
and civil society); a refusal says why. R-16.3's prior notice is given before the sitting the observer will attend,
which may be a later sitting of an evaluation already under way."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import ObserverNotice
from notifications.models import Message
from tests.helpers.auth import login_with_second_factor

pytestmark = pytest.mark.django_db


def _registered(user):
    return services.observer_register(
        user=user, organisation="Sindikata e Pavarur", kind="trade_union", accepts_data_protection=True
    )


def _observer_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_r16_1_a_notice_alone_opens_nothing_until_hr_accepts_it(drawn_committee, observer, hr_officer):
    notice = services.observer_notice_give(
        observer=_registered(observer), committee=drawn_committee, actor=observer
    )
    client = _observer_client(observer)
    url = reverse("committees:observer_evaluation", args=[drawn_committee.pk])
    assert client.get(url).status_code == 404
    home = client.get(reverse("committees:observer_home")).content.decode()
    assert url not in home  # no link either, while waiting
    services.observer_notice_decide(notice=notice, accept=True, actor=hr_officer)
    assert client.get(url).status_code == 200
    assert url in client.get(reverse("committees:observer_home")).content.decode()


def test_hr_accepts_a_notice_on_its_page_and_the_observer_is_told_once(drawn_committee, observer, hr_officer):
    notice = services.observer_notice_give(
        observer=_registered(observer), committee=drawn_committee, actor=observer
    )
    hr = login_with_second_factor(Client(), hr_officer)
    page = hr.get(reverse("committees:observer_notices")).content.decode()
    assert (
        "Sindikata e Pavarur" in page
        and reverse("committees:observer_notice_decide", args=[notice.pk]) in page
    )
    decide = reverse("committees:observer_notice_decide", args=[notice.pk])
    hr.post(decide, {"decision": "accept"})
    hr.post(decide, {"decision": "accept"})  # the double click
    notice.refresh_from_db()
    assert notice.accepted and notice.accepted_by == hr_officer
    assert Message.objects.filter(kind="committee.observer_notice_decided", recipient=observer).count() == 1


def test_a_refused_notice_says_why_and_opens_nothing(drawn_committee, observer, hr_officer, english):
    notice = services.observer_notice_give(
        observer=_registered(observer), committee=drawn_committee, actor=observer
    )
    with pytest.raises(ValidationError):
        services.observer_notice_decide(notice=notice, accept=False, reason=" ", actor=hr_officer)
    services.observer_notice_decide(
        notice=notice, accept=False, reason="Not a trade union.", actor=hr_officer
    )
    client = _observer_client(observer)
    assert client.get(reverse("committees:observer_evaluation", args=[drawn_committee.pk])).status_code == 404
    assert "Not a trade union." in Message.objects.get(kind="committee.observer_notice_decided").body
    with pytest.raises(ValidationError):
        services.observer_notice_decide(notice=notice, accept=True, actor=hr_officer)  # decided is decided


def test_hr_of_another_institution_neither_sees_nor_decides_the_notice(
    drawn_committee, observer, other_hr_officer
):
    notice = services.observer_notice_give(
        observer=_registered(observer), committee=drawn_committee, actor=observer
    )
    other = login_with_second_factor(Client(), other_hr_officer)
    assert "Sindikata e Pavarur" not in other.get(reverse("committees:observer_notices")).content.decode()
    response = other.post(
        reverse("committees:observer_notice_decide", args=[notice.pk]), {"decision": "accept"}
    )
    assert response.status_code == 404
    notice.refresh_from_db()
    assert not notice.accepted


def test_r16_3_a_notice_for_a_later_sitting_of_an_evaluation_under_way_is_in_time(drawn_committee, observer):
    today = timezone.localdate()
    drawn_committee.evaluation_from, drawn_committee.evaluation_until = (
        today - dt.timedelta(days=2),
        today + dt.timedelta(days=5),
    )
    drawn_committee.save()
    client = _observer_client(observer)
    _registered(observer)
    day = (today + dt.timedelta(days=3)).strftime("%d.%m.%Y")
    response = client.post(
        reverse("committees:observer_home"),
        {"committee": drawn_committee.pk, "sitting": "interviews", "attends_on": day},
    )
    assert response.status_code == 302
    notice = ObserverNotice.objects.get()
    assert notice.sitting == "interviews" and notice.attends_on == today + dt.timedelta(days=3)


@pytest.mark.parametrize("days, sitting", [(0, "interviews"), (-1, "written_test"), (None, "whole")])
def test_r16_3_a_notice_for_a_sitting_of_today_or_past_is_refused(drawn_committee, observer, days, sitting):
    today = timezone.localdate()
    drawn_committee.evaluation_from, drawn_committee.evaluation_until = (
        today - dt.timedelta(days=2),
        today + dt.timedelta(days=5),
    )
    drawn_committee.save()
    attends_on = None if days is None else today + dt.timedelta(days=days)
    with pytest.raises(ValidationError):
        services.observer_notice_give(
            observer=_registered(observer),
            committee=drawn_committee,
            actor=observer,
            sitting=sitting,
            attends_on=attends_on,
        )  # "whole": began two days ago
    assert not ObserverNotice.objects.exists()


def test_a_day_outside_the_evaluation_period_is_refused(drawn_committee, observer):
    today = timezone.localdate()
    drawn_committee.evaluation_from, drawn_committee.evaluation_until = (
        today + dt.timedelta(days=2),
        today + dt.timedelta(days=5),
    )
    drawn_committee.save()
    with pytest.raises(ValidationError):
        services.observer_notice_give(
            observer=_registered(observer),
            committee=drawn_committee,
            actor=observer,
            sitting="interviews",
            attends_on=today + dt.timedelta(days=9),
        )


D = dt.date(2026, 3, 10)


@pytest.mark.parametrize(
    "day, start, end, inside",
    [
        (D, D, D, True),
        (D - dt.timedelta(days=1), D, None, False),
        (D + dt.timedelta(days=1), None, D, False),
        (D, None, None, True),
        (None, D, D, True),
    ],
)
def test_the_day_of_the_sitting_falls_within_the_evaluation_period(day, start, end, inside):
    from committees import rules

    assert rules.observer_day_in_period(day, start, end) is inside
