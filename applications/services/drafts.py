"""A draft application: its start, its place (K23) and its documents (the checklist's uploads)."""

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_log
from recruitment.lib import compiled
from recruitment.permissions import NotAllowed
from vacancies.models import Position, PositionPlace, RequiredDocument

from .. import documents, rules, selectors
from ..models import Application, ApplicationDocument, ApplicationStatus, EventKind
from .common import (
    ApplicationError,
    _announcement_locked,
    _event,
    _locked_for_change,
    _position_locked,
    _require_can_act,
    _require_open,
    _require_status,
    _tell_candidate_of,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

if TYPE_CHECKING:
    pass


def application_start(
    *,
    applicant,
    position: Position,
    actor: "User",
    language: str,
    place: PositionPlace | None = None,
    now: dt.datetime | None = None,
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
    *, application: Application, place: PositionPlace | None, actor: "User", now: dt.datetime | None = None
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
    *, application: Application, slot: str, uploads: list, actor: "User", now: dt.datetime | None = None
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


T = TypeVar("T")


def uploads_check_and_store(uploads: list, *, record: Callable[[list, list[str]], T]) -> T:
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
def _documents_record(
    *, application, slot, checked, stored, actor: "User", now: dt.datetime | None
) -> list[ApplicationDocument]:
    # The application's updated_at is set by the statement that locks it (the change saves it anyway).
    announcement, position, app = _locked_for_change(application, touched_at=timezone.now())
    _require_status(app, ApplicationStatus.DRAFT)
    _require_open(announcement, position, now or timezone.now())
    item, current = _item_and_total(app, slot, institution_id=announcement.institution_id)
    if item is None:
        raise ApplicationError(_("This document is not on the checklist of the position."))
    added = sum(check.size for _upload, check in checked)
    if not rules.application_total_within_limit(current_total=current, added=added):
        raise ApplicationError(
            _(
                "All the documents of an application may take at most %(max)s MB; these would make %(total)s "
                "MB."
            )
            % {"max": documents._mb(rules.application_max_bytes()), "total": documents._mb(current + added)}
        )
    at = timezone.now()
    created = [
        compiled.insert(
            ApplicationDocument(
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
        )
        for (_upload, check), path in zip(checked, stored, strict=True)
    ]
    for doc in created:
        _event(app, EventKind.DOCUMENT_ADDED, actor, at, document=doc.pk, label=doc.label, slot=slot)
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


def _item_and_total(
    app: Application, slot: str, *, institution_id: int
) -> tuple[rules.ChecklistItem | None, int]:
    """The checklist item ``slot`` names (None: not on the checklist) and the bytes the draft's documents
    take now, read under the application's lock. For a position's document (the upload's hot path, issue 13)
    both in one statement compiled once, as selectors.checklist_item and the sum would read them; other
    slots through them."""
    doc_id = _position_document_id(slot)
    if doc_id is None or connection.vendor != "postgresql":
        item = selectors.checklist_item(app, slot, institution_id=institution_id)
        total = app.documents.filter(removed_at__isnull=True).aggregate(total=Sum("size"))["total"] or 0
        return item, total
    with connection.cursor() as cursor:
        cursor.execute(_item_and_total_sql(), [app.pk, doc_id, app.position_id])
        required_document_id, required, total = cursor.fetchone()
    if required_document_id is None:
        return None, total
    item = rules.ChecklistItem(
        slot=slot, name="", required=required, required_document_id=required_document_id
    )
    return item, total


def _position_document_id(slot: str) -> int | None:
    """The required document's id in a slot "doc-<id>" (selectors.checklist_item's reading), None for another
    slot or an id no row can have."""
    prefix = rules.document_slot("")
    if not slot.startswith(prefix):
        return None
    try:
        doc_id = int(slot.removeprefix(prefix))
    except ValueError:
        return None
    return doc_id if 0 < doc_id < 2**31 else None


_item_and_total_text: list[str] = []


def _item_and_total_sql() -> str:
    if not _item_and_total_text:
        qn = connection.ops.quote_name
        doc, required = ApplicationDocument._meta, RequiredDocument._meta

        def col(meta, name):
            return qn(meta.get_field(name).column)

        _item_and_total_text.append(
            f"SELECT r.{col(required, 'id')}, r.{col(required, 'required')}, "
            f"(SELECT COALESCE(SUM(d.{col(doc, 'size')}), 0) FROM {qn(doc.db_table)} d "
            f"WHERE d.{col(doc, 'application')} = %s AND d.{col(doc, 'removed_at')} IS NULL) "
            f"FROM (SELECT 1) AS one LEFT JOIN {qn(required.db_table)} r "
            f"ON r.{col(required, 'id')} = %s AND r.{col(required, 'position')} = %s"
        )
    return _item_and_total_text[0]


@transaction.atomic
def document_remove(
    *, application: Application, document: ApplicationDocument, actor: "User", now: dt.datetime | None = None
) -> None:
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
