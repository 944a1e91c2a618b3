"""Reads of the data-protection layer: when a person's procedures ended, and everything the portal holds about
a person (the export)."""

import datetime as dt
import mimetypes
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.db.models import Q

from alerts.models import AlertSubscription
from appeals.choices import AppealKind, AppealState
from appeals.models import Appeal
from applications.models import Application, ApplicationStatus, LibraryDocument
from appointments.choices import AppointmentState
from appointments.models import Appointment, FinalVerification
from audit.models import Event
from audit.services import pseudonym_of
from committees.models import Observer, PoolMember
from mandates.models import Mandate
from notifications.models import Message
from probation.models import Probation
from recruitment.lib.pdf_files import LANGUAGES
from recruitment.permissions import hr_institution_ids
from scoring.models import EvaluationResult
from verification.models import Decision, Review, Shortlist
from verification.selectors import outcomes_for
from winners.choices import ACTIVE_WINNER_STATES, ListState, WinnerState
from winners.models import Invitation, Winner

from . import rules


def procedure_ends(position_ids) -> dict[int, dt.datetime | None]:
    """position id -> when its procedure ended: the results' publication (R-25), or the shortlist's when
    nobody was admitted (no evaluation follows); None while under way. Three queries."""
    ids = set(position_ids)
    ends = dict.fromkeys(ids)
    for position_id, published_at in EvaluationResult.objects.filter(
        evaluation__position_id__in=ids, published_at__isnull=False
    ).values_list("evaluation__position_id", "published_at"):
        ends[position_id] = published_at
    pending = [pid for pid, end in ends.items() if end is None]
    with_eligible = set(
        Review.objects.filter(position_id__in=pending, decision=Decision.ELIGIBLE).values_list(
            "position_id", flat=True
        )
    )
    for position_id, published_at in Shortlist.objects.filter(position_id__in=pending).values_list(
        "position_id", "published_at"
    ):
        if position_id not in with_eligible:
            ends[position_id] = published_at
    return ends


def winners(position_ids) -> set[int]:
    """Applications named successful in published results (R-25.2, R-31.1, F1's top three)."""
    out = set()
    for rows in EvaluationResult.objects.filter(
        evaluation__position_id__in=list(position_ids), published_at__isnull=False
    ).values_list("rows", flat=True):
        out |= {row["application_id"] for row in rows if row.get("winner")}
    return out


def holds_office(user) -> bool:
    return bool(
        user.is_staff
        or hr_institution_ids(user)
        or PoolMember.objects.filter(user=user).exists()
        or Observer.objects.filter(user=user).exists()
    )


# a winner still in the running (the institution may invite or appoint them) while the list is open.
WINNER_IN_THE_RUNNING = (*ACTIVE_WINNER_STATES, WinnerState.CONSENTED)
# an appointment that stands is an employment record (README's decisions table).
STANDING_APPOINTMENT = (AppointmentState.APPOINTED, AppointmentState.REPORTED)


def standing_appointments(application_ids=None):
    """Application ids with an appointment that stands (appointed or reported): employment records."""
    qs = Appointment.objects.filter(state__in=STANDING_APPOINTMENT)
    if application_ids is not None:
        qs = qs.filter(winner__application_id__in=list(application_ids))
    return set(qs.values_list("winner__application_id", flat=True))


def pending_appeals(application_ids=None) -> set[int]:
    """Application ids with an appeal awaiting KPMSHCK's decision (R-32, R-40)."""
    qs = Appeal.objects.filter(state=AppealState.RECEIVED)
    if application_ids is not None:
        qs = qs.filter(application_id__in=list(application_ids))
    return set(qs.values_list("application_id", flat=True))


