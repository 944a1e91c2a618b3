"""Reads of the final verification and the appointment: the pages' objects for the people who may see them
(404 for anyone else), the applicant's later steps, HR's due items, and ``appointment_for`` for the apps
above."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from recruitment.lib.due_items import DueItem
from recruitment.lib.later_steps import STAGE_APPOINTMENT, Step
from recruitment.permissions import hr_institution_ids, is_hr_of
from winners.choices import WinnerState
from winners.models import Winner

from .choices import AppointmentState, ExtensionState, VerificationState
from .models import Appointment, FinalVerification, OriginalCheck
from .services import candidate_name

_WINNER_PATH = "winners_list__position__announcement__institution"
_INSTITUTION = "winners_list__position__announcement__institution_id"


def appointment_for(*, application=None, winner: "Winner | None" = None) -> Appointment | None:
    """The appointment of a winner, or of an application's latest winner entry; None when there is none. For
    the apps above (probation, mandates, appeals): ``act_date``, ``reported_on``, ``post``, ``state``."""
    queryset = Appointment.objects.select_related("post", "winner__winners_list__position")
    if winner is not None:
        return queryset.filter(winner_id=winner.pk).first()
    if application is not None:
        return queryset.filter(winner__application_id=application.pk).order_by("-act_date", "-pk").first()
    raise TypeError("appointment_for needs an application or a winner")


def get_winner_for_hr(user, winner_id: int) -> Winner:
    """A winner of the user's institutions (404 otherwise), with what the pages show."""
    winner = (
        Winner.objects.select_related(
            "post", "application__applicant", "application__last_submission", _WINNER_PATH
        )
        .filter(pk=winner_id)
        .first()
    )
    if winner is None or not is_hr_of(user, winner.winners_list.position.announcement.institution_id):
        raise Http404
    return winner


def verification_for(winner: Winner) -> FinalVerification | None:
    return (
        FinalVerification.objects.filter(winner_id=winner.pk)
        .prefetch_related(
            Prefetch("checks", queryset=OriginalCheck.objects.select_related("document", "checked_by"))
        )
        .first()
    )


def get_check_for_hr(user, check_id: int) -> OriginalCheck:
    check = (
        OriginalCheck.objects.select_related(f"verification__winner__{_WINNER_PATH}", "document")
        .filter(pk=check_id)
        .first()
    )
    if check is None or not is_hr_of(
        user, check.verification.winner.winners_list.position.announcement.institution_id
    ):
        raise Http404
    return check


def _appointment_queryset() -> QuerySet[Appointment]:
    return Appointment.objects.select_related(
        "post",
        "winner__application__applicant",
        "winner__application__last_submission",
        f"winner__{_WINNER_PATH}",
    )


def get_appointment_for_hr(user, pk: int) -> Appointment:
    appointment = _appointment_queryset().filter(pk=pk).first()
    if appointment is None or not is_hr_of(
        user, appointment.winner.winners_list.position.announcement.institution_id
    ):
        raise Http404
    return appointment


def get_appointment_for_appointee(user, pk: int) -> Appointment:
    appointment = _appointment_queryset().filter(pk=pk).first()
    if appointment is None or appointment.winner.application.applicant_id != getattr(user, "pk", None):
        raise Http404
    return appointment


def get_appointment_for_reader(user, pk: int) -> Appointment:
    """The appointee or HR of the institution (the act's PDF); anyone else 404."""
    appointment = _appointment_queryset().filter(pk=pk).first()
    if appointment is None:
        raise Http404
    if appointment.winner.application.applicant_id == getattr(user, "pk", None):
        return appointment
    if is_hr_of(user, appointment.winner.winners_list.position.announcement.institution_id):
        return appointment
    raise Http404


