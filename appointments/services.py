"""Every change of the final verification (R-29) and the appointment (R-30): HR's checks of the originals, the
appointment act, the appointee's request to report later and HR's decision on it, the reporting, and the
beat's revocation of an appointment not reported in time. Each one checks the permission, locks what it
changes, applies the rule, writes its audit event and its messages in one transaction. The winner's own state
is the winners app's: it is changed only through winners.services (winner_remove, winner_mark_appointed)."""

import datetime as dt
import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.selectors import applicant_email
from audit.services import audit_log, text_digest
from notifications.services import notify
from recruitment.permissions import hr_users, require_hr_of
from scoring.selectors import shown_name
from winners import services as winner_services
from winners.choices import WinnerState
from winners.models import Winner

from . import rules
from .choices import AppointmentState, CheckKind, CheckResult, ExtensionState, VerificationState
from .models import Appointment, FinalVerification, OriginalCheck

if TYPE_CHECKING:
    from django.contrib.auth.models import User

log = logging.getLogger(__name__)

ACT_MESSAGE_KIND = "appointments.act"

PROBLEMS = {
    "unknown_result": gettext_lazy("Choose whether the original matches."),
    "reason_required": gettext_lazy(
        "Say how the original differs from the submitted copy (R-29.4: the decision is reasoned)."
    ),
    "deadline_passed": gettext_lazy(
        "The deadline to report has passed: the appointment is revoked (R-30.3)."
    ),
    "not_later": gettext_lazy("The new deadline must be later than the current one."),
    "beyond_one_month": gettext_lazy(
        "An extension reaches one month from the act at most, the first 14 days included (R-30.2)."
    ),
}


class AppointmentError(ValidationError):
    """A change refused; its message says why, naming the article."""


def _problem(code: str) -> str:
    return str(PROBLEMS[code])


# --- Reads shared by the services ---------------------------------------------------------------------------


def _winner_locked(winner_id: int) -> Winner:
    return (
        Winner.objects.select_for_update(of=("self",))
        .select_related(
            "post",
            "application__applicant",
            "application__last_submission",
            "winners_list__position__announcement__institution",
        )
        .get(pk=winner_id)
    )


def institution_of(winner: Winner):
    return winner.winners_list.position.announcement.institution


def candidate_name(application) -> str:
    """The name as submitted (the frozen profile's personal data, the shortlist's name), else the account's,
    else its user name: scoring.selectors.shown_name, the one rule the results and the winners list name
    candidates by."""
    snapshot = (application.last_submission.profile_snapshot or {}) if application.last_submission_id else {}
    personal = snapshot.get("personal") or {}
    account = application.applicant
    return shown_name(
        personal.get("first_name") or "",
        personal.get("last_name") or "",
        account.first_name,
        account.last_name,
        account.username,
    )


def _tell_applicant(winner: Winner, *, kind: str, template: str, context: dict, dedupe_key: str, **extra):
    """A message to the winner in their language; none for a candidate without e-mail (R-12.1: HR tells them
    on paper, as the verification's decisions)."""
    application = winner.application
    email = applicant_email(application)
    if not email:
        return None
    return notify(
        recipient=application.applicant,
        email=email,
        kind=kind,
        template=template,
        language=application.language or "sq",
        dedupe_key=dedupe_key,
        context={"winner": winner, "position": winner.winners_list.position, **context},
        **extra,
    )


def _tell_hr(institution_id: int, *, kind: str, template: str, context: dict, dedupe_key: str) -> None:
    for user in hr_users(institution_id):
        notify(
            recipient=user,
            kind=kind,
            template=template,
            context=context,
            dedupe_key=f"{dedupe_key}:{user.pk}",
        )


def _local_today(now: dt.datetime, institution) -> dt.date:
    return now.astimezone(institution.tzinfo).date()


# --- the final verification of originals -------------------------------------------------------------


