"""Every change of a probation (R-33 … R-39): the permission, the row locked, the rule, the audit event and the
message to the person, in one transaction. HR records what the supervisor and the employee did; the beat starts
the probation of each appointee who reported and reminds HR of each clock."""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import audit_log
from notifications.services import notify
from recruitment.permissions import NotAllowed, hr_users, require_hr_of

from . import rules
from .choices import CATEGORY_RANK, CivilServiceCategory, Outcome, ProbationState, SuspensionCause
from .models import Probation, Suspension

log = logging.getLogger(__name__)

# Categories on probation without a question (R-33.1: appointed under R-30); management appointees only when they
# were not civil servants, which HR states.
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
        "A civil servant of the unit and category has been longer in the post: the mentor is the most senior (R-35.2)."
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
        "Confirmation or termination follows the evaluation meeting (R-38.2, R-39.2): record the meeting first."
    ),
    "at_least_one_month": lambda: _("An extension is of one month at least (R-39.6)."),
    "beyond_six_months": lambda: _("The probation can be extended by up to six months in all (R-39.6)."),
    "unknown_outcome": lambda: _("Unknown decision."),
}


def _refuse(problems: list[str]):
    if problems:
        raise ProbationError([PROBLEM_TEXTS[p]() for p in problems])


def _today(probation_or_institution, now) -> dt.date:
    institution = getattr(probation_or_institution, "institution", probation_or_institution)
    return now.astimezone(institution.tzinfo).date()


def _locked(probation: Probation) -> Probation:
    return (
        Probation.objects.select_for_update(of=("self",))
        .select_related("institution", "employee")
        .prefetch_related("suspensions")
        .get(pk=probation.pk)
    )


def _require_running(probation: Probation):
    if probation.state != ProbationState.RUNNING:
        raise ProbationError(
            _("This probation has ended: %(state)s.") % {"state": probation.get_state_display()}
        )


def _tell_employee(probation: Probation, *, kind: str, template: str, key: str, context: dict):
    notify(
        recipient=probation.employee,
        kind=kind,
        template=template,
        dedupe_key=f"probation:{probation.pk}:{key}",
        context={"probation": probation, **context},
    )


# --- Start -------------------------------------------------------------------------------------------------------


def _appointment_facts(appointment):
    """The facts of an appointment the probation needs: institution, employee, category, unit."""
    post = appointment.post
    position = post.position
    return {
        "institution": position.announcement.institution,
        "employee": appointment.winner.application.applicant,
        "category": position.category,
        "unit": post.unit or position.department,
    }


def probation_start(
    *, appointment, actor=None, now=None, management_not_civil_servant: bool = False
) -> Probation:
    """Start the probation of an appointee who reported to work (R-33.1), from the act's date; idempotent.

    ``actor`` None is the beat (professional and specialist appointments). A management appointee is on probation
    only when not a civil servant at the appointment (R-33.2): HR starts it, saying so."""
    now = now or timezone.now()
    facts = _appointment_facts(appointment)
    if actor is not None:
        require_hr_of(actor, facts["institution"].pk)
    if facts["category"] in MANAGEMENT_CATEGORIES and not management_not_civil_servant:
        raise ProbationError(
            _(
                "A management appointee is on probation only when not a civil servant at the appointment (R-33.2)."
            )
        )
    if facts["category"] not in PROBATION_CATEGORIES | MANAGEMENT_CATEGORIES:
        raise ProbationError(_("This category has no probation under the regulation (R-33)."))
    if appointment.reported_on is None:
        raise ProbationError(_("The appointee has not reported to work yet (R-30.2)."))
    with transaction.atomic():
        probation, created = Probation.objects.get_or_create(
            appointment=appointment,
            defaults={
                "institution": facts["institution"],
                "employee": facts["employee"],
                "act_date": appointment.act_date,
                "category": facts["category"],
                "unit": facts["unit"],
                "created_at": now,
            },
        )
        if created:
            audit_log(
                actor=actor,
                action="probation.started",
                obj=probation,
                data={
                    "appointment": appointment.pk,
                    "act_date": probation.act_date,
                    "r33_2": management_not_civil_servant,
                },
            )
            _tell_employee(
                probation,
                kind="probation.started",
                template="probation_started",
                key="started",
                context={"end": probation.end(), "clocks": probation.clocks()},
            )
    return probation


def probations_start_due(*, now=None) -> int:
    """The beat: every appointee of a professional or specialist post who reported to work and has no probation
    yet gets one (R-33.1). Idempotent (one probation per appointment)."""
    from appointments.models import Appointment

    due = (
        Appointment.objects.filter(
            reported_on__isnull=False,
            probation__isnull=True,
            post__position__category__in=list(PROBATION_CATEGORIES),
        )
        .select_related("post__position__announcement__institution", "winner__application__applicant")
        .order_by("pk")
    )
    started = 0
    for appointment in due:
        try:
            probation_start(appointment=appointment, now=now)
            started += 1
        except ProbationError:
            log.exception("probation not started for appointment %s", appointment.pk)
    return started


