"""Named personas (as healthchecks' Alice/Bob/Charlie): every access test speaks of these."""

import pytest
from django.utils import translation

from tests.factories import InstitutionFactory, UserFactory, make_hr
from tests.helpers.auth import login_with_second_factor  # noqa: F401 (still imported from here)


@pytest.fixture(autouse=True)
def albanian_by_default():
    """Each test starts in the portal's default language, whatever the previous one requested."""
    translation.activate("sq")
    yield
    translation.activate("sq")


@pytest.fixture(autouse=True, scope="session")
def flush_past_the_audit_triggers():
    """Transactional tests empty every table with TRUNCATE, which the audit log's triggers refuse (as they must
    in production): the test database's superuser empties them as a replica would, with triggers off."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET LOCAL session_replication_role = replica", *sql] if sql else sql

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Personas' passwords are hashed when they are made; the slow production hasher is not what any
    test here is about (login tests still go through the real authentication flow)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def public_pages_uncached(settings):
    """The anonymous public pages' cache (recruitment/lib/public_cache.py) is off: a test's transaction never
    commits, so the change that retires a stored page would not reach it. tests/lib/test_public_cache.py turns it
    on and runs the commit callbacks."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def english():
    """For tests that read a message's words: English, the source language of every msgid."""
    with translation.override("en"):
        yield


@pytest.fixture
def institution(db):
    return InstitutionFactory(
        short_name="KQZ", name_sq="Komisioni Qendror i Zgjedhjeve", name_en="Central Election Commission"
    )


@pytest.fixture
def other_institution(db):
    return InstitutionFactory(
        short_name="MM",
        name_sq="Ministria e Mbrojtjes",
        name_en="Ministry of Defence",
        country="AL",
        time_zone="Europe/Tirane",
        rule_set="al-civil-service",
    )


@pytest.fixture
def applicant(db):
    return UserFactory(username="alba@example.org")


@pytest.fixture
def other_applicant(db):
    return UserFactory(username="besnik@example.org")


@pytest.fixture
def hr_officer(db, institution):
    return make_hr(UserFactory(username="hr@kqz.example.org"), institution)


@pytest.fixture
def other_hr_officer(db, other_institution):
    return make_hr(UserFactory(username="hr@mm.example.org"), other_institution)


@pytest.fixture
def committee_member(db):
    return UserFactory(username="member@example.org")


@pytest.fixture
def other_committee_member(db):
    return UserFactory(username="other.member@example.org")


@pytest.fixture
def observer(db):
    return UserFactory(username="observer@example.org")