def verification_start(*, actor: "User", winner: Winner, now: dt.datetime | None = None) -> FinalVerification:
    """R-29.1: after the winner's written consent, HR opens the final verification: one row per document the
    candidate submitted (R-29.2.1: the originals or certified copies, R-29.3) and one per condition of
    R-29.2.2 and R-29.2.3. The candidate is asked to bring the originals. Opening it twice returns the
    first."""
    now = now or timezone.now()
    with transaction.atomic():
        winner = _winner_locked(winner.pk)
        require_hr_of(actor, institution_of(winner).pk)
        existing = FinalVerification.objects.filter(winner_id=winner.pk).first()
        if existing is not None:
            return existing
        if not rules.r29_1_may_verify(winner.state == WinnerState.CONSENTED):
            raise AppointmentError(
                _("The final verification follows the winner's written consent to a post (R-29.1).")
            )
        verification = FinalVerification.objects.create(
            winner=winner, started_at=now, started_by=actor, state=VerificationState.OPEN
        )
        documents = winner.application.documents.filter(
            submitted=True, removed_at__isnull=True
        ).select_related("required_document")
        rows = [
            OriginalCheck(
                verification=verification,
                kind=CheckKind.DOCUMENT,
                document=document,
                label=(
                    f"{document.required_document.name}: {document.label}"
                    if document.required_document is not None  # select_related: no query
                    else document.label
                )[:255],
                position=index,
            )
            for index, document in enumerate(documents, start=1)
        ]
        # checked on the documents the candidate brings (a medical certificate, a
        # statement).
        with translation.override("sq"):
            rows += [
                OriginalCheck(verification=verification, kind=kind, label=str(kind.label), position=1000 + i)
                for i, kind in enumerate((CheckKind.CAPACITY, CheckKind.CONDITIONS))
            ]
        OriginalCheck.objects.bulk_create(rows)
        audit_log(
            actor=actor,
            action="appointments.verification_started",
            obj=verification,
            data={"winner": winner.pk, "application": winner.application_id, "checks": len(rows)},
        )
        _tell_applicant(
            winner,
            kind="appointments.originals_requested",
            template="appointments_originals_requested",
            context={"documents": [row.label for row in rows if row.kind == CheckKind.DOCUMENT]},
            dedupe_key=f"appointments-originals:{verification.pk}",
        )
    return verification


