"""Issue 10, finding 1: HR read and changed any person's private profile through "assisted application" (R-12.1).

The probe: HR of KQZ opened an assisted application with the e-mail of an existing applicant who had no link to
KQZ; the candidate pages then showed her personal number, address, phone, community and disability, a POST
changed her address, and she was not told. Now HR may apply only for a person without an account, works on the
application's own profile copy, never reads the self-declared equality answers, and the person is told each time.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from applications import services
from applications.models import ApplicantProfile, Application
from notifications.models import Message
from tests.factories import AnnouncementFactory, PositionFactory, UserFactory
from tests.helpers.applications import complete_profile
from tests.helpers.auth import login_with_second_factor


@pytest.fixture
def open_position(db, institution):
    return PositionFactory(announcement=AnnouncementFactory(institution=institution, reference="KQZ 01/2026"))


@pytest.fixture
def private_person(db):
    """An applicant of the portal with a complete private profile and no link to KQZ."""
    person = UserFactory(username="vjosa@example.org", email="vjosa@example.org")
    profile = complete_profile(person)
    profile.personal_number, profile.address, profile.phone = (
        "9876543210",
        "Rr. Sekrete 7, Pejë",
        "+383 49 123 456",
    )
    profile.community, profile.disability = "roma", "yes"
    profile.save()
    return person


@pytest.fixture
def hr_client(client, hr_officer):
    return login_with_second_factor(client, hr_officer)


def test_hr_cannot_open_an_assisted_application_in_the_name_of_an_existing_account(
    hr_client, private_person, open_position
):
    with translation.override("en"):
        url = reverse("applications:assisted_start")
    response = hr_client.post(
        url,
        {
            "position": open_position.pk,
            "first_name": "Vjosa",
            "last_name": "Berisha",
            "email": "VJOSA@example.org",
        },
        follow=True,
    )
    assert not Application.objects.filter(applicant=private_person).exists()
    page = response.content.decode()
    assert "belongs to an account on the portal" in page and "9876543210" not in page


def test_the_probe_reads_and_writes_nothing_of_a_person_when_an_application_was_attached_to_her_account(
    hr_client, hr_officer, private_person, open_position
):
    """Even an assisted draft that sits on a person's account (made before this fix) opens nothing of her profile."""
    application = Application.objects.create(
        applicant=private_person, position=open_position, assisted=True, assisted_by=hr_officer, language="sq"
    )
    for name in ("applications:candidate_profile", "applications:candidate_profile_personal"):
        response = hr_client.get(reverse(name, args=[application.pk]))
        assert response.status_code == 404
        assert "9876543210" not in response.content.decode()
    response = hr_client.post(
        reverse("applications:candidate_profile_personal", args=[application.pk]),
        {
            "first_name": "Vjosa",
            "last_name": "Berisha",
            "date_of_birth": "17.05.1990",
            "personal_number": "1234567",
            "gender": "female",
            "address": "Changed by HR",
            "phone": "1",
            "email": "x@example.org",
        },
    )
    assert response.status_code == 404
    assert ApplicantProfile.objects.get(user=private_person).address == "Rr. Sekrete 7, Pejë"
    with pytest.raises(services.NotAllowed):
        services.profile_update(
            profile=ApplicantProfile.objects.get(user=private_person), values={}, actor=hr_officer
        )
    # Nor may HR act on that application in her name: no document added, no submission.
    with pytest.raises(services.NotAllowed):
        services.documents_add(application=application, slot="consent", uploads=[], actor=hr_officer)
    with pytest.raises(services.NotAllowed):
        services.application_submit(application=application, actor=hr_officer, declaration_accepted=True)


def test_an_assisted_application_has_its_own_profile_copy_and_the_person_is_told_of_each_act(
    hr_client, hr_officer, open_position
):
    application = services.assisted_application_start(
        actor=hr_officer,
        position=open_position,
        email="drita@example.org",
        first_name="Drita",
        last_name="Gashi",
        language="en",
    )
    holder = application.applicant
    # A held account made for this application only: no password, no e-mail of its own (the person's address
    # stays free for their own account), never signed in.
    assert holder.email == "" and not holder.has_usable_password() and holder.last_login is None
    assert ApplicantProfile.objects.get(user=holder).email == "drita@example.org"
    told = Message.objects.filter(email="drita@example.org", kind="application.assisted_action")
    assert told.count() == 1
    response = hr_client.post(
        reverse("applications:candidate_profile_personal", args=[application.pk]),
        {
            "first_name": "Drita",
            "last_name": "Gashi",
            "date_of_birth": "17.05.1990",
            "personal_number": "1234567",
            "gender": "female",
            "address": "Rr. e Re 1",
            "phone": "+383 44 1",
            "email": "drita@example.org",
            "community": "ashkali",
            "disability": "yes",
        },
    )
    assert response.status_code == 302
    profile = ApplicantProfile.objects.get(user=holder)
    assert profile.address == "Rr. e Re 1" and profile.community == "ashkali" and profile.disability == "yes"
    assert told.count() == 2
    # The person can still register with her own e-mail: the held account does not claim it.
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email__iexact="drita@example.org").exists()


def test_hr_records_the_self_declared_answers_but_never_reads_them_back(hr_client, hr_officer, open_position):
    application = services.assisted_application_start(
        actor=hr_officer,
        position=open_position,
        email="",
        first_name="Drita",
        last_name="Gashi",
        language="en",
    )
    profile = ApplicantProfile.objects.get(user=application.applicant)
    profile.community, profile.disability, profile.date_of_birth = "roma", "yes", dt.date(1990, 5, 17)
    profile.save()
    page = hr_client.get(
        reverse("applications:candidate_profile_personal", args=[application.pk])
    ).content.decode()
    assert 'value="roma" selected' not in page and 'value="yes" selected' not in page
    # Saving the other fields keeps what was recorded.
    hr_client.post(
        reverse("applications:candidate_profile_personal", args=[application.pk]),
        {
            "first_name": "Drita",
            "last_name": "Gashi",
            "date_of_birth": "17.05.1990",
            "personal_number": "1234567",
            "gender": "female",
            "address": "A",
            "phone": "1",
            "email": "d@example.org",
            "community": "",
            "disability": "",
        },
    )
    profile.refresh_from_db()
    assert profile.community == "roma" and profile.disability == "yes" and profile.address == "A"
