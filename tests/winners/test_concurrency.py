"""Several workers or browsers at once: the pool's lists are locked, so one winner is invited at a time, a list is
made once, and an invitation ends once (a consent racing the lapse, or two HR clicks)."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from notifications.models import Message
from tests.helpers.winners import at
from winners import services
from winners.models import Invitation, WinnersList

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def at_once(n, action) -> list[str]:
    barrier, outcomes = threading.Barrier(n), []

    def run():
        try:
            barrier.wait()
            outcomes.append("ok" if action() is not None else "none")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_four_beats_at_once_make_one_list_and_tell_each_winner_once(result):
    at_once(4, lambda: services.winners_lists_create_for_published(now=at(5, 13)))
    assert WinnersList.objects.count() == 1
    assert Message.objects.filter(kind="winners.listed").count() == 3


def test_four_invitations_at_once_invite_one_winner(result, hr_officer):
    winners_list = services.winners_list_create(result=result, now=at(5, 13))
    outcomes = at_once(
        4, lambda: services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    )
    assert outcomes == ["ok", "refused", "refused", "refused"]
    assert Invitation.objects.count() == 1


def test_a_refusal_racing_the_lapse_ends_the_invitation_once(result, hr_officer):
    winners_list = services.winners_list_create(result=result, now=at(5, 13))
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    applicant = invitation.winner.application.applicant
    last_moment = invitation.respond_by  # the refusal sent at the last moment counts…
    just_after = last_moment + dt.timedelta(
        seconds=1
    )  # …and the beat running a second later lapses it if open

    def either(i):
        if i % 2:
            return services.invitations_lapse(now=just_after) or None
        return services.invitation_decline(actor=applicant, invitation=invitation, now=last_moment)

    lock, numbers = threading.Lock(), iter(range(4))

    def action():
        with lock:
            i = next(numbers)
        return either(i)

    at_once(4, action)
    invitation.refresh_from_db()
    assert invitation.outcome in ("refused", "lapsed")
    assert Invitation.objects.filter(winner=invitation.winner).count() == 1
    assert Invitation.objects.filter(outcome="open").count() == 1  # the next winner, invited once


def test_r9_3_four_workers_following_one_correction_at_once_follow_it_once(result, hr_officer):
    from audit.models import Event
    from tests.winners.test_corrections import correct

    winners_list = services.winners_list_create(result=result, now=at(5, 13))
    services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    correct(result, 90, signal=False)  # written, not yet followed: the beat and the workers race for it
    outcomes = at_once(4, lambda: services.winners_list_follow_result(result_id=result.pk, now=at(10, 13)))
    assert outcomes == ["none", "none", "none", "ok"]
    assert Event.objects.filter(action="winners.list_follow_correction").count() == 1
    assert Message.objects.filter(kind="winners.removed").count() == 1
    assert Invitation.objects.filter(outcome="open").count() == 1
