"""R-39: the supervisor's decision, the extension, the act that informs the employee; R-40: the annulment."""

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from recruitment.permissions import require_hr_of

from .. import rules
from ..choices import Outcome, ProbationState
from ..models import Probation
from .common import (
    ProbationError,
    _locked,
    _record_and_tell,
    _refuse,
    _require_running,
    _today,
    log,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# --- the decision -------------------------------------------------------------------------------------


def decision_record(
    *,
    actor: "User",
    probation: Probation,
    outcome: str,
    received_on: dt.date,
    reasons: str,
    supervisor_name: str = "",
    months: int = 0,
    now: dt.datetime | None = None,
) -> Probation:
    """HR records the direct supervisor's reasoned written decision (R-39.1–39.3).

    An extension (R-39.6) takes effect at once: the end and every clock move, and the evaluation of R-38
    starts again for the new end. A confirmation or a termination waits for HR's act, issued when HR informs
    the employee (employee_inform). A decision received after R-39.3's day is recorded as late."""
    now = now or timezone.now()
    require_hr_of(actor, probation.institution_id)
    with transaction.atomic():
        probation = _locked(probation)
        _require_running(probation)
        if probation.outcome in (Outcome.CONFIRM, Outcome.TERMINATE):
            raise ProbationError(_("The supervisor's decision is recorded already: inform the employee."))
        if received_on > _today(probation, now):
            raise ProbationError(_("The decision cannot be dated in the future."))
        _refuse(
            rules.r39_decision_problems(
                outcome=outcome,
                reasons=reasons,
                meeting_held=probation.meeting_held,
                months=months,
                already_extended_months=probation.extension_months,
            )
        )
        if outcome != Outcome.EXTEND and probation.meeting_on and received_on < probation.meeting_on:
            raise ProbationError(
                _("The decision follows the evaluation meeting (R-38.2, R-39.2): check its date.")
            )
        end = probation.end(_today(probation, now))
        late = not rules.r39_3_decision_in_time(end=end, received_on=received_on)
        data = {"outcome": outcome, "received_on": received_on, "late": late, "end": end}
        if outcome == Outcome.EXTEND:
            probation.extension_months += months
            previous = {
                "evaluation_requested_on": probation.evaluation_requested_on,
                "meeting_on": probation.meeting_on,
                "meeting_announced_on": probation.meeting_announced_on,
            }
            probation.evaluation_requested_on = probation.meeting_on = probation.meeting_announced_on = None
            probation.save(
                update_fields=[
                    "extension_months",
                    "evaluation_requested_on",
                    "meeting_on",
                    "meeting_announced_on",
                ]
            )
            new_end = probation.end(_today(probation, now))
            data.update(months=months, new_end=new_end, previous=previous)
            _record_and_tell(
                probation,
                actor=actor,
                action="probation.extended",
                data=data,
                template="probation_extended",
                key=f"extended:{probation.extension_months}",
                context={"months": months, "end": new_end, "reasons": reasons},
            )
            return probation
        probation.outcome = outcome
        probation.decision_received_on = received_on
        probation.decision_reasons = reasons.strip()
        probation.supervisor_name = supervisor_name.strip()
        probation.save(
            update_fields=["outcome", "decision_received_on", "decision_reasons", "supervisor_name"]
        )
        audit_log(actor=actor, action="probation.decision_recorded", obj=probation, data=data)
    return probation


def employee_inform(
    *, actor: "User", probation: Probation, act_number: str, now: dt.datetime | None = None
) -> Probation:
    """HR informs the employee (R-39.7) by the act of the leader of HR: the confirmation attached to the file
    (R-39.4) or the termination of the employment (R-39.5). Irreversible; a second click is told it is
    done."""
    now = now or timezone.now()
    require_hr_of(actor, probation.institution_id)
    if not act_number.strip():
        raise ProbationError(_("Give the number of the act."))
    with transaction.atomic():
        probation = _locked(probation)
        if probation.state != ProbationState.RUNNING:
            raise ProbationError(_("The employee has been informed already."))
        if probation.outcome not in (Outcome.CONFIRM, Outcome.TERMINATE):
            raise ProbationError(_("Record the supervisor's decision first (R-39.3)."))
        target = (
            ProbationState.CONFIRMED if probation.outcome == Outcome.CONFIRM else ProbationState.TERMINATED
        )
        assert rules.may_move(probation.state, target)
        today = _today(probation, now)
        end = probation.end(today)
        probation.state = target
        probation.act_number = act_number.strip()
        probation.decided_on = today
        probation.informed_on = today
        probation.save(update_fields=["state", "act_number", "decided_on", "informed_on"])
        _record_and_tell(
            probation,
            actor=actor,
            action=f"probation.{target}",
            data={
                "act_number": probation.act_number,
                "on": today,
                "end": end,
                "informed_late": today > rules.r39_7_inform_by(end),
            },
            template="probation_act",
            key=f"act:{target}",
            context={"end": end, "confirmed": target == ProbationState.CONFIRMED},
        )
        transaction.on_commit(lambda: _render_act_later(probation.pk))
    return probation


def _render_act_later(probation_id: int) -> None:
    from ..tasks import probation_act_render  # in the call: tasks imports these services (a cycle)

    try:
        probation_act_render.delay(probation_id)
    except Exception:  # a broker outage: the page asks a worker again when the act is first read
        log.exception("probation act %s not queued", probation_id)


def probation_termination_annul(
    *,
    actor: "User",
    probation: Probation,
    reason: str,
    annulled_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Probation:
    """R-40: KPMSHCK upheld the employee's appeal against the termination; the appeals app calls this when HR
    records the decision. The termination is annulled and the employee keeps the post; the history stays."""
    now = now or timezone.now()
    require_hr_of(actor, probation.institution_id)
    if not reason.strip():
        raise ProbationError(_("Give the reason (KPMSHCK's decision)."))
    with transaction.atomic():
        probation = _locked(probation)
        if probation.state == ProbationState.ANNULLED:
            return probation
        if not rules.may_move(probation.state, ProbationState.ANNULLED):
            raise ProbationError(_("Only a termination can be annulled (R-40)."))
        probation.state = ProbationState.ANNULLED
        probation.annulled_on = annulled_on or _today(probation, now)
        probation.annulment_reason = reason.strip()
        probation.save(update_fields=["state", "annulled_on", "annulment_reason"])
        _record_and_tell(
            probation,
            actor=actor,
            action="probation.termination_annulled",
            kind="probation.annulled",
            data={"on": probation.annulled_on},
            template="probation_annulled",
            key="annulled",
            context={},
        )
    return probation
