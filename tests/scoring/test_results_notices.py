"""Issue 13: the candidates' notices of a publication (R-25.4) are written by a task after HR's request, in batches,
idempotent (dedupe keys) and resumable after a worker's death, with the progress on HR's page: a mass notice of the
outbox (notifications.NoticeRun), as the shortlist's (issue 12: one mechanism)."""

import datetime as dt
import importlib
from unittest import mock

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from notifications import services as outbox
from notifications.models import Message, NoticeRun
from notifications.tasks import sweep_outbox
from scoring import services
from scoring.models import EvaluationResult, EvaluationStatus
from scoring.services import notices
from tests.conftest import login_with_second_factor
from tests.scoring.test_results_publication import completed  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def _result(evaluation) -> EvaluationResult:
    return EvaluationResult.objects.get(evaluation=evaluation)


def _run(evaluation, correction: int | None = None) -> NoticeRun:
    return NoticeRun.objects.get(key=notices.results_notices_key(evaluation.pk, correction))


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
    assert evaluation.status == EvaluationStatus.PUBLISHED and _result(evaluation).published_at
    run = _run(evaluation)
    assert (run.source, run.total, run.written, run.done_at) == (notices.RESULTS_NOTICES, 4, 0, None)
    assert _sent() == 0  # nothing written in HR's request
    for callback in callbacks:  # after the commit: the task (eager in the tests)
        callback()
    run.refresh_from_db()
    assert (run.total, run.written) == (4, 4) and run.done_at
    assert _sent() == 4
    keys = set(Message.objects.filter(kind="scoring.result").values_list("dedupe_key", flat=True))
    assert keys == {notices.notice_key(evaluation.pk, c.pk, None) for c in evaluation.candidates.all()}


def test_the_task_run_again_writes_nothing_twice(completed, hr_officer):  # noqa: F811
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    run = _run(evaluation)
    assert outbox.notice_run_write(run_id=run.pk) == 4
    assert outbox.notice_run_write(run_id=run.pk) == 0  # done: nothing to do
    NoticeRun.objects.filter(pk=run.pk).update(done_at=None)  # a redelivered task
    assert outbox.notice_run_write(run_id=run.pk) == 0  # every key used
    run.refresh_from_db()
    assert run.written == 4 and _sent() == 4


def test_a_worker_that_dies_mid_way_leaves_an_exact_count_and_the_next_run_finishes(
    completed,  # noqa: F811
    hr_officer,
):
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    run = _run(evaluation)
    real = outbox.notify_bulk
    calls = []

    def dies_on_the_third_batch(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise SystemExit("the worker died")
        return real(**kwargs)

    with mock.patch.object(outbox, "notify_bulk", dies_on_the_third_batch), pytest.raises(SystemExit):
        outbox.notice_run_write(run_id=run.pk, batch_size=1)
    run.refresh_from_db()
    assert run.written == 2 == _sent() and run.done_at is None  # two batches committed
    assert outbox.notice_run_write(run_id=run.pk, batch_size=1) == 2  # the rest only
    run.refresh_from_db()
    assert run.written == 4 == _sent() and run.done_at
    emails = list(Message.objects.filter(kind="scoring.result").values_list("email", flat=True))
    assert len(set(emails)) == 4  # nobody told twice


def test_the_outbox_sweep_asks_again_for_a_stalled_run_only(completed, hr_officer):  # noqa: F811
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)  # the task never ran (no commit here)
    run = _run(evaluation)
    assert outbox.notice_runs_resume(now=timezone.now()) == 0  # not stalled yet
    later = timezone.now() + dt.timedelta(hours=1)
    assert outbox.notice_runs_resume(now=later) == 1  # eager: written now
    run.refresh_from_db()
    assert run.written == 4 == _sent() and run.done_at
    assert outbox.notice_runs_resume(now=later) == 0  # done: never asked again


@override_settings(MASS_NOTICES_STALL_SECONDS=0)
def test_the_outbox_sweep_beat_covers_the_results_notices_without_a_beat_of_their_own(
    completed,  # noqa: F811
    hr_officer,
    settings,
):
    assert not any("results_notices" in entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values())
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)  # the task never ran (no commit here)
    sweep_outbox.apply()  # the outbox's beat
    run = _run(evaluation)
    assert run.written == 4 == _sent() and run.done_at


