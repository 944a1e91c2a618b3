"""The written test's sitting (R-20.3, R-21.3): its opening, the candidates' answers, imported results, the
lock."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log

from .. import rules
from ..models import Evaluation, EvaluationCandidate, EvaluationStatus, normalise_code
from .common import (
    SITTING_MINUTES_MAX,
    WRITTEN,
    EvaluationError,
    SittingClosed,
    _is_excluded,
    _locked,
    _move,
    _require_chair,
    written_article,
)
from .written_test import _rule_questions

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def sitting_open(*, evaluation: Evaluation, minutes: int, actor: "User") -> Evaluation:
    """The chair opens the electronic sitting (R-20.3, R-21.3) for a set time, counted by the server's
    clock."""
    _require_chair(actor, evaluation)
    if not isinstance(minutes, int) or not 1 <= minutes <= SITTING_MINUTES_MAX:
        raise EvaluationError(
            _("The sitting lasts from 1 to %(max)s minutes.") % {"max": SITTING_MINUTES_MAX}
        )
    with transaction.atomic():
        evaluation = _locked(evaluation)
        if (
            evaluation.status == EvaluationStatus.SEALED
            and evaluation.candidates.exclude(written_source="").exists()
        ):
            raise EvaluationError(_("Results have already been imported for this test."))
        _move(evaluation, EvaluationStatus.SITTING)
        assert evaluation.sealed_at is not None  # the sitting opens from a sealed test
        now = timezone.now()
        tz = evaluation.position.announcement.institution.tzinfo
        if not rules.drafted_before_the_test_day(
            evaluation.sealed_at.astimezone(tz).date(), now.astimezone(tz).date()
        ):
            raise EvaluationError(
                _(
                    "%(article)s.5: the questions are drafted one day before the written test; this "
                    "test was sealed on %(sealed)s, so its sitting opens on %(day)s only."
                )
                % {
                    "article": written_article(evaluation),
                    "sealed": evaluation.sealed_at.astimezone(tz).strftime("%d.%m.%Y"),
                    "day": (evaluation.sealed_at.astimezone(tz).date() + dt.timedelta(days=1)).strftime(
                        "%d.%m.%Y"
                    ),
                }
            )
        evaluation.sitting_opens_at = now
        evaluation.sitting_closes_at = now + dt.timedelta(minutes=minutes)
        evaluation.save(update_fields=["status", "sitting_opens_at", "sitting_closes_at"])
        audit_log(
            actor=actor,
            action="scoring.sitting_opened",
            obj=evaluation,
            data={"minutes": minutes, "closes_at": evaluation.sitting_closes_at.isoformat()},
        )
    return evaluation


def _invalid_code() -> EvaluationError:
    # One message for an unknown, used or expired code: the page is no oracle for valid codes.
    return EvaluationError(
        _("This code does not open a test now. Check it, or ask the person in charge of the room.")
    )


def sitting_enter(*, code: str) -> EvaluationCandidate:
    """A candidate enters their one-time code; valid only while their evaluation's sitting is open and
    until they hand in. No account is needed: the code is the only link between the paper and the person."""
    code = normalise_code(code)
    if not code:
        raise _invalid_code()
    with transaction.atomic():
        candidate = (
            EvaluationCandidate.objects.select_for_update(of=("self",))
            .select_related("evaluation")
            .filter(code=code)
            .first()
        )
        if candidate is None or candidate.handed_in_at or not candidate.evaluation.sitting_is_open():
            raise _invalid_code()
        if candidate.sitting_started_at is None:
            candidate.sitting_started_at = timezone.now()
            candidate.save(update_fields=["sitting_started_at"])
            audit_log(
                actor=None, action="scoring.sitting_entered", obj=candidate, data={"code": candidate.code}
            )
    return candidate


def _snapshot_questions(evaluation: Evaluation) -> list[dict]:
    return list((evaluation.test_snapshot or {}).get("questions", []))


def _clean_answers(evaluation: Evaluation, answers: dict) -> dict:
    by_id = {str(q["id"]): q for q in _snapshot_questions(evaluation)}
    clean = {}
    for key, chosen in (answers or {}).items():
        question = by_id.get(str(key))
        if question is None:
            raise EvaluationError(_("An answer was given to a question that is not in this test."))
        indexes = sorted({int(i) for i in chosen})
        if any(not 0 <= i < len(question["options"]) for i in indexes):
            raise EvaluationError(_("An answer chosen is not one of the question's options."))
        clean[str(key)] = indexes
    return clean


def written_score_of(evaluation: Evaluation, answers: dict) -> Decimal:
    """R-20.3, R-21.11: marked automatically, against the sealed snapshot (what was asked is what is
    marked)."""
    questions = _snapshot_questions(evaluation)
    chosen = [[q["options"][i] for i in answers.get(str(q["id"]), [])] for q in questions]
    return rules.written_total(_rule_questions(questions), chosen)


def sitting_save(
    *, candidate: EvaluationCandidate, answers: dict, hand_in: bool = False
) -> EvaluationCandidate:
    """Saves the candidate's answers (every submit of the page); ``hand_in`` ends their test and marks it.

    Refused after the sitting's time, by the server's clock: what was saved before stays and is marked at the
    lock.
    """
    with transaction.atomic():
        candidate = (
            EvaluationCandidate.objects.select_for_update(of=("self",))
            .select_related("evaluation")
            .get(pk=candidate.pk)
        )
        evaluation = candidate.evaluation
        if candidate.handed_in_at:
            raise SittingClosed(_("You have already handed in your test."))
        if not evaluation.sitting_is_open():
            raise SittingClosed(_("The time of the test is over: nothing more can be saved."))
        candidate.answers = _clean_answers(evaluation, answers)
        fields = ["answers"]
        if hand_in:
            candidate.handed_in_at = timezone.now()
            candidate.written_score = written_score_of(evaluation, candidate.answers)
            candidate.written_source = "sitting"
            fields += ["handed_in_at", "written_score", "written_source"]
            audit_log(
                actor=None,
                action="scoring.sitting_handed_in",
                obj=candidate,
                data={"code": candidate.code, "score": str(candidate.written_score)},
            )
        candidate.save(update_fields=fields)
    return candidate


def written_lock(*, evaluation: Evaluation, actor: "User") -> Evaluation:
    """The committee, by its chair, locks the written results: the papers not handed in are marked as saved,
    the names are linked to the codes from now on, and those at the gate are invited (R-22.2, R-23.2)."""
    _require_chair(actor, evaluation)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        if evaluation.status == EvaluationStatus.SITTING and not evaluation.sitting_has_ended():
            raise EvaluationError(_("The sitting is still open; lock the results after it ends."))
        if (
            evaluation.status == EvaluationStatus.SEALED
            and not evaluation.candidates.exclude(written_source="").exists()
        ):
            raise EvaluationError(_("There are no results to lock: open the sitting or import the results."))
        _move(evaluation, EvaluationStatus.WRITTEN_LOCKED)
        scheme = evaluation.scheme
        sat = invited = 0
        for candidate in evaluation.candidates.select_for_update():
            fields = []
            if candidate.written_score is None and candidate.sitting_started_at is not None:
                candidate.written_score = written_score_of(evaluation, candidate.answers)
                candidate.written_source = "sitting"
                fields += ["written_score", "written_source"]
            if candidate.written_score is not None:
                sat += 1
                candidate.invited_to_interview = rules.reaches_next_step(
                    scheme, WRITTEN, candidate.written_score
                ) and not _is_excluded(candidate)
                invited += candidate.invited_to_interview
                fields.append("invited_to_interview")
            if fields:
                candidate.save(update_fields=fields)
        evaluation.written_locked_at, evaluation.written_locked_by = timezone.now(), actor
        evaluation.save(update_fields=["status", "written_locked_at", "written_locked_by"])
        audit_log(
            actor=actor,
            action="scoring.written_locked",
            obj=evaluation,
            data={
                "sha256": evaluation.test_sha256,
                "candidates": evaluation.candidates.count(),
                "sat": sat,
                "invited": invited,
            },
        )
    return evaluation
