"""Issue 13: the rows every change of an application locks (announcement and position FOR SHARE, the
application FOR UPDATE) are read by precompiled SQL and built as the ORM builds them: the same values, the same
deferred columns for the light reads, the same locks."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from applications.models import Application
from applications.services import common
from vacancies.models import Announcement, Institution, Position


@pytest.mark.parametrize("light", [True, False])
def test_the_locked_rows_are_the_orms_rows_with_their_locks(ready_draft, light):
    app = ready_draft
    position = Position.objects.get(pk=app.position_id)
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        announcement, locked_position, locked_app = common._locked_for_change(app, light=light)
    sqls = [q["sql"] for q in ctx.captured_queries]
    # Announcement and position in one statement, the announcement first in its FROM list (the lock order).
    assert sqls[0].endswith("FOR SHARE OF a, p")
    assert sqls[0].index('"vacancies_announcement"') < sqls[0].index('"vacancies_position"')
    assert sqls[1].endswith("FOR UPDATE") and '"applications_application"' in sqls[1]
    assert len(sqls) == 2
    expected = {
        Announcement: Announcement.objects.get(pk=position.announcement_id),
        Position: position,
        Application: Application.objects.get(pk=app.pk),
    }
    for row in (announcement, locked_position, locked_app):
        orm = expected[type(row)]
        loaded = [f.attname for f in type(row)._meta.concrete_fields if f.attname in row.__dict__]
        if light and type(row) in common._DEADLINE_FIELDS:
            assert set(loaded) == set(common._DEADLINE_FIELDS[type(row)])
        else:
            assert len(loaded) == len(type(row)._meta.concrete_fields)
        assert {name: getattr(row, name) for name in loaded} == {name: getattr(orm, name) for name in loaded}
        assert not row._state.adding and row._state.db == "default"
    if not light:  # a submission's read: the announcement's institution came with it, whole, not locked
        with CaptureQueriesContext(connection) as later:
            institution = announcement.institution
        assert not later.captured_queries
        orm = Institution.objects.get(pk=announcement.institution_id)
        names = [f.attname for f in Institution._meta.concrete_fields]
        assert {n: getattr(institution, n) for n in names} == {n: getattr(orm, n) for n in names}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("light", [True, False])
def test_the_one_statement_locks_both_rows_for_share(ready_draft, light):
    """What the two reads locked, the joined read locks: another transaction can't change either row (HR's
    deadline change, the closing decision) until this one commits, and can still read them FOR SHARE (many
    submissions at once)."""
    import psycopg

    db = connection.settings_dict
    position = Position.objects.get(pk=ready_draft.position_id)
    rows = [("vacancies_announcement", position.announcement_id), ("vacancies_position", position.pk)]
    other = psycopg.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"], password=db["PASSWORD"]
    )
    try:
        with transaction.atomic():
            common._locked_for_change(ready_draft, light=light)
            for table, pk in rows:
                with pytest.raises(psycopg.errors.LockNotAvailable):
                    other.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE NOWAIT", [pk])
                other.rollback()
                assert other.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR SHARE NOWAIT", [pk]).fetchone()
                other.rollback()
        for table, pk in rows:  # committed: free again
            assert other.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE NOWAIT", [pk]).fetchone()
            other.rollback()
    finally:
        other.close()


def test_without_its_position_the_joined_read_falls_back_to_the_two_reads(ready_draft, monkeypatch):
    monkeypatch.setattr(ready_draft, "position_id", 999_999)
    monkeypatch.setattr(common, "_announcement_id", lambda application: 999_998)
    with transaction.atomic(), pytest.raises(Announcement.DoesNotExist):
        common._locked_for_change(ready_draft)


def test_a_missing_application_is_does_not_exist(db):
    with transaction.atomic(), pytest.raises(Application.DoesNotExist):
        common._application_locked(999_999)


def _sum_and_item_by_the_orm(app, slot):
    from django.db.models import Sum

    from applications import selectors

    item = selectors.checklist_item(app, slot, institution_id=app.position.announcement.institution_id)
    total = app.documents.filter(removed_at__isnull=True).aggregate(total=Sum("size"))["total"] or 0
    return item, total


def test_the_uploads_item_and_total_are_what_the_selector_and_the_sum_read(ready_draft, applicant):
    from django.utils import timezone

    from applications.models import ApplicationDocument
    from applications.services import drafts
    from tests.factories import RequiredDocumentFactory

    app = ready_draft
    ApplicationDocument.objects.create(
        application=app,
        slot="doc-0",
        label="old.pdf",
        storage_path="documents/old.pdf",
        size=7_000,
        content_type="application/pdf",
        sha256="0" * 64,
        uploaded_by=applicant,
        removed_at=timezone.now(),
    )  # removed: not counted
    other_positions_document = RequiredDocumentFactory()
    slots = [f"doc-{d.pk}" for d in app.position.documents.all()] + [
        f"doc-{other_positions_document.pk}",  # another position's: not on this checklist
        "doc-abc",
        "doc-99999999999999999999",  # no row can have it: no database error either
        "doc-",
        "profile-photo",
    ]
    institution_id = app.position.announcement.institution_id
    with transaction.atomic():
        for slot in slots:
            got = drafts._item_and_total(app, slot, institution_id=institution_id)
            assert got == _sum_and_item_by_the_orm(app, slot), slot
    assert got[1] > 0  # the required documents attached by ready_draft


def test_a_submission_reads_the_position_once_and_counts_places_and_submissions_together(
    ready_draft, applicant
):
    from applications import services
    from applications.services import submission
    from tests.factories import PositionPlaceFactory

    PositionPlaceFactory(position=ready_draft.position, place="Zveçan")
    PositionPlaceFactory(position=ready_draft.position, place="Leposaviq")
    with transaction.atomic():
        assert submission._places_and_submissions(ready_draft) == (2, 0)
    services.application_choose_place(
        application=ready_draft, place=ready_draft.position.places.first(), actor=applicant
    )
    with CaptureQueriesContext(connection) as ctx:
        first, created = services.application_submit(
            application=ready_draft, actor=applicant, declaration_accepted=True
        )
    assert created and first.number == 1
    position_reads = [
        q
        for q in ctx.captured_queries
        if q["sql"].startswith("SELECT") and '"vacancies_position"' in q["sql"]
    ]
    assert len(position_reads) == 1  # the row locked FOR SHARE, which the checklist and the frozen copy use
    with transaction.atomic():
        assert submission._places_and_submissions(ready_draft) == (2, 1)


def test_the_touched_application_is_the_orms_row_with_the_new_updated_at_in_one_statement(ready_draft):
    import datetime as dt

    at = Application.objects.get(pk=ready_draft.pk).updated_at + dt.timedelta(minutes=5)
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        touched = common._application_touched(ready_draft.pk, at)
    assert len(ctx.captured_queries) == 1 and ctx.captured_queries[0]["sql"].startswith("UPDATE")
    orm = Application.objects.get(pk=ready_draft.pk)
    assert orm.updated_at == at
    names = [f.attname for f in Application._meta.concrete_fields]
    assert {n: getattr(touched, n) for n in names} == {n: getattr(orm, n) for n in names}
    assert not touched._state.adding and touched._state.db == "default"


def test_a_refused_upload_leaves_the_applications_updated_at_as_it_was(ready_draft, applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications import services
    from tests.helpers.applications import pdf_bytes

    before = Application.objects.get(pk=ready_draft.pk).updated_at
    with pytest.raises(services.ApplicationError):
        services.documents_add(
            application=ready_draft,
            slot="doc-999999",
            uploads=[SimpleUploadedFile("cv.pdf", pdf_bytes())],
            actor=applicant,
        )
    assert Application.objects.get(pk=ready_draft.pk).updated_at == before


def test_an_upload_locks_and_touches_the_application_in_one_statement(ready_draft, applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications import services
    from tests.helpers.applications import pdf_bytes

    slot = next(iter(ready_draft.documents.values_list("slot", flat=True)))
    before = Application.objects.get(pk=ready_draft.pk).updated_at
    with CaptureQueriesContext(connection) as ctx:
        services.documents_add(
            application=ready_draft,
            slot=slot,
            uploads=[SimpleUploadedFile("cv.pdf", pdf_bytes())],
            actor=applicant,
        )
    on_application = [q["sql"] for q in ctx.captured_queries if '"applications_application"' in q["sql"]]
    assert len(on_application) == 1 and on_application[0].startswith("UPDATE")
    assert Application.objects.get(pk=ready_draft.pk).updated_at > before
