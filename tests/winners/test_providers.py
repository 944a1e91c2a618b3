"""What winners tells other pages: the applicant's later steps and HR's due items (R-26.3); the admin, read-only."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from recruitment.lib import due_items, later_steps
from tests.helpers.auth import login_with_second_factor
from winners import services
from winners.models import Winner

pytestmark = pytest.mark.django_db


def test_r26_3_hr_sees_the_first_invitation_due_then_the_consent_awaited(result, hr_officer, institution):
    winners_list = services.winners_list_create(result=result)
    window = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    items = [i for i in due_items.collect({institution.pk}, *window) if i.article == "R-26.3"]
    assert [i.due for i in items] == [dt.date(2026, 3, 12)]
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=timezone.now())
    items = [
        i
        for i in due_items.collect({institution.pk}, dt.date(2000, 1, 1), dt.date(2100, 1, 1))
        if i.article == "R-26.3"
    ]
    # The invitation is sent: what is due now is the winner's answer, by its deadline.
    assert [i.due for i in items] == [timezone.localdate(invitation.respond_by)]
    assert items[0].url == reverse("winners:hr_list", args=[result.evaluation_id])


def test_hr_of_another_institution_sees_none_of_these_items(result, other_institution):
    services.winners_list_create(result=result)
    assert not [
        i
        for i in due_items.collect({other_institution.pk}, dt.date(2000, 1, 1), dt.date(2100, 1, 1))
        if i.article == "R-26.3"
    ]


def test_each_winner_s_application_tells_their_place_and_the_invited_one_the_link(result, hr_officer):
    winners_list = services.winners_list_create(result=result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=timezone.now())
    winners = list(Winner.objects.select_related("application").order_by("rank"))
    applications = later_steps.attach([w.application for w in winners])
    first, second = applications[0].later_steps, applications[1].later_steps
    assert first[-1].action and first[-1].url == reverse("winners:invitation", args=[invitation.pk])
    assert not second[-1].action and "2" in second[-1].text


def test_hr_reads_the_winners_tables_in_the_admin_and_changes_nothing_there(result, hr_officer):
    services.winners_list_create(result=result)
    client = login_with_second_factor(Client(), hr_officer)
    for model in ("winnerslist", "post", "winner", "invitation"):
        assert client.get(reverse(f"admin:winners_{model}_changelist")).status_code == 200
    winner = Winner.objects.first()
    assert client.get(reverse("admin:winners_winner_change", args=[winner.pk])).status_code == 200
    assert client.get(reverse("admin:winners_winner_add")).status_code == 403
