"""What every probation service shares: the refusal with its article, the locked row, the local day, the
message to the employee."""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from audit.services import audit_log
from notifications.services import notify

from .. import rules
from ..choices import CivilServiceCategory, ProbationState
from ..models import Probation

log = logging.getLogger(__name__)

# Categories on probation without a question (R-33.1: appointed under R-30); management appointees only when
# they were not civil servants, which HR states.
PROBATION_CATEGORIES = {CivilServiceCategory.PROFESSIONAL, CivilServiceCategory.SPECIALIST}
MANAGEMENT_CATEGORIES = {CivilServiceCategory.LOWER_MANAGEMENT, CivilServiceCategory.MIDDLE_MANAGEMENT}


class ProbationError(ValidationError):
    """A change refused; the message names the article."""


PROBLEM_TEXTS = {
    "before_the_act": lambda: _("A suspension cannot start before the appointment act (R-33.1)."),
    "after_the_end": lambda: _("The probation has ended by that day: nothing to suspend (R-33.4)."),
    "ends_before_it_starts": lambda: _("The last day of the suspension is before its first."),
    "circumstance_not_named": lambda: _("Name the special circumstance (R-33.4)."),
    "other_unit": lambda: _("The mentor works in the same organisational unit as the employee (R-35.2)."),
    "lower_category": lambda: _("The mentor is of the same or a higher category than the employee (R-35.3)."),
    "not_the_most_senior": lambda: _(
        "A civil servant of the unit and category has been longer in the post: the mentor is the most senior "
        "(R-35.2)."
    ),
    "r38_2_too_late": lambda: (
        _("The meeting takes place no later than %(days)s days before the end of the probation (R-38.2).")
        % {"days": rules.meeting_days_before()}
    ),
    "r38_3_notice_too_short": lambda: _(
        "The notice of the meeting reaches the employee at least 3 days before it (R-38.3)."
    ),
    "reasons_required": lambda: _("The supervisor's decision is reasoned in writing (R-39.3)."),
    "meeting_not_held": lambda: _(
        "Confirmation or termination follows the evaluation meeting (R-38.2, R-39.2): record the meeting "
        "first."
    ),
    "at_least_one_month": lambda: _("An extension is of one month at least (R-39.6)."),
    "beyond_six_months": lambda: _("The probation can be extended by up to six months in all (R-39.6)."),
    "unknown_outcome": lambda: _("Unknown decision."),
}


def _refuse(problems: list[str]) -> None:
    if problems:
        raise ProbationError([PROBLEM_TEXTS[p]() for p in problems])


def _today(probation_or_institution, now: dt.datetime) -> dt.date:
    institution = getattr(probation_or_institution, "institution", probation_or_institution)
    return now.astimezone(institution.tzinfo).date()


def _locked(probation: Probation) -> Probation:
    return (
        Probation.objects.select_for_update(of=("self",))
        .select_related("institution", "employee")
        .prefetch_related("suspensions")
        .get(pk=probation.pk)
    )


def _require_running(probation: Probation) -> None:
    if probation.state != ProbationState.RUNNING:
        raise ProbationError(
            _("This probation has ended: %(state)s.") % {"state": probation.get_state_display()}
        )


def _tell_employee(probation: Probation, *, kind: str, template: str, key: str, context: dict) -> None:
    notify(
        recipient=probation.employee,
        kind=kind,
        template=template,
        dedupe_key=f"probation:{probation.pk}:{key}",
        context={"probation": probation, **context},
    )


def _record_and_tell(
    probation: Probation,
    *,
    actor,
    action: str,
    data: dict,
    template: str,
    key: str,
    context: dict,
    kind: str = "",
) -> None:
    """Write the audit event of a change to the probation and tell the employee (the message's kind is the
    action's unless named); inside the caller's transaction."""
    audit_log(actor=actor, action=action, obj=probation, data=data)
    _tell_employee(probation, kind=kind or action, template=template, key=key, context=context)
