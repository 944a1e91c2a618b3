"""Every change to an evaluation (R-19 … R-28), one module per workflow:

- ``common``: the step keys, the refusals, the row lock, the status moves, the committee-seat checks;
- ``admission``: HR creates the evaluation and admits the candidates (R-17.1.2, R-18.3);
- ``written_test``: the chair drafts (by import) and seals the written test (R-20, R-21);
- ``sitting``: the electronic sitting, imported results and the lock of the written results;
- ``marking``: the interview's and the documents' sheets, absences and corrections (R-22, R-23, F1 item 13);
- ``publication``: completion, the act's approval, HR's publication and the candidates' messages (R-24, R-25);
- ``exclusion``: R-9.3 reaching the evaluation and its results;
- ``representation``: HR's staff figures (R-28).

Each service checks the actor, locks what it changes, applies the rule of rules.py and writes its audit event
in the same transaction. Audit events about the written test name candidates by their code only (R-20.3). The
names below are the package's public API (``scoring.services.x``): callers need not know the module.
"""

from .admission import (
    CUSTOM_SCHEME,
    RUNNABLE_ORDERS,
    candidates_admit,
    custom_scheme_problems,
    evaluation_create,
)
from .common import (
    CRITERION_LABELS,
    DOCUMENTS,
    EXCLUDED,
    INTERVIEW,
    SHEET_STEP_STATUS,
    SHEET_STEPS,
    SITTING_MINUTES_MAX,
    WRITTEN,
    EvaluationError,
    SheetLocked,
    SittingClosed,
    interview_article,
    seat_of,
    written_article,
)
from .exclusion import exclusion_apply
from .marking import (
    documents_open,
    interview_absence_record,
    interview_open,
    sheet_candidates,
    sheet_correct,
    sheet_save,
)
from .publication import act_approve, applicant_email, evaluation_complete, results_publish
from .representation import representation_save
from .sitting import (
    sitting_enter,
    sitting_open,
    sitting_save,
    written_lock,
    written_score_of,
)
from .written_test import canonical_test, test_problems, test_questions_import, test_seal

__all__ = [
    "WRITTEN",
    "INTERVIEW",
    "DOCUMENTS",
    "EXCLUDED",
    "SHEET_STEPS",
    "SHEET_STEP_STATUS",
    "SITTING_MINUTES_MAX",
    "CRITERION_LABELS",
    "EvaluationError",
    "SheetLocked",
    "SittingClosed",
    "seat_of",
    "written_article",
    "interview_article",
    "evaluation_create",
    "CUSTOM_SCHEME",
    "RUNNABLE_ORDERS",
    "custom_scheme_problems",
    "candidates_admit",
    "test_questions_import",
    "canonical_test",
    "test_problems",
    "test_seal",
    "sitting_open",
    "sitting_enter",
    "written_score_of",
    "sitting_save",
    "written_lock",
    "interview_open",
    "documents_open",
    "sheet_candidates",
    "sheet_save",
    "interview_absence_record",
    "sheet_correct",
    "evaluation_complete",
    "act_approve",
    "applicant_email",
    "results_publish",
    "exclusion_apply",
    "representation_save",
]
