"""HR takes a winner off the list (a withdrawal in writing, a death, another stated reason) from the list's page,
through a confirmation page that says what follows; winners.services.winner_remove does it."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from notifications.models import Message
from tests.helpers.auth import login_with_second_factor
from winners import services
from winners.choices import HR_REMOVABLE_STATES, PostState, WinnerState
from winners.models import Post, Winner

# The tests read the services' messages in English, the source language of every msgid.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def consented(result, hr_officer):
    """The first winner chose a post and consented; the second is invited for the other post."""
    winners_list = services.winners_list_create(result=result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=timezone.now())
    post = Post.objects.filter(position=winners_list.position).first()
    services.invitation_consent(
        actor=invitation.winner.application.applicant, invitation=invitation, post=post, now=timezone.now()
    )
    return Winner.objects.get(pk=invitation.winner_id)


def _winners(winner):
    return list(Winner.objects.filter(winners_list=winner.winners_list).order_by("rank"))


def test_hr_removes_a_consented_winner_who_withdrew_the_post_is_freed_and_the_next_invited(
    consented, hr_officer, result
):
    # The second declines, so the third waits; the post the first chose is the only one a next could take.
    second = _winners(consented)[1]
    services.invitation_decline(
        actor=second.application.applicant, invitation=second.invitations.get(), now=timezone.now()
    )
    third = _winners(consented)[2]
    services.invitation_decline(
        actor=third.application.applicant, invitation=third.invitations.get(), now=timezone.now()
    )
    client = login_with_second_factor(Client(), hr_officer)
    page = client.get(reverse("winners:hr_list", args=[result.evaluation_id])).content.decode()
    url = reverse("winners:hr_remove", args=[consented.pk])
    assert url in page
    confirm = client.get(url).content.decode()
    assert "becomes vacant again" in confirm and "The next winner in rank order is invited" in confirm
    assert str(consented.post) in confirm
    assert Winner.objects.get(pk=consented.pk).state == WinnerState.CONSENTED  # a GET changes nothing
    client.post(url, {"confirm": "yes", "reason": "withdrew", "note": "Letër e 9 marsit"})
    client.post(url, {"confirm": "yes", "reason": "withdrew", "note": "Letër e 9 marsit"})  # a double click
    winner = Winner.objects.get(pk=consented.pk)
    assert winner.state == WinnerState.WITHDRAWN and winner.state_article == "R-26.1"
    assert "Letër e 9 marsit" in winner.state_reason
    assert Post.objects.get(pk=consented.post_id).state == PostState.VACANT
    assert Event.objects.filter(action="winners.remove").count() == 1
    event = Event.objects.get(action="winners.remove")
    assert "reason" not in event.data and event.data["reason_sha256"]  # a typed text enters as its digest
    assert (
        Message.objects.filter(kind="winners.removed", email=winner.application.applicant.email).count() == 1
    )


def test_hr_removes_an_invited_winner_who_died_nobody_writes_to_them_and_the_next_is_invited(
    result, hr_officer
):
    winners_list = services.winners_list_create(result=result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=timezone.now())
    client = login_with_second_factor(Client(), hr_officer)
    url = reverse("winners:hr_remove", args=[invitation.winner_id])
    assert "open invitation to choose a post is cancelled" in client.get(url).content.decode()
    client.post(url, {"confirm": "yes", "reason": "died", "note": ""})
    first, second, _third = Winner.objects.filter(winners_list=winners_list).order_by("rank")
    assert first.state == WinnerState.WITHDRAWN and second.state == WinnerState.INVITED
    assert not Message.objects.filter(kind="winners.removed").exists()


def test_another_reason_must_be_stated(result, hr_officer):
    winners_list = services.winners_list_create(result=result)
    winner = Winner.objects.filter(winners_list=winners_list).order_by("rank").first()
    client = login_with_second_factor(Client(), hr_officer)
    response = client.post(
        reverse("winners:hr_remove", args=[winner.pk]), {"confirm": "yes", "reason": "other", "note": " "}
    )
    assert response.status_code == 200 and "State the reason." in response.content.decode()
    assert Winner.objects.get(pk=winner.pk).state == WinnerState.WAITING


def test_removing_before_the_first_invitation_invites_nobody(result, hr_officer):
    winners_list = services.winners_list_create(result=result)
    winner = Winner.objects.filter(winners_list=winners_list).order_by("rank").first()
    services.winner_remove(
        actor=hr_officer, winner=winner, reason="x", article="R-26.1", states=HR_REMOVABLE_STATES
    )
    assert not Winner.objects.filter(state=WinnerState.INVITED).exists()  # HR (or the beat, R-26.3) starts it


def test_an_appointed_winner_is_not_taken_off_the_list_from_here(consented, hr_officer):
    services.winner_mark_appointed(actor=hr_officer, winner=consented)
    client = login_with_second_factor(Client(), hr_officer)
    assert client.get(reverse("winners:hr_remove", args=[consented.pk])).status_code == 404
    with pytest.raises(ValidationError):
        services.winner_remove(
            actor=hr_officer, winner=consented, reason="x", article="R-26.1", states=HR_REMOVABLE_STATES
        )
    assert Winner.objects.get(pk=consented.pk).state == WinnerState.APPOINTED


def test_only_hr_of_the_institution_reaches_the_removal_and_the_decision_pages(
    consented, applicant, other_applicant, other_hr_officer
):
    urls = [
        reverse("winners:hr_remove", args=[consented.pk]),
        reverse("winners:hr_exclusion_decide", args=[consented.pk]),
    ]
    winner_client = Client()
    winner_client.force_login(consented.application.applicant)
    others = [winner_client, login_with_second_factor(Client(), other_hr_officer)]
    for user in (applicant, other_applicant):
        client = Client()
        client.force_login(user)
        others.append(client)
    for url in urls:
        assert Client().get(url).status_code == 302  # to the log-in
        for client in others:
            assert client.get(url).status_code in (403, 404)
            assert client.post(url, {"confirm": "yes", "reason": "withdrew"}).status_code in (403, 404)
    assert Winner.objects.get(pk=consented.pk).state == WinnerState.CONSENTED


def test_the_decision_page_opens_only_for_an_appointed_winner_excluded_by_a_correction(consented, hr_officer):
    client = login_with_second_factor(Client(), hr_officer)
    url = reverse("winners:hr_exclusion_decide", args=[consented.pk])
    assert client.get(url).status_code == 404  # consented, not excluded
    services.winner_mark_appointed(actor=hr_officer, winner=consented)
    Winner.objects.filter(pk=consented.pk).update(excluded_at=timezone.now())
    hr_page = client.get(reverse("winners:hr_list", args=[consented.winners_list.result.evaluation_id]))
    assert url in hr_page.content.decode()  # the list's page links the decision
    assert reverse("winners:hr_remove", args=[consented.pk]) not in hr_page.content.decode()  # appointed
    assert "R-9.3" in client.get(url).content.decode()
    client.post(url, {"decision": "Akti u anulua me vendimin nr. 12/2026."})
    winner = Winner.objects.get(pk=consented.pk)
    assert winner.exclusion_decided_at and winner.exclusion_decision.startswith("Akti")
    assert client.get(url).status_code == 302  # recorded once
