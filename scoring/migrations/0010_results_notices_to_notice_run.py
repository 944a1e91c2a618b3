"""Issue 12/13: the results' notices (R-25.4, R-9.3) are a mass notice of the outbox (notifications.NoticeRun)
like the shortlist's; EvaluationResult's own progress fields go. Every round of notices started before (its
``notices_total`` set) becomes a run with the same key the code now uses, total, count and times: one not done
(a run in progress at the deploy: its worker's task, scoring.tasks.results_notices_write_task, no longer
exists) is asked for again by the outbox's sweep once MASS_NOTICES_STALL_SECONDS passed since its last
progress, and writes only what is missing (each notice's dedupe key is unchanged); one done keeps showing "All
written on ..." on HR's results page."""

from django.db import migrations
from django.utils import timezone

SOURCE = "scoring.results"  # scoring.services.notices.RESULTS_NOTICES


def _key(evaluation_id, correction):  # scoring.services.notices.results_notices_key
    return f"scoring-results:{evaluation_id}" + (f":c{correction}" if correction else "")


def to_notice_runs(apps, schema_editor):
    EvaluationResult = apps.get_model("scoring", "EvaluationResult")
    NoticeRun = apps.get_model("notifications", "NoticeRun")
    now = timezone.now()
    runs = []
    for stored in EvaluationResult.objects.filter(notices_total__isnull=False).only(
        "evaluation_id",
        "notices_round",
        "notices_total",
        "notices_written",
        "notices_progress_at",
        "notices_done_at",
    ):
        correction = stored.notices_round or None
        progress_at = stored.notices_progress_at or stored.notices_done_at or now
        runs.append(
            NoticeRun(
                key=_key(stored.evaluation_id, correction),
                source=SOURCE,
                args={"evaluation": stored.evaluation_id, "correction": correction},
                total=stored.notices_total,
                written=stored.notices_written,
                created_at=progress_at,
                progress_at=progress_at,
                done_at=stored.notices_done_at,
            )
        )
    NoticeRun.objects.bulk_create(runs, batch_size=1000, ignore_conflicts=True)


def from_notice_runs(apps, schema_editor):
    """Back: each result's latest run (a correction's after the publication's) into its fields."""
    EvaluationResult = apps.get_model("scoring", "EvaluationResult")
    NoticeRun = apps.get_model("notifications", "NoticeRun")
    for run in NoticeRun.objects.filter(source=SOURCE).order_by("created_at", "pk"):
        EvaluationResult.objects.filter(evaluation_id=run.args["evaluation"]).update(
            notices_round=run.args.get("correction") or 0,
            notices_total=run.total,
            notices_written=run.written,
            notices_progress_at=run.progress_at,
            notices_done_at=run.done_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0006_notice_run"),
        ("scoring", "0009_result_entry_rows_issue13"),
    ]

    operations = [
        migrations.RunPython(to_notice_runs, from_notice_runs),
        migrations.RemoveField(model_name="evaluationresult", name="notices_done_at"),
        migrations.RemoveField(model_name="evaluationresult", name="notices_progress_at"),
        migrations.RemoveField(model_name="evaluationresult", name="notices_round"),
        migrations.RemoveField(model_name="evaluationresult", name="notices_total"),
        migrations.RemoveField(model_name="evaluationresult", name="notices_written"),
    ]