def after_verification_for_hr(user) -> list[dict[str, Any]]:
    """HR's list of this app's work in its institutions: winners who consented (to verify), verifications open
    or decided, and appointments, newest first, in three queries."""
    ids = hr_institution_ids(user)
    winners = list(
        Winner.objects.filter(**{f"{_INSTITUTION}__in": ids})
        .filter(state__in=[WinnerState.CONSENTED, WinnerState.APPOINTED, WinnerState.WITHDRAWN])
        .select_related("post", "application__applicant", "application__last_submission", _WINNER_PATH)
        .order_by("-changed_at", "-pk")[:200]
    )
    verifications = {
        v.winner_id: v for v in FinalVerification.objects.filter(winner_id__in=[w.pk for w in winners])
    }
    appointments = {a.winner_id: a for a in Appointment.objects.filter(winner_id__in=[w.pk for w in winners])}
    rows = []
    for winner in winners:
        verification, appointment = verifications.get(winner.pk), appointments.get(winner.pk)
        if winner.state == WinnerState.WITHDRAWN and verification is None and appointment is None:
            continue  # removed for another reason (the winners app's list shows it)
        rows.append(
            {
                "winner": winner,
                "name": candidate_name(winner.application),
                "verification": verification,
                "appointment": appointment,
            }
        )
    return rows


# --- The applicant's My applications (recruitment.lib.later_steps) -----------------------------------------


def later_steps(applications) -> dict[int, list[Step]]:
    """The final verification and the appointment of each application, in plain words, in two queries."""
    ids = [application.pk for application in applications]
    steps: dict[int, list[Step]] = {}
    for verification in FinalVerification.objects.filter(winner__application_id__in=ids).select_related(
        "winner"
    ):
        application_id = verification.winner.application_id
        out = steps.setdefault(application_id, [])
        out.append(
            Step(
                at=verification.started_at,
                text=_(
                    "Final verification before the appointment: bring the originals (or certified copies) of "
                    "the documents you submitted to the HR unit (R-29.3)."
                ),
                action=verification.state == VerificationState.OPEN,
                order=1,
                status=_("Winner: final verification of your originals."),
                stage=STAGE_APPOINTMENT,
            )
        )
        # A decision's step is placed by its time, which the service writes with the state.
        if verification.state == VerificationState.POSITIVE and verification.decided_at is not None:
            out.append(
                Step(
                    at=verification.decided_at,
                    text=_("Final verification positive: the appointment follows."),
                    order=2,
                    status=_("Winner: final verification passed, the appointment follows."),
                    stage=STAGE_APPOINTMENT,
                )
            )
        elif verification.state == VerificationState.NEGATIVE and verification.decided_at is not None:
            out.append(
                Step(
                    at=verification.decided_at,
                    text=_(
                        "Final verification negative: an original differs from the submitted copy; you are "
                        "removed from the winners list (R-29.4)."
                    ),
                    order=2,
                    status=_("Removed from the winners list after the final verification."),
                    stage=STAGE_APPOINTMENT,
                )
            )
    for appointment in Appointment.objects.filter(winner__application_id__in=ids).select_related(
        "winner", "post"
    ):
        application_id = appointment.winner.application_id
        out = steps.setdefault(application_id, [])
        url = reverse("appointments:mine", args=[appointment.pk])
        out.append(
            Step(
                at=appointment.act_date,
                text=_("Appointed to %(post)s by act no. %(number)s: report to work by %(day)s (R-30.2).")
                % {
                    "post": appointment.post,
                    "number": appointment.act_number,
                    "day": appointment.deadline.strftime("%d.%m.%Y"),
                },
                url=url,
                link_text=_("Your appointment"),
                action=appointment.state == AppointmentState.APPOINTED,
                due=appointment.deadline if appointment.state == AppointmentState.APPOINTED else None,
                order=3,
                status=_("Appointed: report to work by %(day)s.")
                % {"day": appointment.deadline.strftime("%d.%m.%Y")},
                stage=STAGE_APPOINTMENT,
            )
        )
        if appointment.extension_requested_at:
            out.append(
                Step(
                    at=appointment.extension_requested_at,
                    text=_("You asked to report later (R-30.2)."),
                    order=4,
                )
            )
        if (
            appointment.extension_state == ExtensionState.GRANTED
            and appointment.extension_decided_at is not None
        ):
            out.append(
                Step(
                    at=appointment.extension_decided_at,
                    text=_("Extension granted: report to work by %(day)s.")
                    % {"day": appointment.deadline.strftime("%d.%m.%Y")},  # the extended day, once granted
                    order=5,
                )
            )
        elif (
            appointment.extension_state == ExtensionState.REFUSED
            and appointment.extension_decided_at is not None
        ):
            out.append(
                Step(
                    at=appointment.extension_decided_at,
                    text=_("Extension refused: report to work by %(day)s.")
                    % {"day": appointment.deadline.strftime("%d.%m.%Y")},
                    order=5,
                )
            )
        if appointment.state == AppointmentState.REPORTED and appointment.reported_on is not None:
            out.append(
                Step(
                    at=appointment.reported_on,
                    text=_("You reported to work."),
                    order=6,
                    status=_("Appointed: at work since %(day)s.")
                    % {"day": appointment.reported_on.strftime("%d.%m.%Y")},
                    stage=STAGE_APPOINTMENT,
                )
            )
        elif appointment.state == AppointmentState.REVOKED and appointment.revoked_at is not None:
            out.append(
                Step(
                    at=appointment.revoked_at,
                    text=_("You did not report to work in time: the appointment act is revoked (R-30.3)."),
                    order=6,
                    status=_("Appointment revoked."),
                    stage=STAGE_APPOINTMENT,
                )
            )
    return steps


