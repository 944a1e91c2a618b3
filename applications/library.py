"""The person's document library: the services that change it (keep a file, delete it, attach it to an
application).

A file uploaded once (a diploma, a CV) is checked as any application's document (documents.inspect_upload) and
kept in the private storage; attaching it to a draft copies the file to a new private path and records it as
that application's own document through the same path as an upload (services.drafts._documents_record: the
locks, the deadline, the checklist, the limits, the history and the audit), so each submission still freezes
its own copy and SHA-256. The library belongs to the person alone: HR applying for a candidate (R-12.1) never
reads or uses it.
"""

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_log
from recruitment.permissions import NotAllowed

from . import documents, rules
from .models import Application, LibraryDocument
from .services import ApplicationError, uploads_check_and_store
from .services.common import _require_can_act
from .services.drafts import _documents_record


def library_documents_add(*, owner, uploads: list, actor) -> list[LibraryDocument]:
    """Keep files in the owner's library: all of them, or (when one is refused) none. The files are checked
    and written before the transaction, and deleted again if it refuses."""
    if actor is None or actor.pk != owner.pk:
        raise NotAllowed(_("Only its owner keeps files in a document library."))
    return uploads_check_and_store(
        uploads,
        record=lambda checked, stored: _library_record(
            owner=owner, checked=checked, stored=stored, actor=actor
        ),
    )


@transaction.atomic
def _library_record(*, owner, checked, stored, actor) -> list[LibraryDocument]:
    # The owner's row, locked: two uploads at once can't both pass the count below.
    get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
    kept = LibraryDocument.objects.filter(owner=owner).count()
    if kept + len(checked) > rules.library_max_files():
        raise ApplicationError(
            _("A document library keeps at most %(n)s files: delete one you no longer need.")
            % {"n": rules.library_max_files()}
        )
    created = [
        LibraryDocument.objects.create(
            owner=owner,
            label=check.label,
            storage_path=path,
            content_type=check.content_type,
            size=check.size,
            sha256=check.sha256,
        )
        for (_upload, check), path in zip(checked, stored, strict=True)
    ]
    for doc in created:  # the hash and size only: the audit chain holds no file names (personal data)
        audit_log(
            actor=actor,
            action="library.document_added",
            obj=doc,
            data={"sha256": doc.sha256, "size": doc.size},
        )
    return created


@transaction.atomic
def library_document_delete(*, document: LibraryDocument, actor) -> None:
    """Delete a file of one's library, and its stored copy. What was attached to applications is their own
    copy and stays. Deleting twice changes nothing."""
    doc = LibraryDocument.objects.select_for_update().filter(pk=document.pk).first()
    if doc is None:
        return
    if actor is None or doc.owner_id != actor.pk:
        raise NotAllowed(_("Only its owner deletes a file of a document library."))
    path = doc.storage_path
    audit_log(actor=actor, action="library.document_deleted", obj=doc, data={"sha256": doc.sha256})
    doc.delete()
    transaction.on_commit(lambda: documents.delete_quietly(path))


def documents_attach_from_library(
    *, application: Application, slot: str, library_document: LibraryDocument, actor, now=None
):
    """Attach a file of the applicant's library to one checklist item of their draft, as a copy of its own."""
    _require_can_act(application, actor)
    if library_document.owner_id != actor.pk or application.applicant_id != actor.pk:
        raise NotAllowed(_("Only the applicant attaches files of their own library."))
    storage = storages["private"]
    try:
        handle = storage.open(library_document.storage_path, "rb")
    except FileNotFoundError as exc:
        raise ApplicationError(_("This file is no longer in your library.")) from exc
    with handle:
        upload = File(handle, name=library_document.label)
        try:
            check = documents.inspect_upload(upload)  # the same checks and limits as a new upload, today's
        except documents.DocumentRefused as exc:
            raise ApplicationError([str(exc)]) from exc
        path = documents.store(upload, check)
    try:
        with transaction.atomic():
            created = _documents_record(
                application=application,
                slot=slot,
                checked=[(upload, check)],
                stored=[path],
                actor=actor,
                now=now,
            )
            audit_log(
                actor=actor,
                action="library.document_attached",
                obj=library_document,
                data={"application": application.pk, "document": created[0].pk, "sha256": check.sha256},
            )
    except BaseException:
        documents.delete_quietly(path)
        raise
    return created[0]
