"""R-9.3: an exclusion for a false declaration reaches the evaluation and its results."""

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from audit.services import audit_log

from .. import results, rules
from ..models import EvaluationCandidate, EvaluationResult
from .common import _locked
from .publication import _tell_results

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def exclusion_apply(
    *, application_id: int, actor: "User | None", now: dt.datetime | None = None, false_declaration=None
) -> str:
    """R-9.3 reaches every later stage: called (verification.signals.candidate_excluded) inside the
    exclusion's transaction. Under way, the candidate leaves the evaluation (no invitation, no sheet, not
    ranked); frozen, the results are recomputed without them and the act notes it; published, the publication
    is corrected, every candidate still in it is told again, and the audit keeps the rows before and after.
    Returns the effect."""
    entry = (
        EvaluationCandidate.objects.filter(application_id=application_id).select_related("evaluation").first()
    )
    status = entry.evaluation.status if entry else ""
    effect = rules.exclusion_effect(in_evaluation=entry is not None, status=status)
    if entry is None or effect == rules.EXCLUSION_NOTHING_TO_DO:
        return effect
    now = now or timezone.now()
    evaluation = _locked(entry.evaluation)
    candidate = EvaluationCandidate.objects.select_for_update().get(pk=entry.pk)
    if candidate.invited_to_interview:
        candidate.invited_to_interview = False
        candidate.save(update_fields=["invited_to_interview"])
    data = {
        "candidate": candidate.code,
        "application": application_id,
        "effect": effect,
        "false_declaration": getattr(false_declaration, "pk", None),
    }
    if effect != rules.EXCLUSION_LIVE:
        stored = EvaluationResult.objects.select_for_update().get(evaluation=evaluation)
        before = stored.rows
        computed = results.compute(evaluation, today=stored.computed_at.date())
        stored.rows = [row.as_json() for row in computed.rows]
        submission = candidate.application.last_submission
        reference = submission.reference if submission is not None else ""
        stored.corrections = [
            *stored.corrections,
            {
                "at": now.isoformat(),
                "application_id": application_id,
                "reference": reference,
                "article": "R-9.3",
                "published": effect == rules.EXCLUSION_CORRECT_PUBLICATION,
                "by": getattr(actor, "pk", None),
            },
        ]
        fields = ["rows", "corrections"]
        if effect == rules.EXCLUSION_RECOMPUTE and stored.approved_at is None:
            stored.approvals.all().delete()  # the members approve the act as it now stands
        stored.save(update_fields=fields)
        data.update(
            {
                "result": stored.pk,
                "correction": len(stored.corrections),
                "rows_before": before,
                "rows_after": stored.rows,
            }
        )
        if effect == rules.EXCLUSION_CORRECT_PUBLICATION:
            data["notified"], _rows = _tell_results(
                evaluation, actor=actor, now=now, stored=stored, correction=len(stored.corrections)
            )
    audit_log(actor=actor, action="scoring.candidate_excluded", obj=evaluation, data=data)
    return effect