def check_record(
    *, actor: "User", check: OriginalCheck, result: str, reason: str = "", now: dt.datetime | None = None
) -> FinalVerification:
    """HR records one row: the original matches, or differs with the reason (R-29.4). A row that differs makes
    the result negative at once: the winner is removed from the list (winners.services.winner_remove), the
    next winner invited, and the candidate told why. Every row matching makes it positive: the appointment may
    follow (R-30.1)."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        verification = (
            FinalVerification.objects.select_for_update()
            .select_related("winner__winners_list__position__announcement__institution")
            .get(pk=check.verification_id)
        )
        require_hr_of(actor, institution_of(verification.winner).pk)
        if verification.state != VerificationState.OPEN:
            raise AppointmentError(_("The final verification is decided already: it cannot be changed."))
        problems = rules.r29_check_problems(result=result, reason=reason)
        if problems:
            raise AppointmentError([_problem(code) for code in problems])
        row = OriginalCheck.objects.get(pk=check.pk, verification=verification)
        row.result, row.reason = result, (reason if result == CheckResult.DIFFERS else "")
        row.checked_at, row.checked_by = now, actor
        row.save(update_fields=["result", "reason", "checked_at", "checked_by"])
        audit_log(
            actor=actor,
            action="appointments.original_checked",
            obj=row,
            data={
                "verification": verification.pk,
                "kind": row.kind,
                "result": result,
                "reason": text_digest(reason),
            },
        )
        state = rules.r29_verification_result(verification.checks.values_list("result", flat=True))
        if state == VerificationState.OPEN:
            return verification
        verification.state, verification.decided_at, verification.decided_by = state, now, actor
        verification.save(update_fields=["state", "decided_at", "decided_by"])
        # Not locked here: winner_remove locks the list's pool first, then the winner (its order, no
        # deadlock).
        winner = (
            type(verification.winner)
            .objects.select_related(
                "post", "application__applicant", "winners_list__position__announcement__institution"
            )
            .get(pk=verification.winner_id)
        )
        audit_log(
            actor=actor,
            action=f"appointments.verification_{state}",
            obj=verification,
            data={
                "winner": winner.pk,
                "application": winner.application_id,
                "article": "R-29.4" if state == VerificationState.NEGATIVE else "R-29",
            },
        )
        if state == VerificationState.NEGATIVE:
            with translation.override("sq"):
                removal_reason = _("Final verification negative (R-29.4): %(label)s: %(reason)s") % {
                    "label": row.label,
                    "reason": reason,
                }
            winner_services.winner_remove(
                actor=actor, winner=winner, reason=removal_reason, article="R-29.4", now=now
            )
            _tell_applicant(
                winner,
                kind="appointments.verification_negative",
                template="appointments_verification_negative",
                context={"label": row.label, "reason": reason},
                dedupe_key=f"appointments-verification-negative:{verification.pk}",
            )
        else:
            _tell_applicant(
                winner,
                kind="appointments.verification_positive",
                template="appointments_verification_positive",
                context={},
                dedupe_key=f"appointments-verification-positive:{verification.pk}",
            )
    return verification


# --- the appointment ---------------------------------------------------------------------------------


def appointment_make(
    *,
    actor: "User",
    winner: Winner,
    act_number: str,
    act_date: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Appointment:
    """R-30.1: after a positive final verification HR appoints the winner to the post they chose. The act is
    issued through the portal (a PDF attached to the message): the day of the act is the day the appointee
    receives it, and the 14 days of R-30.2 run from it. The winner is marked appointed
    (winners.services.winner_mark_appointed). A second request (a double click) returns the appointment
    already made."""
    now = now or timezone.now()
    act_number = (act_number or "").strip()
    with transaction.atomic():
        winner = _winner_locked(winner.pk)
        institution = institution_of(winner)
        require_hr_of(actor, institution.pk)
        existing = Appointment.objects.filter(winner_id=winner.pk).first()
        if existing is not None:
            return existing
        verification = FinalVerification.objects.filter(winner_id=winner.pk).first()
        if verification is None or verification.state != VerificationState.POSITIVE:
            raise AppointmentError(
                _("The appointment follows a positive final verification of the originals (R-29, R-30.1).")
            )
        if winner.state != WinnerState.CONSENTED or winner.post is None:  # select_related: no query
            raise AppointmentError(
                _("Only a winner who chose a post and consented in writing can be appointed (R-26.3).")
            )
        if not act_number:
            raise AppointmentError(_("Give the number of the appointment act."))
        today = _local_today(now, institution)
        act_date = act_date or today
        if act_date > today:
            raise AppointmentError(_("The act cannot be dated in the future."))
        report_by = rules.r30_2_report_by(act_date)
        if rules.r30_3_is_overdue(today=today, report_by=report_by):
            raise AppointmentError(_("With this date the 14 days to report (R-30.2) would already be over."))
        appointment = Appointment.objects.create(
            winner=winner,
            post=winner.post,
            act_number=act_number,
            act_date=act_date,
            report_by=report_by,
            created_at=now,
            created_by=actor,
        )
        winner_services.winner_mark_appointed(actor=actor, winner=winner, now=now)
        audit_log(
            actor=actor,
            action="appointments.appointed",
            obj=appointment,
            data={
                "winner": winner.pk,
                "application": winner.application_id,
                "post": winner.post_id,
                "act_number": act_number,
                "act_date": act_date,
                "report_by": report_by,
                "article": "R-30.1",
            },
        )
        language = winner.application.language or "sq"
        _tell_applicant(
            winner,
            kind=ACT_MESSAGE_KIND,
            template="appointments_appointed",
            context={"appointment": appointment, "post": winner.post},
            dedupe_key=f"appointments-act:{appointment.pk}",
            attachment_path=appointment.act_pdf_path(language),
            attachment_name=f"appointment-{appointment.pk}.pdf",
        )
    return appointment


def extension_request(
    *, actor: "User", appointment: Appointment, reason: str, now: dt.datetime | None = None
) -> Appointment:
    """R-30.2: the appointee asks, for reasonable causes, to report later (up to one month from the act in
    all); once, before the deadline passed. HR decides."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        appointment = _appointment_locked(appointment.pk)
        winner = appointment.winner
        if winner.application.applicant_id != getattr(actor, "pk", None):
            raise Http404
        institution = institution_of(winner)
        if appointment.state != AppointmentState.APPOINTED:
            raise AppointmentError(_("This appointment is no longer waiting for you to report."))
        if not rules.r30_2_may_request_extension(
            today=_local_today(now, institution),
            report_by=appointment.deadline,
            already_requested=appointment.extension_state != ExtensionState.NONE,
        ):
            if appointment.extension_state != ExtensionState.NONE:
                raise AppointmentError(_("You have asked for an extension already (R-30.2)."))
            raise AppointmentError(_problem("deadline_passed"))
        if not reason:
            raise AppointmentError(_("Give the reasons for which you cannot report in time (R-30.2)."))
        appointment.extension_state = ExtensionState.REQUESTED
        appointment.extension_requested_at, appointment.extension_reason = now, reason
        appointment.save(update_fields=["extension_state", "extension_requested_at", "extension_reason"])
        audit_log(
            actor=actor,
            action="appointments.extension_requested",
            obj=appointment,
            data={"reason": text_digest(reason), "article": "R-30.2"},
        )
        _tell_hr(
            institution.pk,
            kind="appointments.extension_requested",
            template="appointments_extension_requested",
            context={
                "appointment": appointment,
                "name": candidate_name(winner.application),
                "position": winner.winners_list.position,
            },
            dedupe_key=f"appointments-extension-requested:{appointment.pk}",
        )
    return appointment