def person_procedures(user) -> list[rules.Procedure]:
    """Each application of the person with what the erasure rule needs: the procedure's end, and after the
    results the winners list they are still on, a standing appointment, an appeal awaiting its decision. Six
    queries."""
    applications = list(Application.objects.filter(applicant=user).select_related("position__announcement"))
    ids = [a.pk for a in applications]
    ends = procedure_ends(a.position_id for a in applications)
    on_list: dict[int, dt.date] = {}
    for application_id, until in Winner.objects.filter(
        application_id__in=ids, state__in=WINNER_IN_THE_RUNNING, winners_list__state=ListState.OPEN
    ).values_list("application_id", "winners_list__valid_until"):
        on_list[application_id] = max(until, on_list.get(application_id, until))
    # A probation or a mandate of the person is an employment record too, whatever became of the appointment.
    appointed = (
        standing_appointments(ids)
        | set(
            Probation.objects.filter(employee=user).values_list(
                "appointment__winner__application_id", flat=True
            )
        )
        | set(
            Mandate.objects.filter(holder=user).values_list("appointment__winner__application_id", flat=True)
        )
    )
    # An appeal is the appellant's, whichever application it hangs on (R-40's on the appointment's).
    appealing = pending_appeals(ids) | set(
        Appeal.objects.filter(appellant=user, state=AppealState.RECEIVED).values_list(
            "application_id", flat=True
        )
    )
    return [
        rules.Procedure(
            reference=f"{a.position.announcement.reference} {a.position.code}".strip(),
            submitted=a.last_submission_id is not None or a.status != ApplicationStatus.DRAFT,
            ended_at=ends.get(a.position_id),
            winner_until=on_list.get(a.pk),
            appointed=a.pk in appointed,
            appeal_pending=a.pk in appealing,
        )
        for a in applications
    ]


def _row(obj, *, exclude=()) -> dict:
    """Every stored field of a row, as JSON takes it (foreign keys as ids)."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in exclude}


def _own_row(obj, user, *, exclude=()) -> dict:
    """A row of the steps after the results, as the person may see it: every field but the accounts of the
    staff who recorded it (``*_by``: another person's data, and HR's acts are in the audit log) and
    ``exclude``."""
    user_model = get_user_model()
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.name not in exclude
        and not (f.is_relation and f.related_model is user_model and getattr(obj, f.attname) != user.pk)
    }


def _post(post) -> dict | None:
    return None if post is None else {"title": post.title, "unit": post.unit, "place": post.place}


# The mentor's own facts (R-35: HR checks the mentor's unit, category and years in the post) are the mentor's
# data, not the employee's: the employee sees the mentor's name and when the mentor was assigned.
MENTOR_FACTS = ("mentor_unit", "mentor_category", "mentor_in_post_since")


def after_the_results(user, application_ids) -> dict[int, dict]:
    """application id -> what followed its results for the person (R-26 … R-40): their places on winners lists
    with the invitations (consent, cause, postponement), the final verification of originals with each check's
    reason, the appointment (the act, the extension asked and HR's answer, reporting), the probation with its
    suspensions, mentor, evaluation and decision with its reasons, the mandate, and their appeals with
    KPMSHCK's decision. Everything is theirs to see: the regulation keeps none of it from the person (R-29.4,
    R-30.2, R-39.4, R-39.5 and R-40 require that they be told the reasons); left out are only the staff
    accounts that recorded it, the mentor's own facts and the appointment's secret file token. A fixed number
    of queries."""
    ids = list(application_ids)
    out: dict[int, dict] = {
        pk: {"winners": [], "final_verifications": [], "appointments": [], "appeals": []} for pk in ids
    }
    for winner in (
        Winner.objects.filter(application_id__in=ids)
        .select_related("winners_list", "post")
        .prefetch_related("invitations__post")
        .order_by("winners_list__published_on", "pk")
    ):
        out[winner.application_id]["winners"].append(
            {
                **_own_row(winner, user),
                "list": {
                    "published_on": winner.winners_list.published_on,
                    "valid_until": winner.winners_list.valid_until,
                    "state": winner.winners_list.state,
                },
                "post": _post(winner.post),
                "invitations": [
                    {
                        **_own_row(i, user),
                        "post": _post(i.post),
                        "consent_scan_in_zip": consent_scan_name(i) if i.consent_scan_path else "",
                    }
                    for i in winner.invitations.all()
                ],
            }
        )
    for verification in (
        FinalVerification.objects.filter(winner__application_id__in=ids)
        .select_related("winner")
        .prefetch_related("checks")
    ):
        out[verification.winner.application_id]["final_verifications"].append(
            {**_own_row(verification, user), "checks": [_own_row(c, user) for c in verification.checks.all()]}
        )
    for appointment in (
        Appointment.objects.filter(winner__application_id__in=ids)
        .select_related("winner", "post", "probation", "mandate")
        .prefetch_related("probation__suspensions")
    ):
        probation = getattr(appointment, "probation", None)
        mandate = getattr(appointment, "mandate", None)
        out[appointment.winner.application_id]["appointments"].append(
            {
                **_own_row(appointment, user, exclude=("token",)),
                "post": _post(appointment.post),
                "act_in_zip": [name for _path, name in appointment_act_files(appointment)],
                "probation": None
                if probation is None
                else {
                    **_own_row(probation, user, exclude=MENTOR_FACTS),
                    "ends_on": probation.end(),
                    "suspensions": [_own_row(x, user) for x in probation.suspensions.all()],
                    "act_in_zip": probation_act_name(probation) if probation.act_pdf_path else "",
                },
                "mandate": None if mandate is None else {**_own_row(mandate, user), "ends_on": mandate.end},
            }
        )
    for appeal in Appeal.objects.filter(Q(application_id__in=ids) | Q(appellant=user)).order_by(
        "filed_on", "pk"
    ):
        if appeal.application_id in out:
            out[appeal.application_id]["appeals"].append(
                {**_own_row(appeal, user), "files_in_zip": [name for _path, name in appeal_files(appeal)]}
            )
    return out


def consent_scan_name(invitation) -> str:
    return f"after-the-results/consents/{invitation.pk}.pdf"


def appointment_act_files(appointment) -> list[tuple[str, str]]:
    """(storage path, name in the ZIP) of the act's stored copies (one per language, made when first read)."""

    storage = storages["private"]
    return [
        (path, f"after-the-results/appointment-acts/{appointment.pk}-{language}.pdf")
        for language in LANGUAGES
        if storage.exists(path := appointment.act_pdf_path(language))
    ]


