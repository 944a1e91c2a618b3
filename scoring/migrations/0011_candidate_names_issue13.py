"""Each admitted candidate keeps the name the published shortlist has (R-18.4: the review's, from the
submission), so that the committee's lists and the results order a page by an index instead of joining every
candidate to the applicant's profile and sorting them all (issue 13). The candidates admitted before are given
theirs: the review's, else the submission's; none for a person whose frozen copy was anonymised (erasure)."""

from django.db import migrations, models

BATCH = 2000


def fill(apps, schema_editor):
    EvaluationCandidate = apps.get_model("scoring", "EvaluationCandidate")
    changed = []
    for candidate in EvaluationCandidate.objects.select_related(
        "application__last_submission", "application__review"
    ).iterator(chunk_size=BATCH):
        snapshot = getattr(candidate.application.last_submission, "profile_snapshot", None) or {}
        if "anonymised_at" in snapshot:
            continue
        review = getattr(candidate.application, "review", None)
        if review is not None and (review.first_name or review.last_name):
            first, last = review.first_name, review.last_name
        else:
            personal = snapshot.get("personal") or {}
            first, last = personal.get("first_name") or "", personal.get("last_name") or ""
        if first or last:
            candidate.first_name, candidate.last_name = first[:100], last[:100]
            changed.append(candidate)
        if len(changed) >= BATCH:
            EvaluationCandidate.objects.bulk_update(changed, ["first_name", "last_name"])
            changed = []
    EvaluationCandidate.objects.bulk_update(changed, ["first_name", "last_name"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0010_results_notices_to_notice_run"),
        ("verification", "0005_review_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluationcandidate",
            name="first_name",
            field=models.CharField(blank=True, editable=False, max_length=100, verbose_name="first name"),
        ),
        migrations.AddField(
            model_name="evaluationcandidate",
            name="last_name",
            field=models.CharField(blank=True, editable=False, max_length=100, verbose_name="last name"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
