"""Issue 13: the candidates' notices of a publication (R-25.4) are written by a task after HR's request, in batches,
idempotent (dedupe keys) and resumable after a worker's death, with the progress on HR's page."""

import datetime as dt
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Message
from scoring import services
from scoring.models import EvaluationResult, EvaluationStatus
from scoring.services import notices
from tests.conftest import login_with_second_factor
from tests.scoring.test_results_publication import completed  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _result(evaluation) -> EvaluationResult:
    return EvaluationResult.objects.get(evaluation=evaluation)


def _sent() -> int:
    return Message.objects.filter(kind="scoring.result").count()


def test_the_publication_commits_without_the_notices_and_the_task_writes_them(
    completed,  # noqa: F811
    hr_officer,
    django_capture_on_commit_callbacks,
):
    evaluation, _entrants = completed
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.results_publish(evaluation=evaluation, actor=hr_officer)
    evaluation.refresh_from_db()
    stored = _result(evaluation)
    assert evaluation.status == EvaluationStatus.PUBLISHED and stored.published_at
    assert (stored.notices_total, stored.notices_written, stored.notices_done_at) == (4, 0, None)
    assert _sent() == 0  # nothing written in HR's request
    for callback in callbacks:  # after the commit: the task (eager in the tests)
        callback()
    stored.refresh_from_db()
    assert (stored.notices_total, stored.notices_written) == (4, 4) and stored.notices_done_at
    assert _sent() == 4


def test_the_task_run_again_writes_nothing_twice(completed, hr_officer):  # noqa: F811
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    stored = _result(evaluation)
    assert notices.results_notices_write(result_id=stored.pk, round_=0) == 4
    assert notices.results_notices_write(result_id=stored.pk, round_=0) == 0  # done: nothing to do
    EvaluationResult.objects.filter(pk=stored.pk).update(notices_done_at=None)  # a redelivered task
    assert notices.results_notices_write(result_id=stored.pk, round_=0) == 0  # every key used
    stored.refresh_from_db()
    assert stored.notices_written == 4 and _sent() == 4


def test_a_worker_that_dies_mid_way_leaves_an_exact_count_and_the_next_run_finishes(
    completed,  # noqa: F811
    hr_officer,
):
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    stored = _result(evaluation)
    real = notices.notify_bulk
    calls = []

    def dies_on_the_third_batch(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise SystemExit("the worker died")
        return real(**kwargs)

    with mock.patch.object(notices, "notify_bulk", dies_on_the_third_batch), pytest.raises(SystemExit):
        notices.results_notices_write(result_id=stored.pk, round_=0, batch_size=1)
    stored.refresh_from_db()
    assert stored.notices_written == 2 == _sent() and stored.notices_done_at is None  # two batches committed
    assert notices.results_notices_write(result_id=stored.pk, round_=0, batch_size=1) == 2  # the rest only
    stored.refresh_from_db()
    assert stored.notices_written == 4 == _sent() and stored.notices_done_at
    emails = list(Message.objects.filter(kind="scoring.result").values_list("email", flat=True))
    assert len(set(emails)) == 4  # nobody told twice


def test_the_resume_beat_asks_again_for_a_stalled_round_only(completed, hr_officer):  # noqa: F811
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)  # the task never ran (no commit here)
    stored = _result(evaluation)
    assert notices.results_notices_resume(now=timezone.now()) == 0  # not stalled yet
    later = timezone.now() + dt.timedelta(hours=1)
    assert notices.results_notices_resume(now=later) == 1  # eager: written now
    stored.refresh_from_db()
    assert stored.notices_written == 4 == _sent() and stored.notices_done_at
    assert notices.results_notices_resume(now=later) == 0  # done: never asked again


def test_a_task_of_an_older_round_stops_when_a_correction_replaced_it(completed, hr_officer):  # noqa: F811
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    stored = _result(evaluation)
    EvaluationResult.objects.filter(pk=stored.pk).update(
        notices_round=1
    )  # as exclusion_apply's correction does
    assert notices.results_notices_write(result_id=stored.pk, round_=0) == 0
    assert _sent() == 0


def test_hr_sees_the_progress_and_the_page_refreshes_until_all_are_written(
    completed,  # noqa: F811
    hr_officer,
    english,
):
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    hr = login_with_second_factor(Client(), hr_officer)
    url = reverse("scoring:ranking", args=[evaluation.pk])
    page = hr.get(url).content.decode()
    assert "Notices written: 0 of 4." in page and 'http-equiv="refresh"' in page
    notices.results_notices_write(result_id=_result(evaluation).pk, round_=0, batch_size=3)
    page = hr.get(url).content.decode()
    assert "Notices written: 4 of 4." in page and 'http-equiv="refresh"' not in page
