"""F1 item 13: "a structured interview of 60 points" where "every question has a set number of points": the chair
gives each question its points on the interview's page (they add up to 60), the evaluation's scheme snapshot
takes them in the same transaction as the questions, and the sheets check every mark against its own question.
Where the regulation fixes the questions (R-22.5, R-23.5: 5 × 8, 5 × 6) no points are asked and none are taken."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from audit.models import Event
from scoring import schemes, score_import, services
from scoring.models import EvaluationStatus, InterviewQuestion
from tests.factories import UserFactory
from tests.helpers.auth import login_with_second_factor
from tests.helpers.scoring import sealed
from tests.scoring.results_helpers import QUESTIONS, candidate, f1_evaluation, submit_sheets

pytestmark = pytest.mark.django_db

NOTES = {str(n): "Arsyetim." for n in range(1, 6)}


@pytest.fixture
def users(db):
    return [UserFactory(username=f"f1-member-{i}@example.org") for i in range(3)]


@pytest.fixture
def f1(institution, hr_officer, users):
    """An F1 evaluation whose documents are all marked: the chair may now set the interview."""
    evaluation = f1_evaluation(institution, hr_officer, users)
    entrant = candidate(evaluation, "Ana Gashi")
    services.documents_open(evaluation=evaluation, actor=users[0])
    evaluation.refresh_from_db()
    submit_sheets(evaluation, users, entrant, [30, 30, 30], step="documents")
    return evaluation, entrant


def setup_post(points) -> dict:
    data = {}
    for n, (text, _flag) in enumerate(QUESTIONS, start=1):
        data[f"text_{n}"] = text
        if points is not None:
            data[f"points_{n}"] = str(points[n - 1])
    return data


def test_f1_s_preset_lets_the_committee_set_the_points_and_kqz_s_does_not():
    assert not schemes.F1.step("interview").questions.fixed
    assert schemes.F1.step("interview").questions.maxima == (Decimal(12),) * 5  # the default, 5 × 12
    for preset in (schemes.KQZ_PROFESSIONAL, schemes.KQZ_SPECIALIST, schemes.KQZ_MANAGEMENT):
        assert preset.step("interview").questions.fixed


def test_f1_the_chair_s_points_are_frozen_and_each_mark_checked_against_its_question(f1, users, english):
    evaluation, entrant = f1
    client = login_with_second_factor(Client(), users[0])
    url = reverse("scoring:interview_setup", args=[evaluation.pk])
    assert 'name="points_1"' in client.get(url).content.decode()
    response = client.post(url, setup_post([10, 10, 10, 15, 15]))
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.INTERVIEWS
    maxima = (Decimal(10), Decimal(10), Decimal(10), Decimal(15), Decimal(15))
    assert evaluation.scheme.step("interview").questions.maxima == maxima
    assert (
        tuple(
            InterviewQuestion.objects.filter(evaluation=evaluation)
            .order_by("number")
            .values_list("maximum", flat=True)
        )
        == maxima
    )
    event = Event.objects.get(action="scoring.interview_opened")
    assert event.data["maxima"] == ["10", "10", "10", "15", "15"]

    marks = {"1": "11", "2": "10", "3": "10", "4": "15", "5": "14"}
    with pytest.raises(services.EvaluationError) as refused:
        services.sheet_save(candidate=entrant, actor=users[1], marks=marks, justifications=NOTES, submit=True)
    assert len(refused.value.messages) == 1 and refused.value.messages[0].startswith("Question 1:")
    sheet = services.sheet_save(
        candidate=entrant,
        actor=users[1],
        marks={**marks, "1": "10", "4": "15"},
        justifications=NOTES,
        submit=True,
    )
    assert sheet.total == 59  # 15 on question 4 is within its own 15 points, not the default 12


def test_f1_points_not_adding_up_to_60_are_refused_and_nothing_changes(f1, users, english):
    evaluation, _entrant = f1
    before = evaluation.scheme_data
    client = login_with_second_factor(Client(), users[0])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the page in the language of the words compared
    response = client.post(reverse("scoring:interview_setup", args=[evaluation.pk]), setup_post([10] * 5))
    assert response.status_code == 200 and response["Content-Language"] == "en"
    errors = response.context["form"].non_field_errors()
    assert any("add up to 50" in error and "60" in error for error in errors)
    evaluation.refresh_from_db()
    assert evaluation.scheme_data == before and evaluation.status == EvaluationStatus.DOCUMENTS
    assert not InterviewQuestion.objects.filter(evaluation=evaluation).exists()
    assert not Event.objects.filter(action="scoring.interview_opened").exists()


def test_f1_without_points_the_default_5_x_12_stays(f1, users):
    evaluation, _entrant = f1
    services.interview_open(evaluation=evaluation, questions=QUESTIONS, actor=users[0])
    evaluation.refresh_from_db()
    assert evaluation.scheme.step("interview").questions.maxima == (Decimal(12),) * 5
    assert "maxima" not in Event.objects.get(action="scoring.interview_opened").data


@pytest.fixture
def kqz_locked(evaluation, candidates, chair):
    sealed(evaluation, chair)
    lines = "".join(f"{c.code},50\n" for c in candidates)
    score_import.scores_import(evaluation=evaluation, data=f"code,score\n{lines}".encode(), actor=chair)
    services.written_lock(evaluation=evaluation, actor=chair)
    evaluation.refresh_from_db()
    return evaluation


def test_kqz_the_service_refuses_points_for_questions_the_regulation_fixes(kqz_locked, chair, english):
    with pytest.raises(services.EvaluationError, match=r"R-22\.5, R-23\.5"):
        services.interview_open(evaluation=kqz_locked, questions=QUESTIONS, actor=chair, maxima=[6] * 5)
    kqz_locked.refresh_from_db()
    assert kqz_locked.status == EvaluationStatus.WRITTEN_LOCKED


def test_kqz_the_page_asks_no_points_and_ignores_any_sent(kqz_locked, chair):
    client = login_with_second_factor(Client(), chair)
    url = reverse("scoring:interview_setup", args=[kqz_locked.pk])
    assert 'name="points_1"' not in client.get(url).content.decode()
    assert client.post(url, setup_post([2, 2, 2, 12, 12])).status_code == 302
    kqz_locked.refresh_from_db()
    assert kqz_locked.scheme.step("interview").questions.maxima == (Decimal(6),) * 5
    assert set(InterviewQuestion.objects.filter(evaluation=kqz_locked).values_list("maximum", flat=True)) == {
        Decimal(6)
    }
