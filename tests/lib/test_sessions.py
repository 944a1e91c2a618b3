"""The session store of recruitment/lib/sessions.py: Django's database sessions, read by one statement written
once (issue 13). It must read exactly what Django's store reads: the row of the key, unless it has expired."""

import datetime as dt
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recruitment.lib.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_portal_uses_this_store():
    assert import_module(settings.SESSION_ENGINE).SessionStore is SessionStore


def _saved(**data) -> str:
    store = DjangoStore()
    store.update(data)
    store.create()
    return store.session_key


def test_a_saved_session_reads_back_the_same_data_in_one_statement():
    key = _saved(a=1, name="Arbër")
    store = SessionStore(key)
    with CaptureQueriesContext(connection) as queries:
        data = store.load()
    assert data == DjangoStore(key).load() == {"a": 1, "name": "Arbër"}
    assert len(queries) == 1
    assert store.session_key == key


def test_an_expired_session_reads_empty_and_gets_a_new_key_as_django_does():
    key = _saved(a=1)
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    ours, django = SessionStore(key), DjangoStore(key)
    assert ours.load() == django.load() == {}
    assert ours.session_key is None and django.session_key is None


def test_an_unknown_key_reads_empty():
    store = SessionStore("x" * 32)
    assert store.load() == {}
    assert store.session_key is None


def test_a_session_written_through_the_portal_store_is_kept_and_cycled():
    store = SessionStore()
    store["k"] = "v"
    store.save()
    first = store.session_key
    store.cycle_key()
    assert store.session_key != first
    assert SessionStore(store.session_key).load() == {"k": "v"}
    assert not Session.objects.filter(session_key=first).exists()


def test_signing_in_and_reading_a_page_goes_through_the_store(client, applicant):
    client.force_login(applicant)
    response = client.get("/applications/")
    assert response.status_code == 200
    assert response.wsgi_request.user == applicant
