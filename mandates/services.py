"""Every change of a management mandate (R-31): permission, row lock, rule, audit event, message, one
transaction. The beat records a mandate for each management appointee who reported to work and reminds HR
before the end."""

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from appointments.models import Appointment
from audit.services import audit_log
from notifications.services import notify
from recruitment.permissions import hr_users, require_hr_of

from . import rules
from .choices import EndOutcome, MandateState, Performance, ProposalDecision
from .models import Mandate

if TYPE_CHECKING:
    from django.contrib.auth.models import User

log = logging.getLogger(__name__)

# vacancies.choices.Category values of the posts R-31 appoints for a mandate.
MANAGEMENT_CATEGORIES = ("lower_management", "middle_management")


class MandateError(ValidationError):
    """A change refused; the message names the article."""


PROBLEM_TEXTS = {
    "r31_1_renewed_once_already": lambda: _("A mandate is renewed without competition once only (R-31.1)."),
    "r31_3_no_proposal": lambda: _("The renewal follows the direct supervisor's proposal (R-31.3)."),
    "r31_4_proposal_late": lambda: _(
        "The proposal comes at least three months before the end of the mandate (R-31.4)."
    ),
    "r31_5_no_ratings": lambda: _("Give the performance ratings of the mandate (R-31.5)."),
    "r31_5_below_expectations": lambda: _(
        "The mandate's average performance is below “meets expectations”: it is not renewed (R-31.5)."
    ),
    "before_the_end": lambda: _("The mandate has not ended yet."),
    "outcome_not_open": lambda: _(
        "One who was a civil servant before is placed in a professional post (R-31.7); one who was not is "
        "released (R-31.8)."
    ),
    "r31_7_post_required": lambda: _("Name the vacant post of the professional category (R-31.7)."),
}

REMINDER_TEXTS = {
    "m6": gettext_lazy(
        "Ask the direct supervisor whether they propose to renew the mandate (R-31.3, R-31.4)"
    ),
    "m3": gettext_lazy("Last day for the supervisor's proposal to renew the mandate (R-31.4)"),
    "m1": gettext_lazy("Prepare the end of the mandate: renewal, placement or release (R-31.5–31.9)"),
    "end": gettext_lazy("The mandate ends: record the outcome (R-31.6–31.9)"),
}


def _refuse(problems: list[str]) -> None:
    if problems:
        raise MandateError([PROBLEM_TEXTS[p]() for p in problems])


def _today(mandate_or_institution, now: dt.datetime) -> dt.date:
    institution = getattr(mandate_or_institution, "institution", mandate_or_institution)
    return now.astimezone(institution.tzinfo).date()


def _locked(mandate: Mandate) -> Mandate:
    return (
        Mandate.objects.select_for_update(of=("self",))
        .select_related("institution", "holder")
        .get(pk=mandate.pk)
    )


def mandate_start(
    *, appointment: Appointment, actor: "User | None" = None, now: dt.datetime | None = None
) -> Mandate:
    """R-31.1: a management appointee's four-year mandate, from the appointment act; idempotent."""
    now = now or timezone.now()
    position = appointment.post.position
    institution = position.announcement.institution
    if actor is not None:
        require_hr_of(actor, institution.pk)
    if position.category not in MANAGEMENT_CATEGORIES:
        raise MandateError(_("Only lower and middle management posts are held for a mandate (R-31.1)."))
    with transaction.atomic():
        mandate, created = Mandate.objects.get_or_create(
            appointment=appointment,
            defaults={
                "institution": institution,
                "holder": appointment.winner.application.applicant,
                "starts_on": appointment.act_date,
                "created_at": now,
            },
        )
        if created:
            audit_log(
                actor=actor,
                action="mandate.started",
                obj=mandate,
                data={"starts_on": mandate.starts_on, "end": mandate.end},
            )
            notify(
                recipient=mandate.holder,
                kind="mandate.started",
                template="mandate_started",
                dedupe_key=f"mandate:{mandate.pk}:started",
                context={"mandate": mandate},
            )
    return mandate