def probation_act_name(probation) -> str:
    return f"after-the-results/probation-acts/{probation.pk}.pdf"


def appeal_files(appeal) -> list[tuple[str, str]]:
    out = []
    for path, content_type, what in (
        (appeal.scan_path, appeal.scan_content_type, "appeal"),
        (appeal.decision_scan_path, appeal.decision_scan_content_type, "decision"),
    ):
        if path:
            extension = mimetypes.guess_extension(content_type or "") or ""
            out.append((path, f"after-the-results/appeals/{appeal.pk}-{what}{extension}"))
    return out


def after_the_results_files(user) -> list[tuple[str, str]]:
    """(storage path, name in the ZIP) of the person's private files after the results: consent scans, the
    appointment and probation acts, the scans of their appeals and of KPMSHCK's decisions."""
    files = [
        (i.consent_scan_path, consent_scan_name(i))
        for i in Invitation.objects.filter(winner__application__applicant=user).exclude(consent_scan_path="")
    ]
    for appointment in Appointment.objects.filter(winner__application__applicant=user).select_related(
        "probation"
    ):
        files += appointment_act_files(appointment)
        probation = getattr(appointment, "probation", None)
        if probation is not None and probation.act_pdf_path:
            files.append((probation.act_pdf_path, probation_act_name(probation)))
    for appeal in Appeal.objects.filter(Q(appellant=user) | Q(application__applicant=user)):
        files += appeal_files(appeal)
    return files


