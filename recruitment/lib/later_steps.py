"""What happened to an application after the results, told by the apps above applications (issue 15).

``applications`` sits below the apps that carry a winner to an appointment, a probation or an appeal, and must
not import them (.importlinter). Each of those apps registers a provider in its ``AppConfig.ready()``; the
applicant's pages ("My applications", an application's page) call :func:`attach` and show ``app.later_steps``
in plain words, oldest first. A provider takes the applications (a list of ``applications.Application``) and
returns ``{application_id: [Step, ...]}`` in one query or a few, never one per application.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Provider = Callable[[list], "dict[int, list[Step]]"]

_PROVIDERS: list[Provider] = []


@dataclass(frozen=True)
class Step:
    """One thing that happened, or is due, in the applicant's words (already translated by the provider)."""

    at: dt.datetime | dt.date
    text: str
    url: str = ""
    link_text: str = ""
    # A step that asks the applicant to act (consent, report to work) is shown first and marked.
    action: bool = False
    due: dt.datetime | dt.date | None = None
    order: int = field(default=0, compare=False)


def register(provider: Provider) -> None:
    """Adds a provider once (``ready()`` may run twice in tests)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def _sort_key(step: Step):
    at = step.at
    if not isinstance(at, dt.datetime):
        # A step known by its day only (an act's date) comes after the steps of that day known to the second.
        at = dt.datetime.combine(at, dt.time.max, tzinfo=dt.UTC)
    elif at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return (at, step.order)


def attach(applications: Iterable) -> list:
    """Sets ``later_steps`` (oldest first) on each application and returns them as a list."""
    applications = list(applications)
    found: dict[int, list[Step]] = {}
    if applications:
        for provider in _PROVIDERS:
            for application_id, steps in provider(applications).items():
                found.setdefault(application_id, []).extend(steps)
    for application in applications:
        application.later_steps = sorted(found.get(application.pk, []), key=_sort_key)
    return applications
