"""R-25.4, issue 13: the candidates' notices of a publication of results (and of its correction, R-9.3) are
written by a worker, not in HR's request: a mass notice of the outbox (notifications.NoticeRun, as the
shortlist's and the extension's). The publication (the state change, its audit event, the public pages, the
candidates' history) commits in HR's request with the run and the number of notices to write; the task
(notifications.tasks.write_notice_run) asks ``results_notice_items`` (registered in scoring's AppConfig.ready)
for the notices and writes them in batches, each with the run's count, so HR's page shows "written: n of N".
Running it again (a redelivery, the outbox's sweep, a second worker) writes nothing twice: each notice has
its dedupe key, the correction's round in it."""

from typing import Any

from notifications.services import notice_run_progress, notice_run_start, notice_runs_retire

from .. import results
from ..models import Evaluation, EvaluationResult

KIND, TEMPLATE = "scoring.result", "scoring_result"
RESULTS_NOTICES = "scoring.results"  # the notices' source (notifications.register_notice_source)


def applicant_email(application) -> str:
    profile = getattr(application.applicant, "applicant_profile", None)
    return (profile.email if profile and profile.email else "") or application.applicant.email


def notice_key(evaluation_id: int, candidate_id: int, correction: int | None) -> str:
    return f"scoring-result:{evaluation_id}:{candidate_id}" + (f":c{correction}" if correction else "")


def results_notices_key(evaluation_id: int, correction: int | None) -> str:
    """The mass notice of a publication (or of its correction ``correction``, R-9.3): the run's key."""
    return f"scoring-results:{evaluation_id}" + (f":c{correction}" if correction else "")


def notices_round(stored: EvaluationResult) -> int | None:
    """The round of the latest notices: the number of the last correction that corrected the publication
    (R-9.3: exclusion_apply tells every candidate again with ``len(corrections)``), else None (the
    publication)."""
    rounds = [n for n, c in enumerate(stored.corrections, start=1) if c.get("published")]
    return rounds[-1] if rounds else None


def notices_start(stored: EvaluationResult, *, total: int, correction: int | None) -> None:
    """In the publication's (or correction's) transaction, with ``stored`` locked: ``total`` notices are to be
    written, by a task asked for after the commit. A correction retires the runs of the earlier rounds that
    are not done: their task stops at its next batch (their notices are outdated; this round tells everyone
    again), and the sweep does not ask for them again."""
    evaluation_id = stored.evaluation_id
    if correction:
        notice_runs_retire(
            keys=[results_notices_key(evaluation_id, n or None) for n in range(correction)],
        )
    notice_run_start(
        key=results_notices_key(evaluation_id, correction),
        source=RESULTS_NOTICES,
        args={"evaluation": evaluation_id, "correction": correction},
        total=total,
    )  # its progress is timed by the clock (``now`` may be a scheduled time, which would look stalled)


def results_notices_progress(evaluation: Evaluation):
    """What HR's results page shows: the run of the latest notices (notifications.NoticeRun), or None."""
    stored = evaluation.result
    if stored.published_at is None:
        return None
    return notice_run_progress(results_notices_key(evaluation.pk, notices_round(stored)))


def results_notice_items(args: dict) -> list[dict]:
    """The notices of one publication round (notifications.register_notice_source), in the candidates' order:
    every candidate of the evaluation phase who was not excluded and has an address (the same list the
    publication counted)."""
    evaluation = Evaluation.objects.select_related("position__announcement__institution", "result").get(
        pk=args["evaluation"]
    )
    correction = args.get("correction") or None
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
                "kind": KIND,
                "template": TEMPLATE,
                "recipient": application.applicant,
                "email": email,
                "language": application.language or "sq",
                "dedupe_key": notice_key(evaluation.pk, candidate.pk, correction),
                "context": context,
            }
        )
    return items
