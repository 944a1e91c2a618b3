"""Submitting an application (R-9.3, R-11, R-12.2), withdrawing it and preparing it again."""

import datetime as dt
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_log
from recruitment.lib import compiled
from vacancies.models import Announcement, Position, PositionPlace

from .. import rules, selectors
from ..models import Application, ApplicationDocument, ApplicationStatus, ApplicationSubmission, EventKind
from ..receipts import RECEIPT_MESSAGE_KIND, pick_language
from .common import (
    ApplicationError,
    _event,
    _locked_for_change,
    _move,
    _notify_applicant,
    _require_can_act,
    _require_open,
    _require_status,
)
from .profile import profile_facts, profile_snapshot

if TYPE_CHECKING:
    from django.contrib.auth.models import User

if TYPE_CHECKING:
    pass


def application_submit(
    *,
    application: Application,
    actor: "User",
    declaration_accepted: bool,
    language: str | None = None,
    now: dt.datetime | None = None,
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
            assert app.last_submission_id is not None  # a submitted application has its submission
            return ApplicationSubmission.objects.get(pk=app.last_submission_id), False
        # When the portal received the request, not when it got its turn: a submit sent before the deadline
        # and queued behind others (a burst at the deadline) is on time; one sent after is late however fast
        # it ran. Never later than now (a clock ahead of this one can't make a request late).
        now = now or min(received_at or timezone.now(), timezone.now())
        _require_open(announcement, position, now)
        _move(app, ApplicationStatus.SUBMITTED)
        app.position = position  # the row just read under the share lock: what the checklist reads of it

        institution = announcement.institution
        profile = selectors.profile_with_lists(app.applicant_id)  # profile_for's result, in one query
        problems = list(rules.profile_gaps(profile_facts(profile)))
        items = selectors.checklist_for(app, profile=profile, institution_country=institution.country)
        docs = selectors.active_documents(app)
        for item in rules.missing_required(items, {d.slot for d in docs}):
            problems.append(_("Attach: %(name)s.") % {"name": _in_language(item.name)})
        place_count, earlier_submissions = _places_and_submissions(app)
        if rules.place_needed(place_count) and app.place_id is None:
            problems.append(_("Choose the place you apply for."))
        if problems:
            raise ApplicationError(problems)

        language = language or app.language
        number = earlier_submissions + 1
        # ``position`` is the whole row read under the share lock above: the frozen copy and the message use
        # it.
        # The INSERT compiled once (recruitment.lib.compiled).
        submission = compiled.insert(
            ApplicationSubmission(
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


def _places_and_submissions(app: Application) -> tuple[int, int]:
    """How many places the position splits its seats by (K23) and how many submissions the application had,
    read under the application's lock (no other submission of it can be made meanwhile). Issue 13: one
    statement compiled once for the two counts the ORM read with two, on every submission."""
    if connection.vendor != "postgresql":
        return (
            PositionPlace.objects.filter(position_id=app.position_id).count(),
            app.submissions.count(),
        )
    if not _counts_sql:
        qn = connection.ops.quote_name
        place, submission = PositionPlace._meta, ApplicationSubmission._meta
        _counts_sql.append(
            f"SELECT (SELECT COUNT(*) FROM {qn(place.db_table)} "
            f"WHERE {qn(place.get_field('position').column)} = %s), "
            f"(SELECT COUNT(*) FROM {qn(submission.db_table)} "
            f"WHERE {qn(submission.get_field('application').column)} = %s)"
        )
    with connection.cursor() as cursor:
        cursor.execute(_counts_sql[0], [app.position_id, app.pk])
        places, submissions = cursor.fetchone()
    return places, submissions


_counts_sql: list[str] = []


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


@transaction.atomic
def application_withdraw(
    *, application: Application, actor: "User", now: dt.datetime | None = None
) -> ApplicationSubmission:
    """Withdraw a submitted application before the deadline; it may be prepared and submitted again."""
    announcement, position, app = _locked_for_change(application, light=False)
    _require_can_act(app, actor)
    if app.status == ApplicationStatus.WITHDRAWN:
        assert app.last_submission_id is not None  # withdrawn: it was submitted
        return ApplicationSubmission.objects.get(pk=app.last_submission_id)
    now = now or timezone.now()
    _require_status(app, ApplicationStatus.SUBMITTED)
    _require_open(announcement, position, now)
    _move(app, ApplicationStatus.WITHDRAWN)
    assert app.last_submission_id is not None  # submitted: it has its submission
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
def application_reopen(
    *, application: Application, actor: "User", now: dt.datetime | None = None
) -> Application:
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
