"""Fixtures of the verification's tests: a closed position (R-12.3) with general and specific requirements
and required documents, and submitted applications made directly (frozen profile and checklist as
applications.services writes them), so a test can also make one that lacks a document."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import (
    AnnouncementFactory,
    PositionFactory,
    RequiredDocumentFactory,
    RequirementFactory,
)
from tests.helpers.verification import close


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
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def position(db, institution):
    announcement = AnnouncementFactory(
        institution=institution,
        reference="KQZ 44/2026",
        opens_at=timezone.now() - dt.timedelta(days=20),
        published_at=timezone.now() - dt.timedelta(days=20),
        closes_at=timezone.now() - dt.timedelta(days=2),
    )
    position = PositionFactory(
        announcement=announcement, code="KQZ 44/2026-1", title="Zyrtar për IT", title_en="IT officer"
    )
    RequirementFactory(
        position=position,
        order=1,
        kind="general",
        text="Shtetas i Kosovës",
        text_sq="Shtetas i Kosovës",
        text_en="Citizen of Kosovo",
    )
    RequirementFactory(
        position=position,
        order=2,
        kind="education",
        text="Diplomë universitare",
        text_sq="Diplomë universitare",
        text_en="University degree",
    )
    RequirementFactory(
        position=position,
        order=3,
        kind="experience",
        text="Së paku 2 vjet përvojë",
        text_sq="Së paku 2 vjet përvojë",
        text_en="At least 2 years of experience",
        min_years=2,
    )
    RequirementFactory(
        position=position,
        order=4,
        kind="other",
        text="Certifikatë CCNA",
        text_sq="Certifikatë CCNA",
        text_en="CCNA certificate",
        is_advantage=True,
    )
    RequiredDocumentFactory(position=position, order=1, name="CV", name_sq="CV", name_en="CV", required=True)
    RequiredDocumentFactory(
        position=position, order=2, name="Diplomë", name_sq="Diplomë", name_en="Diploma", required=True
    )
    RequiredDocumentFactory(
        position=position,
        order=3,
        name="Patentë",
        name_sq="Patentë",
        name_en="Driving licence",
        required=False,
    )
    return close(position)