# --- HR's "Due this week" (recruitment.lib.due_items) -----------------------------------------------------


def due_items(institution_ids: set[int], start: dt.date, end: dt.date) -> list[DueItem]:
    """Winners who consented and wait for the final verification (R-29.1), verifications open, positive ones
    to appoint (R-30.1), requests to report later to decide and appointees to report by their last day
    (R-30.2), in three queries."""
    items: list[DueItem] = []
    winners = (
        Winner.objects.filter(**{f"{_INSTITUTION}__in": institution_ids}, state=WinnerState.CONSENTED)
        .exclude(appointment__isnull=False)
        .select_related(
            "application__applicant", "application__last_submission", "final_verification", _WINNER_PATH
        )
    )
    for winner in winners:
        verification = getattr(winner, "final_verification", None)
        institution_id = winner.winners_list.position.announcement.institution_id
        name, position = candidate_name(winner.application), winner.winners_list.position
        if verification is None or verification.state == VerificationState.OPEN:
            text = _("Final verification of the originals of %(name)s (%(position)s)")
            url, article = reverse("appointments:verification", args=[winner.pk]), "R-29.1"
        elif verification.state == VerificationState.POSITIVE:
            text = _("Appoint %(name)s (%(position)s): the final verification is positive")
            url, article = reverse("appointments:appoint", args=[winner.pk]), "R-30.1"
        else:
            continue
        items.append(
            DueItem(
                due=start,
                text=text % {"name": name, "position": position},
                article=article,
                institution_id=institution_id,
                url=url,
            )
        )
    appointments = _appointment_queryset().filter(
        **{f"winner__{_INSTITUTION}__in": institution_ids}, state=AppointmentState.APPOINTED
    )
    for appointment in appointments:
        deadline = appointment.deadline
        if deadline > end:
            continue
        winner = appointment.winner
        name = candidate_name(winner.application)
        if appointment.extension_state == ExtensionState.REQUESTED:
            text = _("Decide the request of %(name)s to report later (last day now %(day)s)")
        else:
            text = _("%(name)s must report to work by %(day)s, or the act is revoked")
        items.append(
            DueItem(
                due=deadline,
                text=text % {"name": name, "day": deadline.strftime("%d.%m.%Y")},
                article="R-30.2",
                institution_id=winner.winners_list.position.announcement.institution_id,
                url=reverse("appointments:appointment", args=[appointment.pk]),
                overdue=deadline < start,
            )
        )
    return items


def reported_due_items(appointments, *, text: str, article: str, url: str, start: dt.date) -> list[DueItem]:
    """For the apps after the appointment (probation, mandates): one "Due this week" row per appointee who
    reported to work and whose next record waits; ``text`` is translated already and names ``%(name)s``.
    The appointments come with ``post__position__announcement`` and ``winner__application__applicant``."""
    items = []
    for appointment in appointments:
        applicant = appointment.winner.application.applicant
        items.append(
            DueItem(
                due=appointment.reported_on,
                text=text % {"name": applicant.get_full_name() or applicant.email},
                article=article,
                institution_id=appointment.post.position.announcement.institution_id,
                url=url,
                overdue=appointment.reported_on < start,
            )
        )
    return items