# --- suspensions ------------------------------------------------------------------------------------------


def suspension_record(
    *,
    actor,
    probation: Probation,
    cause: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    note: str = "",
    now=None,
) -> Suspension:
    """HR records a suspension (R-33.4); the end and every clock move by its length."""
    now = now or timezone.now()
    require_hr_of(actor, probation.institution_id)
    if cause not in SuspensionCause.values:
        raise ProbationError(_("Unknown cause."))
    with transaction.atomic():
        probation = _locked(probation)
        _require_running(probation)
        end = probation.end(_today(probation, now))
        _refuse(
            rules.r33_4_suspension_problems(
                act_date=probation.act_date, end=end, start=starts_on, stop=ends_on, cause=cause, note=note
            )
        )
        suspension = Suspension.objects.create(
            probation=probation,
            cause=cause,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note.strip(),
            recorded_by=actor,
            recorded_at=now,
        )
        new_end = rules.r33_4_end(
            probation.act_date,
            [(s.starts_on, s.ends_on) for s in probation.suspensions.all()] + [(starts_on, ends_on)],
            extension_months=probation.extension_months,
            as_of=_today(probation, now),
        )
        audit_log(
            actor=actor,
            action="probation.suspended",
            obj=probation,
            data={
                "suspension": suspension.pk,
                "cause": cause,
                "from": starts_on,
                "to": ends_on,
                "end": new_end,
            },
        )
        _tell_employee(
            probation,
            kind="probation.suspended",
            template="probation_suspended",
            key=f"suspension:{suspension.pk}",
            context={"suspension": suspension, "end": new_end, "open": ends_on is None},
        )
    return suspension


def suspension_end(*, actor, suspension: Suspension, ends_on: dt.date, now=None) -> Suspension:
    """HR records the last day of an open suspension (R-33.4: "pas përfundimit të shkakut")."""
    now = now or timezone.now()
    require_hr_of(actor, suspension.probation.institution_id)
    with transaction.atomic():
        probation = _locked(suspension.probation)
        _require_running(probation)
        suspension = Suspension.objects.select_for_update().get(pk=suspension.pk)
        if suspension.ends_on is not None:
            raise ProbationError(_("This suspension has ended already."))
        if ends_on < suspension.starts_on:
            _refuse(["ends_before_it_starts"])
        suspension.ends_on = ends_on
        suspension.save(update_fields=["ends_on"])
        probation = _locked(probation)
        end = probation.end()
        audit_log(
            actor=actor,
            action="probation.suspension_ended",
            obj=probation,
            data={"suspension": suspension.pk, "to": ends_on, "end": end},
        )
        _tell_employee(
            probation,
            kind="probation.suspension_ended",
            template="probation_suspended",
            key=f"suspension-end:{suspension.pk}",
            context={"suspension": suspension, "end": end, "open": False},
        )
    return suspension


# --- the mentor --------------------------------------------------------------------------------------------


def mentor_assign(
    *,
    actor,
    probation: Probation,
    name: str,
    unit: str,
    category: str,
    in_post_since: dt.date,
    colleagues=(),
    now=None,
) -> Probation:
    """HR records the mentor the supervisor assigned (R-35.2), checked against the facts given: the same unit, the
    same or a higher category (R-35.3), nobody of the unit and category longer in the post among ``colleagues``."""
    now = now or timezone.now()
    require_hr_of(actor, probation.institution_id)
    if not name.strip():
        raise ProbationError(_("Name the mentor."))
    if category not in CATEGORY_RANK:
        raise ProbationError(_("Unknown category."))
    mentor = rules.Colleague(
        name=name.strip(), unit=unit.strip(), category=category, in_post_since=in_post_since
    )
    with transaction.atomic():
        probation = _locked(probation)
        _require_running(probation)
        _refuse(
            rules.r35_mentor_problems(
                mentor, unit=probation.unit, category=probation.category, colleagues=colleagues
            )
        )
        probation.mentor_name = mentor.name
        probation.mentor_unit = mentor.unit
        probation.mentor_category = category
        probation.mentor_in_post_since = in_post_since
        probation.mentor_assigned_on = _today(probation, now)
        probation.save(
            update_fields=[
                "mentor_name",
                "mentor_unit",
                "mentor_category",
                "mentor_in_post_since",
                "mentor_assigned_on",
            ]
        )
        audit_log(
            actor=actor,
            action="probation.mentor_assigned",
            obj=probation,
            data={
                "category": category,
                "in_post_since": in_post_since,
                "colleagues_checked": len(list(colleagues)),
            },
        )
        _tell_employee(
            probation,
            kind="probation.mentor",
            template="probation_mentor",
            key=f"mentor:{probation.mentor_assigned_on}:{mentor.name}",
            context={},
        )
    return probation


