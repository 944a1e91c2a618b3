"""Scores in and results out, for the chair, HR and other systems (issue 6: ``import_scores``,
``export_results``, the admin; issue 12: one importer, ``score_import.scores_import``, for all of them).

The import reads a CSV with the columns ``application,step,member,question,points`` (HR, manage.py), or
``code,score`` (the written results by the candidates' anonymous codes, R-20.3: the chair's page; HR's too):
- ``application``: the application's number (its id), a candidate of the position's evaluation;
- ``step``: ``documents``, ``written`` or ``interview``, a step of the evaluation's scheme;
- ``member``: the e-mail of a sitting member of the position's committee; empty for the written test (R-20.3:
  the written test is scored once, not by each member);
- ``question``: the interview question's number, or the documents' criterion
  ``cv|education|training|experience``; empty for a written total;
- ``points``: at most two decimals, from 0 to the question's, criterion's or test's maximum
  (rules.validate_mark); a decimal comma is read as a point when the cell holds no point ("5,5" quoted).

Every row is checked before anything is written; any problem refuses the whole file, and every problem is
reported with its line (line 1 is the header). Then, in one transaction with one audit event
(``score_import.scores_import``, the one writer of these files): a written total becomes the
candidate's written score (source "import"); the documents and interview marks of one member for one candidate
become that member's sheet for that step, complete and submitted (a sheet must mark every line, so a member's
rows for a candidate must cover every question or criterion).

Decisions where the issue is silent:
- An import never overwrites: a candidate who already has a written score, or a member who already has a sheet
  for that candidate and step (submitted, or being filled in on the portal), is refused, naming the rows. A
  correction of a submitted sheet is the chair's (services.sheet_correct), with its reason in the audit log.
- Interview marks are accepted only for a candidate who reached the interview: a written score at the gate
  (R-22.2, R-23.2), already recorded or in the same file.
- Written totals follow one rule on every path (``rules.written_results_refusal``, issue 12): a test drafted
  here takes them once sealed, of a test sat on the day after its seal (R-20.5; the day is given, by default
  today), not while a sitting is under way; a test held wholly in the other system (a draft here without a
  question, R-20.3) takes them with no day to check; none once the written results are locked. No mark is
  imported once the results are computed (complete, published).
- Imported sheets carry no justification: the file has none; the audit event keeps the file's SHA-256.
- The import records marks and moves nothing in the evaluation's workflow: sealing, the written lock (which
  invites to the interview), opening the interview and completing the evaluation stay the committee's and HR's
  acts.

The export is one record per candidate of the evaluation, in rank order, from
``scoring.results.compute_results``; a candidate without a final score yet (absent, or a step not fully
marked) comes last with an empty rank and total.
"""

import csv
import datetime as dt
import functools
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Seat, SeatStatus
from vacancies.models import Position

from . import rules, schemes
from .imports import csv_delimiter, decimal_point, decode_text
from .models import Evaluation, EvaluationStatus, InterviewSheet, SheetStatus, normalise_code

COLUMNS = ("application", "step", "member", "question", "points")
BY_CODE_COLUMNS = ("code", "score")  # the written results by code, the chair's file
# ``winner``: who the scheme names successful (R-25.2 the qualified list, R-31.1 the best, F1 item 13 the top
# three presented to the deciding authority).
EXPORT_KEYS = (
    "application",
    "rank",
    "documents",
    "written",
    "interview",
    "total",
    "reached_interview",
    "qualified",
    "winner",
    "tie_rule",
)
WRITTEN, DOCUMENTS, INTERVIEW = "written", "documents", "interview"
STEPS = (DOCUMENTS, WRITTEN, INTERVIEW)
MAX_FILE_BYTES = 50_000_000  # 10,000 candidates × 5 members × 5 questions is about 12 MB
LOT_ARTICLE = (
    rules.RULE_LOT
)  # results.ResultRow calls the lot "lot"; the export names it by its article
CLOSED_STATUSES = ("complete", "published")  # results computed: nothing more comes in


