"""Every change to an evaluation: creation and admission (HR), the written test (drafting by import, sealing,
the electronic sitting, imported results, the lock) and the interview sheets (R-19 … R-23).

Each service checks the actor, locks what it changes, applies the rule of rules.py and writes its audit event in
the same transaction. Audit events about the written test name candidates by their code only (R-20.3).
"""

import datetime as dt
import hashlib
import json
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from audit.services import audit_log
from committees.models import Seat, SeatStatus
from recruitment.permissions import NotAllowed, require_hr_of
from verification.models import Decision, Review

from . import imports, rules, schemes
from .models import (
    EVALUATION_TRANSITIONS,
    Evaluation,
    EvaluationCandidate,
    EvaluationStatus,
    InterviewQuestion,
    InterviewSheet,
    SheetStatus,
    TestQuestion,
    normalise_code,
)

WRITTEN, INTERVIEW, DOCUMENTS = "written", "interview", "documents"
EXCLUDED = Decision.EXCLUDED
SHEET_STEPS = (DOCUMENTS, INTERVIEW)
# The status in which the members fill their sheets of each step.
SHEET_STEP_STATUS = {DOCUMENTS: EvaluationStatus.DOCUMENTS, INTERVIEW: EvaluationStatus.INTERVIEWS}
SITTING_MINUTES_MAX = 600
CRITERION_LABELS = {  # F1 item 13
    "cv": gettext_lazy("CV"),
    "education": gettext_lazy("Education and qualification"),
    "training": gettext_lazy("Training"),
    "experience": gettext_lazy("Work experience"),
}


class EvaluationError(ValidationError):
    """A refused change; ``messages`` says every reason (a sealing refusal: one per broken rule)."""


class SheetLocked(EvaluationError):
    pass


class SittingClosed(EvaluationError):
    pass


# --- helpers -------------------------------------------------------------------------------------------------


def _move(evaluation: Evaluation, target: str) -> None:
    if target not in EVALUATION_TRANSITIONS.get(evaluation.status, set()):
        raise EvaluationError(
            _("An evaluation cannot go from “%(current)s” to “%(target)s”.")
            % {"current": EvaluationStatus(evaluation.status).label, "target": EvaluationStatus(target).label}
        )
    evaluation.status = target


def _locked(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("position__announcement__institution")
        .get(pk=evaluation.pk)
    )


