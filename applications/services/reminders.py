"""The reminder of a draft before the deadline (the beat's task)."""

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from .. import rules, selectors
from .common import _notify_applicant

if TYPE_CHECKING:
    pass


# --- Reminders -----------------------------------------------------------------------------------------


def draft_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind each person with a draft, once, when the deadline is within DRAFT_REMINDER_HOURS.

    Safe to run any number of times: the dedupe key names the application and the deadline, so an
    extended deadline (R-12.2) earns one new reminder and nothing else does.
    """
    now = now or timezone.now()
    written = 0
    for app in selectors.drafts_to_remind(now=now):
        deadline = app.position.deadline  # the effective one: an extension earns a new reminder
        if not rules.draft_reminder_due(now=now, closes_at=deadline):
            continue
        with transaction.atomic():
            message = _notify_applicant(
                app,
                kind="application.draft_reminder",
                template="draft_reminder",
                dedupe_key=f"draft-reminder:{app.pk}:{deadline:%Y%m%dT%H%M%S}",
            )
        written += message is not None
    return written
