"""What mandates tell the pages of other apps, registered in ready(): HR's "Due this week" and the holder's
"My applications"."""

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appointments.selectors import reported_due_items
from recruitment.lib.due_items import DueItem
from recruitment.lib.later_steps import STAGE_EMPLOYMENT, Step

from . import rules
from .choices import MandateState
from .models import Mandate
from .selectors import appointments_awaiting_mandate
from .services import REMINDER_TEXTS

TEXTS = {
    **REMINDER_TEXTS,
    "status": gettext_lazy(
        "Record whether the holder of the mandate was a civil servant before the appointment (R-31.7, "
        "R-31.8, R-33.2)"
    ),
}


def due_mandate_items(institution_ids: set[int], start: dt.date, end: dt.date) -> list[DueItem]:
    """The proposal deadline (R-31.4) while no proposal is recorded, and the end (R-31.6–31.9) until
    recorded."""
    items = []
    for mandate in (
        Mandate.objects.filter(institution_id__in=institution_ids)
        .exclude(state=MandateState.ENDED)
        .select_related("holder")
    ):
        who = mandate.holder.get_full_name() or mandate.holder.email
        url = reverse("mandates:detail", args=[mandate.pk])
        clocks = [("end", mandate.end, "R-31.7")]
        if mandate.was_civil_servant is None:
            clocks.append(("status", mandate.starts_on, "R-31.7"))
        if not mandate.proposal_decision and mandate.mandates_held < rules.MAX_MANDATES:
            clocks.append(("m3", mandate.proposal_by, "R-31.4"))
        for stage, due, article in clocks:
            # Shown from a month ahead (the end is known years before): within the window or overdue.
            if due <= end:
                items.append(
                    DueItem(
                        due=due,
                        text=f"{TEXTS[stage]}: {who}",
                        article=article,
                        institution_id=mandate.institution_id,
                        url=url,
                        overdue=due < start,
                    )
                )

    items += reported_due_items(
        appointments_awaiting_mandate(institution_ids=institution_ids).filter(reported_on__lte=end),
        text=_("Record the mandate: %(name)s reported to a management post"),
        article="R-31.1",
        url=reverse("mandates:list"),
        start=start,
    )
    return items


def mandate_steps(applications) -> dict[int, list[Step]]:
    ids = [a.pk for a in applications]
    found: dict[int, list[Step]] = {}
    for m in Mandate.objects.filter(appointment__winner__application_id__in=ids).select_related(
        "appointment__winner"
    ):
        steps = found.setdefault(m.appointment.winner.application_id, [])
        steps.append(
            Step(
                at=m.starts_on,
                text=_("Management mandate of four years, until %(end)s (R-31.1).")
                % {"end": m.end.strftime("%d.%m.%Y")},
                order=1,
                status=_("In a management mandate until %(end)s.") % {"end": m.end.strftime("%d.%m.%Y")},
                stage=STAGE_EMPLOYMENT,
            )
        )
        if m.proposal_decided_on:
            text = (
                _("Mandate renewed without competition until %(end)s (R-31.3).")
                if m.mandates_held == 2
                else _("Mandate not renewed (R-31.5); you may compete for the same position (R-31.6).")
            ) % {"end": m.end.strftime("%d.%m.%Y")}
            status = (
                _("In a management mandate until %(end)s.") % {"end": m.end.strftime("%d.%m.%Y")}
                if m.mandates_held == 2
                else ""
            )
            steps.append(
                Step(at=m.proposal_decided_on, text=text, order=2, status=status, stage=STAGE_EMPLOYMENT)
            )
        if m.ended_on:
            steps.append(
                Step(
                    at=m.ended_on,
                    text=m.get_end_outcome_display(),
                    order=3,
                    status=_("Management mandate ended."),
                    stage=STAGE_EMPLOYMENT,
                )
            )
    return found