class ImportRefused(ValidationError):
    """The file was refused; ``errors`` lists every problem, each naming its line. Nothing was saved. A
    ValidationError, so that the chair's page shows its messages as it shows any refused act."""

    def __init__(self, errors: list[str]):
        super().__init__(list(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class ImportSummary:
    written: int  # written scores recorded
    sheets: int  # members' sheets recorded (submitted)
    marks: int  # marks in those sheets
    file_sha256: str


@dataclass
class _Row:
    line: int
    application: int  # 0 in a file by code, until check_rows finds the code's candidate
    step: str
    email: str
    question: str
    points: str
    code: str = ""  # the candidate's anonymous code, in a file of written results by code


# --- finding the evaluation ---------------------------------------------------------------------------------


def position_by_reference(reference: str):
    """The position whose public reference (committees.services.position_reference: "<institution>
    <announcement> <code>") is ``reference``, compared without regard to case or repeated spaces; LookupError
    if none or several."""

    wanted = " ".join((reference or "").split())
    code = Coalesce(NullIf("code", Value("")), Concat(Value("#"), Cast("pk", CharField())))
    matches = list(
        Position.objects.annotate(
            full_reference=Concat(
                "announcement__institution__short_name",
                Value(" "),
                "announcement__reference",
                Value(" "),
                code,
                output_field=CharField(),
            )
        )
        .filter(full_reference__iexact=wanted)
        .select_related("announcement__institution")[:2]
    )
    if len(matches) != 1:
        raise LookupError(
            _("No position has the reference %(reference)r.") % {"reference": reference}
            if not matches
            else _("Several positions have the reference %(reference)r.") % {"reference": reference}
        )
    return matches[0]


def evaluation_by_reference(reference: str) -> Evaluation:
    position = position_by_reference(reference)
    evaluation = (
        Evaluation.objects.filter(position=position)
        .select_related("position__announcement__institution")
        .first()
    )
    if evaluation is None:
        raise LookupError(
            _("The evaluation of position %(reference)s has not started.") % {"reference": reference}
        )
    return evaluation


# --- reading the file (format only) -------------------------------------------------------------------------


def parse_scores(data, *, by_code_only: bool = False) -> tuple[list[_Row], list[str]]:
    """The rows of a scores file and the format problems, each with its line; nothing about the database.

    One dialect for every import of scores (imports.decode_text, csv_delimiter, decimal_point): UTF-8 with or
    without its byte-order mark, "," or ";" as the header shows, a decimal comma in a quoted cell. Two sets of
    columns: COLUMNS (marks of every step, by application) or BY_CODE_COLUMNS (written results by code,
    R-20.3), the only one read when ``by_code_only`` (the chair's file).
    """
    text = decode_text(data, max_bytes=MAX_FILE_BYTES)
    if text is None:
        return [], [
            _("The file must be UTF-8 text of at most %(mb)s MB.") % {"mb": MAX_FILE_BYTES // 1_000_000}
        ]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    columns = BY_CODE_COLUMNS if by_code_only or sorted(header) == sorted(BY_CODE_COLUMNS) else COLUMNS
    if sorted(header) != sorted(columns) and by_code_only:
        return [], [_("The file needs the columns: code, score.")]
    if sorted(header) != sorted(columns):
        return [], [
            _("Line 1: the file needs exactly the columns %(columns)s.") % {"columns": ",".join(COLUMNS)}
        ]
    index = {name: header.index(name) for name in columns}
    rows, errors = [], []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            errors.append(
                _("Line %(line)s: it has %(n)s cells, not %(columns)s; quote a number with a decimal comma.")
                % {"line": line, "n": len(cells), "columns": len(columns)}
            )
            continue
        cell = {name: cells[i].strip() for name, i in index.items()}
        if columns == BY_CODE_COLUMNS:
            code = normalise_code(cell["code"])
            if not code:
                errors.append(_("Line %(line)s: the code is missing.") % {"line": line})
                continue
            rows.append(_Row(line, 0, WRITTEN, "", "", cell["score"], code=code))
            continue
        if not cell["application"].isdigit():
            errors.append(
                _("Line %(line)s: the application %(value)r is not an application number.")
                % {"line": line, "value": cell["application"]}
            )
            continue
        question = cell["question"]
        if question.isdigit():
            question = str(int(question))
        rows.append(
            _Row(
                line=line,
                application=int(cell["application"]),
                step=cell["step"].lower(),
                email=cell["member"].lower(),
                question=question.lower(),
                points=cell["points"],
            )
        )
    if not rows and not errors:
        errors.append(_("The file holds no marks."))
    return rows, errors


@functools.lru_cache(
    maxsize=8192
)  # a file repeats the same few marks thousands of times; Decimal is immutable
def _points(raw: str, maximum) -> Decimal:
    return rules.validate_mark(decimal_point(raw), maximum)


# --- checking against the evaluation (score_import.scores_import writes) ------------------------------------


def check_rows(evaluation: Evaluation, rows: list[_Row], errors: list[str], *, sat_on=None):
    """Every problem of the rows against the evaluation (appended to ``errors``); what to write when none.
    Locks the evaluation's candidates: call it inside the writing transaction (score_import.scores_import).
    ``sat_on``: the day the written test was sat (R-20.5), by default today."""
    scheme = evaluation.scheme
    steps = {step.key: step for step in scheme.steps}
    candidates = {c.application_id: c for c in evaluation.candidates.select_for_update(of=("self",))}
    by_code = {c.code: c for c in candidates.values()}
    seats = {
        s.member.user.email.lower(): s
        for s in Seat.objects.filter(
            committee__position_id=evaluation.position_id, status=SeatStatus.ACTIVE
        ).select_related("member__user")
        if s.member.user.email
    }
    existing_sheets = {
        (cid, seat_id, step): status
        for cid, seat_id, step, status in InterviewSheet.objects.filter(
            candidate__evaluation=evaluation
        ).values_list("candidate_id", "seat_id", "step", "status")
    }
    # The written results: one rule for every import (rules.written_results_refusal, R-20.3, R-20.5, R-22.2),
    # said once for the file. where the portal knows the day: an interview whose questions were
    # set here is held, and marked, that day; a procedure without a written test run in another system (no
    # questions here) brings its marks with no day to check.
    tz = evaluation.position.announcement.institution.tzinfo
    today = timezone.now().astimezone(tz).date()
    sealed_on = evaluation.sealed_at.astimezone(tz).date() if evaluation.sealed_at else None
    sat_on = sat_on or today
    refusal = rules.written_results_refusal(
        status=evaluation.status,
        sitting_ended=evaluation.status == EvaluationStatus.SITTING and evaluation.sitting_has_ended(),
        drafted_here=evaluation.test_questions.exists(),
        sealed_on=sealed_on,
        sat_on=sat_on,
        today=today,
    )
    if refusal and WRITTEN in steps and any(row.step == WRITTEN for row in rows):
        errors.append(_written_refusal_message(evaluation, refusal, sealed_on))
    wrong_interview_day = (
        evaluation.interview_on is not None
        and not rules.interview_on_the_day_of_its_questions(evaluation.interview_on, today)
    )

    def error(row, message, **values):
        errors.append(_("Line %(line)s: %(problem)s") % {"line": row.line, "problem": message % values})

    seen: dict[tuple, int] = {}
    spoiled: set[tuple] = set()  # a member's sheet with a row already reported: its gap is not reported again
    written: dict[int, tuple[_Row, Decimal]] = {}
    written_rows: set[int] = set()  # applications with a written row, valid or reported
    groups: dict[tuple, list[tuple[_Row, str, Decimal]]] = defaultdict(list)
    for row in rows:
        if row.code:  # a file by code: the candidate is found by their anonymous code
            candidate = by_code.get(row.code)
            if candidate is None:
                errors.append(
                    _("Line %(line)s: the code %(code)s is not a candidate of this evaluation.")
                    % {"line": row.line, "code": row.code}
                )
                continue
            row.application = candidate.application_id
        candidate = candidates.get(row.application)
        if candidate is None:
            error(
                row,
                _("application %(application)s is not a candidate of this evaluation."),
                application=row.application,
            )
        if row.step not in STEPS or row.step not in steps:
            error(
                row,
                _("the step %(step)r is not a step of this evaluation (%(steps)s)."),
                step=row.step,
                steps=", ".join(steps),
            )
            continue
        step = steps[row.step]
        key = (row.application, row.step, row.email, row.question)
        repeated = key in seen
        if repeated and row.code:
            errors.append(
                _("Line %(line)s: the code %(code)s appears again (first on line %(first)s).")
                % {"line": row.line, "code": row.code, "first": seen[key]}
            )
        elif repeated:
            error(row, _("the same mark appears on line %(first)s."), first=seen[key])
        else:
            seen[key] = row.line
        if row.step == WRITTEN:
            written_rows.add(row.application)
            if row.email:
                error(row, _("the written test is scored once, not by a member: leave the member empty."))
            if row.question:
                error(row, _("a written total has no question: leave the question empty."))
            recorded = candidate is not None and candidate.written_score is not None
            if refusal or rules.written_score_importable(recorded=recorded):
                pass
            elif candidate.written_source == "sitting":
                errors.append(
                    _("Line %(line)s: the candidate %(code)s already has a result from the sitting.")
                    % {"line": row.line, "code": row.code or row.application}
                )
            else:
                error(
                    row,
                    _(
                        "application %(application)s already has a written score; an import does not "
                        "overwrite it."
                    ),
                    application=row.code or row.application,
                )
            try:
                value = _points(row.points, step.maximum)
            except rules.MarkError as exc:
                error(row, "%(problem)s", problem=exc)
                continue
            if not (row.email or row.question or repeated):
                written[row.application] = (row, value)
            continue
        if row.step == "interview" and wrong_interview_day:
            error(
                row,
                _(
                    "R-23.4: the interview's questions were prepared on %(day)s, the day of the interview; "
                    "its marks are given that day."
                ),
                day=evaluation.interview_on.strftime("%d.%m.%Y"),
            )
        # documents or interview: one member's mark for one line of their sheet
        seat = seats.get(row.email)
        if seat is None:
            error(row, _("%(member)r is not a member of this position's committee."), member=row.email)
        lines = step.sheet_maxima
        if row.question not in lines:
            error(
                row,
                _("%(question)r is not a question or criterion of step %(step)s (%(lines)s)."),
                question=row.question,
                step=row.step,
                lines=", ".join(lines),
            )
            spoiled.add((row.application, row.step, row.email))
            continue
        try:
            value = _points(row.points, lines[row.question])
        except rules.MarkError as exc:
            error(row, "%(problem)s", problem=exc)
            spoiled.add((row.application, row.step, row.email))
            continue
        if candidate is not None and seat is not None and not repeated:
            groups[(candidate.pk, seat.pk, row.step)].append((row, row.question, value))

    by_pk = {c.pk: c for c in candidates.values()}
    seat_email = {s.pk: email for email, s in seats.items()}
    sheets = []
    for (candidate_pk, seat_pk, step_key), marks in groups.items():
        step, first = steps[step_key], marks[0][0]
        lines_of = _lines(r.line for r, _q, _v in marks)
        candidate = by_pk[candidate_pk]
        missing = [line for line in step.sheet_maxima if line not in {q for _r, q, _v in marks}]
        if missing and (candidate.application_id, step_key, seat_email[seat_pk]) not in spoiled:
            errors.append(
                _(
                    "%(lines)s: the sheet of %(member)s for application %(application)s in step "
                    "%(step)s lacks %(missing)s; a sheet is imported whole."
                )
                % {
                    "lines": lines_of,
                    "member": seat_email[seat_pk],
                    "application": candidate.application_id,
                    "step": step_key,
                    "missing": ", ".join(missing),
                }
            )
        status = existing_sheets.get((candidate_pk, seat_pk, step_key))
        if status is not None:
            errors.append(
                _(
                    "%(lines)s: %(member)s already has a sheet (%(status)s) for application "
                    "%(application)s in step %(step)s; an import does not overwrite it."
                )
                % {
                    "lines": lines_of,
                    "member": seat_email[seat_pk],
                    "status": SheetStatus(status).label,
                    "application": candidate.application_id,
                    "step": step_key,
                }
            )
        if step_key == INTERVIEW and WRITTEN in steps and steps[WRITTEN].gate is not None:
            score = (
                written[candidate.application_id][1]
                if candidate.application_id in written
                else candidate.written_score
            )
            rejected = candidate.application_id in written_rows and candidate.application_id not in written
            if not rejected and (score is None or not rules.reaches_next_step(scheme, WRITTEN, score)):
                errors.append(
                    _(
                        "Line %(line)s: application %(application)s did not reach the interview (at least "
                        "%(gate)s points in the written test, R-22.2, R-23.2)."
                    )
                    % {
                        "line": first.line,
                        "application": candidate.application_id,
                        "gate": rules.format_points(steps[WRITTEN].gate),
                    }
                )
        sheets.append((candidate, seat_pk, step, {q: v for _r, q, v in marks}))
    return [(candidates[a], v) for a, (_r, v) in written.items() if a in candidates], sheets


def _written_refusal_message(evaluation: Evaluation, refusal: str, sealed_on) -> str:
    if refusal == rules.WRITTEN_RESULTS_CLOSED:
        return _(
            "Results can be imported once the test is sealed and before the lock, "
            "and not while a sitting is under way."
        )
    return _(
        "%(article)s.5: the questions are drafted one day before the written test; this "
        "test was sealed on %(sealed)s, so only the results of a test sat on %(day)s "
        "are imported."
    ) % {
        "article": getattr(schemes.WRITTEN_COMPOSITIONS.get(evaluation.category), "article", "R-20"),
        "sealed": sealed_on.strftime("%d.%m.%Y"),
        "day": (sealed_on + dt.timedelta(days=1)).strftime("%d.%m.%Y"),
    }


def _lines(numbers) -> str:
    numbers = list(numbers)
    if len(numbers) == 1:
        return _("Line %(line)s") % {"line": numbers[0]}
    return _("Lines %(lines)s") % {"lines": ", ".join(map(str, numbers))}


def line_of(message: str) -> int:
    """The first line number a message names (0: none), to sort a refusal's problems by line."""
    digits = "".join(ch if ch.isdigit() else " " for ch in message).split()
    return int(digits[0]) if digits else 0


# --- the export ---------------------------------------------------------------------------------------------


def _shown(value) -> str:
    return "" if value is None else rules.format_points(value)


def export_records(evaluation: Evaluation) -> list[dict]:
    """One record per candidate, in rank order, with EXPORT_KEYS: the steps' points with two decimals cut
    toward zero (rules.format_points), empty where a step does not apply or was not reached; ``tie_rule``
    empty or the R-27 rule that ordered the candidate among equal totals."""
    from .results import compute_results  # written alongside this module

    records = []
    for row in compute_results(evaluation):
        records.append(
            {
                "application": row.application_id,
                "rank": row.rank,
                "documents": _shown(row.documents),
                "written": _shown(row.written),
                "interview": _shown(row.interview),
                "total": _shown(row.total),
                "reached_interview": bool(row.reached_interview),
                "qualified": bool(row.qualified),
                "winner": bool(row.winner),
                "tie_rule": LOT_ARTICLE if row.tie_rule == "lot" else (row.tie_rule or ""),
            }
        )
    return records


def records_csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_KEYS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(
            {
                **record,
                "reached_interview": "true" if record["reached_interview"] else "false",
                "qualified": "true" if record["qualified"] else "false",
                "winner": "true" if record["winner"] else "false",
                "rank": "" if record["rank"] is None else record["rank"],
            }
        )
    return out.getvalue()


def records_json(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def export_text(evaluation: Evaluation, fmt: str) -> str:
    records = export_records(evaluation)
    if fmt == "csv":
        return records_csv(records)
    if fmt == "json":
        return records_json(records)
    raise ValueError(f"Unknown format {fmt!r}: csv or json.")
