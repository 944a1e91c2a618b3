"""Helpers of the closing tests: a position whose deadline is known, and applications of every status
written directly (the submission service has its own tests; here only what the closing counts matters)."""

import pytest


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
