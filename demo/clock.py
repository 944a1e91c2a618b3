"""The demo's clock set back: the stages of a procedure that happened days ago are made through the same
services HR and the committee use, on the day they would have happened (R-20.5 wants the test sealed the day
before its sitting; a closing is decided after its deadline). Inside ``clock_set_back(days=2)``,
``django.utils.timezone.now`` (what every service, audit event and ``auto_now`` field reads) runs two days
behind the real clock, still ticking.
"""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

_real_now = timezone.now


@contextmanager
def clock_set_back(*, days: float = 0, hours: float = 0):
    offset = dt.timedelta(days=days, hours=hours)
    with mock.patch.object(timezone, "now", lambda: _real_now() - offset):
        yield _real_now() - offset