def test_a_task_of_an_older_round_stops_when_a_correction_replaced_it(completed, hr_officer):  # noqa: F811
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    first = _run(evaluation)
    batches = []

    class ACorrectionCommitsAfterTheFirstBatch:  # the task's transactions, one a batch
        def __getattr__(self, name):
            return getattr(transaction, name)

        def atomic(self, *args, **kwargs):
            batches.append(1)
            if len(batches) == 2:  # as exclusion_apply's correction does, between two batches
                notices.notices_start(_result(evaluation), total=4, correction=1)
            return transaction.atomic(*args, **kwargs)

    with mock.patch.object(outbox, "transaction", ACorrectionCommitsAfterTheFirstBatch()):
        assert outbox.notice_run_write(run_id=first.pk, batch_size=1) == 1  # stopped at its next batch
    first.refresh_from_db()
    assert first.written == 1 == _sent() and first.done_at  # retired where it stood
    assert outbox.notice_run_write(run_id=first.pk) == 0
    later = timezone.now() + dt.timedelta(hours=1)
    assert outbox.notice_runs_resume(now=later) == 1  # the correction's run only
    correction = _run(evaluation, 1)
    assert (correction.total, correction.written) == (4, 4) and correction.done_at
    keys = list(Message.objects.filter(kind="scoring.result").values_list("dedupe_key", flat=True))
    assert len(keys) == 5 and sum(1 for key in keys if key.endswith(":c1")) == 4


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
    outbox.notice_run_write(run_id=_run(evaluation).pk, batch_size=3)
    page = hr.get(url).content.decode()
    assert "Notices written: 4 of 4." in page and 'http-equiv="refresh"' not in page
    assert "All written on" in page


def test_hr_sees_the_progress_of_the_correction_once_the_publication_was_corrected(
    completed,  # noqa: F811
    hr_officer,
    english,
):
    evaluation, _entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    outbox.notice_run_write(run_id=_run(evaluation).pk)
    stored = _result(evaluation)
    stored.corrections = [{"article": "R-9.3", "published": True}]  # what exclusion_apply records
    stored.save(update_fields=["corrections"])
    notices.notices_start(stored, total=3, correction=1)
    page = login_with_second_factor(Client(), hr_officer).get(
        reverse("scoring:ranking", args=[evaluation.pk])
    )
    assert "Notices written: 0 of 3." in page.content.decode()


MIGRATION = importlib.import_module("scoring.migrations.0010_results_notices_to_notice_run")


@pytest.mark.django_db(transaction=True)
def test_a_run_in_progress_at_the_deploy_becomes_a_notice_run_the_sweep_finishes(
    completed,  # noqa: F811
    hr_officer,
):
    """The migration that removed EvaluationResult's own progress fields: a round whose notices were not all
    written carries over as a run with its count, and the sweep writes only what is missing."""
    evaluation, _entrants = completed
    with mock.patch.object(outbox, "notice_run_enqueue"):  # no worker at the commit
        services.results_publish(evaluation=evaluation, actor=hr_officer)
    real = outbox.notify_bulk
    calls = []

    def dies_on_the_third_batch(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise SystemExit("the worker died")
        return real(**kwargs)

    with mock.patch.object(outbox, "notify_bulk", dies_on_the_third_batch), pytest.raises(SystemExit):
        outbox.notice_run_write(run_id=_run(evaluation).pk, batch_size=1)
    assert _sent() == 2
    before = [dep for dep in MIGRATION.Migration.dependencies if dep[0] == "scoring"]
    executor = MigrationExecutor(connection)
    executor.migrate(before)  # the fields back, filled from the run (the migration's reverse)
    NoticeRun.objects.all().delete()  # before the deploy there was no run
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT notices_round, notices_total, notices_written, notices_done_at FROM scoring_evaluationresult "
            "WHERE evaluation_id = %s",
            [evaluation.pk],
        )
        assert cursor.fetchone() == (0, 4, 2, None)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    run = _run(evaluation)
    assert (run.source, run.args, run.total, run.written, run.done_at) == (
        notices.RESULTS_NOTICES,
        {"evaluation": evaluation.pk, "correction": None},
        4,
        2,
        None,
    )
    assert outbox.notice_runs_resume(now=timezone.now() + dt.timedelta(hours=1)) == 1  # eager: written now
    run.refresh_from_db()
    assert run.written == 4 == _sent() and run.done_at
    assert Message.objects.filter(kind="scoring.result").values("email").distinct().count() == 4
