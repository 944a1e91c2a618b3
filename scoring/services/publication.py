"""The end of the evaluation and its results (R-24, R-25, R-27): completion, the members' approval of the act,
HR's publication and the message to every candidate."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from applications.events import NewApplicationEvent, application_events_record_bulk
from applications.models import EventKind
from audit.services import audit_log
from committees.models import Seat, SeatStatus
from notifications.services import notify
from recruitment.lib import lottery
from recruitment.permissions import hr_users, require_hr_of

from .. import results, rules
from ..models import ActApproval, Evaluation, EvaluationResult, EvaluationStatus
from .common import (
    SHEET_STEPS,
    EvaluationError,
    _commit_lot,
    _has_step,
    _locked,
    _move,
    _require_chair,
    _require_member,
)
from .marking import _incomplete_sheets
from .notices import applicant_email, notices_start

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def evaluation_complete(*, evaluation: Evaluation, actor: "User") -> EvaluationResult:
    """The chair closes the evaluation once every active member has submitted every sheet of every step; the
    results are computed (R-24, R-27) and frozen as they are then, with the lot's seed: the committee's draft
    act (R-25.1), which each member then approves (act_approve). HR does not complete: the act is the
    committee's."""
    _require_chair(actor, evaluation)  # the committee drafts its act, not HR
    with transaction.atomic():
        evaluation = _locked(evaluation)
        if evaluation.status != EvaluationStatus.INTERVIEWS:
            raise EvaluationError(
                _("The evaluation can be completed only once the interviews are under way.")
            )
        errors = []
        for step in SHEET_STEPS:
            if _has_step(evaluation, step):
                errors.extend(_incomplete_sheets(evaluation, step))
        if errors:
            raise EvaluationError(errors)
        _move(evaluation, EvaluationStatus.COMPLETE)
        _commit_lot(evaluation)  # an evaluation whose interview opened before the commitment existed
        evaluation.save(update_fields=["status", "lot_value", "lot_commitment"])
        computed = results.compute(evaluation)
        stored = EvaluationResult.objects.create(
            evaluation=evaluation,
            scheme_data=evaluation.scheme_data,
            rows=[row.as_json() for row in computed.rows],
            lot={
                "algorithm": lottery.ALGORITHM_VERSION,
                "seed_parts": computed.seed_parts,
                "seed": computed.seed,
                "commitment": evaluation.lot_commitment,
                "value": evaluation.lot_value,
            },
            tie_context=results.tie_context_json(computed.context),
            computed_by=actor,
        )
        ranked = [row for row in computed.rows if row.rank is not None]
        audit_log(
            actor=actor,
            action="scoring.evaluation_completed",
            obj=evaluation,
            data={
                "result": stored.pk,
                "candidates": len(computed.rows),
                "ranked": len(ranked),
                "qualified": sum(row.qualified for row in ranked),
                "winners": sum(row.winner for row in ranked),
                "ties": sorted({row.tie_rule for row in ranked if row.tie_rule}),
                "seed": computed.seed,
            },
        )
    return stored


def act_approve(*, evaluation: Evaluation, actor: "User") -> EvaluationResult:
    """R-25.1: a member of the committee approves the act the chair drafted (the frozen results), on their own
    page. When every member sitting on the committee has, the act is approved and sent to HR at once (one
    message to each HR officer of the institution), with the last day R-25.1 allows (the next working day)
    kept beside it. Approving twice changes nothing."""
    seat = _require_member(actor, evaluation)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        if evaluation.status not in (EvaluationStatus.COMPLETE, EvaluationStatus.PUBLISHED):
            raise EvaluationError(_("The act is approved once the chair has completed the evaluation."))
        stored = EvaluationResult.objects.select_for_update().get(evaluation=evaluation)
        _approval, created = ActApproval.objects.get_or_create(result=stored, seat=seat)
        if not created or stored.approved_at:
            return stored
        audit_log(actor=actor, action="scoring.act_approved_by_member", obj=stored, data={"seat": seat.pk})
        sitting = Seat.objects.filter(committee__position_id=evaluation.position_id, status=SeatStatus.ACTIVE)
        if rules.act_approved(
            stored.approvals.values_list("seat_id", flat=True), sitting.values_list("pk", flat=True)
        ):
            now = timezone.now()
            tz = evaluation.position.announcement.institution.tzinfo
            stored.approved_at = stored.sent_to_hr_at = now
            stored.hr_due_on = rules.next_working_day(
                now.astimezone(tz).date(), getattr(settings, "PUBLIC_HOLIDAYS", ())
            )
            stored.save(update_fields=["approved_at", "sent_to_hr_at", "hr_due_on"])
            for officer in hr_users(evaluation.position.announcement.institution_id):
                if officer.email:
                    notify(
                        recipient=officer,
                        email=officer.email,
                        kind="scoring.act_approved",
                        template="scoring_act_approved",
                        language="sq",
                        dedupe_key=f"scoring-act-approved:{stored.pk}:{officer.pk}",
                        context={"evaluation": evaluation, "position": evaluation.position, "result": stored},
                    )
            audit_log(
                actor=actor,
                action="scoring.act_approved",
                obj=stored,
                data={
                    "members": stored.approvals.count(),
                    "sent_to_hr_at": now.isoformat(),
                    "hr_due_on": stored.hr_due_on.isoformat(),
                },
            )
    return stored


