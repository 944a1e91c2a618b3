"""The winners' pages walked by their links and buttons: the winner's invitation (choose, confirm, consent), HR's
list (invite with a confirmation), the public lists of R-26.8, and the scan served to HR and the winner only."""

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.helpers.applications import pdf_bytes
from tests.helpers.auth import login_with_second_factor
from winners import services
from winners.models import Invitation, Post, Winner

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(result):
    return services.winners_list_create(result=result)


def test_hr_reaches_the_list_from_the_evaluations_page_and_invites_with_a_confirmation(
    made, hr_officer, result
):
    client = login_with_second_factor(Client(), hr_officer)
    url = reverse("winners:hr_list", args=[result.evaluation_id])
    page = client.get(url).content.decode()
    assert "Ana W1" in page and reverse("winners:hr_invite", args=[result.evaluation_id]) in page
    confirm = client.get(reverse("winners:hr_invite", args=[result.evaluation_id]))
    assert confirm.status_code == 200 and not Invitation.objects.exists()
    client.post(reverse("winners:hr_invite", args=[result.evaluation_id]), {"confirm": "yes"})
    client.post(
        reverse("winners:hr_invite", args=[result.evaluation_id]), {"confirm": "yes"}
    )  # a double click
    assert Invitation.objects.count() == 1


def test_r26_3_the_winner_opens_the_invitation_from_my_applications_and_consents(made, hr_officer):
    invitation = services.winner_invite(actor=hr_officer, winners_list=made, now=timezone.now())
    user = invitation.winner.application.applicant
    client = Client()
    client.force_login(user)
    mine = client.get(reverse("applications:mine")).content.decode()
    url = reverse("winners:invitation", args=[invitation.pk])
    assert url in mine
    page = client.get(url).content.decode()
    post = Post.objects.first()
    assert f'value="{post.pk}"' in page
    consent = reverse("winners:invitation_consent", args=[invitation.pk])
    confirm = client.post(consent, {"post": post.pk})
    assert confirm.status_code == 200 and b'name="confirm"' in confirm.content
    client.post(consent, {"post": post.pk, "confirm": "yes"})
    winner = Winner.objects.get(pk=invitation.winner_id)
    assert winner.state == "consented" and winner.post == post
    assert "R-26.3" in Invitation.objects.get(pk=invitation.pk).consent_text


def test_another_applicant_gets_not_found_on_someone_s_invitation(made, hr_officer, other_applicant):
    invitation = services.winner_invite(actor=hr_officer, winners_list=made, now=timezone.now())
    client = Client()
    client.force_login(other_applicant)
    assert client.get(reverse("winners:invitation", args=[invitation.pk])).status_code == 404
    assert (
        client.post(
            reverse("winners:invitation_decline", args=[invitation.pk]), {"confirm": "yes"}
        ).status_code
        == 404
    )


def test_r26_8_the_public_lists_are_linked_from_the_public_results(made, result, settings):
    url = reverse("winners:public_lists", args=[result.evaluation_id])
    page = Client().get(url)
    assert page.status_code == 200
    assert "Ana W1" in page.content.decode()
    link = (Path(settings.BASE_DIR) / "templates/scoring/public_results.html").read_text()
    assert "winners:public_lists" in link


