import time

import pytest
import time_machine
from django.core.cache import cache


@pytest.fixture(autouse=True)
def accounts_setup(db, settings):
    # allauth's rate limits and used TOTP codes live in the (database) cache: start each test clean.
    cache.clear()
    # The demo's mail: kept in the database and read through /mailbox/ (the test runner's locmem is replaced).
    settings.EMAIL_BACKEND = "notifications.backends.DatabaseEmailBackend"
    settings.DEMO_MAILBOX = True
    yield
    cache.clear()


@pytest.fixture
def totp_clock():
    """Start just after a TOTP period begins, so a code computed in the test is still valid when posted."""
    period_start = (int(time.time()) // 30 + 1) * 30
    with time_machine.travel(period_start + 1, tick=True):
        yield
