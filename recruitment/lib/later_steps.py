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
from typing import Any

Provider = Callable[[list], "dict[int, list[Step]]"]

_PROVIDERS: list[Provider] = []
# Each gate takes the applications and returns those that may have a step at all (every step follows the
# publication of the position's results: scoring registers the gate); the providers are asked about those
# only, so an applicant whose positions have no results yet costs one query, not one per provider.
Gate = Callable[[list], list]
_GATES: list[Gate] = []
# A probe tells, in SQL, whether an application may have a step at all: a function returning an ``Exists``
# (or any boolean expression) over ``OuterRef("pk")`` / ``OuterRef("position_id")`` of the application. Each
# gate and each provider may give one; :func:`_flags` reads them all for a page's applications in one query
# (or the page's own query reads them with its rows: :func:`row_annotations`), and a provider is asked only
# about the applications its probe (and every gate's) let through. A provider without a probe is asked about
# every application the gates let through. Providers may share one probe function (it is read once).
Probe = Callable[[], Any]
_GATE_PROBES: dict[Gate, Probe] = {}
_PROVIDER_PROBES: dict[Provider, Probe] = {}
# What a provider would otherwise query about each application, read with the page's applications instead
# (:func:`row_annotations`): {attribute name: a function returning an expression over OuterRef("pk") /
# OuterRef("position_id")}. The provider uses the attribute when every application it is given carries it.
_READS: dict[Provider, dict[str, Probe]] = {}


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


def register(
    provider: Provider, *, probe: Probe | None = None, reads: dict[str, Probe] | None = None
) -> None:
    """Adds a provider once (``ready()`` may run twice in tests), with its probe and reads if it has them."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    if reads:
        _READS[provider] = dict(reads)
    else:
        _READS.pop(provider, None)
    if probe is not None:
        _PROVIDER_PROBES[provider] = probe
    else:
        _PROVIDER_PROBES.pop(provider, None)


def register_gate(gate: Gate, *, probe: Probe | None = None) -> None:
    """Adds a gate once (``ready()`` may run twice in tests), with its probe if it has one."""
    if gate not in _GATES:
        _GATES.append(gate)
    if probe is not None:
        _GATE_PROBES[gate] = probe
    else:
        _GATE_PROBES.pop(gate, None)


def _probes() -> list[Probe]:
    """Every distinct probe of the gates and providers, in a fixed order (the annotations' names follow
    it)."""
    out: list[Probe] = []
    for probe in [*(_GATE_PROBES.get(g) for g in _GATES), *(_PROVIDER_PROBES.get(p) for p in _PROVIDERS)]:
        if probe is not None and probe not in out:
            out.append(probe)
    return out


def signature() -> tuple:
    """What :func:`row_annotations` depends on (for a query compiled once: recruitment.lib.compiled)."""
    if not _PROVIDERS:
        return ()
    return (*_probes(), *(item for p in _PROVIDERS for item in _READS.get(p, {}).items()))


def row_annotations() -> dict[str, Any]:
    """The probes as annotations (``later_probe_<n>``) for the query that reads a page's applications, so that
    :func:`attach` reads no flags of its own; {} when nothing is registered."""
    if not _PROVIDERS:
        return {}
    out = {f"later_probe_{n}": probe() for n, probe in enumerate(_probes())}
    for provider in _PROVIDERS:
        out.update((name, read()) for name, read in _READS.get(provider, {}).items())
    return out


def _flags(applications: list) -> dict[int, tuple]:
    """application id -> each probe's answer, from the applications' annotations, else in one query."""
    names = [f"later_probe_{n}" for n in range(len(_probes()))]
    if not names:
        return {}
    if all(hasattr(a, name) for a in applications for name in names):
        return {a.pk: tuple(getattr(a, name) for name in names) for a in applications}
    model = type(applications[0])
    rows = (
        model._base_manager.filter(pk__in=[a.pk for a in applications])
        .annotate(**{name: probe() for name, probe in zip(names, _probes(), strict=True)})
        .values_list("pk", *names)
    )
    return {row[0]: row[1:] for row in rows}


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
    probes = _probes() if applications and _PROVIDERS else []
    flags = _flags(applications) if probes else {}
    position = {probe: n for n, probe in enumerate(probes)}
    for gate in _GATES if _PROVIDERS else ():
        if gate in _GATE_PROBES:
            n = position[_GATE_PROBES[gate]]
            asked = [a for a in asked if flags.get(a.pk, ())[n : n + 1] == (True,)]
        else:
            asked = gate(asked) if asked else asked
    for provider in _PROVIDERS if asked else ():
        probe = _PROVIDER_PROBES.get(provider)
        these = asked
        if probe is not None:
            n = position[probe]
            these = [a for a in asked if flags.get(a.pk, ())[n : n + 1] == (True,)]
        for application_id, steps in (provider(these) if these else {}).items():
            found.setdefault(application_id, []).extend(steps)
    for application in applications:
        application.later_steps = sorted(found.get(application.pk, []), key=_sort_key)
        application.later_status = current_status(application.later_steps)
    return applications
