"""Absent candidates (R-22, R-23, R-25.1, R-25.4): the chair records an absence from the interview, the evaluation
completes without the absent candidate's sheets, the absent are not ranked, and their notice says why. The notice
counts only the ranked in "rank x of N" and shows the threshold as written (">= 70", never "&gt;= 70")."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import Event
from notifications.models import Message
from recruitment.permissions import NotAllowed
from scoring import services
from scoring.results import compute_results
from tests.helpers.auth import login_with_second_factor
from tests.scoring.results_helpers import approve_act, candidate, submit_sheets, written_and_interviews

pytestmark = pytest.mark.django_db

NAMES = ("Ana Gashi", "Besa Hoxha", "Dea Krasniqi", "Era Morina")


@pytest.fixture
def interviews(evaluation, chair):
    """Ana, Besa and Dea at the interview; Era did not sit the written test (no result)."""
    entrants = {name: candidate(evaluation, name) for name in NAMES}
    written_and_interviews(
        evaluation,
        chair,
        {
            entrants["Ana Gashi"]: "60",
            entrants["Besa Hoxha"]: "45",
            entrants["Dea Krasniqi"]: "50",
            entrants["Era Morina"]: None,
        },
    )
    return evaluation, entrants


def row_of(evaluation, entrant):
    return next(row for row in compute_results(evaluation) if row.candidate_id == entrant.pk)


def body_of(entrant) -> str:
    return Message.objects.get(kind="scoring.result", email=entrant.application.applicant.email).body


def test_r23_the_chair_records_an_absence_and_the_evaluation_completes_without_the_absent_s_sheets(
    interviews, members, chair, hr_officer
):
    evaluation, entrants = interviews
    dea = entrants["Dea Krasniqi"]
    with pytest.raises(NotAllowed):  # a member who is not the chair may not
        services.interview_absence_record(candidate=dea, actor=members[1])
    services.interview_absence_record(candidate=dea, actor=chair)
    services.interview_absence_record(candidate=dea, actor=chair)  # a second click changes nothing
    assert Event.objects.filter(action="scoring.interview_absence_recorded").count() == 1
    with pytest.raises(services.EvaluationError):
        submit_sheets(evaluation, members, dea, ["20"] * 5)
    submit_sheets(evaluation, members, entrants["Ana Gashi"], ["25"] * 5)
    submit_sheets(evaluation, members, entrants["Besa Hoxha"], ["25"] * 5)
    services.evaluation_complete(evaluation=evaluation, actor=chair)  # not "10 of 15 sheets"
    row = row_of(evaluation, dea)
    assert row.absent == "interview" and row.rank is None and not row.qualified and row.total is None


def test_r23_an_absence_is_refused_once_a_member_marked_the_candidate(interviews, members, chair):
    evaluation, entrants = interviews
    submit_sheets(evaluation, members[:1], entrants["Ana Gashi"], ["25"])
    with pytest.raises(services.EvaluationError, match="R-23.7"):
        services.interview_absence_record(candidate=entrants["Ana Gashi"], actor=chair)


def test_r23_the_chair_records_the_absence_from_the_evaluation_page(interviews, chair, english):
    evaluation, entrants = interviews
    client = login_with_second_factor(Client(), chair)
    page = client.get(reverse("scoring:evaluation", args=[evaluation.pk])).content.decode()
    url = reverse("scoring:interview_absence", args=[evaluation.pk, entrants["Dea Krasniqi"].pk])
    assert url in page
    confirmation = client.get(url).content.decode()  # a page saying what will happen, first
    assert "Dea Krasniqi" in confirmation and entrants["Dea Krasniqi"].absent_from_interview_at is None
    client.post(url, {"confirm": "1"})
    client.post(url, {"confirm": "1"})  # a double click: already recorded, nothing more
    page = client.get(reverse("scoring:evaluation", args=[evaluation.pk])).content.decode()
    assert "absent from the interview" in page
    entrants["Dea Krasniqi"].refresh_from_db()
    assert entrants["Dea Krasniqi"].absent_from_interview_at is not None


def test_r25_4_the_absent_are_told_they_are_not_ranked_and_why_and_n_counts_the_ranked_only(
    interviews, members, chair, hr_officer, english, django_capture_on_commit_callbacks
):
    evaluation, entrants = interviews
    services.interview_absence_record(candidate=entrants["Dea Krasniqi"], actor=chair)
    submit_sheets(evaluation, members, entrants["Ana Gashi"], ["25"] * 5)
    submit_sheets(evaluation, members, entrants["Besa Hoxha"], ["20"] * 5)
    services.evaluation_complete(evaluation=evaluation, actor=chair)
    approve_act(evaluation)  # the committee approves its act
    with django_capture_on_commit_callbacks(execute=True):  # the notices' task (issue 13), eager
        services.results_publish(evaluation=evaluation, actor=hr_officer)
    era, dea, besa = entrants["Era Morina"], entrants["Dea Krasniqi"], entrants["Besa Hoxha"]
    assert row_of(evaluation, era).absent == "written" and row_of(evaluation, era).rank is None
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(Message.objects.filter(kind="scoring.result").first().language):
        written_absent = gettext("You are not ranked: you did not sit the written test.")
        interview_absent = gettext("You are not ranked: you did not come to the interview.")
        written_line = f"- {gettext('Written test')}: {gettext('absent')}"  # not "not reached"
        rank_text = gettext("Your rank: %(rank)s of %(n)s candidates.") % {"rank": 2, "n": 2}
    assert written_absent in body_of(era) and written_line in body_of(era)
    assert interview_absent in body_of(dea)
    assert rank_text in body_of(besa)  # two ranked candidates, not four


def test_r25_4_the_plain_text_notice_shows_the_threshold_unescaped(
    interviews, members, chair, hr_officer, django_capture_on_commit_callbacks
):
    evaluation, entrants = interviews
    for name in ("Ana Gashi", "Besa Hoxha", "Dea Krasniqi"):
        submit_sheets(evaluation, members, entrants[name], ["10"] * 5)
    services.evaluation_complete(evaluation=evaluation, actor=chair)
    approve_act(evaluation)  # the committee approves its act
    with django_capture_on_commit_callbacks(execute=True):  # the notices' task (issue 13), eager
        services.results_publish(evaluation=evaluation, actor=hr_officer)
    body = body_of(entrants["Besa Hoxha"])  # 45 + 10 = 55: not qualified, the threshold is quoted
    assert ">= 70" in body and "&gt;" not in body