def results_publish(*, evaluation: Evaluation, actor: "User", act_number: str = "") -> EvaluationResult:
    """HR of the institution publishes the act closing the competition (R-25.1, R-25.3: with or without
    winner) and the qualified list (R-25.2), and every candidate of the evaluation phase is told their rank
    and their result at each step (R-25.4): one message each (a dedupe key per candidate), and an event in
    their history. The messages are written after the commit by a task (issue 13), whose progress HR's page
    shows."""
    require_hr_of(actor, evaluation.position.announcement.institution_id)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        if evaluation.status != EvaluationStatus.COMPLETE:
            raise EvaluationError(_("Only a completed evaluation's results can be published."))
        stored = EvaluationResult.objects.select_for_update().get(evaluation=evaluation)
        if stored.approved_at is None:
            raise EvaluationError(
                _(
                    "R-25.1: the committee has not approved its act yet: every member approves it "
                    "on their page, then it reaches HR."
                )
            )
        _move(evaluation, EvaluationStatus.PUBLISHED)
        evaluation.save(update_fields=["status"])
        now = timezone.now()
        stored.published_at, stored.published_by = now, actor
        stored.act_number = (act_number or "").strip()[:60]
        stored.save(update_fields=["published_at", "published_by", "act_number"])
        told, rows = _tell_results(evaluation, actor=actor, now=now, stored=stored)
        audit_log(
            actor=actor,
            action="scoring.results_published",
            obj=evaluation,
            data={
                "result": stored.pk,
                "act_number": stored.act_number,
                "candidates": len(rows),
                "notified": told,
                "winners": sum(row.winner for row in rows.values()),
            },
        )
    return stored


def _tell_results(
    evaluation: Evaluation,
    *,
    actor: "User | None",
    now: dt.datetime,
    stored: EvaluationResult,
    correction: int | None = None,
) -> tuple[int, dict]:
    """R-25.4: every candidate of the evaluation phase is told their rank and their result at each step, in
    one message (a dedupe key per candidate and publication) and an event in their history. ``correction``:
    the number of the corrected publication (R-9.3), which says so and is told again. An excluded candidate
    (R-9.3) was told by the exclusion itself; "rank x of N" counts the ranked candidates only. The history's
    events are written here, in the publication's transaction; the messages by a task after its commit (issue
    13: notices.py, a notifications.NoticeRun that keeps the count). Returns the number of messages to write,
    and the rows."""
    rows = {row.candidate_id: row for row in results.compute_results(evaluation)}
    ranked = sum(1 for row in rows.values() if row.rank is not None)
    scheme = evaluation.scheme
    candidates = evaluation.candidates.select_related("application__applicant__applicant_profile").order_by(
        "pk"
    )
    events, told = [], 0
    for candidate in candidates:
        row = rows[candidate.pk]
        if row.excluded:
            continue
        application = candidate.application
        data: dict[str, Any] = {
            "rank": row.rank,
            "candidates": ranked,
            "total": results.format_optional(row.total),
            "qualified": row.qualified,
            "absent": row.absent,
            "winner": row.winner,
            "steps": {step.key: results.format_optional(row.step_score(step.key)) for step in scheme.steps},
        }
        if correction:
            data["correction"] = correction
        # Shown in the history in the reader's language (ApplicationEvent.detail).
        data["detail"] = [
            [
                gettext_noop("rank %(rank)s of %(n)s, %(total)s points"),
                {"rank": row.rank, "n": ranked, "total": data["total"]},
            ]
            if row.rank
            else [gettext_noop("not ranked"), {}],
            [gettext_noop("qualified") if row.qualified else gettext_noop("not qualified"), {}],
        ]
        if correction:
            data["detail"].append([gettext_noop("corrected publication (R-9.3)"), {}])
        events.append(
            NewApplicationEvent(
                application_id=application.pk, kind=EventKind.RESULT_PUBLISHED, actor=actor, at=now, data=data
            )
        )
        if applicant_email(application):  # the same candidates notices.results_notice_items writes to
            told += 1
    application_events_record_bulk(events=events, batch_size=1000)
    # One notice each, written by a task after the commit (issue 13: 16 s for 10,000 in HR's request before).
    notices_start(stored, total=told, correction=correction)
    return told, rows
