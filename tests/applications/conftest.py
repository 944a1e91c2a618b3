"""Fixtures of the applications' tests: an open position with its checklist, a complete profile,
real PDF/JPEG/PNG bytes (and hostile ones), and a private storage of the test's own."""

import pytest
from django.utils import translation

from tests.factories import AnnouncementFactory, PositionFactory, RequiredDocumentFactory
from tests.helpers.applications import attach_required, complete_profile, start_draft


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    return location


@pytest.fixture(autouse=True)
def english():
    """The assertions read the English messages; URLs reversed here carry /en/ so pages answer in English."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Fast hashing for the personas' passwords: the hasher is not what these tests test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def open_position(db, institution):
    announcement = AnnouncementFactory(institution=institution, reference="KQZ 01/2026")
    position = PositionFactory(
        announcement=announcement, code="KQZ 44/2026", title="Zyrtar për IT", title_en="IT officer"
    )
    RequiredDocumentFactory(position=position, order=1, name="CV", name_sq="CV", name_en="CV", required=True)
    RequiredDocumentFactory(
        position=position, order=2, name="Diplomë", name_sq="Diplomë", name_en="Diploma", required=True
    )
    RequiredDocumentFactory(
        position=position,
        order=3,
        name="Patentë shoferi",
        name_sq="Patentë shoferi",
        name_en="Driving licence",
        required=False,
    )
    return position


@pytest.fixture
def ready_draft(applicant, open_position):
    """A draft with a complete profile and every required document: one click from submitted."""
    complete_profile(applicant)
    application = start_draft(applicant, open_position)
    attach_required(application, applicant)
    return application
