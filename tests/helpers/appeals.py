"""The clock of the appeals' tests, R-32's publication and a scanned appeal."""

import datetime as dt

from django.utils import timezone

from tests.helpers.applications import pdf_bytes, upload

# 10:00 in Prishtina on 2 March 2026: R-32's 30 days end on 1 April.
PUBLISHED_AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def at(day: int, month: int = 3, hour: int = 12):
    return timezone.make_aware(dt.datetime(2026, month, day, hour, 0))


def scan(name="appeal.pdf"):
    return upload(name, pdf_bytes("Ankesë"))
