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


# --- The portal's authentication backends (recruitment/lib/auth_backends.py) --------------------------------


def test_the_backends_read_the_user_as_django_does(applicant, django_user_model):
    from django.contrib.auth.backends import ModelBackend as DjangoBackend

    from recruitment.lib.auth_backends import AuthenticationBackend, ModelBackend

    inactive = django_user_model.objects.create_user("gone@example.org", "gone@example.org", "x")
    inactive.is_active = False
    inactive.save()
    for backend in (ModelBackend(), AuthenticationBackend()):
        user = backend.get_user(str(applicant.pk))
        expected = DjangoBackend().get_user(str(applicant.pk))
        assert user == expected and user.password == expected.password and user.email == expected.email
        assert not user._state.adding and user._state.db == "default"
        assert backend.get_user(inactive.pk) is None  # user_can_authenticate: an inactive account is nobody
        assert backend.get_user(10**9) is None
        assert backend.get_user("not a number") is None


def test_the_portal_signs_in_with_its_own_backends(client, applicant):
    client.force_login(applicant)
    session = SessionStore(client.cookies[settings.SESSION_COOKIE_NAME].value).load()
    assert session["_auth_user_backend"] == "recruitment.lib.auth_backends.ModelBackend"


@pytest.mark.parametrize(
    "old",
    ["django.contrib.auth.backends.ModelBackend", "allauth.account.auth_backends.AuthenticationBackend"],
)
def test_a_session_signed_in_under_the_old_backend_names_stays_signed_in(client, applicant, old):
    """Sessions from before the portal named its own backends record Django's or allauth's: still signed in
    (without the renaming Django would sign them out: the name is no longer in AUTHENTICATION_BACKENDS)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = DjangoStore()
    store.update(
        {
            SESSION_KEY: str(applicant.pk),
            BACKEND_SESSION_KEY: old,
            HASH_SESSION_KEY: applicant.get_session_auth_hash(),
        }
    )
    store.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    response = client.get("/applications/")
    assert response.status_code == 200
    assert response.wsgi_request.user == applicant