def personal_data(user) -> dict:
    """Everything the portal holds about the person, and nothing about anyone else: their account, profile,
    applications (with each submission's frozen copy, history, documents, what they were told, and what
    followed the results: winners lists, invitations, appointment, probation, mandate, appeals), messages,
    job alerts, roles, and the audit events of their own acts. The documents' files go beside this in the
    ZIP."""
    profile = getattr(user, "applicant_profile", None)
    applications = list(
        Application.objects.filter(applicant=user)
        .select_related("position__announcement")
        .prefetch_related("submissions", "events", "documents")
    )
    outcomes = outcomes_for(applications)
    after = after_the_results(user, [a.pk for a in applications])
    position_ids = [a.position_id for a in applications]
    published = {
        r.evaluation.position_id: r
        for r in EvaluationResult.objects.filter(
            evaluation__position_id__in=position_ids, published_at__isnull=False
        ).select_related("evaluation")
    }
    mine = {a.pk for a in applications}
    pseudonym = pseudonym_of(user)
    own_acts = Q(actor=user) | Q(actor_repr=pseudonym) if pseudonym else Q(actor=user)
    data: dict[str, Any] = {
        "account": _row(user, exclude=("password",)),
        "email_addresses": [_row(e) for e in EmailAddress.objects.filter(user=user)],
        "profile": None,
        "applications": [],
        "document_library": [
            {**_row(d), "file_in_zip": library_document_name(d)}
            for d in LibraryDocument.objects.filter(owner=user)
        ],
        "messages": [
            _row(m)
            for m in Message.objects.filter(Q(recipient=user) | Q(email__iexact=user.email)).order_by(
                "created_at"
            )
        ]
        if user.email
        else [_row(m) for m in user.messages.all()],
        "job_alerts": [
            {**_row(s), "positions_sent": list(s.matches.values_list("position_id", flat=True))}
            for s in AlertSubscription.objects.filter(Q(user=user) | Q(email__iexact=user.email or "-"))
        ],
        "committee_pool": [_row(m) for m in PoolMember.objects.filter(user=user)],
        "observer": [_row(o) for o in Observer.objects.filter(user=user)],
        "audit_pseudonym": pseudonym,
        "own_acts_in_the_audit_log": [
            {
                "seq": e.seq,
                "at": e.created_at,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
            }
            for e in Event.objects.filter(own_acts).order_by("seq")
        ],
    }
    if profile is not None:
        data["profile"] = {
            **_row(profile),
            **{
                name: [_row(x) for x in getattr(profile, name).all()]
                for name in ("education", "experience", "languages", "qualifications", "referees")
            },
        }
    for a in applications:
        result = published.get(a.position_id)
        data["applications"].append(
            {
                **_row(a),
                "position": {
                    "reference": a.position.announcement.reference,
                    "code": a.position.code,
                    "title": a.position.title,
                },
                "submissions": [_row(s) for s in a.submissions.all()],
                "history": [_row(e) for e in a.events.all()],
                "documents": [{**_row(d), "file_in_zip": document_name(d)} for d in a.documents.all()],
                "verification_outcome": outcomes.get(a.pk, ""),
                "published_result": next(
                    (
                        row
                        for row in (result.rows if result else [])
                        if row.get("application_id") in mine and row["application_id"] == a.pk
                    ),
                    None,
                ),
                "after_the_results": after[a.pk],
            }
        )
    return data


def document_name(document) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in document.label)[:80]
    return f"documents/{document.application_id}/{document.pk}-{safe}"


def library_document_name(document) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in document.label)[:80]
    return f"library/{document.pk}-{safe}"


def winners_with_files(today) -> list[tuple[int, int, dt.date | None, bool]]:
    """The retention schedule's winners (R-26.7): those that still hold a consent scan, a free text or their
    application's document files, as (winner id, application id, the day their list ended, appointed).
    Appointed: an appointment that stands, an employment record the schedule leaves alone. Two queries."""
    rows = list(
        Winner.objects.filter(
            Q(state_reason__gt="")
            | Q(invitations__consent_scan_path__gt="")
            | Q(invitations__consent_text__gt="")
            | Q(invitations__cause_note__gt="")
            | Q(application__documents__removed_at__isnull=True)
        )
        .distinct()
        .values_list("pk", "application_id", "winners_list__valid_until", "winners_list__expired_at")
    )
    appointed = standing_appointments({application_id for _pk, application_id, _u, _e in rows})
    out = []
    for pk, application_id, valid_until, expired_at in rows:
        ended = expired_at.date() if expired_at else (valid_until if valid_until < today else None)
        out.append((pk, application_id, ended, application_id in appointed))
    return out


def appeals_with_files() -> list[tuple[int, dt.date | None]]:
    """The retention schedule's appeals: R-32's appeals that still hold a scan or a free text, as (id,
    decided_on; None while KPMSHCK has not decided). R-40's belong to the employment record."""
    return list(
        Appeal.objects.filter(kind=AppealKind.RESULTS)
        .exclude(scan_path="", decision_scan_path="", grounds="", decision_note="", effect_note="")
        .values_list("pk", "decided_on")
    )
