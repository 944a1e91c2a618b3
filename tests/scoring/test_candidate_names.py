"""The name an admitted candidate keeps (issue 13): the published shortlist's, from its admission, for the
committee's lists and the results (README's decisions table); migration 0011 gives theirs to the candidates
admitted before it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from scoring.models import EvaluationCandidate
from scoring.selectors import names_by_application, shown_name
from tests.scoring.results_helpers import candidate
from verification.models import Review


def test_a_candidate_is_named_by_the_kept_name_else_the_account_else_its_user_name():
    assert shown_name("Arta", "Krasniqi", "Other", "Name", "arta@example.org") == "Arta Krasniqi"
    assert shown_name("", "Krasniqi", "", "", "x") == "Krasniqi"
    assert shown_name("", "", "Ana", "Berisha", "x") == "Ana Berisha"
    assert shown_name("", "", "", "", "erased-7") == "erased-7"


@pytest.mark.django_db(transaction=True)
def test_migration_0011_gives_the_admitted_candidates_the_shortlists_name_and_none_to_an_anonymised_one(
    evaluation,
):
    reviewed = candidate(evaluation, "Arta Krasniqi")
    Review.objects.create(  # the shortlist's name, as HR's review keeps it from the submission
        application=reviewed.application,
        position=evaluation.position,
        submission=reviewed.application.last_submission,
        first_name="Arta",
        last_name="Krasniqi-Gashi",
        reference=reviewed.application.last_submission.reference,
        decision="eligible",
        opened_at=timezone.now(),
    )
    unreviewed = candidate(evaluation, "Besa Gashi")
    erased = candidate(evaluation, "Drita Hoxha")
    submission = erased.application.last_submission
    submission.profile_snapshot = {"anonymised_at": "2026-01-01T00:00:00+00:00", "personal": {"gender": ""}}
    submission.save(update_fields=["profile_snapshot"])

    executor = MigrationExecutor(connection)
    executor.migrate([("scoring", "0010_results_notices_to_notice_run")])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    kept = {c.pk: (c.first_name, c.last_name) for c in EvaluationCandidate.objects.all()}
    assert kept == {
        reviewed.pk: ("Arta", "Krasniqi-Gashi"),
        unreviewed.pk: ("Besa", "Gashi"),
        erased.pk: ("", ""),
    }
    names = names_by_application([reviewed.application_id, erased.application_id])
    assert names[reviewed.application_id] == "Arta Krasniqi-Gashi"
    assert names[erased.application_id] == erased.application.applicant.username
