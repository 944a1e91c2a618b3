"""R-25.4, issue 13: the candidates' notices of a publication of results (and of its correction, R-9.3) are
written by a worker, not in HR's request. The publication (the state change, its audit event, the public
pages, the candidates' history) commits in HR's request with the number of notices to write; then a task
writes them in batches, each batch and its count in one transaction, so HR's page shows "written: n of N" and
a worker that dies leaves an exact count. Running the task again (a redelivery after a worker's death, the
resume beat, a second worker) writes nothing twice: each notice has its dedupe key, and a key already used is
skipped before anything is rendered. The outbox delivers the messages as it does any other (after each batch's
commit, or the sweep)."""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from notifications.services import notify_bulk, publish_options

from .. import results
from ..models import Evaluation, EvaluationResult

log = logging.getLogger(__name__)

KIND, TEMPLATE = "scoring.result", "scoring_result"


def applicant_email(application) -> str:
    profile = getattr(application.applicant, "applicant_profile", None)
    return (profile.email if profile and profile.email else "") or application.applicant.email


def notice_key(evaluation_id: int, candidate_id: int, correction: int | None) -> str:
    return f"scoring-result:{evaluation_id}:{candidate_id}" + (f":c{correction}" if correction else "")


def notices_start(stored: EvaluationResult, *, total: int, correction: int | None, now: dt.datetime) -> None:
    """In the publication's (or correction's) transaction, with ``stored`` locked: ``total`` notices are to be
    written, by a task asked for after the commit. A new round (a correction) retires an older one's task."""
    stored.notices_round = correction or 0
    stored.notices_total = total
    stored.notices_written = 0
    stored.notices_progress_at = now
    stored.notices_done_at = now if total == 0 else None
    stored.save(
        update_fields=[
            "notices_round",
            "notices_total",
            "notices_written",
            "notices_progress_at",
            "notices_done_at",
        ]
    )
    if total:
        result_id, round_ = stored.pk, stored.notices_round
        transaction.on_commit(lambda: notices_enqueue(result_id, round_))


def notices_enqueue(result_id: int, round_: int) -> None:
    """Ask a worker for the notices; a broker that is down or slow does not hold HR's page (the resume beat
    asks again: results_notices_resume)."""
    from ..tasks import results_notices_write_task  # cycle: scoring.tasks imports this module

    try:
        if results_notices_write_task.app.conf.task_always_eager:  # the tests, the demo without a broker
            results_notices_write_task.apply_async((result_id, round_))
            return
        with results_notices_write_task.app.connection_for_write(**publish_options()) as connection:
            results_notices_write_task.apply_async((result_id, round_), connection=connection, retry=False)
    except Exception:
        if results_notices_write_task.app.conf.task_always_eager:
            raise
        log.warning("Could not enqueue the notices of results %s; the resume beat will.", result_id)


def _notice_items(evaluation: Evaluation, correction: int | None) -> list[dict]:
    """The notices of one publication round, in the candidates' order: every candidate of the evaluation phase
    who was not excluded and has an address (the same list the publication counted)."""
    rows = {row.candidate_id: row for row in results.compute_results(evaluation)}
    ranked = sum(1 for row in rows.values() if row.rank is not None)
    scheme = evaluation.scheme
    candidates = evaluation.candidates.select_related("application__applicant__applicant_profile").order_by(
        "pk"
    )
    items = []
    for candidate in candidates:
        row = rows[candidate.pk]
        if row.excluded:
            continue
        application = candidate.application
        email = applicant_email(application)
        if not email:
            continue
        context: dict[str, Any] = {
            "position": evaluation.position,
            "row": row,
            "steps": [
                {
                    "label": step.label,
                    "points": results.format_optional(row.step_score(step.key)),
                    "maximum": step.maximum,
                    "key": step.key,
                }
                for step in scheme.steps
            ],
            "total": results.format_optional(row.total),
            "candidates": ranked,
            "scheme": scheme,
            "threshold": scheme.final_threshold,
            "comparison": scheme.final_comparison,
            "evaluation": evaluation,
            "correction": correction,
        }
        items.append(
            {
                "recipient": application.applicant,
                "email": email,
                "language": application.language or "sq",
                "dedupe_key": notice_key(evaluation.pk, candidate.pk, correction),
                "context": context,
            }
        )
    return items


def results_notices_write(*, result_id: int, round_: int, batch_size: int | None = None) -> int:
    """The task's body: write the notices of ``round_`` of these results that are not written yet, a batch per
    transaction (the messages, then the count beside them, under the results' row lock). Returns how many this
    call wrote. Stops when a newer round (a correction) replaced this one."""
    batch_size = batch_size or settings.RESULTS_NOTICES_BATCH
    stored = (
        EvaluationResult.objects.select_related("evaluation__position__announcement__institution")
        .filter(pk=result_id, notices_round=round_, notices_total__isnull=False, notices_done_at__isnull=True)
        .first()
    )
    if stored is None:
        return 0
    items = _notice_items(stored.evaluation, round_ or None)
    written = 0
    for start in range(0, len(items), batch_size):
        with transaction.atomic():
            current = EvaluationResult.objects.select_for_update().filter(pk=result_id, notices_round=round_)
            if not current.exists():
                return written  # a correction took over: its own task tells everyone again
            count = notify_bulk(kind=KIND, template=TEMPLATE, items=items[start : start + batch_size])
            if count:
                current.update(
                    notices_written=F("notices_written") + count, notices_progress_at=timezone.now()
                )
            written += count
    EvaluationResult.objects.filter(pk=result_id, notices_round=round_, notices_done_at__isnull=True).update(
        notices_done_at=timezone.now(), notices_progress_at=timezone.now()
    )
    return written


def results_notices_resume(*, now: dt.datetime | None = None) -> int:
    """The beat's safety net: a round whose task has not progressed for RESULTS_NOTICES_STALL_SECONDS (its
    worker died and the broker has not redelivered it yet, or it was never enqueued because the broker was
    down) is asked for again. Returns how many were."""
    now = now or timezone.now()
    stalled = EvaluationResult.objects.filter(
        notices_total__isnull=False,
        notices_done_at__isnull=True,
        notices_progress_at__lt=now - dt.timedelta(seconds=settings.RESULTS_NOTICES_STALL_SECONDS),
    ).values_list("pk", "notices_round")
    count = 0
    for result_id, round_ in stalled:
        notices_enqueue(result_id, round_)
        count += 1
    return count
