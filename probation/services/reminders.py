"""R-38, R-39: the beat reminds HR of each clock."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from audit.services import audit_log
from notifications.services import notify
from recruitment.permissions import hr_users

from ..choices import ProbationState
from ..models import Probation
from .common import _today

# --- The beat: reminders to HR at each clock ----------------------------------------------------------------


# What HR must do by each clock, and whether it is done. The reminder is written on the clock's day (or the
# first run after it), once per probation, clock and scheduled date: a moved end (a suspension, an extension)
# schedules anew.
def _open_clocks(probation: Probation, today: dt.date):
    c = probation.clocks(today)
    items = []
    if probation.mentor_assigned_on is None:
        items.append(("mentor", probation.act_date, "R-35"))
    if probation.evaluation_requested_on is None:
        items.append(("request", c.evaluation_request_by, "R-38.1"))
    if probation.meeting_on is None:
        items.append(("meeting", c.meeting_by, "R-38.2"))
    if not probation.outcome:
        items.append(("decision", c.decision_by, "R-39.3"))
    if probation.informed_on is None:
        items.append(("inform", c.employee_informed_by, "R-39.7"))
    return items


# What each clock asks of HR, in HR's words (the reminders and the due items).
CLOCK_TEXTS = {
    "mentor": gettext_lazy("Record the mentor the supervisor assigned"),
    "request": gettext_lazy("Ask the direct supervisor in writing for the evaluation of the probation"),
    "meeting": gettext_lazy(
        "The supervisor's meeting with the employee on the evaluation, announced 3 days ahead"
    ),
    "decision": gettext_lazy("The supervisor's reasoned decision reaches HR"),
    "inform": gettext_lazy("Inform the employee"),
}

# Days ahead of a clock the reminder goes out (it goes again, overdue, on the day after).
REMINDER_DAYS_AHEAD = 7


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind HR a week before each open clock of a running probation and again when it is overdue. Idempotent
    (dedupe key per probation, clock, scheduled date, stage and person); a suspended probation is not
    reminded."""
    now = now or timezone.now()
    written = 0
    probations = (
        Probation.objects.filter(state=ProbationState.RUNNING)
        .select_related("institution", "employee")
        .prefetch_related("suspensions")
        .order_by("pk")
    )
    for probation in probations:
        if probation.is_suspended:
            continue
        today = _today(probation, now)
        for clock, due, article in _open_clocks(probation, today):
            if today > due:
                stage = "overdue"
            elif today >= due - dt.timedelta(days=REMINDER_DAYS_AHEAD):
                stage = "ahead"
            else:
                continue
            for user in hr_users(probation.institution_id):
                with transaction.atomic():
                    message = notify(
                        recipient=user,
                        kind="probation.reminder",
                        template="probation_reminder",
                        dedupe_key=f"probation-reminder:{probation.pk}:{clock}:{due}:{stage}:{user.pk}",
                        context={
                            "probation": probation,
                            "what": CLOCK_TEXTS[clock],
                            "due": due,
                            "article": article,
                            "overdue": stage == "overdue",
                        },
                    )
                    if message is not None:
                        audit_log(
                            actor=None,
                            action="probation.reminded",
                            obj=probation,
                            data={"clock": clock, "due": due, "stage": stage, "to": user.pk},
                        )
                        written += 1
    return written
