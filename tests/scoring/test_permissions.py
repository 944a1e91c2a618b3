"""Who reaches which evaluation page: every URL with every persona. Committee pages: members of this position's
committee only, with the second factor (404 for everyone else, 403 for a member at a chair's action)."""

import pytest
from django.test import Client
from django.urls import reverse

from scoring import score_import, services
from tests.helpers.auth import login_with_second_factor
from tests.helpers.scoring import sealed

pytestmark = pytest.mark.django_db

MEMBER_PAGES = ["scoring:evaluation", "scoring:test"]
CHAIR_POSTS = [
    "scoring:test_import",
    "scoring:test_seal",
    "scoring:sitting_open",
    "scoring:results_import",
    "scoring:written_lock",
    "scoring:documents_open",
    "scoring:complete",
]


@pytest.fixture
def people(
    applicant,
    hr_officer,
    other_hr_officer,
    other_committee,
    other_committee_member,
    committee_member,
    chair,
    observer,
):
    return {
        "applicant": applicant,
        "hr": hr_officer,
        "other_hr": other_hr_officer,
        "observer": observer,
        "other_member": other_committee_member,
        "member": committee_member,
        "chair": chair,
    }


def as_(user):
    return login_with_second_factor(Client(), user)


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_committee_pages_by_persona(name, evaluation, candidates, people):
    url = reverse(name, args=[evaluation.pk])
    assert Client().get(url).status_code == 302  # anonymous: to the log-in
    expected = {
        "applicant": 404,
        "hr": 404,
        "other_hr": 404,
        "observer": 404,
        "other_member": 404,
        "member": 200,
        "chair": 200,
    }
    assert {who: as_(user).get(url).status_code for who, user in people.items()} == expected


def test_the_list_shows_a_member_only_their_own_committee_s_evaluations(
    evaluation, people, other_committee, hr_officer
):
    other = services.evaluation_create(position=other_committee.position, actor=hr_officer)
    mine = as_(people["member"]).get(reverse("scoring:evaluations")).content.decode()
    theirs = as_(people["other_member"]).get(reverse("scoring:evaluations")).content.decode()
    assert reverse("scoring:evaluation", args=[evaluation.pk]) in mine
    assert reverse("scoring:evaluation", args=[other.pk]) not in mine
    assert reverse("scoring:evaluation", args=[other.pk]) in theirs
    assert reverse("scoring:evaluation", args=[evaluation.pk]) not in theirs


def test_a_member_without_the_second_factor_is_sent_to_it(evaluation, committee_member):
    client = Client()
    client.force_login(committee_member)
    response = client.get(reverse("scoring:evaluation", args=[evaluation.pk]))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


@pytest.mark.parametrize("name", CHAIR_POSTS)
def test_chair_actions_are_refused_to_members_and_hidden_from_others(name, evaluation, people):
    url = reverse(name, args=[evaluation.pk])
    assert as_(people["member"]).post(url).status_code == 403
    for who in ("other_member", "hr", "applicant"):
        assert as_(people[who]).post(url).status_code == 404, who
    evaluation.refresh_from_db()
    assert evaluation.status == "draft"


def test_the_interview_setup_is_the_chair_s(evaluation, candidates, chair, committee_member):
    sealed(evaluation, chair)
    data = f"code,score\n{candidates[0].code},50\n".encode()
    score_import.scores_import(evaluation=evaluation, data=data, actor=chair)
    services.written_lock(evaluation=evaluation, actor=chair)
    url = reverse("scoring:interview_setup", args=[evaluation.pk])
    assert as_(committee_member).get(url).status_code == 403
    assert as_(chair).get(url).status_code == 200


def test_the_slips_of_codes_are_for_hr_of_the_institution_only(evaluation, candidates, people):
    url = reverse("scoring:slips", args=[evaluation.pk])
    expected = {
        "applicant": 404,
        "hr": 200,
        "other_hr": 404,
        "observer": 404,
        "other_member": 404,
        "member": 404,
        "chair": 404,
    }
    assert {who: as_(user).get(url).status_code for who, user in people.items()} == expected
    body = as_(people["hr"]).get(url).content.decode()
    assert all(c.code in body for c in candidates) and "Arta Zhubi" in body


def test_the_sitting_pages_need_no_account(evaluation):
    assert Client().get(reverse("scoring:sitting_enter")).status_code == 200
    assert Client().get(reverse("scoring:sitting_paper")).status_code == 302


def test_hr_starts_the_evaluation_and_admits_the_shortlisted_candidates(
    committee, hr_officer, other_hr_officer, monkeypatch
):
    from django.utils import timezone

    from tests.helpers.verification import submitted
    from verification.models import Review

    applications = []
    for first, last in (("Arta", "Krasniqi"), ("Besnik", "Berisha")):
        application = submitted(committee.position, first_name=first, last_name=last)
        Review.objects.create(  # eligible on the shortlist, with its name (reviews_open's copy)
            application=application,
            position=committee.position,
            submission=application.last_submission,
            first_name=first,
            last_name=last,
            reference=application.last_submission.reference,
            decision="eligible",
            opened_at=timezone.now(),
        )
        applications.append(application)
    monkeypatch.setattr("verification.selectors.eligible_applications", lambda position: applications)
    url = reverse("scoring:hr_evaluations")
    assert as_(other_hr_officer).post(url, {"position": committee.position.pk}).status_code == 404
    hr = as_(hr_officer)
    hr.post(url, {"position": committee.position.pk, "foreign_language": "English"})
    evaluation = committee.position.evaluation
    assert evaluation.foreign_language == "English" and evaluation.scheme_key == "kqz-professional"
    hr.post(url, {"position": committee.position.pk})
    hr.post(url, {"position": committee.position.pk})  # twice: nobody is admitted twice, no code changes
    assert sorted(evaluation.candidates.values_list("application_id", flat=True)) == [
        a.pk for a in applications
    ]
    # Each keeps the shortlist's name (the review's, R-18.4) for the committee's lists and the results.
    assert sorted(evaluation.candidates.values_list("first_name", "last_name")) == [
        ("Arta", "Krasniqi"),
        ("Besnik", "Berisha"),
    ]
