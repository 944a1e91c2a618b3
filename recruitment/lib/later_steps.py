"""What happened to an application after the results, told by the apps above applications (issue 15).

``applications`` sits below the apps that carry a winner to an appointment, a probation or an appeal, and must
not import them (.importlinter). Each of those apps registers a provider in its ``AppConfig.ready()``; the
applicant's pages ("My applications", an application's page) call :func:`attach` and show ``app.later_steps``
in plain words, oldest first. A provider takes the applications (a list of ``applications.Application``) and
returns ``{application_id: [Step, ...]}`` in one query or a few, never one per application.

A step may also say where the person stands once it happened (``status``, a few words: "Appointed.", "On
probation until 15.07.2027."); :func:`attach` sets ``app.later_status`` to the status of the step furthest
along the procedure (``stage``, then ``order``, then the time), and the status card of "My applications" shows
it in place of the verification's "On the shortlist". Steps without a status only add to the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Provider = Callable[[list], "dict[int, list[Step]]"]

_PROVIDERS: list[Provider] = []
# Each gate takes the applications and returns those that may have a step at all (every step follows the
# publication of the position's results: scoring registers the gate); the providers are asked about those
# only, so an applicant whose positions have no results yet costs one query, not one per provider.
Gate = Callable[[list], list]
_GATES: list[Gate] = []


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
    # Where the person stands after this step, in a few words (empty: the step does not change it).
    status: str = field(default="", compare=False)
    # How far along the procedure the step is (the STAGE_* below): the status shown is the one furthest along,
    # not the newest date (a probation is dated from the act, before the reporting to work that preceded it).
    stage: int = field(default=0, compare=False)


# The stages of the procedure after the results, in their order (Step.stage).
STAGE_RESULTS = 10  # the result and an appeal against it
STAGE_WINNERS = 20  # the winners list and the invitation
STAGE_APPOINTMENT = 30  # the final verification, the appointment, the reporting to work
STAGE_EMPLOYMENT = 40  # the probation or the mandate (R-31, R-33 … R-39)
STAGE_EMPLOYMENT_APPEAL = 50  # an appeal against the probation's decision


def register(provider: Provider) -> None:
    """Adds a provider once (``ready()`` may run twice in tests)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def register_gate(gate: Gate) -> None:
    """Adds a gate once (``ready()`` may run twice in tests)."""
    if gate not in _GATES:
        _GATES.append(gate)


def _sort_key(step: Step):
    at = step.at
    if not isinstance(at, dt.datetime):
        # A step known by its day only (an act's date) comes after the steps of that day known to the second.
        at = dt.datetime.combine(at, dt.time.max, tzinfo=dt.UTC)
    elif at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return (at, step.order)


def current_status(steps: Iterable[Step]) -> str:
    """The status of the step furthest along (stage, then order, then time), or "" when no step gives one."""
    with_status = [step for step in steps if step.status]
    if not with_status:
        return ""
    return max(with_status, key=lambda step: (step.stage, step.order, _sort_key(step)[0])).status


def attach(applications: Iterable) -> list:
    """Sets ``later_steps`` (oldest first) and ``later_status`` (:func:`current_status`) on each application
    and returns them as a list."""
    applications = list(applications)
    found: dict[int, list[Step]] = {}
    asked = applications
    for gate in _GATES if _PROVIDERS else ():
        asked = gate(asked) if asked else asked
    if asked:
        for provider in _PROVIDERS:
            for application_id, steps in provider(asked).items():
                found.setdefault(application_id, []).extend(steps)
    for application in applications:
        application.later_steps = sorted(found.get(application.pk, []), key=_sort_key)
        application.later_status = current_status(application.later_steps)
    return applications
