"""recruitment.lib.compiled.insert: a new row written as Model.save() writes it (its fields' pre_save, the
returned id), with the INSERT compiled once per model on PostgreSQL; save() itself wherever the shortcut would
differ (a receiver listening, an expression, a primary key given, an overridden save(), another database)."""

from unittest import mock

import pytest
from django.db import connection
from django.db.models import signals
from django.db.models.functions import Now
from django.db.models.sql.compiler import SQLInsertCompiler
from django.utils import timezone

from applications.models import Application, ApplicationEvent
from audit.models import AppendOnlyError, Event
from recruitment.lib import compiled
from tests.factories import PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget():
    compiled._inserts.clear()
    yield
    compiled._inserts.clear()


def _columns(obj):
    row = type(obj).objects.filter(pk=obj.pk).values()[0]
    return {key: value for key, value in row.items() if key != "id"}


def _counting_compiles():
    calls = []
    original = SQLInsertCompiler.as_sql

    def counting(self, *args, **kwargs):
        calls.append(self.query.model)
        return original(self, *args, **kwargs)

    return calls, mock.patch.object(SQLInsertCompiler, "as_sql", counting)


def test_the_row_is_the_one_save_writes_and_the_insert_is_compiled_once():
    user = UserFactory()
    app = Application.objects.create(applicant=user, position=PositionFactory())
    at = timezone.now()
    by_save = ApplicationEvent(
        application=app, kind="document_added", actor=user, at=at, data={"a": [1, "x"]}
    )
    by_save.save()
    first = compiled.insert(
        ApplicationEvent(application=app, kind="document_added", actor=user, at=at, data={"a": [1, "x"]})
    )
    assert first.pk and first.pk != by_save.pk and not first._state.adding and first._state.db == "default"
    assert _columns(first) == _columns(by_save)
    calls, counting = _counting_compiles()
    with counting:
        second = compiled.insert(
            ApplicationEvent(application=app, kind="created", actor=None, at=at, data={})
        )
    assert ApplicationEvent.objects.get(pk=second.pk).kind == "created"
    if connection.vendor == "postgresql":
        assert calls == []


def test_auto_now_fields_are_set_on_the_object_and_in_the_row():
    user = UserFactory()
    before = timezone.now()
    app = compiled.insert(Application(applicant=user, position=PositionFactory()))
    assert app.created_at >= before and app.updated_at >= before
    row = Application.objects.get(pk=app.pk)
    assert (row.created_at, row.updated_at) == (app.created_at, app.updated_at)


def test_a_listening_receiver_an_expression_or_a_given_id_go_through_save():
    user = UserFactory()
    app = Application.objects.create(applicant=user, position=PositionFactory())
    heard = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((instance.pk, created))

    signals.post_save.connect(receiver, sender=ApplicationEvent, weak=False, dispatch_uid="compiled-test")
    try:
        event = compiled.insert(ApplicationEvent(application=app, kind="created", at=timezone.now(), data={}))
    finally:
        signals.post_save.disconnect(sender=ApplicationEvent, dispatch_uid="compiled-test")
    assert heard == [(event.pk, True)]
    with_now = compiled.insert(ApplicationEvent(application=app, kind="created", at=Now(), data={}))
    assert ApplicationEvent.objects.get(pk=with_now.pk).at is not None
    given = compiled.insert(ApplicationEvent(pk=987654, application=app, kind="created", at=timezone.now()))
    assert ApplicationEvent.objects.filter(pk=987654).exists() and given.pk == 987654


def test_an_overridden_save_is_called_unless_the_caller_says_it_adds_nothing_for_a_new_row():
    def event(seq):
        e = Event(
            seq=seq,
            created_at=timezone.now(),
            actor_repr="system",
            action="test",
            object_type="t",
            object_id="1",
            data={},
            prev_hash="0" * 64,
        )
        e.hash = e.compute_hash()
        return e

    with mock.patch.object(Event, "save", autospec=True, side_effect=AppendOnlyError("called")) as save:
        with pytest.raises(AppendOnlyError):
            compiled.insert(event(10_001))
        assert save.called
        if connection.vendor != "postgresql":
            return  # save() everywhere else
        written = compiled.insert(event(10_002), own_save_adds_nothing=True)
    assert Event.objects.get(pk=written.pk).seq == 10_002
