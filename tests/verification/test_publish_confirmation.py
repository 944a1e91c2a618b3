"""Publishing the shortlist sends every decision (R-18.4 … R-18.6) and cannot be undone: the admin action opens a
confirmation page that says what will happen and to how many people, and a repeated POST publishes nothing twice
and sends nothing twice."""

import pytest
from django.urls import reverse
from django.utils import translation

from notifications.models import Message
from tests.helpers.auth import login_with_second_factor
from tests.helpers.verification import submitted, submitted_and_decided
from verification import services
from verification.models import Decision, Reason, Review, Shortlist

pytestmark = pytest.mark.django_db

ELIGIBLE = ["Berisha", "Cana", "Çeku", "Dema", "Dhima", "Elezi", "Fazliu", "Gashi"]
REJECTED = ["Hoxha", "Islami", "Jashari"]


@pytest.fixture
def decided(position, hr_officer):
    submitted_and_decided(position, hr_officer, eligible=ELIGIBLE, rejected=REJECTED)
    return position


def _urls(position):
    with translation.override("en"):
        return (
            reverse("admin:verification_verificationposition_changelist"),
            reverse("admin:verification_verificationposition_publish", args=[position.pk]),
        )


def test_the_action_opens_a_confirmation_saying_what_will_happen_and_to_how_many(client, hr_officer, decided):
    changelist, confirm = _urls(decided)
    login_with_second_factor(client, hr_officer)
    action = client.post(changelist, {"action": "publish_shortlist", "_selected_action": [decided.pk]})
    assert action.status_code == 302 and action["Location"] == confirm
    assert (
        not Shortlist.objects.exists() and not Message.objects.exists()
    )  # the action itself publishes nothing
    page = client.get(confirm).content.decode()
    text = " ".join(page.split())
    assert "Publishes the shortlist of 8 candidates</strong> and sends 3 rejection decisions." in text
    assert "8 candidates on the list are told about the next step." in text
    assert 'name="state"' in page


def test_a_second_post_publishes_once_and_sends_each_decision_once(
    client, hr_officer, decided, django_capture_on_commit_callbacks
):
    changelist, confirm = _urls(decided)
    login_with_second_factor(client, hr_officer)
    state = client.get(confirm).context["facts"]["state"]
    with django_capture_on_commit_callbacks(execute=True):  # the notices' task (issue 13), eager
        first = client.post(confirm, {"state": state})
        second = client.post(confirm, {"state": state})  # a double click, or the back button and submit again
    assert first.status_code == second.status_code == 302
    assert Shortlist.objects.filter(position=decided).count() == 1
    assert Message.objects.filter(kind="verification.not_eligible").count() == 3
    assert Message.objects.filter(kind="verification.eligible").count() == 8
    followed = client.get(changelist)
    assert "already published" in " ".join(m.message for m in followed.context["messages"])


def test_the_service_called_twice_sends_nothing_the_second_time(
    hr_officer, decided, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the notices' task (issue 13), eager
        services.shortlist_publish(position=decided, actor=hr_officer)
        services.shortlist_publish(position=decided, actor=hr_officer)
    assert Message.objects.filter(kind="verification.not_eligible").count() == 3


def test_decisions_changed_after_the_page_was_read_are_not_published(client, hr_officer, decided):
    _changelist, confirm = _urls(decided)
    login_with_second_factor(client, hr_officer)
    state = client.get(confirm).context["facts"]["state"]
    gashi = Review.objects.get(last_name="Gashi")
    services.review_record(
        review=gashi,
        results={},
        decision=Decision.NOT_ELIGIBLE,
        reasons=[Reason.EDUCATION],
        explanation="Diploma e pavlefshme.",
        actor=hr_officer,
    )
    response = client.post(confirm, {"state": state})
    assert response.status_code == 200  # the page again, with the new figures
    assert not Shortlist.objects.exists() and not Message.objects.exists()
    assert "Publishes the shortlist of 7 candidates" in " ".join(response.content.decode().split())


def test_a_position_with_undecided_applications_shows_why_and_no_button(
    client, hr_officer, decided, position
):
    submitted(position, first_name="Besa", last_name="Krasniqi")
    services.reviews_open(position=position, actor=hr_officer)
    _changelist, confirm = _urls(decided)
    login_with_second_factor(client, hr_officer)
    page = " ".join(client.get(confirm).content.decode().split())
    assert "1 application is not decided yet" in page and 'name="state"' not in page
    assert client.post(confirm, {"state": "x"}).status_code == 200
    assert not Shortlist.objects.exists()


def test_hr_of_another_institution_gets_not_found(client, other_hr_officer, decided):
    _changelist, confirm = _urls(decided)
    login_with_second_factor(client, other_hr_officer)
    assert client.get(confirm).status_code == 404
    assert client.post(confirm, {"state": "x"}).status_code == 404
    assert not Shortlist.objects.exists()


def test_the_positions_list_links_each_unpublished_position_to_its_confirmation(client, hr_officer, decided):
    changelist, confirm = _urls(decided)
    login_with_second_factor(client, hr_officer)
    with translation.override("en"):
        html = client.get(changelist).content.decode()
    assert f'<a href="{confirm}">Publish…</a>' in html
