"""Anonymising what the scoring app holds about a person: the writer of its own tables for the data-protection
layer (privacy calls this inside its transaction, after its refusals; it never writes the tables itself).

An admitted candidate keeps the shortlist's name (R-18.4) for the committee's lists and the results; the
person's erasure, or the anonymisation of the application when its retention period has passed, empties it.
The row stays (the marks, the scores and the published results are the procedure's record), and the pages then
name the candidate by the account, which erasure has made anonymous ("erased-N")."""

from django.db import transaction

from .models import EvaluationCandidate


def candidates_anonymise(*, application_ids) -> int:
    """Empties the names the applications' candidates keep; returns how many candidates had one (a second run
    finds none)."""
    with transaction.atomic():
        return (
            EvaluationCandidate.objects.filter(application_id__in=list(application_ids))
            .exclude(first_name="", last_name="")
            .update(first_name="", last_name="")
        )
