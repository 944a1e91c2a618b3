"""The written test's drafting and sealing (R-20, R-21): the chair's import of the questions and the seal."""

import hashlib
import json
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log

from .. import imports, rules, schemes
from ..models import Evaluation, EvaluationStatus, TestQuestion
from .common import (
    WRITTEN,
    EvaluationError,
    _locked,
    _move,
    _require_chair,
    _require_written_step,
    written_article,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def test_questions_import(*, evaluation: Evaluation, data, actor: "User") -> int:
    """The chair uploads the questions drafted by the committee (R-20.5); they replace the draft's questions.

    A file with any problem is refused whole. The test can be replaced until it is sealed.
    """
    _require_chair(actor, evaluation)
    questions, errors = imports.parse_questions(data)
    if errors:
        raise EvaluationError(errors)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        _require_written_step(evaluation)
        if evaluation.status != EvaluationStatus.DRAFT:
            raise EvaluationError(_("The written test is sealed: its questions can no longer change."))
        evaluation.test_questions.all().delete()
        TestQuestion.objects.bulk_create(
            TestQuestion(evaluation=evaluation, number=number, **question)
            for number, question in enumerate(questions, start=1)
        )
        audit_log(
            actor=actor,
            action="scoring.test_questions_imported",
            obj=evaluation,
            data={"questions": len(questions)},
        )
    return len(questions)


def _rule_questions(questions) -> list[rules.WrittenQuestion]:
    result = []
    for q in questions:
        options = list(q["options"])
        # An index outside the options stays visible to the rule as an answer that is not an option.
        correct = {
            options[i] if isinstance(i, int) and 0 <= i < len(options) else f"#{i}" for i in q["correct"]
        }
        result.append(
            rules.WrittenQuestion(
                section=q["section"],
                weight=Decimal(q["weight"]),
                options=tuple(options),
                correct=frozenset(correct),
            )
        )
    return result


def _question_data(question: TestQuestion) -> dict:
    return {
        "id": question.pk,
        "number": question.number,
        "section": question.section,
        "text": question.text,
        "options": list(question.options),
        "correct": sorted(question.correct),
        "weight": str(question.weight),
    }


def canonical_test(evaluation: Evaluation, questions: list[dict]) -> str:
    """The text whose SHA-256 identifies the sealed test: sorted keys, no spaces, UTF-8, numbers as text."""
    document = {
        "evaluation": evaluation.pk,
        "position": evaluation.position_id,
        "category": evaluation.category,
        "foreign_language": evaluation.foreign_language,
        "questions": questions,
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def test_problems(evaluation: Evaluation) -> list[rules.Problem]:
    questions = [_question_data(q) for q in evaluation.test_questions.all()]
    return rules.written_test_problems(
        evaluation.category, evaluation.with_language, _rule_questions(questions)
    )


def test_seal(*, evaluation: Evaluation, actor: "User") -> Evaluation:
    """The chair seals the test: checked against R-20/R-21 (every problem named by its rule), frozen,
    hashed."""
    _require_chair(actor, evaluation)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        _require_written_step(evaluation)
        if evaluation.status != EvaluationStatus.DRAFT:
            raise EvaluationError(_("The written test is already sealed."))
        questions = [_question_data(q) for q in evaluation.test_questions.all()]
        problems = rules.written_test_problems(
            evaluation.category, evaluation.with_language, _rule_questions(questions)
        )
        if problems:
            raise EvaluationError([f"{problem.article}: {problem.message}" for problem in problems])
        worth = sum((Decimal(q["weight"]) for q in questions), Decimal(0))
        step = evaluation.scheme.step(WRITTEN)
        if worth != step.maximum:
            # R-20.4/R-21.4 "deri në": the test is worth what its weights add up to; the scheme's written step
            # says so from now on (notices read "x / 60"), if the gate and the pass mark can still be reached.
            data = evaluation.scheme.as_dict()
            for item in data["steps"]:
                if item["key"] == WRITTEN:
                    item["maximum"] = str(worth)
            try:
                evaluation.scheme_data = schemes.custom_scheme(**data).as_dict()
            except schemes.SchemeError as exc:
                raise EvaluationError(
                    _(
                        "%(article)s.4: a test worth %(worth)s points cannot be used with this "
                        "scheme: %(problem)s"
                    )
                    % {"article": written_article(evaluation), "worth": worth, "problem": exc.message}
                ) from None
        canonical = canonical_test(evaluation, questions)
        _move(evaluation, EvaluationStatus.SEALED)
        evaluation.test_snapshot = json.loads(canonical)
        evaluation.test_sha256 = hashlib.sha256(canonical.encode()).hexdigest()
        evaluation.sealed_at, evaluation.sealed_by = timezone.now(), actor
        evaluation.save(
            update_fields=["status", "test_snapshot", "test_sha256", "sealed_at", "sealed_by", "scheme_data"]
        )
        audit_log(
            actor=actor,
            action="scoring.test_sealed",
            obj=evaluation,
            data={"sha256": evaluation.test_sha256, "questions": len(questions)},
        )
    return evaluation