# --- the evaluation ----------------------------------------------------------------------------------------


def evaluation_request_record(*, actor, probation: Probation, requested_on: dt.date, now=None) -> Probation:
    """HR records its written request to the direct supervisor for the evaluation (R-38.1)."""
    now = now or timezone.now()
    require_hr_of(actor, probation.institution_id)
    with transaction.atomic():
        probation = _locked(probation)
        _require_running(probation)
        if requested_on > _today(probation, now):
            raise ProbationError(_("The request cannot be dated in the future."))
        probation.evaluation_requested_on = requested_on
        probation.save(update_fields=["evaluation_requested_on"])
        by = rules.r38_1_evaluation_request_by(probation.end())
        audit_log(
            actor=actor,
            action="probation.evaluation_requested",
            obj=probation,
            data={"on": requested_on, "due": by, "late": requested_on > by},
        )
    return probation


def meeting_record(
    *, actor, probation: Probation, meeting_on: dt.date, announced_on: dt.date, now=None
) -> Probation:
    """HR records the evaluation meeting the supervisor set and the day its notice reached the employee: no later
    than R-38.2's day before the end, announced at least 3 days ahead (R-38.3). The employee is told."""
    now = now or timezone.now()
    require_hr_of(actor, probation.institution_id)
    with transaction.atomic():
        probation = _locked(probation)
        _require_running(probation)
        end = probation.end(_today(probation, now))
        _refuse(rules.r38_meeting_problems(end=end, meeting_on=meeting_on, announced_on=announced_on))
        probation.meeting_on = meeting_on
        probation.meeting_announced_on = announced_on
        probation.save(update_fields=["meeting_on", "meeting_announced_on"])
        audit_log(
            actor=actor,
            action="probation.meeting_set",
            obj=probation,
            data={"meeting_on": meeting_on, "announced_on": announced_on, "end": end},
        )
        _tell_employee(
            probation,
            kind="probation.meeting",
            template="probation_meeting",
            key=f"meeting:{meeting_on}",
            context={"meeting_on": meeting_on},
        )
    return probation


# --- the decision --------------------------------------------------------------------------------------------


def decision_record(
    *,
    actor,
    probation: Probation,
    outcome: str,
    received_on: dt.date,
    reasons: str,
    supervisor_name: str = "",
    months: int = 0,
    now=None,
) -> Probation:
    """HR records the direct supervisor's reasoned written decision (R-39.1–39.3).

    An extension (R-39.6) takes effect at once: the end and every clock move, and the evaluation of R-38 starts
    again for the new end. A confirmation or a termination waits for HR's act, issued when HR informs the employee
    (employee_inform). A decision received after R-39.3's day is recorded as late."""
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
            audit_log(actor=actor, action="probation.extended", obj=probation, data=data)
            _tell_employee(
                probation,
                kind="probation.extended",
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


def employee_inform(*, actor, probation: Probation, act_number: str, now=None) -> Probation:
    """HR informs the employee (R-39.7) by the act of the leader of HR: the confirmation attached to the file
    (R-39.4) or the termination of the employment (R-39.5). Irreversible; a second click is told it is done."""
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
        audit_log(
            actor=actor,
            action=f"probation.{target}",
            obj=probation,
            data={
                "act_number": probation.act_number,
                "on": today,
                "end": end,
                "informed_late": today > rules.r39_7_inform_by(end),
            },
        )
        _tell_employee(
            probation,
            kind=f"probation.{target}",
            template="probation_act",
            key=f"act:{target}",
            context={"end": end, "confirmed": target == ProbationState.CONFIRMED},
        )
        transaction.on_commit(lambda: _render_act_later(probation.pk))
    return probation


def _render_act_later(probation_id: int):
    from .tasks import probation_act_render

    try:
        probation_act_render.delay(probation_id)
    except Exception:  # a broker outage: the page asks a worker again when the act is first read
        log.exception("probation act %s not queued", probation_id)


def probation_termination_annul(
    *, actor, probation: Probation, reason: str, annulled_on: dt.date | None = None, now=None
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
        audit_log(
            actor=actor,
            action="probation.termination_annulled",
            obj=probation,
            data={"on": probation.annulled_on},
        )
        _tell_employee(
            probation, kind="probation.annulled", template="probation_annulled", key="annulled", context={}
        )
    return probation


# --- The beat: reminders to HR at each clock ------------------------------------------------------------------------


# What HR must do by each clock, and whether it is done. The reminder is written on the clock's day (or the first run
# after it), once per probation, clock and scheduled date: a moved end (a suspension, an extension) schedules anew.
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


def reminders_send(*, now=None) -> int:
    """Remind HR a week before each open clock of a running probation and again when it is overdue. Idempotent
    (dedupe key per probation, clock, scheduled date, stage and person); a suspended probation is not reminded."""
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


__all__ = [
    "NotAllowed",
    "ProbationError",
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