def mandates_start_due(*, now: dt.datetime | None = None) -> int:
    """The beat: every management appointee who reported to work has a mandate. Idempotent."""
    due = (
        Appointment.objects.filter(
            reported_on__isnull=False,
            mandate__isnull=True,
            post__position__category__in=MANAGEMENT_CATEGORIES,
        )
        .select_related("post__position__announcement__institution", "winner__application__applicant")
        .order_by("pk")
    )
    started = 0
    for appointment in due:
        mandate_start(appointment=appointment, now=now)
        started += 1
    return started


def civil_servant_record(
    *, actor: "User", mandate: Mandate, was_civil_servant: bool, now: dt.datetime | None = None
) -> Mandate:
    """HR records whether the holder was a civil servant before the appointment (R-31.7, R-31.8; R-33.2)."""
    require_hr_of(actor, mandate.institution_id)
    with transaction.atomic():
        mandate = _locked(mandate)
        if mandate.state == MandateState.ENDED:
            raise MandateError(_("This mandate has ended."))
        mandate.was_civil_servant = was_civil_servant
        mandate.save(update_fields=["was_civil_servant"])
        audit_log(
            actor=actor, action="mandate.civil_servant_recorded", obj=mandate, data={"was": was_civil_servant}
        )
    return mandate


def renewal_proposal_record(
    *,
    actor: "User",
    mandate: Mandate,
    proposed_on: dt.date,
    proposed_by: str,
    ratings: list[str],
    now: dt.datetime | None = None,
) -> Mandate:
    """HR records the direct supervisor's proposal to renew (R-31.3) with the mandate's yearly ratings
    (R-31.5)."""
    now = now or timezone.now()
    require_hr_of(actor, mandate.institution_id)
    if any(rating not in Performance.values for rating in ratings):
        raise MandateError(_("Unknown rating."))
    with transaction.atomic():
        mandate = _locked(mandate)
        if mandate.state == MandateState.ENDED or mandate.mandates_held >= rules.MAX_MANDATES:
            _refuse(["r31_1_renewed_once_already"])
        if proposed_on > _today(mandate, now):
            raise MandateError(_("The proposal cannot be dated in the future."))
        mandate.proposed_on = proposed_on
        mandate.proposed_by = proposed_by.strip()
        mandate.ratings = list(ratings)
        mandate.proposal_decision = ProposalDecision.PENDING
        mandate.save(update_fields=["proposed_on", "proposed_by", "ratings", "proposal_decision"])
        audit_log(
            actor=actor,
            action="mandate.renewal_proposed",
            obj=mandate,
            data={"on": proposed_on, "ratings": list(ratings), "by": mandate.proposal_by},
        )
    return mandate


def renewal_decide(
    *, actor: "User", mandate: Mandate, renew: bool, reason: str = "", now: dt.datetime | None = None
) -> Mandate:
    """HR decides the renewal (R-31.3): granted only when R-31.1, R-31.4 and R-31.5 allow it; a refusal is
    reasoned. Irreversible; the holder is told."""
    now = now or timezone.now()
    require_hr_of(actor, mandate.institution_id)
    with transaction.atomic():
        mandate = _locked(mandate)
        if mandate.proposal_decision != ProposalDecision.PENDING:
            raise MandateError(_("No proposal awaits a decision."))
        today = _today(mandate, now)
        if renew:
            _refuse(
                rules.r31_renewal_problems(
                    mandates_held=mandate.mandates_held,
                    end=mandate.end,
                    proposed_on=mandate.proposed_on,
                    ratings=mandate.ratings,
                )
            )
            assert rules.may_move(mandate.state, MandateState.RENEWED)
            mandate.mandates_held += 1
            mandate.state = MandateState.RENEWED
            mandate.proposal_decision = ProposalDecision.RENEWED
        else:
            if not reason.strip():
                raise MandateError(_("Give the reason the mandate is not renewed."))
            mandate.proposal_decision = ProposalDecision.REFUSED
            mandate.proposal_refusal = reason.strip()
        mandate.proposal_decided_on = today
        mandate.save(
            update_fields=[
                "mandates_held",
                "state",
                "proposal_decision",
                "proposal_refusal",
                "proposal_decided_on",
            ]
        )
        audit_log(
            actor=actor,
            action="mandate.renewed" if renew else "mandate.not_renewed",
            obj=mandate,
            data={"on": today, "end": mandate.end, "average": str(rules.r31_5_average(mandate.ratings))},
        )
        notify(
            recipient=mandate.holder,
            kind="mandate.renewal",
            template="mandate_renewal",
            dedupe_key=f"mandate:{mandate.pk}:renewal:{mandate.mandates_held}:{mandate.proposal_decision}",
            context={"mandate": mandate, "renewed": renew},
        )
    return mandate


