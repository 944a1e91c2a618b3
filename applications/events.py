"""The applicant's history (``ApplicationEvent``): the one writer of the table (issue 12, one writer per
table).

Every app that tells the applicant something in their history calls these two functions: applications itself,
verification (opening, shortlist, not admitted, exclusion) and scoring (results, in bulk); no other module
creates the rows (``tests/applications/test_event_writers.py`` fails if one does). They run inside the
caller's transaction: the calling service has checked the actor, holds the locks and writes the audit event,
as for its own rows. ``data`` is stored as given; what the history shows after the kind goes in
``data["detail"]`` (``ApplicationEvent.detail``: ``[[msgid, {values}], ...]``, each msgid marked with
gettext_noop where it is written).

A new kind is a member of ``EventKind`` (applications/choices.py) and a migration of the field's choices: it
changes no column (PostgreSQL runs no SQL for it) and ``makemigrations --check`` says when it is forgotten.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from recruitment.lib import compiled

from .models import Application, ApplicationEvent, EventKind

__all__ = ["NewApplicationEvent", "application_event_record", "application_events_record_bulk"]


@dataclass(frozen=True, slots=True)
class NewApplicationEvent:
    """One row for ``application_events_record_bulk``: the same values as ``application_event_record``
    takes."""

    application_id: int
    kind: str
    actor: AbstractBaseUser | None = None
    at: dt.datetime | None = None
    data: dict[str, Any] = field(default_factory=dict)


def _kind(kind: str) -> str:
    return EventKind(kind).value  # an unknown kind is a programming error: ValueError, nothing stored


def application_event_record(
    *,
    application: Application,
    kind: str,
    actor: AbstractBaseUser | None = None,
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> ApplicationEvent:
    """Adds one event to the application's history; ``at`` defaults to now."""
    return compiled.insert(
        ApplicationEvent(
            application=application,
            kind=_kind(kind),
            actor=actor,
            at=at if at is not None else timezone.now(),
            data=data or {},
        )
    )


def application_events_record_bulk(
    *, events: Iterable[NewApplicationEvent], batch_size: int = 1000
) -> list[ApplicationEvent]:
    """Adds many events in one INSERT per ``batch_size`` rows (the results of an evaluation, a seeded
    competition)."""
    now = timezone.now()
    rows = [
        ApplicationEvent(
            application_id=event.application_id,
            kind=_kind(event.kind),
            actor=event.actor,
            at=event.at if event.at is not None else now,
            data=event.data,
        )
        for event in events
    ]
    return ApplicationEvent.objects.bulk_create(rows, batch_size=batch_size)