def test_the_scan_of_a_paper_consent_is_served_to_hr_and_the_winner_only(
    made, hr_officer, other_hr_officer, other_applicant, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    invitation = services.winner_invite(actor=hr_officer, winners_list=made, now=timezone.now())
    hr = login_with_second_factor(Client(), hr_officer)
    form = hr.get(reverse("winners:hr_paper_consent", args=[invitation.pk]))
    assert form.status_code == 200
    post = Post.objects.first()
    hr.post(
        reverse("winners:hr_paper_consent", args=[invitation.pk]),
        {
            "post": post.pk,
            "consented_on": timezone.localdate().isoformat(),
            "scan": SimpleUploadedFile("c.pdf", pdf_bytes(), content_type="application/pdf"),
        },
    )
    invitation.refresh_from_db()
    assert invitation.consent_on_paper
    url = reverse("winners:consent_scan", args=[invitation.pk])
    assert hr.get(url).status_code == 200
    owner = Client()
    owner.force_login(invitation.winner.application.applicant)
    assert owner.get(url).status_code == 200
    other = Client()
    other.force_login(other_applicant)
    assert other.get(url).status_code == 404
    assert login_with_second_factor(Client(), other_hr_officer).get(url).status_code == 404


def test_r6_1_the_position_page_names_its_group_of_positions(position, institution):
    from tests.factories import make_publishable
    from vacancies.models import JobGroup

    group = JobGroup.objects.create(
        institution=institution, code="G-IT", name="Zyrtarë të IT", name_sq="Zyrtarë të IT"
    )
    position.job_group = group
    position.save(update_fields=["job_group"])
    make_publishable(position.announcement)
    response = Client().get(position.get_absolute_url())
    assert response.status_code == 200
    assert "G-IT Zyrtarë të IT" in response.content.decode()
    _ = dt


def test_r26_4_the_winner_states_a_reasonable_cause_on_the_page_and_keeps_the_place(made, hr_officer):
    invitation = services.winner_invite(actor=hr_officer, winners_list=made, now=timezone.now())
    client = Client()
    client.force_login(invitation.winner.application.applicant)
    url = reverse("winners:invitation_cause", args=[invitation.pk])
    assert "R-26.6" in client.get(url).content.decode()
    answer_by = timezone.localdate(invitation.respond_by)
    too_late = client.post(
        url,
        {
            "cause": "death",
            "note": "Vdekja e babait",
            "postponed_until": (answer_by + dt.timedelta(days=120)),
        },
    )
    assert too_late.status_code == 200 and Winner.objects.get(pk=invitation.winner_id).state == "invited"
    client.post(
        url,
        {"cause": "death", "note": "Vdekja e babait", "postponed_until": answer_by + dt.timedelta(days=30)},
    )
    assert Winner.objects.get(pk=invitation.winner_id).state == "postponed"


def test_a_refusal_asks_first_and_a_double_click_refuses_once(made, hr_officer):
    invitation = services.winner_invite(actor=hr_officer, winners_list=made, now=timezone.now())
    client = Client()
    client.force_login(invitation.winner.application.applicant)
    url = reverse("winners:invitation_decline", args=[invitation.pk])
    assert b'name="confirm"' in client.get(url).content
    assert Winner.objects.get(pk=invitation.winner_id).state == "invited"
    client.post(url, {"confirm": "yes"})
    client.post(url, {"confirm": "yes"})
    assert Winner.objects.get(pk=invitation.winner_id).state == "declined"
    assert Invitation.objects.filter(outcome="refused").count() == 1
    assert Invitation.objects.filter(outcome="open").count() == 1  # the next winner's


def test_hr_records_a_cause_and_a_refusal_from_the_list_s_page(made, hr_officer, result):
    invitation = services.winner_invite(actor=hr_officer, winners_list=made, now=timezone.now())
    client = login_with_second_factor(Client(), hr_officer)
    page = client.get(reverse("winners:hr_list", args=[result.evaluation_id])).content.decode()
    for name in ("winners:hr_paper_consent", "winners:hr_cause", "winners:hr_decline"):
        assert reverse(name, args=[invitation.pk]) in page
    answer_by = timezone.localdate(invitation.respond_by)
    client.post(
        reverse("winners:hr_cause", args=[invitation.pk]),
        {"cause": "illness", "note": "Raport mjekësor", "postponed_until": answer_by + dt.timedelta(days=10)},
    )
    assert Winner.objects.get(pk=invitation.winner_id).state == "postponed"
    second = Invitation.objects.get(outcome="open")
    client.post(reverse("winners:hr_decline", args=[second.pk]), {"confirm": "yes"})
    assert Winner.objects.get(pk=second.winner_id).state == "declined"