def seat_of(user, evaluation: Evaluation) -> Seat | None:
    """The user's active seat on the committee of the evaluation's position, or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return (
        Seat.objects.filter(
            member__user=user, status=SeatStatus.ACTIVE, committee__position_id=evaluation.position_id
        )
        .select_related("committee", "member")
        .first()
    )


def _require_member(actor, evaluation) -> Seat:
    seat = seat_of(actor, evaluation)
    if seat is None:
        raise NotAllowed("Only a member of this position's committee may do this.")
    return seat


def _require_chair(actor, evaluation) -> Seat:
    seat = _require_member(actor, evaluation)
    if not seat.is_chair:
        raise NotAllowed("Only the chair of the committee may do this.")
    return seat


def written_article(evaluation: Evaluation) -> str:
    return schemes.WRITTEN_COMPOSITIONS[evaluation.category].article


def interview_article(evaluation: Evaluation) -> str:
    # lower and middle management; R-23: professional and specialist; F1 item 13 where no written test.
    if evaluation.category not in schemes.WRITTEN_COMPOSITIONS or not _has_step(evaluation, WRITTEN):
        return "F1" if evaluation.scheme_key == "f1" else _("Scheme")
    return "R-22" if written_article(evaluation) == "R-21" else "R-23"


def _has_step(evaluation: Evaluation, key: str) -> bool:
    return any(step.key == key for step in evaluation.scheme.steps)


def _commit_lot(evaluation: Evaluation) -> None:
    """The portal's value for the lot of R-27.1.4, drawn now and kept secret; its SHA-256 is public from now on
    (the committee draw's scheme, committees.rules) and the value is revealed with the results."""
    if not evaluation.lot_value:
        evaluation.lot_value = secrets.token_hex(32)
        evaluation.lot_commitment = hashlib.sha256(evaluation.lot_value.encode()).hexdigest()


def _require_written_step(evaluation: Evaluation) -> schemes.Step:
    try:
        step = evaluation.scheme.step(WRITTEN)
    except KeyError:
        raise EvaluationError(_("This evaluation's scheme has no written test.")) from None
    if evaluation.category not in schemes.WRITTEN_COMPOSITIONS:
        raise EvaluationError(_("The regulation defines no written test for this category of position."))
    return step


def _is_excluded(candidate: EvaluationCandidate) -> bool:
    """R-9.3: the candidate's application was excluded for a false declaration (verification's decision)."""
    return Review.objects.filter(application_id=candidate.application_id, decision=EXCLUDED).exists()


def _admit(evaluation: Evaluation, application) -> tuple[EvaluationCandidate, bool]:
    return EvaluationCandidate.objects.get_or_create(evaluation=evaluation, application=application)


# --- creation and admission (HR) -------------------------------------------------------------------------------


def evaluation_create(
    *, position, actor, foreign_language: str = "", scheme: schemes.Scheme | None = None
) -> Evaluation:
    """HR starts the evaluation of a position (R-17.1.2), freezing the scheme it is announced with."""
    require_hr_of(actor, position.announcement.institution_id)
    lawful = _lawful_problems(position)
    if lawful:
        raise EvaluationError(lawful)
    if position.scoring_scheme == CUSTOM_SCHEME:
        if scheme is None:
            raise EvaluationError(
                _("This position's scheme is set by HR: compose it before starting the evaluation.")
            )
        problems = custom_scheme_problems(scheme, position.category)
        if problems:
            raise EvaluationError(problems)
    elif scheme is None:
        scheme = schemes.preset(position.scoring_scheme)
    with transaction.atomic():
        if Evaluation.objects.filter(position=position).exists():
            raise EvaluationError(_("This position's evaluation has already started."))
        evaluation = Evaluation.objects.create(
            position=position,
            scheme_key=scheme.key,
            scheme_data=scheme.as_dict(),
            category=position.category,
            foreign_language=foreign_language.strip(),
            created_by=actor,
        )
        audit_log(
            actor=actor,
            action="scoring.evaluation_created",
            obj=evaluation,
            data={
                "position": position.pk,
                "scheme": scheme.key,
                "foreign_language": evaluation.foreign_language,
            },
        )
    return evaluation


def _lawful_problems(position) -> list[str]:
    """R-19.2, R-25.2 (the scheme) and R-13.2, R-14.2, R-15.2, F1 item 13 (the committee): what the position's rule set
    and category allow, checked again when the evaluation starts (publication checked the scheme already)."""
    from committees import rules as committee_rules
    from vacancies import rules as vacancy_rules

    rule_set = position.announcement.rule_set
    problems = vacancy_rules.scheme_problems(
        rule_set=rule_set, category=position.category, scheme=position.scoring_scheme, position=str(position)
    )
    committee = getattr(position, "committee", None)
    if committee is not None:
        problems += committee_rules.composition_problems(
            rule_set=rule_set, category=position.category, composition=committee.composition
        )
    return problems


CUSTOM_SCHEME = "custom"  # vacancies.models.ScoringScheme.CUSTOM: HR composes the steps (K23)
# The orders of steps the evaluation's stages can run (models.EVALUATION_TRANSITIONS): a written test
# or an evaluation of documents (F1 item 13), then an interview marked question by question.
RUNNABLE_ORDERS = (
    (WRITTEN, INTERVIEW),
    (DOCUMENTS, INTERVIEW),
    (INTERVIEW,),
)  # the last: K23, interview only


def custom_scheme_problems(scheme: schemes.Scheme, category: str) -> list[str]:
    """Why the portal could not run a scheme HR composed (empty: it can). ``custom_scheme`` has already checked
    the scheme's own rules; these are the portal's: which steps follow which, and how each step is marked."""
    problems = []
    order = tuple(step.key for step in scheme.steps)
    if order not in RUNNABLE_ORDERS:
        problems.append(
            _(
                "The portal runs a written test or an evaluation of documents, then an interview; or "
                "an interview only (K23)."
            )
        )
    for step in scheme.steps:
        if step.key == WRITTEN:
            if step.combine != schemes.COMBINE_SINGLE or step.sheet_maxima:
                problems.append(
                    _(
                        "The written test is scored once per candidate, with neither criteria nor "
                        "questions (R-20.3)."
                    )
                )
            composition = schemes.WRITTEN_COMPOSITIONS.get(category)
            if composition is None:
                problems.append(_("The regulation defines no written test for this category of position."))
            elif step.maximum > composition.maximum:
                problems.append(
                    _("%(article)s.4: the written test of this category is worth up to %(maximum)s points.")
                    % {"article": composition.article, "maximum": composition.maximum}
                )
        elif step.key == DOCUMENTS and (not step.criteria or step.combine != schemes.COMBINE_MEAN_OF_MEMBERS):
            problems.append(
                _(
                    "The documents are marked by criteria by every member; their score is the mean of "
                    "the members' sheets."
                )
            )
        elif step.key == INTERVIEW and (
            step.questions is None or step.combine != schemes.COMBINE_MEAN_OF_MEMBERS
        ):
            problems.append(
                _(
                    "The interview is marked question by question by every member; its score is the "
                    "mean of the members' sheets."
                )
            )
    if scheme.key != CUSTOM_SCHEME:
        problems.append(_("A scheme composed by HR is named “custom”."))
    return problems


def candidates_admit(*, evaluation: Evaluation, actor) -> int:
    """HR admits the candidates who passed the preliminary verification (R-18.3); returns how many were added.

    Candidates can be added until the sitting opens; a code once given is never changed.
    """
    from verification.selectors import eligible_applications  # another app, written alongside this one

    require_hr_of(actor, evaluation.position.announcement.institution_id)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        if evaluation.status not in (EvaluationStatus.DRAFT, EvaluationStatus.SEALED):
            raise EvaluationError(_("Candidates can only be admitted before the written test is sat."))
        added = sum(
            1
            for application in eligible_applications(evaluation.position)
            if _admit(evaluation, application)[1]
        )
        audit_log(
            actor=actor,
            action="scoring.candidates_admitted",
            obj=evaluation,
            data={"added": added, "total": evaluation.candidates.count()},
        )
    return added


# --- the written test (R-20, R-21) ------------------------------------------------------------------------------


def test_questions_import(*, evaluation: Evaluation, data, actor) -> int:
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


def test_seal(*, evaluation: Evaluation, actor) -> Evaluation:
    """The chair seals the test: checked against R-20/R-21 (every problem named by its rule), frozen, hashed."""
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
            # R-20.4/R-21.4 "deri në": the test is worth what its weights add up to; the scheme's written step says so
            # from now on (notices read "x / 60"), if the gate and the pass mark can still be reached.
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


def sitting_open(*, evaluation: Evaluation, minutes: int, actor) -> Evaluation:
    """The chair opens the electronic sitting (R-20.3, R-21.3) for a set time, counted by the server's clock."""
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


def _invalid_code():
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
    """R-20.3, R-21.11: marked automatically, against the sealed snapshot (what was asked is what is marked)."""
    questions = _snapshot_questions(evaluation)
    chosen = [[q["options"][i] for i in answers.get(str(q["id"]), [])] for q in questions]
    return rules.written_total(_rule_questions(questions), chosen)


def sitting_save(
    *, candidate: EvaluationCandidate, answers: dict, hand_in: bool = False
) -> EvaluationCandidate:
    """Saves the candidate's answers (every submit of the page); ``hand_in`` ends their test and marks it.

    Refused after the sitting's time, by the server's clock: what was saved before stays and is marked at the lock.
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


def written_results_import(*, evaluation: Evaluation, data, actor, sat_on: dt.date | None = None) -> int:
    """The chair imports results of the sealed test sat in another testing system, by code (R-20.3).

    Every line is checked (a known code of this evaluation, once, a score from 0 to the written maximum with at
    most two decimals, not already scored); any problem refuses the whole file.
    """
    _require_chair(actor, evaluation)
    rows, errors = imports.parse_results(data)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        step = _require_written_step(evaluation)
        ended_sitting = evaluation.status == EvaluationStatus.SITTING and evaluation.sitting_has_ended()
        if evaluation.status != EvaluationStatus.SEALED and not ended_sitting:
            raise EvaluationError(
                _(
                    "Results can be imported once the test is sealed and before the lock, "
                    "and not while a sitting is under way."
                )
            )
        # on this path too: the test was sat (``sat_on``, by default today) the day after its seal.
        tz = evaluation.position.announcement.institution.tzinfo
        today = timezone.now().astimezone(tz).date()
        sat_on = sat_on or today
        sealed_on = evaluation.sealed_at.astimezone(tz).date()
        if sat_on > today or not rules.drafted_before_the_test_day(sealed_on, sat_on):
            raise EvaluationError(
                _(
                    "%(article)s.5: the questions are drafted one day before the written test; this "
                    "test was sealed on %(sealed)s, so only the results of a test sat on %(day)s "
                    "are imported."
                )
                % {
                    "article": written_article(evaluation),
                    "sealed": sealed_on.strftime("%d.%m.%Y"),
                    "day": (sealed_on + dt.timedelta(days=1)).strftime("%d.%m.%Y"),
                }
            )
        candidates = {c.code: c for c in evaluation.candidates.select_for_update()}
        scores = {}
        for line, code, score in rows:
            candidate = candidates.get(code)
            if candidate is None:
                errors.append(
                    _("Line %(line)s: the code %(code)s is not a candidate of this evaluation.")
                    % {"line": line, "code": code}
                )
                continue
            if candidate.written_source == "sitting":
                errors.append(
                    _("Line %(line)s: the candidate %(code)s already has a result from the sitting.")
                    % {"line": line, "code": code}
                )
                continue
            try:
                scores[code] = rules.validate_mark(score, step.maximum)
            except rules.MarkError as exc:
                errors.append(_("Line %(line)s: %(problem)s") % {"line": line, "problem": exc})
        if errors:
            raise EvaluationError(errors)
        for code, score in scores.items():
            candidate = candidates[code]
            candidate.written_score, candidate.written_source = score, "import"
            candidate.save(update_fields=["written_score", "written_source"])
        digest = hashlib.sha256(data if isinstance(data, bytes) else data.encode()).hexdigest()
        audit_log(
            actor=actor,
            action="scoring.written_results_imported",
            obj=evaluation,
            data={"results": len(scores), "file_sha256": digest, "sat_on": sat_on.isoformat()},
        )
    return len(scores)


def written_lock(*, evaluation: Evaluation, actor) -> Evaluation:
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


# --- the interview (R-22, R-23) ---------------------------------------------------------------------------------


def interview_open(
    *, evaluation: Evaluation, questions: list[tuple[str, bool]], actor, maxima=None
) -> Evaluation:
    """The chair sets the interview's questions, the same for every candidate (R-22.4, R-23.4), with the
    questions asked in the foreign language (R-22.6, R-23.6); members can then fill their sheets.

    ``maxima``: the points of each question where the scheme lets the committee set them (F1 item 13: "every
    question has a set number of points", 60 in all); they must add up to the step's maximum, and replace the
    question maxima of the evaluation's scheme snapshot. Refused where the regulation fixes them (R-22.5, R-23.5).
    """
    _require_chair(actor, evaluation)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        article = interview_article(evaluation)
        set_points = maxima is not None
        if set_points:
            try:
                evaluation.scheme_data = schemes.with_question_maxima(
                    evaluation.scheme,
                    INTERVIEW,
                    [schemes.to_points(m, what=_("a question's points")) for m in maxima],
                ).as_dict()
            except schemes.SchemeError as exc:
                raise EvaluationError(
                    _("%(article)s: %(problem)s") % {"article": article, "problem": exc.message}
                ) from None
        step = evaluation.scheme.step(INTERVIEW)
        from_documents = evaluation.status == EvaluationStatus.DOCUMENTS
        # K23: the shortlist, then the interview only: every admitted candidate is invited.
        interview_only = evaluation.status == EvaluationStatus.DRAFT and len(evaluation.scheme.steps) == 1
        texts = [text.strip() for text, _flag in questions]
        flags = [bool(flag) for _text, flag in questions]
        errors = []
        if len(texts) != step.questions.count:
            errors.append(
                _("%(article)s.5: the interview has %(count)s questions.")
                % {"article": article, "count": step.questions.count}
            )
        elif not rules.foreign_language_questions_ok(step, evaluation.with_language, flags):
            errors.append(
                _(
                    "%(article)s.6: when a foreign language is required, %(n)s of the questions are asked "
                    "in it, and none otherwise."
                )
                % {"article": article, "n": step.questions.in_foreign_language}
            )
        if any(not text for text in texts):
            errors.append(_("Every question needs its text."))
        if from_documents:
            errors.extend(_incomplete_sheets(evaluation, DOCUMENTS))
        if interview_only and not evaluation.candidates.exists():
            errors.append(_("No candidate has been admitted yet."))
        if evaluation.status == EvaluationStatus.DRAFT and not interview_only:
            errors.append(_("The interview follows the written test or the evaluation of documents."))
        if errors:
            raise EvaluationError(errors)
        _move(evaluation, EvaluationStatus.INTERVIEWS)
        if from_documents or interview_only:
            # F1 names no gate after the documents, K23 none after the shortlist: every candidate goes on (R-9.3:
            # never one excluded for a false declaration).
            evaluation.candidates.exclude(application__review__decision=EXCLUDED).update(
                invited_to_interview=True
            )
        _commit_lot(evaluation)
        # the questions are prepared on the day of the interview, so today is that day.
        evaluation.interview_on = (
            timezone.now().astimezone(evaluation.position.announcement.institution.tzinfo).date()
        )
        evaluation.save(
            update_fields=["status", "lot_value", "lot_commitment", "interview_on"]
            + (["scheme_data"] if set_points else [])
        )
        InterviewQuestion.objects.bulk_create(
            InterviewQuestion(
                evaluation=evaluation, number=number, text=text, maximum=maximum, in_foreign_language=flag
            )
            for number, (text, flag, maximum) in enumerate(
                zip(texts, flags, step.questions.maxima, strict=True), start=1
            )
        )
        data = {
            "questions": len(texts),
            "invited": evaluation.candidates.filter(invited_to_interview=True).count(),
        }
        if set_points:
            data["maxima"] = [
                str(m) for m in step.questions.maxima
            ]  # the snapshot changed with the questions
        audit_log(actor=actor, action="scoring.interview_opened", obj=evaluation, data=data)
    return evaluation


def _sheet_lines(evaluation: Evaluation, step: str = INTERVIEW) -> dict:
    return evaluation.scheme.step(step).sheet_maxima


def _check_sheet_step(evaluation: Evaluation, step: str) -> None:
    if step not in SHEET_STEPS or not _has_step(evaluation, step):
        raise EvaluationError(_("This evaluation has no sheets for this step."))


def _line_label(step: str, line: str) -> str:
    return _("Question %(n)s") % {"n": line} if step == INTERVIEW else str(CRITERION_LABELS.get(line, line))


def documents_open(*, evaluation: Evaluation, actor) -> Evaluation:
    """The chair opens the evaluation of documents (F1 item 13: CV 5, education 15, training 5, experience 15):
    every admitted candidate's documents are marked by each member on their own sheet."""
    _require_chair(actor, evaluation)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        _check_sheet_step(evaluation, DOCUMENTS)
        if not evaluation.candidates.exists():
            raise EvaluationError(_("No candidate has been admitted yet."))
        _move(evaluation, EvaluationStatus.DOCUMENTS)
        evaluation.save(update_fields=["status"])
        audit_log(
            actor=actor,
            action="scoring.documents_opened",
            obj=evaluation,
            data={"candidates": evaluation.candidates.count()},
        )
    return evaluation


def sheet_candidates(evaluation: Evaluation, step: str):
    """The candidates marked in a step: everyone admitted for the documents, the invited for the interview."""
    candidates = evaluation.candidates.exclude(application__review__decision=EXCLUDED)
    if step == INTERVIEW:  # a candidate recorded absent is not marked
        return candidates.filter(invited_to_interview=True, absent_from_interview_at__isnull=True)
    return candidates


def _incomplete_sheets(evaluation: Evaluation, step: str) -> list[str]:
    """Why the step is not complete: a message unless every active seat submitted a sheet for every candidate."""
    seat_ids = set(
        Seat.objects.filter(
            committee__position_id=evaluation.position_id, status=SeatStatus.ACTIVE
        ).values_list("pk", flat=True)
    )
    expected = sheet_candidates(evaluation, step).count() * len(seat_ids)
    submitted = InterviewSheet.objects.filter(
        candidate__evaluation=evaluation, step=step, seat_id__in=seat_ids, status=SheetStatus.SUBMITTED
    ).count()
    if not seat_ids or submitted != expected:
        return [
            _("%(step)s: %(n)s of %(m)s sheets are submitted; every member marks every candidate.")
            % {"step": schemes.STEP_LABELS.get(step, step), "n": submitted, "m": expected}
        ]
    return []


def sheet_save(
    *,
    candidate: EvaluationCandidate,
    actor,
    marks: dict,
    justifications: dict,
    submit: bool = False,
    step: str = INTERVIEW,
) -> InterviewSheet:
    """A member saves their own sheet for a candidate in a step (the interview, or F1's documents); ``submit``
    checks it complete and locks it (R-23.7)."""
    evaluation = candidate.evaluation
    seat = _require_member(actor, evaluation)
    _check_sheet_step(evaluation, step)
    lines = _sheet_lines(evaluation, step)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        if evaluation.status != SHEET_STEP_STATUS[step]:
            raise EvaluationError(_("These sheets are not open."))
        candidate = EvaluationCandidate.objects.get(
            pk=candidate.pk, evaluation=evaluation
        )  # fresh, not as passed
        if _is_excluded(candidate):
            raise EvaluationError(_("This candidate was excluded for a false declaration (R-9.3)."))
        if step == INTERVIEW and not candidate.invited_to_interview:
            raise EvaluationError(_("This candidate did not reach the interview (R-22.2, R-23.2)."))
        if step == INTERVIEW and candidate.absent_from_interview_at:
            raise EvaluationError(_("The chair recorded this candidate absent from the interview."))
        if (
            step == INTERVIEW
            and submit
            and evaluation.interview_on is not None
            and interview_article(evaluation) in ("R-22", "R-23")
        ):
            today = timezone.now().astimezone(evaluation.position.announcement.institution.tzinfo).date()
            if not rules.interview_on_the_day_of_its_questions(evaluation.interview_on, today):
                raise EvaluationError(
                    _(
                        "%(article)s.4: the interview's questions were prepared on %(day)s, the day "
                        "of the interview; a sheet is submitted that day."
                    )
                    % {
                        "article": interview_article(evaluation),
                        "day": evaluation.interview_on.strftime("%d.%m.%Y"),
                    }
                )
        sheet, _created = InterviewSheet.objects.select_for_update().get_or_create(
            candidate=candidate, seat=seat, step=step
        )
        if sheet.status == SheetStatus.SUBMITTED:
            raise SheetLocked(_("Your sheet is submitted and locked; only the chair can correct it."))
        clean_marks, clean_notes, errors = {}, {}, []
        for line, maximum in lines.items():
            raw = (marks or {}).get(line)
            note = ((justifications or {}).get(line) or "").strip()
            label = _line_label(step, line)
            if raw not in (None, ""):
                try:
                    clean_marks[line] = str(rules.validate_mark(str(raw).strip().replace(",", "."), maximum))
                except rules.MarkError as exc:
                    errors.append(_("%(line)s: %(problem)s") % {"line": label, "problem": exc})
            elif submit:
                errors.append(_("%(line)s has no mark.") % {"line": label})
            if note:
                clean_notes[line] = note[:500]
            elif submit:
                errors.append(_("%(line)s needs a short justification.") % {"line": label})
        if errors:
            raise EvaluationError(errors)
        sheet.marks, sheet.justifications = clean_marks, clean_notes
        if submit:
            sheet.total = rules.sheet_total(evaluation.scheme.step(step), clean_marks)
            sheet.status, sheet.submitted_at = SheetStatus.SUBMITTED, timezone.now()
            audit_log(
                actor=actor,
                action="scoring.sheet_submitted",
                obj=sheet,
                data={"candidate": candidate.code, "seat": seat.pk, "step": step, "total": str(sheet.total)},
            )
        sheet.save()
    return sheet


def interview_absence_record(*, candidate: EvaluationCandidate, actor) -> EvaluationCandidate:
    """The chair records that an invited candidate did not come to the interview (R-22, R-23): no member marks them,
    the evaluation completes without their sheets, and they are not ranked (R-25.1) and told so (R-25.4). Recording
    it twice changes nothing; refused once a member submitted a sheet for them (they were there)."""
    evaluation = candidate.evaluation
    _require_chair(actor, evaluation)
    with transaction.atomic():
        evaluation = _locked(evaluation)
        if evaluation.status != EvaluationStatus.INTERVIEWS:
            raise EvaluationError(
                _("An absence from the interview is recorded while the interviews are under way.")
            )
        candidate = EvaluationCandidate.objects.select_for_update().get(
            pk=candidate.pk, evaluation=evaluation
        )
        if candidate.absent_from_interview_at:
            return candidate  # already recorded
        submitted = InterviewSheet.objects.filter(
            candidate=candidate, step=INTERVIEW, status=SheetStatus.SUBMITTED
        ).count()
        if not rules.absence_may_be_recorded(
            invited=candidate.invited_to_interview, sheets_submitted=submitted
        ):
            raise EvaluationError(
                _(
                    "Only an invited candidate whom no member has marked can be recorded absent "
                    "(R-22.7, R-23.7)."
                )
            )
        candidate.absent_from_interview_at = timezone.now()
        candidate.save(update_fields=["absent_from_interview_at"])
        InterviewSheet.objects.filter(
            candidate=candidate, step=INTERVIEW
        ).delete()  # drafts only (checked above)
        audit_log(
            actor=actor,
            action="scoring.interview_absence_recorded",
            obj=candidate,
            data={"candidate": candidate.code, "evaluation": evaluation.pk},
        )
    return candidate


def sheet_correct(
    *, sheet: InterviewSheet, line: str, mark, justification: str, reason: str, actor
) -> InterviewSheet:
    """The chair corrects one mark of a submitted sheet, with a reason, leaving the before and after in the audit."""
    evaluation = sheet.candidate.evaluation
    _require_chair(actor, evaluation)
    reason = (reason or "").strip()
    if not reason:
        raise EvaluationError(_("A correction needs its reason."))
    with transaction.atomic():
        evaluation = _locked(evaluation)
        sheet = InterviewSheet.objects.select_for_update().get(pk=sheet.pk)
        if evaluation.status != SHEET_STEP_STATUS.get(sheet.step):
            raise EvaluationError(_("These sheets are closed."))
        if sheet.status != SheetStatus.SUBMITTED:
            raise EvaluationError(
                _("Only a submitted sheet is corrected; the member can still change this one.")
            )
        lines = _sheet_lines(evaluation, sheet.step)
        if line not in lines:
            raise EvaluationError(_("There is no line %(n)s on this sheet.") % {"n": line})
        try:
            value = str(rules.validate_mark(str(mark).strip().replace(",", "."), lines[line]))
        except rules.MarkError as exc:
            raise EvaluationError(str(exc)) from None
        before = {"mark": sheet.marks.get(line), "justification": sheet.justifications.get(line)}
        sheet.marks = {**sheet.marks, line: value}
        if justification.strip():
            sheet.justifications = {**sheet.justifications, line: justification.strip()[:500]}
        sheet.total = rules.sheet_total(evaluation.scheme.step(sheet.step), sheet.marks)
        sheet.corrected_at = timezone.now()
        sheet.save(update_fields=["marks", "justifications", "total", "corrected_at", "updated_at"])
        audit_log(
            actor=actor,
            action="scoring.sheet_corrected",
            obj=sheet,
            data={
                "candidate": sheet.candidate.code,
                "seat": sheet.seat_id,
                "step": sheet.step,
                "question": line,
                "before": before,
                "after": {"mark": value, "justification": sheet.justifications.get(line)},
                "reason": reason,
            },
        )
    return sheet


# --- the end of the evaluation and the results (R-24, R-25, R-27) --------------------------------------------------


def evaluation_complete(*, evaluation: Evaluation, actor):
    """The chair closes the evaluation once every active member has submitted every sheet of every step; the results
    are computed (R-24, R-27) and frozen as they are then, with the lot's seed: the committee's draft act (R-25.1),
    which each member then approves (act_approve). HR does not complete: the act is the committee's."""
    from recruitment.lib import lottery

    from . import results
    from .models import EvaluationResult

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


def act_approve(*, evaluation: Evaluation, actor):
    """R-25.1: a member of the committee approves the act the chair drafted (the frozen results), on their own page.
    When every member sitting on the committee has, the act is approved and sent to HR at once (one message to each
    HR officer of the institution), with the last day R-25.1 allows (the next working day) kept beside it. Approving
    twice changes nothing."""
    from django.conf import settings

    from notifications.services import notify
    from recruitment.permissions import hr_users

    from .models import ActApproval, EvaluationResult

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


def applicant_email(application) -> str:
    profile = getattr(application.applicant, "applicant_profile", None)
    return (profile.email if profile and profile.email else "") or application.applicant.email


def results_publish(*, evaluation: Evaluation, actor, act_number: str = ""):
    """HR of the institution publishes the act closing the competition (R-25.1, R-25.3: with or without winner)
    and the qualified list (R-25.2), and every candidate of the evaluation phase is told their rank and their
    result at each step (R-25.4): one message each (a dedupe key per candidate), and an event in their history."""
    from .models import EvaluationResult

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
        told, rows = _tell_results(evaluation, actor=actor, now=now)
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


def _tell_results(evaluation: Evaluation, *, actor, now, correction: int | None = None) -> tuple[int, dict]:
    """R-25.4: every candidate of the evaluation phase is told their rank and their result at each step, in one
    message (a dedupe key per candidate and publication) and an event in their history. ``correction``: the number
    of the corrected publication (R-9.3), which says so and is told again. An excluded candidate (R-9.3) was told by
    the exclusion itself; "rank x of N" counts the ranked candidates only."""
    from applications.events import NewApplicationEvent, application_events_record_bulk
    from applications.models import EventKind
    from notifications.services import notify_bulk

    from . import results

    rows = {row.candidate_id: row for row in results.compute_results(evaluation)}
    ranked = sum(1 for row in rows.values() if row.rank is not None)
    scheme = evaluation.scheme
    candidates = evaluation.candidates.select_related("application__applicant__applicant_profile").order_by(
        "pk"
    )
    events, notices = [], []
    for candidate in candidates:
        row = rows[candidate.pk]
        if row.excluded:
            continue
        application = candidate.application
        steps = [
            {
                "label": step.label,
                "points": results.format_optional(row.step_score(step.key)),
                "maximum": step.maximum,
                "key": step.key,
            }
            for step in scheme.steps
        ]
        data = {
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
        email = applicant_email(application)
        if email:
            key = f"scoring-result:{evaluation.pk}:{candidate.pk}" + (f":c{correction}" if correction else "")
            notices.append(
                {
                    "recipient": application.applicant,
                    "email": email,
                    "language": application.language or "sq",
                    "dedupe_key": key,
                    "context": {
                        "position": evaluation.position,
                        "row": row,
                        "steps": steps,
                        "total": data["total"],
                        "candidates": ranked,
                        "scheme": scheme,
                        "threshold": scheme.final_threshold,
                        "comparison": scheme.final_comparison,
                        "evaluation": evaluation,
                        "correction": correction,
                    },
                }
            )
    application_events_record_bulk(events=events, batch_size=1000)
    # One notice each, written in bulk (issue 13: 1.6 ms a candidate one by one, 16 s for 10,000 in HR's request).
    told = notify_bulk(kind="scoring.result", template="scoring_result", items=notices)
    return told, rows


def exclusion_apply(*, application_id: int, actor, now=None, false_declaration=None) -> str:
    """R-9.3 reaches every later stage: called (verification.signals.candidate_excluded) inside the exclusion's
    transaction. Under way, the candidate leaves the evaluation (no invitation, no sheet, not ranked); frozen, the
    results are recomputed without them and the act notes it; published, the publication is corrected, every
    candidate still in it is told again, and the audit keeps the rows before and after. Returns the effect."""
    from . import results
    from .models import EvaluationResult

    entry = (
        EvaluationCandidate.objects.filter(application_id=application_id).select_related("evaluation").first()
    )
    status = entry.evaluation.status if entry else ""
    effect = rules.exclusion_effect(in_evaluation=entry is not None, status=status)
    if effect == rules.EXCLUSION_NOTHING_TO_DO:
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
        reference = (
            candidate.application.last_submission.reference
            if candidate.application.last_submission_id
            else ""
        )
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
                evaluation, actor=actor, now=now, correction=len(stored.corrections)
            )
    audit_log(actor=actor, action="scoring.candidate_excluded", obj=evaluation, data=data)
    return effect


def representation_save(
    *,
    actor,
    institution,
    year: int,
    category: str,
    staff: int,
    with_disability: int,
    non_majority: int,
    women: int,
    men: int,
):
    """HR of the institution declares its staff of a category for a year (R-28), which R-27.1 compares with the
    quotas; a change is audited with the figures before and after."""
    from .models import Representation

    institution_id = int(institution)
    require_hr_of(actor, institution_id)
    values = {
        "staff": staff,
        "with_disability": with_disability,
        "non_majority": non_majority,
        "women": women,
        "men": men,
    }
    if any(value < 0 or value > staff for key, value in values.items() if key != "staff"):
        raise EvaluationError(_("A group cannot be larger than the staff of the category."))
    with transaction.atomic():
        item = (
            Representation.objects.select_for_update()
            .filter(institution_id=institution_id, year=year, category=category)
            .first()
        )
        before = None if item is None else {key: getattr(item, key) for key in values}
        if item is None:
            item = Representation(institution_id=institution_id, year=year, category=category)
        for key, value in values.items():
            setattr(item, key, value)
        item.updated_by = actor
        item.save()
        audit_log(
            actor=actor,
            action="scoring.representation_saved",
            obj=item,
            data={"year": year, "category": category, "before": before, "after": values},
        )
    return item
