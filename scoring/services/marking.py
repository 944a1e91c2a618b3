"""The marking sheets (R-22, R-23, F1 item 13): the interview's and the documents' opening, the members'
sheets, the chair's absences and corrections."""

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from committees.models import Seat, SeatStatus

from .. import rules, schemes
from ..models import (
    Evaluation,
    EvaluationCandidate,
    EvaluationStatus,
    InterviewQuestion,
    InterviewSheet,
    SheetStatus,
)
from .common import (
    CRITERION_LABELS,
    DOCUMENTS,
    EXCLUDED,
    INTERVIEW,
    SHEET_STEP_STATUS,
    SHEET_STEPS,
    EvaluationError,
    SheetLocked,
    _commit_lot,
    _has_step,
    _is_excluded,
    _locked,
    _move,
    _require_chair,
    _require_member,
    interview_article,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def interview_open(
    *, evaluation: Evaluation, questions: list[tuple[str, bool]], actor: "User", maxima=None
) -> Evaluation:
    """The chair sets the interview's questions, the same for every candidate (R-22.4, R-23.4), with the
    questions asked in the foreign language (R-22.6, R-23.6); members can then fill their sheets.

    ``maxima``: the points of each question where the scheme lets the committee set them (F1 item 13: "every
    question has a set number of points", 60 in all); they must add up to the step's maximum, and replace the
    question maxima of the evaluation's scheme snapshot. Refused where the regulation fixes them (R-22.5,
    R-23.5).
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
        asked = step.questions
        assert asked is not None  # the interview is marked question by question (custom_scheme_problems)
        from_documents = evaluation.status == EvaluationStatus.DOCUMENTS
        # K23: the shortlist, then the interview only: every admitted candidate is invited.
        interview_only = evaluation.status == EvaluationStatus.DRAFT and len(evaluation.scheme.steps) == 1
        texts = [text.strip() for text, _flag in questions]
        flags = [bool(flag) for _text, flag in questions]
        errors = []
        if len(texts) != asked.count:
            errors.append(
                _("%(article)s.5: the interview has %(count)s questions.")
                % {"article": article, "count": asked.count}
            )
        elif not rules.foreign_language_questions_ok(step, evaluation.with_language, flags):
            errors.append(
                _(
                    "%(article)s.6: when a foreign language is required, %(n)s of the questions are asked "
                    "in it, and none otherwise."
                )
                % {"article": article, "n": asked.in_foreign_language}
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
            # F1 names no gate after the documents, K23 none after the shortlist: every candidate goes on
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
                zip(texts, flags, asked.maxima, strict=True), start=1
            )
        )
        data: dict[str, Any] = {
            "questions": len(texts),
            "invited": evaluation.candidates.filter(invited_to_interview=True).count(),
        }
        if set_points:
            data["maxima"] = [str(m) for m in asked.maxima]  # the snapshot changed with the questions
        audit_log(actor=actor, action="scoring.interview_opened", obj=evaluation, data=data)
    return evaluation


def _sheet_lines(evaluation: Evaluation, step: str = INTERVIEW) -> dict:
    return evaluation.scheme.step(step).sheet_maxima


def _check_sheet_step(evaluation: Evaluation, step: str) -> None:
    if step not in SHEET_STEPS or not _has_step(evaluation, step):
        raise EvaluationError(_("This evaluation has no sheets for this step."))


def _line_label(step: str, line: str) -> str:
    return _("Question %(n)s") % {"n": line} if step == INTERVIEW else str(CRITERION_LABELS.get(line, line))


def documents_open(*, evaluation: Evaluation, actor: "User") -> Evaluation:
    """The chair opens the evaluation of documents (F1 item 13: CV 5, education 15, training 5, experience
    15): every admitted candidate's documents are marked by each member on their own sheet."""
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


def sheet_candidates(evaluation: Evaluation, step: str) -> QuerySet[EvaluationCandidate]:
    """The candidates marked in a step: everyone admitted for the documents, the invited for the interview."""
    candidates = evaluation.candidates.exclude(application__review__decision=EXCLUDED)
    if step == INTERVIEW:  # a candidate recorded absent is not marked
        return candidates.filter(invited_to_interview=True, absent_from_interview_at__isnull=True)
    return candidates


def _incomplete_sheets(evaluation: Evaluation, step: str) -> list[str]:
    """Why the step is not complete: a message unless every active seat submitted a sheet for every
    candidate."""
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
    actor: "User",
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


def interview_absence_record(*, candidate: EvaluationCandidate, actor: "User") -> EvaluationCandidate:
    """The chair records that an invited candidate did not come to the interview (R-22, R-23): no member marks
    them, the evaluation completes without their sheets, and they are not ranked (R-25.1) and told so
    (R-25.4). Recording it twice changes nothing; refused once a member submitted a sheet for them (they were
    there)."""
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
    *, sheet: InterviewSheet, line: str, mark, justification: str, reason: str, actor: "User"
) -> InterviewSheet:
    """The chair corrects one mark of a submitted sheet, with a reason, leaving the before and after in the
    audit."""
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
