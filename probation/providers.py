"""What probation tells the pages of other apps, registered in ready(): HR's "Due this week"
(recruitment.lib.due_items) and the employee's "My applications" (recruitment.lib.later_steps)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from appointments.models import Appointment
from appointments.selectors import reported_due_items
from recruitment.lib.due_items import DueItem
from recruitment.lib.later_steps import STAGE_EMPLOYMENT, Step

from .choices import ProbationState
from .models import Probation
from .services import CLOCK_TEXTS, PROBATION_CATEGORIES, _open_clocks

ARTICLES = {
    "mentor": "R-35",
    "request": "R-38.1",
    "meeting": "R-38.2",
    "decision": "R-39.3",
    "inform": "R-39.7",
}


def due_probation_items(institution_ids: set[int], start: dt.date, end: dt.date) -> list[DueItem]:
    """Each open clock of a running probation due by ``end``; those before ``start`` are overdue. One
    query."""
    items = []
    probations = (
        Probation.objects.filter(institution_id__in=institution_ids, state=ProbationState.RUNNING)
        .select_related("employee")
        .prefetch_related("suspensions")
    )
    for probation in probations:
        who = probation.employee.get_full_name() or probation.employee.email
        url = reverse("probation:detail", args=[probation.pk])
        for clock, due, article in _open_clocks(probation, start):
            if due > end:
                continue
            items.append(
                DueItem(
                    due=due,
                    text=f"{CLOCK_TEXTS[clock]}: {who}",
                    article=article,
                    institution_id=probation.institution_id,
                    url=url,
                    overdue=due < start,
                )
            )
    # Appointees who reported and have no probation yet (the beat starts them within the hour; HR may at
    # once).

    waiting = Appointment.objects.filter(
        reported_on__isnull=False,
        probation__isnull=True,
        post__position__category__in=list(PROBATION_CATEGORIES),
        post__position__announcement__institution_id__in=institution_ids,
        reported_on__lte=end,
    ).select_related("post__position__announcement", "winner__application__applicant")
    items += reported_due_items(
        waiting,
        text=_("Start the probation: %(name)s reported to work"),
        article="R-33.1",
        url=reverse("probation:list"),
        start=start,
    )
    return items


def probation_steps(applications) -> dict[int, list[Step]]:
    """The probation of each application that led to an appointment, in plain words, with its clocks."""
    ids = [a.pk for a in applications]
    found: dict[int, list[Step]] = {}
    probations = (
        Probation.objects.filter(appointment__winner__application_id__in=ids)
        .select_related("appointment__winner")
        .prefetch_related("suspensions")
    )
    today = timezone.localdate()
    for p in probations:
        steps = found.setdefault(p.appointment.winner.application_id, [])
        end = p.end(today)
        steps.append(
            Step(
                at=p.act_date,
                text=_("Probation of six months from the appointment act; it ends on %(end)s (R-33).")
                % {"end": end.strftime("%d.%m.%Y")},
                order=1,
                status=_("On probation until %(end)s.") % {"end": end.strftime("%d.%m.%Y")},
                stage=STAGE_EMPLOYMENT,
            )
        )
        if p.mentor_name:
            steps.append(
                Step(
                    at=p.mentor_assigned_on,
                    text=_("Your mentor: %(name)s (R-35).") % {"name": p.mentor_name},
                    order=2,
                )
            )
        for s in p.suspensions.all():
            text = (
                _("Probation suspended from %(start)s (%(cause)s): it ends later by as long (R-33.4).")
                if s.ends_on is None
                else _("Probation suspended from %(start)s to %(stop)s (%(cause)s) (R-33.4).")
            )
            steps.append(
                Step(
                    at=s.starts_on,
                    text=text
                    % {
                        "start": s.starts_on.strftime("%d.%m.%Y"),
                        "stop": s.ends_on.strftime("%d.%m.%Y") if s.ends_on else "",
                        "cause": s.get_cause_display(),
                    },
                    order=3,
                )
            )
        if p.extension_months:
            steps.append(
                Step(
                    at=today if p.state == ProbationState.RUNNING else p.act_date,
                    text=_("Probation extended by %(months)s month(s) (R-39.6).")
                    % {"months": p.extension_months},
                    order=4,
                )
            )
        if p.meeting_on:
            steps.append(
                Step(
                    at=p.meeting_on,
                    text=_("Meeting with your supervisor on the evaluation of your probation (R-38.2)."),
                    due=p.meeting_on,
                    order=5,
                )
            )
        if p.state == ProbationState.RUNNING:
            clocks = p.clocks(today)
            steps.append(
                Step(
                    at=clocks.meeting_by,
                    text=_(
                        "Your supervisor meets you on the evaluation by %(day)s and decides by %(decision)s "
                        "(R-38, R-39)."
                    )
                    % {
                        "day": clocks.meeting_by.strftime("%d.%m.%Y"),
                        "decision": clocks.decision_by.strftime("%d.%m.%Y"),
                    },
                    due=clocks.meeting_by,
                    order=6,
                )
            )
        elif p.decided_on:
            url = reverse("probation:act_pdf", args=[p.pk])
            text = {
                ProbationState.CONFIRMED: _(
                    "Confirmed in the civil service at the end of the probation (R-39.4)."
                ),
                ProbationState.TERMINATED: _(
                    "Not confirmed at the end of the probation: the employment ends (R-39.5). You may appeal "
                    "to KPMSHCK within 30 days (R-40)."
                ),
                ProbationState.ANNULLED: _(
                    "Not confirmed at the end of the probation (R-39.5); later annulled on appeal."
                ),
            }[p.state]
            status = {
                ProbationState.CONFIRMED: _("Confirmed in the civil service."),
                ProbationState.TERMINATED: _("Not confirmed at the end of the probation."),
                ProbationState.ANNULLED: _("In the civil service: the termination was annulled on appeal."),
            }[p.state]
            steps.append(
                Step(
                    at=p.decided_on,
                    text=text,
                    url=url,
                    link_text=_("The act (PDF)"),
                    order=7,
                    status=status,
                    stage=STAGE_EMPLOYMENT,
                )
            )
            if p.annulled_on:
                steps.append(
                    Step(
                        at=p.annulled_on,
                        text=_("KPMSHCK upheld your appeal: you keep your post (R-40)."),
                        order=8,
                    )
                )
    return found
