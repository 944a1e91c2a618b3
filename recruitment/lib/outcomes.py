"""The verification's outcome on the applicant's pages, told by verification, which sits above applications.

``applications`` must not import ``verification`` (.importlinter), yet "My applications" and an application's
page show what the preliminary verification decided once it was told (R-18.6, R-9.3), and serve the reasoned
decision's PDF. Verification registers one :class:`Provider` in its ``AppConfig.ready()``; the applicant's
views call the functions below. Without a provider (verification not installed) nothing was decided: no
outcome, no decision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Provider:
    # Sets ``verification_outcome`` ("" when nothing was told) on each application, in a few queries; returns
    # a list.
    attach: Callable[[list], list]
    # The reasoned decision the applicant was told (with ``decision``, ``reason_labels()``, ``explanation``,
    # ``checks``, ``reference``), or None before it was told or when there is none.
    told_decision: Callable[[Any], Any]
    # The stored PDF (a storage path) of a decision told, rendered once.
    decision_pdf: Callable[[Any], str]
    # The outcome told as an expression over ``OuterRef("pk")`` of the application (None or "" when nothing
    # was told), for a page that reads it with its applications' rows (:func:`row_annotations`); None: not
    # offered.
    annotation: Callable[[], Any] | None = None


_provider: Provider | None = None


def register(provider: Provider) -> None:
    """Sets the provider (``ready()`` may run twice in tests: the last one wins)."""
    global _provider
    _provider = provider


ANNOTATION = "told_outcome"


def signature() -> tuple:
    """What :func:`row_annotations` depends on (for a query compiled once: recruitment.lib.compiled)."""
    return (None if _provider is None else _provider.annotation,)


def row_annotations() -> dict[str, Any]:
    """The outcome told as an annotation (``told_outcome``) for the query that reads a page's applications, so
    that :func:`attach` reads nothing more; {} when the provider offers none."""
    if _provider is None or _provider.annotation is None:
        return {}
    return {ANNOTATION: _provider.annotation()}


def attach(applications: Iterable) -> list:
    """Sets ``verification_outcome`` on each application and returns them as a list (from the annotation
    :func:`row_annotations` gave the applications' query when they carry it, else in the provider's
    queries)."""
    applications = list(applications)
    if _provider is None:
        for application in applications:
            application.verification_outcome = ""
        return applications
    if _provider.annotation is not None and all(hasattr(a, ANNOTATION) for a in applications):
        for application in applications:
            application.verification_outcome = getattr(application, ANNOTATION) or ""
        return applications
    return _provider.attach(applications)


def told_decision(application) -> Any:
    """The decision the applicant was told, or None."""
    return None if _provider is None else _provider.told_decision(application)


def decision_pdf(decision) -> str:
    """The stored PDF of a decision that :func:`told_decision` returned."""
    if _provider is None:
        raise LookupError("No verification outcome provider is registered.")
    return _provider.decision_pdf(decision)