def extension_decide(
    *,
    actor: "User",
    appointment: Appointment,
    grant: bool,
    new_report_by: dt.date | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Appointment:
    """R-30.2: HR grants the request (a new last day, one month from the act at most in all) or refuses it
    (with the reason), before the current deadline passed. The appointee is told."""
    now = now or timezone.now()
    note = (note or "").strip()
    with transaction.atomic():
        appointment = _appointment_locked(appointment.pk)
        winner = appointment.winner
        institution = institution_of(winner)
        require_hr_of(actor, institution.pk)
        if (
            appointment.state != AppointmentState.APPOINTED
            or appointment.extension_state != ExtensionState.REQUESTED
        ):
            raise AppointmentError(_("There is no request for an extension to decide."))
        if grant:
            if new_report_by is None:
                raise AppointmentError(_("Give the new last day to report."))
            problems = rules.r30_2_extension_problems(
                act_received_on=appointment.act_date,
                report_by=appointment.deadline,
                new_report_by=new_report_by,
                today=_local_today(now, institution),
            )
            if problems:
                raise AppointmentError([_problem(code) for code in problems])
            appointment.extension_state, appointment.report_by_extended = (
                ExtensionState.GRANTED,
                new_report_by,
            )
        else:
            if not note:
                raise AppointmentError(_("Say why the extension is refused."))
            appointment.extension_state = ExtensionState.REFUSED
        appointment.extension_decided_at, appointment.extension_decided_by = now, actor
        appointment.extension_note = note
        appointment.save(
            update_fields=[
                "extension_state",
                "report_by_extended",
                "extension_decided_at",
                "extension_decided_by",
                "extension_note",
            ]
        )
        audit_log(
            actor=actor,
            action=f"appointments.extension_{appointment.extension_state}",
            obj=appointment,
            data={"report_by": appointment.deadline, "note": text_digest(note), "article": "R-30.2"},
        )
        _tell_applicant(
            winner,
            kind="appointments.extension_decided",
            template="appointments_extension_decided",
            context={"appointment": appointment, "granted": grant, "note": note},
            dedupe_key=f"appointments-extension-decided:{appointment.pk}",
        )
    return appointment


def reporting_record(
    *, actor: "User", appointment: Appointment, reported_on: dt.date, now: dt.datetime | None = None
) -> Appointment:
    """R-30.2: HR records the day the appointee reported to work, within the (extended) deadline; the service
    relation starts on the act (R-30.4) and the probation follows (probation app)."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _appointment_locked(appointment.pk)
        winner = appointment.winner
        institution = institution_of(winner)
        require_hr_of(actor, institution.pk)
        if appointment.state == AppointmentState.REPORTED:
            return appointment  # a double click
        if appointment.state != AppointmentState.APPOINTED:
            raise AppointmentError(_("The appointment was revoked (R-30.3): reporting cannot be recorded."))
        if reported_on > _local_today(now, institution):
            raise AppointmentError(_("The day of reporting cannot be in the future."))
        if not rules.r30_2_reported_in_time(
            reported_on=reported_on, act_received_on=appointment.act_date, report_by=appointment.deadline
        ):
            raise AppointmentError(
                _("The appointee reports between the day of the act and the last day to report (R-30.2).")
            )
        appointment.state, appointment.reported_on, appointment.reported_recorded_by = (
            AppointmentState.REPORTED,
            reported_on,
            actor,
        )
        appointment.save(update_fields=["state", "reported_on", "reported_recorded_by"])
        audit_log(
            actor=actor,
            action="appointments.reported",
            obj=appointment,
            data={"reported_on": reported_on, "report_by": appointment.deadline, "article": "R-30.2"},
        )
        _tell_applicant(
            winner,
            kind="appointments.reported",
            template="appointments_reported",
            context={"appointment": appointment},
            dedupe_key=f"appointments-reported:{appointment.pk}",
        )
    return appointment


# --- the revocation of an appointment not reported in time (the beat) -------------------------------


def revocation_due_at(appointment: Appointment, institution) -> dt.datetime:
    """The scheduled moment of the revocation: the start of the day after the last day, in the institution's
    time."""
    day = rules.r30_3_revocation_due_on(appointment.deadline)
    return dt.datetime.combine(day, dt.time.min, tzinfo=institution.tzinfo)


def appointment_revoke_if_due(*, appointment_id: int, now: dt.datetime | None = None) -> bool:
    """R-30.3: revokes the appointment when its (extended) deadline passed without the appointee reporting, as
    of the scheduled moment (not when the task ran): ``revoked_at`` is that moment. The winner is removed from
    the list (winners.services.winner_remove: the post is freed and the next winner invited) and the appointee
    and HR are told. Idempotent: an appointment reported, revoked already, or not due yet is left alone
    (False)."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _appointment_locked(appointment_id)
        if appointment.state != AppointmentState.APPOINTED:
            return False
        winner = appointment.winner
        institution = institution_of(winner)
        due_at = revocation_due_at(appointment, institution)
        if now < due_at:
            return False
        appointment.state, appointment.revoked_at = AppointmentState.REVOKED, due_at
        appointment.save(update_fields=["state", "revoked_at"])
        audit_log(
            actor=None,
            action="appointments.revoked",
            obj=appointment,
            data={"report_by": appointment.deadline, "scheduled_at": due_at, "article": "R-30.3"},
        )
        with translation.override("sq"):
            reason = _("Did not report to work by %(day)s: the appointment act is revoked (R-30.3).") % {
                "day": appointment.deadline.strftime("%d.%m.%Y")
            }
        winner_services.winner_remove(actor=None, winner=winner, reason=reason, article="R-30.3", now=due_at)
        _tell_applicant(
            winner,
            kind="appointments.revoked",
            template="appointments_revoked",
            context={"appointment": appointment},
            dedupe_key=f"appointments-revoked:{appointment.pk}",
        )
        _tell_hr(
            institution.pk,
            kind="appointments.revoked_hr",
            template="appointments_revoked_hr",
            context={
                "appointment": appointment,
                "name": candidate_name(winner.application),
                "position": winner.winners_list.position,
            },
            dedupe_key=f"appointments-revoked-hr:{appointment.pk}",
        )
    return True


def appointments_revoke_due(*, now: dt.datetime | None = None) -> int:
    """The beat's sweep (CELERY_BEAT_SCHEDULE "appointments-revocation"): every appointment whose last day
    passed, each decided on its own (a failure leaves the others). Returns how many were revoked."""
    now = now or timezone.now()
    # A coarse filter by date (the institution's day may be ahead of UTC); each row is decided exactly by its
    # scheduled moment in appointment_revoke_if_due.
    candidates = (
        Appointment.objects.annotate(last_day=Coalesce(F("report_by_extended"), F("report_by")))
        .filter(state=AppointmentState.APPOINTED, last_day__lt=now.date() + dt.timedelta(days=1))
        .values_list("pk", flat=True)
    )
    revoked = 0
    for appointment_id in list(candidates):
        try:
            revoked += appointment_revoke_if_due(appointment_id=appointment_id, now=now)
        except Exception:  # one broken row must not stop the others; the next run tries it again
            log.exception("Could not decide the revocation of appointment %s", appointment_id)
    return revoked


# The appointee is reminded this many days before the last day to report (the portal's choice; sets
# none).
REMINDER_DAYS = 3


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Reminds each appointee who has not reported that the last day is near (REMINDER_DAYS before it, and
    again after an extension moved it), once per last day: the dedupe key names the appointment and the day,
    so running it twice sends nothing more. Decided by the scheduled day of the reminder, not by when it
    runs."""
    now = now or timezone.now()
    sent = 0
    horizon = now.date() + dt.timedelta(days=REMINDER_DAYS + 1)
    appointments = (
        Appointment.objects.annotate(last_day=Coalesce(F("report_by_extended"), F("report_by")))
        .filter(state=AppointmentState.APPOINTED, last_day__lte=horizon)
        .select_related(
            "post",
            "winner__application__applicant",
            "winner__winners_list__position__announcement__institution",
        )
    )
    for appointment in appointments:
        winner = appointment.winner
        today = _local_today(now, institution_of(winner))
        deadline = appointment.deadline
        if not (deadline - dt.timedelta(days=REMINDER_DAYS) <= today <= deadline):
            continue
        with transaction.atomic():
            message = _tell_applicant(
                winner,
                kind="appointments.reminder",
                template="appointments_reminder",
                context={"appointment": appointment},
                dedupe_key=f"appointments-reminder:{appointment.pk}:{deadline.isoformat()}",
            )
        sent += message is not None
    return sent


def _appointment_locked(appointment_id: int) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related(
            "post",
            "winner__application__applicant",
            "winner__application__last_submission",
            "winner__winners_list__position__announcement__institution",
        )
        .get(pk=appointment_id)
    )
