"""The one importer of scores: the chair's page (written results by code), HR's admin and ``manage.py
import_scores`` (marks of every step) all call ``scores_import``.

One dialect (``io.parse_scores``: the columns of ``io.COLUMNS`` or ``io.BY_CODE_COLUMNS``), one set of checks
(``io.check_rows``, whose written results follow ``rules.written_results_refusal`` and
``rules.written_score_importable``), one writer: the actor checked (HR of the position's institution, the
chair of its committee for written results by code, or None: the system, manage.py), the evaluation and its
candidates locked, every row checked, and all of it written with one audit event in one transaction, or
nothing (``io.ImportRefused`` with every problem). The file formats and their rules are ``scoring.io``'s
docstring.
"""

import datetime as dt
import hashlib
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from recruitment.permissions import NotAllowed, is_hr_of

from . import services
from .io import CLOSED_STATUSES, ImportRefused, ImportSummary, check_rows, line_of, parse_scores
from .models import Evaluation, EvaluationCandidate, InterviewSheet, SheetStatus


def scores_import(
    *,
    evaluation: Evaluation,
    data: bytes | str,
    actor: AbstractBaseUser | None = None,
    sat_on: dt.date | None = None,
) -> ImportSummary:
    """Checks every row of the file (parse_scores, then against the evaluation) and writes all of it in one
    transaction, or nothing (ImportRefused with every problem). ``actor`` None is the system (manage.py); a
    person must be HR of the position's institution, or the chair of its committee importing the written
    results by code (R-20.3: the chair knows the candidates by their codes until the lock). ``sat_on``: the
    day the written test was sat (R-20.5), by default today."""
    via = _require_importer(actor, evaluation)
    rows, errors = parse_scores(data, by_code_only=via == "chair")
    raw = data if isinstance(data, bytes) else str(data).encode()
    digest = hashlib.sha256(raw).hexdigest()
    with transaction.atomic():
        evaluation = (
            Evaluation.objects.select_for_update(of=("self",))
            .select_related("position__announcement__institution")
            .get(pk=evaluation.pk)
        )
        if evaluation.status in CLOSED_STATUSES:
            errors.insert(0, _("The results of this evaluation are computed: no mark can be imported."))
            raise ImportRefused(errors)
        written, sheets = check_rows(evaluation, rows, errors, sat_on=sat_on)  # locks the candidates
        if errors:
            raise ImportRefused(sorted(errors, key=line_of))
        now = timezone.now()
        for candidate, value in written:
            candidate.written_score, candidate.written_source = value, "import"
        _save_written(written)
        InterviewSheet.objects.bulk_create(
            [
                InterviewSheet(
                    candidate=candidate,
                    seat_id=seat_pk,
                    step=step.key,
                    marks={line: str(marks[line]) for line in step.sheet_maxima},
                    justifications={},
                    status=SheetStatus.SUBMITTED,
                    total=_sheet_total(marks),
                    submitted_at=now,
                )
                for candidate, seat_pk, step, marks in sheets
            ],
            batch_size=2000,
        )
        summary = ImportSummary(
            written=len(written),
            sheets=len(sheets),
            marks=sum(len(marks) for *_rest, marks in sheets),
            file_sha256=digest,
        )
        # Counts and the file's hash only: no code is linked to an application here.
        audit_log(
            actor=actor,
            action="scoring.scores_imported",
            obj=evaluation,
            data={
                "written": summary.written,
                "sheets": summary.sheets,
                "marks": summary.marks,
                "file_sha256": digest,
                "sat_on": (sat_on or now.astimezone(_tz(evaluation)).date()).isoformat(),
                "via": via,
            },
        )
    return summary


def _require_importer(actor, evaluation: Evaluation) -> str:
    """Who imports: "manage.py import_scores" (no actor), "admin" (HR of the institution) or "chair"."""
    if actor is None:
        return "manage.py import_scores"
    if is_hr_of(actor, evaluation.position.announcement.institution_id):
        return "admin"
    seat = services.seat_of(actor, evaluation)
    if seat is not None and seat.is_chair:
        return "chair"
    raise NotAllowed("Only HR of the institution or the chair of the committee may import scores.")


def _tz(evaluation: Evaluation):
    return evaluation.position.announcement.institution.tzinfo


def _sheet_total(marks: dict) -> Decimal:
    # rules.sheet_total over marks already checked one by one (rules.validate_mark) and complete (check_rows):
    # their sum (rules.member_total, R-22.7, R-23.7), without validating 250,000 marks a second time.
    return sum(marks.values(), Decimal(0))


def _save_written(written: list) -> None:
    if not written:
        return
    if connection.vendor != "postgresql":
        EvaluationCandidate.objects.bulk_update(
            [c for c, _v in written], ["written_score", "written_source"], batch_size=2000
        )
        return
    # One statement for 10,000 scores (bulk_update's CASE grows with the rows; bench/results_bench.py); the
    # rows are locked by check_rows, inside this service's transaction.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {EvaluationCandidate._meta.db_table} AS c "
            "SET written_score = v.score, written_source = %s "
            "FROM unnest(%s::bigint[], %s::numeric[]) AS v(id, score) WHERE c.id = v.id",
            ["import", [c.pk for c, _v in written], [v for _c, v in written]],
        )
