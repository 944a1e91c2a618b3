"""R-20.5/R-21.5 "një ditë përpara" (the questions drafted one day before the written test) and R-22.4/R-23.4 (the
interview's questions prepared on the day of the interview), decided to the letter and enforced on every path into
the evaluation: the electronic sitting, the results imported by code, and the members' interview sheets."""

import datetime as dt

import pytest
from django.utils import timezone

from scoring import score_import, services
from scoring.models import Evaluation
from tests.helpers.scoring import sealed
from tests.scoring.results_helpers import QUESTIONS, candidate, submit_sheets, written_and_interviews

pytestmark = pytest.mark.django_db


def sealed_days_ago(evaluation, days):
    Evaluation.objects.filter(pk=evaluation.pk).update(sealed_at=timezone.now() - dt.timedelta(days=days))
    evaluation.refresh_from_db()


def test_r20_5_a_test_sealed_two_days_before_does_not_open_its_sitting(evaluation, chair):
    sealed(evaluation, chair)
    sealed_days_ago(evaluation, 2)
    with pytest.raises(services.EvaluationError, match="R-20.5"):
        services.sitting_open(evaluation=evaluation, minutes=60, actor=chair)


def test_r20_5_results_imported_by_code_on_the_day_of_the_seal_are_refused(evaluation, chair):
    entrant = candidate(evaluation, "Ana Gashi")
    sealed(evaluation, chair)
    sealed_days_ago(evaluation, 0)
    with pytest.raises(score_import.ImportRefused, match="R-20.5"):
        score_import.scores_import(
            evaluation=evaluation, data=f"code,score\n{entrant.code},50\n".encode(), actor=chair
        )


def test_r20_5_results_of_a_test_sat_the_day_after_the_seal_are_imported_later_with_that_day(
    evaluation, chair
):
    entrant = candidate(evaluation, "Ana Gashi")
    sealed(evaluation, chair)
    sealed_days_ago(evaluation, 3)
    sat_on = timezone.localdate(
        evaluation.sealed_at, evaluation.position.announcement.institution.tzinfo
    ) + dt.timedelta(days=1)
    assert (
        score_import.scores_import(
            evaluation=evaluation,
            data=f"code,score\n{entrant.code},50\n".encode(),
            actor=chair,
            sat_on=sat_on,
        ).written
        == 1
    )


def test_r23_4_interview_sheets_are_submitted_on_the_day_its_questions_were_prepared(
    evaluation, chair, members
):
    entrant = candidate(evaluation, "Ana Gashi")
    written_and_interviews(evaluation, chair, {entrant: "50"})
    Evaluation.objects.filter(pk=evaluation.pk).update(
        interview_on=timezone.localdate() - dt.timedelta(days=1)
    )
    evaluation.refresh_from_db()
    with pytest.raises(services.EvaluationError, match="R-23.4"):
        submit_sheets(evaluation, members[:1], entrant, ["25"])


def test_r23_4_the_interview_day_is_the_day_the_chair_sets_its_questions(evaluation, chair):
    entrant = candidate(evaluation, "Ana Gashi")
    sealed(evaluation, chair)
    score_import.scores_import(
        evaluation=evaluation, data=f"code,score\n{entrant.code},50\n".encode(), actor=chair
    )
    services.written_lock(evaluation=evaluation, actor=chair)
    services.interview_open(evaluation=evaluation, questions=QUESTIONS, actor=chair)
    evaluation.refresh_from_db()
    assert evaluation.interview_on == timezone.localdate(
        timezone.now(), evaluation.position.announcement.institution.tzinfo
    )


def test_r20_5_hr_s_bulk_import_refuses_written_totals_of_a_test_sealed_today(evaluation, chair):
    entrant = candidate(evaluation, "Ana Gashi")
    sealed(evaluation, chair)
    sealed_days_ago(evaluation, 0)
    data = f"application,step,member,question,points\n{entrant.application_id},written,,,50\n"
    with pytest.raises(score_import.ImportRefused, match="R-20.5"):
        score_import.scores_import(evaluation=evaluation, data=data)
