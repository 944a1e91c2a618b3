"""Every change of a probation (R-33 … R-39), one module per workflow: the permission, the row locked, the
rule, the audit event and the message to the person, in one transaction. HR records what the supervisor and
the employee did; the beat starts the probation of each appointee who reported and reminds HR of each clock.
The public names are re-exported here (the appeals app calls ``probation_termination_annul``)."""

from recruitment.permissions import NotAllowed

from .common import MANAGEMENT_CATEGORIES, PROBATION_CATEGORIES, PROBLEM_TEXTS, ProbationError
from .decision import decision_record, employee_inform, probation_termination_annul
from .reminders import CLOCK_TEXTS, REMINDER_DAYS_AHEAD, _open_clocks, reminders_send
from .start import probation_start, probations_start_due
from .steps import evaluation_request_record, meeting_record, mentor_assign, suspension_end, suspension_record

__all__ = [
    "CLOCK_TEXTS",
    "MANAGEMENT_CATEGORIES",
    "NotAllowed",
    "PROBATION_CATEGORIES",
    "PROBLEM_TEXTS",
    "REMINDER_DAYS_AHEAD",
    "ProbationError",
    "_open_clocks",
    "decision_record",
    "employee_inform",
    "evaluation_request_record",
    "meeting_record",
    "mentor_assign",
    "probation_start",
    "probation_termination_annul",
    "probations_start_due",
    "reminders_send",
    "suspension_end",
    "suspension_record",
]
