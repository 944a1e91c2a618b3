"""Before submitting, the applicant reads the whole application as HR will see it (profile, checklist, each file
with its SHA-256), with the self-declaration and the submit at its end; what would stop the submission is listed."""

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import ApplicationStatus
from tests.helpers.applications import complete_profile, start_draft

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_draft_page_leads_to_the_preview(ready_draft, applicant):
    page = client_for(applicant).get(reverse("applications:detail", args=[ready_draft.pk])).content.decode()
    assert f'href="{reverse("applications:preview", args=[ready_draft.pk])}"' in page


def test_the_draft_page_has_no_submit_of_its_own_so_nobody_submits_without_the_preview(
    ready_draft, applicant
):
    page = client_for(applicant).get(reverse("applications:detail", args=[ready_draft.pk])).content.decode()
    assert 'id="submit-application"' not in page
    assert reverse("applications:submit", args=[ready_draft.pk]) not in page


def test_the_preview_shows_the_profile_the_checklist_and_each_file_then_the_submit(ready_draft, applicant):
    html = client_for(applicant).get(reverse("applications:preview", args=[ready_draft.pk])).content.decode()
    for text in (
        "Alba",
        "Krasniqi",
        "1234567890",
        "17.05.1990",
        "Informatikë",
        "UP",
        "Referee One",
        "Referee Two",
        "CV",
        "Diploma",
        "Driving licence",
    ):
        assert text in html, text
    for doc in ready_draft.documents.all():
        assert doc.label in html and doc.sha256 in html
    # The submit comes after everything the person reads.
    assert html.index(ready_draft.documents.first().sha256) < html.index('id="submit-application"')
    assert f'action="{reverse("applications:submit", args=[ready_draft.pk])}"' in html


def test_submitting_from_the_preview_submits(ready_draft, applicant):
    client = client_for(applicant)
    response = client.post(
        reverse("applications:submit", args=[ready_draft.pk]), {"declaration": "on", "from": "preview"}
    )
    assert response.status_code == 302 and response.url == reverse(
        "applications:detail", args=[ready_draft.pk]
    )
    ready_draft.refresh_from_db()
    assert ready_draft.status == ApplicationStatus.SUBMITTED


def test_the_preview_lists_what_stops_the_submission_and_offers_no_submit(applicant, open_position):
    complete_profile(applicant)
    draft = start_draft(applicant, open_position)
    client = client_for(applicant)
    html = client.get(reverse("applications:preview", args=[draft.pk])).content.decode()
    assert "Attach: CV." in html and "Attach: Diploma." in html
    assert 'id="submit-application"' not in html
    # A refused submission sent from the preview comes back to it, with the reasons.
    response = client.post(
        reverse("applications:submit", args=[draft.pk]), {"declaration": "on", "from": "preview"}
    )
    assert response.url == reverse("applications:preview", args=[draft.pk])


def test_the_preview_is_not_found_for_anyone_else(ready_draft, other_applicant):
    url = reverse("applications:preview", args=[ready_draft.pk])
    assert Client().get(url).status_code == 404
    assert client_for(other_applicant).get(url).status_code == 404


def test_a_submitted_application_has_no_preview_but_its_page(ready_draft, applicant):
    client = client_for(applicant)
    client.post(reverse("applications:submit", args=[ready_draft.pk]), {"declaration": "on"})
    response = client.get(reverse("applications:preview", args=[ready_draft.pk]))
    assert response.status_code == 302 and response.url == reverse(
        "applications:detail", args=[ready_draft.pk]
    )


def test_a_position_coded_as_its_announcement_is_named_once_on_the_preview(ready_draft, applicant):
    position = ready_draft.position
    position.code = position.announcement.reference
    position.save(update_fields=["code"])
    html = client_for(applicant).get(reverse("applications:preview", args=[ready_draft.pk])).content.decode()
    reference = position.announcement.reference
    assert f"{reference} · {reference}" not in html