def mandate_end(
    *,
    actor: "User",
    mandate: Mandate,
    outcome: str,
    post: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> Mandate:
    """HR records what follows the end (R-31.6–31.9): the placement in a vacant professional post, the release
    of one who was not a civil servant, or the release after refusing the post assigned. Irreversible; the
    holder is told."""
    now = now or timezone.now()
    require_hr_of(actor, mandate.institution_id)
    with transaction.atomic():
        mandate = _locked(mandate)
        if mandate.state == MandateState.ENDED:
            raise MandateError(_("Already done: the end of this mandate is recorded."))
        if mandate.was_civil_servant is None:
            raise MandateError(
                _("Record first whether the holder was a civil servant before the mandate (R-31.7, R-31.8).")
            )
        today = _today(mandate, now)
        _refuse(
            rules.r31_end_problems(
                was_civil_servant=mandate.was_civil_servant,
                outcome=outcome,
                post=post,
                today=today,
                end=mandate.end,
            )
        )
        mandate.state = MandateState.ENDED
        mandate.end_outcome = outcome
        mandate.end_post = post.strip()
        mandate.end_note = note.strip()
        mandate.ended_on = today
        mandate.save(update_fields=["state", "end_outcome", "end_post", "end_note", "ended_on"])
        audit_log(actor=actor, action="mandate.ended", obj=mandate, data={"outcome": outcome, "on": today})
        notify(
            recipient=mandate.holder,
            kind="mandate.ended",
            template="mandate_ended",
            dedupe_key=f"mandate:{mandate.pk}:ended",
            context={"mandate": mandate, "placed": outcome == EndOutcome.PLACED},
        )
    return mandate


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """HR hears 6, 3 and 1 month before a mandate ends and on the day (rules.reminder_stage), once per stage
    and scheduled end; a mandate renewed starts again for its new end. Idempotent (dedupe keys)."""
    now = now or timezone.now()
    written = 0
    mandates = (
        Mandate.objects.exclude(state=MandateState.ENDED)
        .select_related("institution", "holder")
        .order_by("pk")
    )
    for mandate in mandates:
        today = _today(mandate, now)
        stage = rules.reminder_stage(mandate.end, today)
        if stage is None or (stage in ("m6", "m3") and mandate.proposal_decision):
            continue
        for user in hr_users(mandate.institution_id):
            with transaction.atomic():
                message = notify(
                    recipient=user,
                    kind="mandate.reminder",
                    template="mandate_reminder",
                    dedupe_key=f"mandate-reminder:{mandate.pk}:{mandate.end}:{stage}:{user.pk}",
                    context={
                        "mandate": mandate,
                        "what": REMINDER_TEXTS[stage],
                        "due": rules.reminder_dates(mandate.end)[stage],
                    },
                )
                if message is not None:
                    audit_log(
                        actor=None,
                        action="mandate.reminded",
                        obj=mandate,
                        data={"stage": stage, "to": user.pk},
                    )
                    written += 1
    return written
