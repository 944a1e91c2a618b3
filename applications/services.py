"""Every state change of a profile and an application. Each one checks the actor, locks what it changes,
applies the rule, writes the history, the outbox message and the audit event in one transaction.

Locks, always in this order (so two services never wait for each other in a circle):
1. the announcement row, FOR SHARE: every submission reads the deadline under it, many at once; HR's
   changes to the deadline (vacancies.services, FOR UPDATE) wait until the submissions in flight have
   committed, and the submissions that come after read the new deadline. FOR UPDATE here would make
   every applicant of the announcement queue behind each other in the last minutes before closing.
2. the position row, FOR SHARE: its effective deadline (``Position.deadline``: the extension of R-12.2,
   else the announcement's) is read under it. The closing decision (vacancies.closing, FOR NO KEY UPDATE on
   the announcement, then the position) waits for the changes in flight, which are therefore counted;
   a change that comes after reads the extension, or finds the position closed.
3. the application row, FOR UPDATE: one change of one application at a time (a double click, or 50
   concurrent submits of the same person, leave one submission).
The audit event is written last: audit_log takes the chain's lock, which is held until commit.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_log
from notifications.services import notify
from recruitment.permissions import NotAllowed, require_hr_of
from vacancies.models import Announcement, Position, PositionPlace

from . import documents, rules, selectors
from .events import application_event_record
from .models import (
    ApplicantProfile,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationStatus,
    ApplicationSubmission,
    EventKind,
)
from .receipts import RECEIPT_MESSAGE_KIND, pick_language


class ApplicationError(ValidationError):
    """A change refused for a reason the person can act on; its messages are shown on the page."""


# --- Locks and small helpers -------------------------------------------------------------------------


# What the deadline check reads of the two rows. The changes that need no more of them (an upload, a place, a
# removal, reopening) lock just these columns: the translated models are wide, and the deadline spike is
# made of such requests (bench/apply_spike.py). A submission reads the whole rows for its frozen copy.
_DEADLINE_FIELDS = {
    Announcement: ("id", "institution_id", "status", "opens_at", "closes_at"),
    Position: ("id", "announcement_id", "closing_state", "extended_until"),
}


# (model, light) -> the SELECT ... FOR SHARE of _row_for_share, compiled once: it differs only in the primary
# key.
_share_sql: dict = {}


def _row_for_share(model, pk: int, *, light: bool):
    if connection.vendor == "postgresql":
        sql = _share_sql.get((model, light))
        if sql is None:
            sql, params = _row_query(model, pk, light=light).query.sql_with_params()
            if list(params) != [pk]:  # not the shape expected: don't reuse it
                return model.objects.raw(f"{sql} FOR SHARE", params)[0]
            sql = _share_sql[(model, light)] = f"{sql} FOR SHARE"
        return model.objects.raw(sql, [pk])[0]
    return _row_query(model, pk, light=light).select_for_update().get()


def _row_query(model, pk: int, *, light: bool):
    # No ORDER BY: the models' default ordering would join the position to its announcement (and FOR SHARE
    # would lock that row again) for a query that returns one row.
    qs = model.objects.filter(pk=pk).order_by()
    return qs.only(*_DEADLINE_FIELDS[model]) if light else qs


def _announcement_locked(announcement_id: int, *, light: bool = False) -> Announcement:
    return _row_for_share(Announcement, announcement_id, light=light)


def _position_locked(position_id: int, *, light: bool = False) -> Position:
    """The position row FOR SHARE (after the announcement's): the deadline it holds can't change until
    commit."""
    return _row_for_share(Position, position_id, light=light)


def _application_locked(application_id: int) -> Application:
    # The row alone, no joins: a SELECT ... FOR UPDATE that waited for the lock returns the locked row's
    # new version but any rows it joins as they were before the wait (PostgreSQL, READ COMMITTED), so a
    # joined last_submission written by the transaction we waited for would look empty. Related rows
    # are read afterwards, when needed.
    return Application.objects.select_for_update().get(pk=application_id)


def _locked_for_change(
    application: Application, *, light: bool = True
) -> tuple[Announcement, Position, Application]:
    """The three rows a change of one application reads, locked in the order of this module's docstring:
    announcement and position FOR SHARE (``light``: only the deadline's columns, for the changes that need no
    more of them), then the application FOR UPDATE."""
    announcement = _announcement_locked(_announcement_id(application), light=light)
    position = _position_locked(application.position_id, light=light)
    return announcement, position, _application_locked(application.pk)


def _announcement_id(application: Application) -> int:
    if Application.position.is_cached(application):
        return application.position.announcement_id
    if getattr(application, "announcement_pk", None):  # selectors.get_application_for_user(related=False)
        return application.announcement_pk
    return Position.objects.filter(pk=application.position_id).values_list("announcement_id", flat=True).get()


def _require_can_act(application: Application, actor) -> None:
    if not selectors.may_act_on(application, actor):
        raise NotAllowed(_("You may not change this application."))


def _require_open(announcement: Announcement, position: Position, now: dt.datetime) -> None:
    # The position's effective deadline: the extended one when it has one, else the announcement's.
    position.announcement = announcement
    deadline = position.deadline
    if position.closing_state == "closed" or not rules.accepting_applications(
        now=now, status=announcement.status, opens_at=announcement.opens_at, closes_at=deadline
    ):
        if now >= deadline or position.closing_state == "closed":
            raise ApplicationError(
                _(
                    "The deadline for this announcement has passed: applications are no longer "
                    "accepted (R-9.2.2)."
                )
            )
        raise ApplicationError(_("This announcement is not accepting applications."))


def _require_status(application: Application, *allowed: str) -> None:
    if application.status not in allowed:
        raise ApplicationError(
            _("This cannot be done to an application that is “%(status)s”.")
            % {"status": ApplicationStatus(application.status).label}
        )


def _move(application: Application, target: str) -> None:
    if not rules.may_transition(application.status, target):
        raise ApplicationError(
            _("An application cannot go from “%(current)s” to “%(target)s”.")
            % {
                "current": ApplicationStatus(application.status).label,
                "target": ApplicationStatus(target).label,
            }
        )
    application.status = target


def _event(application: Application, kind: str, actor, now: dt.datetime, **data) -> ApplicationEvent:
    return application_event_record(application=application, kind=kind, actor=actor, at=now, data=data)


# --- Profile (R-11.1) ------------------------------------------------------------------------------------


def profile_get_or_create(*, user) -> ApplicantProfile:
    profile = ApplicantProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    with transaction.atomic():
        profile, created = ApplicantProfile.objects.get_or_create(user=user, defaults={"email": user.email})
        if created:
            audit_log(actor=user, action="profile.created", obj=profile)
    return profile


@transaction.atomic
def profile_update(*, profile: ApplicantProfile, form, actor) -> ApplicantProfile:
    """Save the personal data (a validated ModelForm of the profile)."""
    _require_profile_owner(profile, actor)
    ApplicantProfile.objects.select_for_update().filter(pk=profile.pk).first()
    saved = form.save()
    # Field names only: the audit chain is append-only and must not hold personal data.
    audit_log(actor=actor, action="profile.updated", obj=saved, data={"fields": sorted(form.changed_data)})
    _tell_candidate(saved, actor, _("your personal data was changed"))
    return saved


@transaction.atomic
def profile_section_save(*, profile: ApplicantProfile, section: str, formset, actor) -> None:
    """Save one list of the profile (education, experience, languages, ...): a validated inline formset."""
    _require_profile_owner(profile, actor)
    ApplicantProfile.objects.select_for_update().filter(pk=profile.pk).first()
    formset.save()
    profile.save(update_fields=["updated_at"])
    audit_log(actor=actor, action="profile.section_saved", obj=profile, data={"section": section})
    _tell_candidate(
        profile, actor, _("a list of your profile was changed (%(section)s)") % {"section": section}
    )


def _require_profile_owner(profile: ApplicantProfile, actor) -> None:
    if profile.user_id == getattr(actor, "pk", None):
        return
    # HR fills in the profile of a candidate it applies for, while that application is a draft, and
    # only the application's own copy (the held account made for it), never the profile of a person's account.
    assisted = Application.objects.filter(
        applicant_id=profile.user_id, assisted=True, status=ApplicationStatus.DRAFT
    ).select_related("position__announcement", "applicant")
    if any(selectors.hr_may_fill_in_profile(app, actor) for app in assisted):
        return
    raise NotAllowed(_("You may not change this profile."))


def _tell_candidate(profile: ApplicantProfile, actor, what: str) -> None:
    """R-12.1: the person is told each time HR acts in their name (profile, documents, submission)."""
    if profile.user_id == getattr(actor, "pk", None):
        return
    app = (
        Application.objects.filter(applicant_id=profile.user_id, assisted=True)
        .select_related("position__announcement__institution", "applicant")
        .first()
    )
    if app is not None:
        _tell_candidate_of(app, actor, what, profile=profile)


def _tell_candidate_of(app: Application, actor, what: str, *, profile=None) -> None:
    if not app.assisted or app.applicant_id == getattr(actor, "pk", None):
        return
    _notify_applicant(
        app,
        kind="application.assisted_action",
        template="assisted_action",
        dedupe_key=None,
        profile=profile,
        what=what,
    )


def profile_snapshot(profile: ApplicantProfile | None) -> dict:
    """The frozen copy of the profile kept with a submission. The self-declared community and
    disability sit apart under "equality": they serve R-27/R-28 only and never reach the committee."""
    if profile is None:
        return {}

    def rows(qs, fields):
        return [{f: _plain(getattr(obj, f)) for f in fields} for obj in qs]

    return {
        "personal": {
            f: _plain(getattr(profile, f))
            for f in (
                "first_name",
                "parent_name",
                "last_name",
                "date_of_birth",
                "personal_number",
                "gender",
                "address",
                "phone",
                "email",
            )
        },
        "equality": {"community": profile.community, "disability": profile.disability},
        "education": rows(
            profile.education.all(),
            ("level", "field_of_study", "institution", "country", "graduation_date", "nostrification"),
        ),
        "experience": rows(
            profile.experience.all(),
            (
                "employer",
                "employer_address",
                "function",
                "title",
                "rank",
                "start_date",
                "end_date",
                "duties",
                "staff_supervised_count",
                "staff_supervised_kind",
                "reason_for_leaving",
            ),
        ),
        "languages": rows(profile.languages.all(), ("language", "level")),
        "qualifications": rows(
            profile.qualifications.all(), ("kind", "title", "provider", "date", "description")
        ),
        "computer_skills": profile.computer_skills,
        "referees": rows(profile.referees.all(), ("name", "address", "contact")),
    }


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


PERSONAL_REQUIRED = (
    "first_name",
    "last_name",
    "date_of_birth",
    "personal_number",
    "gender",
    "address",
    "phone",
    "email",
)


def profile_facts(profile: ApplicantProfile | None) -> rules.ProfileFacts:
    if profile is None:
        return rules.ProfileFacts(
            personal_missing=[ApplicantProfile._meta.get_field(f).verbose_name for f in PERSONAL_REQUIRED]
        )
    return rules.ProfileFacts(
        personal_missing=[
            ApplicantProfile._meta.get_field(f).verbose_name
            for f in PERSONAL_REQUIRED
            if not getattr(profile, f)
        ],
        education_count=len(profile.education.all()),
        referee_count=len(profile.referees.all()),
    )


# --- Application: start, place, documents -----------------------------------------------------------


def application_start(
    *, applicant, position: Position, actor, language: str, place: PositionPlace | None = None, now=None
) -> tuple[Application, bool]:
    """Open a draft for the person and position, or return the one they already have."""
    existing = Application.objects.filter(applicant=applicant, position=position).first()
    if existing is not None:
        return existing, False
    if actor.pk != applicant.pk:
        raise NotAllowed(_("Only the applicant starts their application."))
    with transaction.atomic():
        announcement = _announcement_locked(position.announcement_id, light=True)
        _require_open(announcement, _position_locked(position.pk, light=True), now or timezone.now())
        if place is not None and place.position_id != position.pk:
            raise ApplicationError(_("Choose one of the places of this position."))
        try:
            with transaction.atomic():  # a savepoint: a concurrent start of the same person wins quietly
                application = Application.objects.create(
                    applicant=applicant, position=position, place=place, language=language
                )
        except IntegrityError:
            return Application.objects.get(applicant=applicant, position=position), False
        _event(application, EventKind.CREATED, actor, timezone.now())
        audit_log(actor=actor, action="application.started", obj=application, data={"position": position.pk})
    return application, True


@transaction.atomic
def application_choose_place(
    *, application: Application, place: PositionPlace | None, actor, now=None
) -> Application:
    """K23: the place, when a position's seats are split by place."""
    announcement, position, app = _locked_for_change(application)
    _require_can_act(app, actor)
    _require_status(app, ApplicationStatus.DRAFT)
    _require_open(announcement, position, now or timezone.now())
    if place is not None and place.position_id != app.position_id:
        raise ApplicationError(_("Choose one of the places of this position."))
    if app.place_id == getattr(place, "pk", None):
        return app
    app.place = place
    app.save(update_fields=["place", "updated_at"])
    _event(app, EventKind.PLACE_CHOSEN, actor, timezone.now(), place=str(place) if place else "")
    audit_log(
        actor=actor, action="application.place_chosen", obj=app, data={"place": getattr(place, "pk", None)}
    )
    return app


def documents_add(
    *, application: Application, slot: str, uploads: list, actor, now=None
) -> list[ApplicationDocument]:
    """Attach files to one checklist item of a draft: all of them, or (when one is refused) none.

    The files are checked and written to storage before the transaction (that is the slow part);
    if the transaction then refuses, the files written are deleted again.
    """
    _require_can_act(application, actor)
    return uploads_check_and_store(
        uploads,
        record=lambda checked, stored: _documents_record(
            application=application, slot=slot, checked=checked, stored=stored, actor=actor, now=now
        ),
    )


def uploads_check_and_store(uploads: list, *, record):
    """Every upload path (an application's checklist, the document library): check all files (refusing them
    all, each reason listed, when one is refused), write them to the private storage, then ``record(checked,
    stored)`` in its own transaction; if that refuses, the files written are deleted again, so nothing is
    half-saved."""
    if not uploads:
        raise ApplicationError(_("Choose a file to upload."))
    if len(uploads) > rules.files_per_request_max():
        raise ApplicationError(
            _("Upload at most %(n)s files at a time.") % {"n": rules.files_per_request_max()}
        )
    problems, checked = [], []
    for upload in uploads:
        try:
            checked.append((upload, documents.inspect_upload(upload)))
        except documents.DocumentRefused as exc:
            problems.append(str(exc))
    if problems:
        raise ApplicationError(problems)
    stored: list[str] = []
    try:
        for upload, check in checked:
            stored.append(documents.store(upload, check))
        return record(checked, stored)
    except BaseException:
        for path in stored:
            documents.delete_quietly(path)
        raise


@transaction.atomic
def _documents_record(*, application, slot, checked, stored, actor, now) -> list[ApplicationDocument]:
    announcement, position, app = _locked_for_change(application)
    _require_status(app, ApplicationStatus.DRAFT)
    _require_open(announcement, position, now or timezone.now())
    item = selectors.checklist_item(app, slot, institution_id=announcement.institution_id)
    if item is None:
        raise ApplicationError(_("This document is not on the checklist of the position."))
    current = app.documents.filter(removed_at__isnull=True).aggregate(total=Sum("size"))["total"] or 0
    added = sum(check.size for _upload, check in checked)
    if not rules.application_total_within_limit(current_total=current, added=added):
        raise ApplicationError(
            _(
                "All the documents of an application may take at most %(max)s MB; these would make %(total)s MB."
            )
            % {"max": documents._mb(rules.application_max_bytes()), "total": documents._mb(current + added)}
        )
    at = timezone.now()
    created = [
        ApplicationDocument.objects.create(
            application=app,
            slot=slot,
            required_document_id=item.required_document_id,
            label=check.label,
            storage_path=path,
            content_type=check.content_type,
            size=check.size,
            sha256=check.sha256,
            uploaded_at=at,
            uploaded_by=actor,
        )
        for (_upload, check), path in zip(checked, stored, strict=True)
    ]
    for doc in created:
        _event(app, EventKind.DOCUMENT_ADDED, actor, at, document=doc.pk, label=doc.label, slot=slot)
    app.save(update_fields=["updated_at"])
    audit_log(
        actor=actor,
        action="application.documents_added",
        obj=app,
        data={"slot": slot, "documents": [{"id": d.pk, "sha256": d.sha256, "size": d.size} for d in created]},
    )
    _tell_candidate_of(
        app, actor, _("documents were attached: %(names)s") % {"names": ", ".join(d.label for d in created)}
    )
    return created


@transaction.atomic
def document_remove(*, application: Application, document: ApplicationDocument, actor, now=None) -> None:
    """Take a document off a draft. A document that was part of an earlier submission is kept (its
    receipt lists it) and only marked removed; one never submitted is deleted with its file."""
    announcement, position, app = _locked_for_change(application)
    _require_can_act(app, actor)
    _require_status(app, ApplicationStatus.DRAFT)
    _require_open(announcement, position, now or timezone.now())
    doc = ApplicationDocument.objects.select_for_update().filter(pk=document.pk, application=app).first()
    if doc is None or doc.removed_at is not None:
        return  # already gone: removing twice changes nothing
    at = timezone.now()
    _event(app, EventKind.DOCUMENT_REMOVED, actor, at, document=doc.pk, label=doc.label, slot=doc.slot)
    if doc.submitted:
        doc.removed_at = at
        doc.save(update_fields=["removed_at"])
    else:
        path = doc.storage_path
        doc.delete()
        transaction.on_commit(lambda: documents.delete_quietly(path))
    app.save(update_fields=["updated_at"])
    audit_log(actor=actor, action="application.document_removed", obj=app, data={"document": document.pk})


# --- Submit, withdraw, prepare again ------------------------------------------------------------------


def application_submit(
    *,
    application: Application,
    actor,
    declaration_accepted: bool,
    language: str | None = None,
    now=None,
    received_at: dt.datetime | None = None,
) -> tuple[ApplicationSubmission, bool]:
    """Submit a draft: deadline, profile, checklist, place and self-declaration checked under lock.

    ``received_at`` is when the portal received the request (``request.received_at``, taken on arrival by the
    proxy or the first middleware): the deadline is judged by it, however long the request then waited for a
    worker or a lock; it is also the submission's recorded time.

    Returns (submission, True), or (the existing submission, False) when the application was already
    submitted (a double click, a retried request): submitting is idempotent. Nothing is written when
    a check fails: every failure raises before the first write.
    """
    if not declaration_accepted:
        raise ApplicationError(_("Tick the self-declaration (R-9.3) to submit the application."))
    with transaction.atomic():
        announcement, position, app = _locked_for_change(application, light=False)
        _require_can_act(app, actor)
        if app.status == ApplicationStatus.SUBMITTED:
            return ApplicationSubmission.objects.get(pk=app.last_submission_id), False
        # When the portal received the request, not when it got its turn: a submit sent before the deadline
        # and queued behind others (a burst at the deadline) is on time; one sent after is late however fast
        # it ran. Never later than now (a clock ahead of this one can't make a request late).
        now = now or min(received_at or timezone.now(), timezone.now())
        _require_open(announcement, position, now)
        _move(app, ApplicationStatus.SUBMITTED)

        institution = announcement.institution
        profile = selectors.profile_with_lists(app.applicant_id)  # profile_for's result, in one query
        problems = list(rules.profile_gaps(profile_facts(profile)))
        items = selectors.checklist_for(app, profile=profile, institution_country=institution.country)
        docs = selectors.active_documents(app)
        for item in rules.missing_required(items, {d.slot for d in docs}):
            problems.append(_("Attach: %(name)s.") % {"name": _in_language(item.name)})
        place_count = PositionPlace.objects.filter(position_id=app.position_id).count()
        if rules.place_needed(place_count) and app.place_id is None:
            problems.append(_("Choose the place you apply for."))
        if problems:
            raise ApplicationError(problems)

        language = language or app.language
        number = app.submissions.count() + 1
        # ``position`` is the whole row read under the share lock above: the frozen copy and the message use
        # it.
        submission = ApplicationSubmission.objects.create(
            application=app,
            number=number,
            reference=rules.reference_number(
                institution_code=institution.short_name,
                year=now.astimezone(institution.tzinfo).year,
                application_id=app.pk,
                number=number,
            ),
            submitted_at=now,
            submitted_by=actor,
            assisted=app.assisted,
            profile_snapshot=profile_snapshot(profile),
            checklist_snapshot=_checklist_snapshot(items, docs),
            context_snapshot=_context_snapshot(app, position, announcement, language),
        )
        ApplicationDocument.objects.filter(pk__in=[d.pk for d in docs], submitted=False).update(
            submitted=True
        )
        app.last_submission = submission
        app.language = language
        app.save(update_fields=["status", "last_submission", "language", "updated_at"])
        _event(app, EventKind.SUBMITTED, actor, now, reference=submission.reference)
        _notify_applicant(
            app,
            kind=RECEIPT_MESSAGE_KIND,
            template="application_received",
            dedupe_key=f"application-received:{submission.pk}",
            submission=submission,
            attachment_path=submission.receipt_path,
            attachment_name=f"{submission.reference}.pdf",
            position=position,
            announcement=announcement,
            profile=profile,
            recipient=actor if actor.pk == app.applicant_id else None,
        )
        audit_log(
            actor=actor,
            action="application.submitted",
            obj=app,
            data={
                "reference": submission.reference,
                "assisted": app.assisted,
                "documents": [d.sha256 for d in docs],
            },
        )
    return submission, True


def _in_language(name) -> str:
    return pick_language(name, translation.get_language() or "sq")


def _checklist_snapshot(items, docs) -> list[dict]:
    by_slot: dict[str, list] = {}
    for d in docs:
        by_slot.setdefault(d.slot, []).append(
            {"id": d.pk, "label": d.label, "sha256": d.sha256, "size": d.size, "content_type": d.content_type}
        )
    snapshot = []
    for item in items:
        name = item.name if isinstance(item.name, dict) else _all_languages(item.name)
        snapshot.append(
            {
                "slot": item.slot,
                "name": name,
                "required": item.required,
                "documents": by_slot.pop(item.slot, []),
            }
        )
    for slot, extra in by_slot.items():  # attached to an item the position no longer lists
        snapshot.append(
            {"slot": slot, "name": _all_languages(_("Other document")), "required": False, "documents": extra}
        )
    return snapshot


def _all_languages(lazy_text) -> dict:
    values = {}
    for lang in selectors.LANGS:
        with translation.override(lang.replace("_", "-")):
            values[lang] = str(lazy_text)
    return values


def _context_snapshot(
    app: Application, position: Position, announcement: Announcement, language: str
) -> dict:
    institution = announcement.institution
    with translation.override(language):
        declaration = str(rules.R9_3_SELF_DECLARATION)
    return {
        "institution": selectors.i18n_values(institution, "name"),
        "institution_code": institution.short_name,
        "time_zone": institution.time_zone,
        "announcement": {
            "id": announcement.pk,
            "reference": announcement.reference,
            "title": selectors.i18n_values(announcement, "title"),
            "closes_at": announcement.closes_at.isoformat(),
        },
        "position": {
            "id": position.pk,
            "code": position.code,
            "title": selectors.i18n_values(position, "title"),
        },
        "place": selectors.i18n_values(app.place, "place") if app.place_id else None,
        "declaration": {"article": "R-9.3", "language": language, "text": declaration},
        "assisted": app.assisted,
    }


def _notify_applicant(
    app: Application,
    *,
    kind: str,
    template: str,
    dedupe_key: str,
    position=None,
    announcement=None,
    profile=None,
    recipient=None,
    attachment_path="",
    attachment_name="",
    **context,
):
    """Write the message to the applicant (in their language) in the current transaction. The objects
    the caller already holds are passed in, so no query fetches them again."""
    recipient = recipient or app.applicant
    if profile is None:
        profile = ApplicantProfile.objects.filter(user_id=app.applicant_id).only("email").first()
    email = (profile.email if profile and profile.email else "") or recipient.email
    if not email:
        return None  # a candidate without e-mail gets the receipt on paper from HR
    position = position or app.position
    announcement = announcement or position.announcement
    return notify(
        recipient=recipient,
        email=email,
        kind=kind,
        template=template,
        language=app.language,
        dedupe_key=dedupe_key,
        attachment_path=attachment_path,
        attachment_name=attachment_name,
        context={
            "application": app,
            "position": position,
            "announcement": announcement,
            "institution": announcement.institution,
            **context,
        },
    )


@transaction.atomic
def application_withdraw(*, application: Application, actor, now=None) -> ApplicationSubmission:
    """Withdraw a submitted application before the deadline; it may be prepared and submitted again."""
    announcement, position, app = _locked_for_change(application, light=False)
    _require_can_act(app, actor)
    if app.status == ApplicationStatus.WITHDRAWN:
        return ApplicationSubmission.objects.get(pk=app.last_submission_id)
    now = now or timezone.now()
    _require_status(app, ApplicationStatus.SUBMITTED)
    _require_open(announcement, position, now)
    _move(app, ApplicationStatus.WITHDRAWN)
    submission = ApplicationSubmission.objects.select_for_update().get(pk=app.last_submission_id)
    submission.withdrawn_at = now
    submission.save(update_fields=["withdrawn_at"])
    app.save(update_fields=["status", "updated_at"])
    _event(app, EventKind.WITHDRAWN, actor, now, reference=submission.reference)
    _notify_applicant(
        app,
        kind="application.withdrawn",
        template="application_withdrawn",
        dedupe_key=f"application-withdrawn:{submission.pk}",
        submission=submission,
        announcement=announcement,
    )
    audit_log(actor=actor, action="application.withdrawn", obj=app, data={"reference": submission.reference})
    return submission


@transaction.atomic
def application_reopen(*, application: Application, actor, now=None) -> Application:
    """Prepare a withdrawn application again as a draft (before the deadline)."""
    announcement, position, app = _locked_for_change(application)
    _require_can_act(app, actor)
    if app.status == ApplicationStatus.DRAFT:
        return app
    now = now or timezone.now()
    _require_open(announcement, position, now)
    _move(app, ApplicationStatus.DRAFT)
    app.save(update_fields=["status", "updated_at"])
    _event(app, EventKind.REOPENED, actor, now)
    audit_log(actor=actor, action="application.reopened", obj=app)
    return app


# --- HR applies for a candidate ---------------------------------------------------------------


@transaction.atomic
def assisted_application_start(
    *, actor, position: Position, email: str, first_name: str, last_name: str, language: str, now=None
) -> Application:
    """HR of the position's institution opens a draft for a candidate who cannot apply electronically
    (R-12.1), with the candidate's written consent (rules.SLOT_CONSENT, a required item of the draft).

    HR never opens a person's account (issue 10): an e-mail that belongs to an account on the portal is
    refused, and HR asks the person to apply from it. The draft belongs to a held account made for this one
    application (no password, no e-mail of its own: the person's address stays free for their own account),
    and HR fills in that account's profile, the application's own copy. The e-mail given is where the
    person is told of every act of HR in their name and receives the receipt; without one, HR hands the
    receipt over on paper."""
    import uuid

    from allauth.account.models import EmailAddress

    require_hr_of(actor, position.announcement.institution_id)
    announcement = _announcement_locked(position.announcement_id)
    now = now or timezone.now()
    _require_open(announcement, _position_locked(position.pk), now)
    User = get_user_model()
    email = (email or "").strip().lower()
    if email and (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise ApplicationError(
            _(
                "This e-mail address belongs to an account on the portal. HR does not apply in the name of a person "
                "who has an account: ask the person to apply from their own account."
            )
        )
    candidate = User(
        username=f"assisted-{uuid.uuid4().hex}", email="", first_name=first_name, last_name=last_name
    )
    candidate.set_unusable_password()
    candidate.save()
    audit_log(actor=actor, action="account.created_for_candidate", obj=candidate, data={"r": "R-12.1"})
    profile = ApplicantProfile.objects.create(
        user=candidate, first_name=first_name, last_name=last_name, email=email
    )
    application = Application.objects.create(
        applicant=candidate,
        position=position,
        language=language,
        assisted=True,
        assisted_by=actor,
    )
    _event(application, EventKind.CREATED, actor, timezone.now(), assisted=True)
    audit_log(
        actor=actor,
        action="application.started_by_hr",
        obj=application,
        data={"position": position.pk, "candidate": candidate.pk, "r": "R-12.1"},
    )
    _tell_candidate_of(application, actor, _("an application was opened in your name"), profile=profile)
    return application


# --- Reminders -----------------------------------------------------------------------------------------


def draft_reminders_send(*, now=None) -> int:
    """Remind each person with a draft, once, when the deadline is within DRAFT_REMINDER_HOURS.

    Safe to run any number of times: the dedupe key names the application and the deadline, so an
    extended deadline (R-12.2) earns one new reminder and nothing else does.
    """
    now = now or timezone.now()
    written = 0
    for app in selectors.drafts_to_remind(now=now):
        deadline = app.position.deadline  # the effective one: an extension earns a new reminder
        if not rules.draft_reminder_due(now=now, closes_at=deadline):
            continue
        with transaction.atomic():
            message = _notify_applicant(
                app,
                kind="application.draft_reminder",
                template="draft_reminder",
                dedupe_key=f"draft-reminder:{app.pk}:{deadline:%Y%m%dT%H%M%S}",
            )
        written += message is not None
    return written
