"""What falls due for HR, told by the apps after the results (issue 15): invitations to send (R-26.3),
consents awaited, appointees to report (R-30), probation clocks (R-38, R-39), mandates ending (R-31), appeals
to record.

Each app registers a provider in its ``AppConfig.ready()``; HR's "Due this week" page and the reminder task
call
:func:`collect`. A provider takes the institutions the reader is HR of and a date window and returns
``DueItem``s, in a query or a few, never one per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Provider = Callable[[set[int], dt.date, dt.date], "Iterable[DueItem]"]

_PROVIDERS: list[Provider] = []
# HR's list pages of the same apps (url name, label), linked from the "Due this week" page in the order
# registered.
_PAGES: list[tuple[str, str]] = []


@dataclass(frozen=True)
class DueItem:
    """One thing HR must do (or watch) by ``due``; ``text`` already translated, ``article`` as R-n.m."""

    due: dt.date
    text: str
    article: str
    institution_id: int
    url: str = ""
    # Past due and not done: shown first and marked.
    overdue: bool = False


def register(provider: Provider) -> None:
    """Adds a provider once (``ready()`` may run twice in tests)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def register_page(url_name: str, label) -> None:
    """Links HR's list page of an app (``label`` a lazy translation) from the "Due this week" page, once."""
    if all(name != url_name for name, _label in _PAGES):
        _PAGES.append((url_name, label))


def pages() -> list[tuple[str, str]]:
    """(url name, label) of every registered list page."""
    return list(_PAGES)


def collect(institution_ids: set[int], start: dt.date, end: dt.date) -> list[DueItem]:
    """Every provider's items due from ``start`` to ``end`` inclusive (and earlier ones still open, which the
    provider marks overdue), overdue first, then by date."""
    if not institution_ids:
        return []
    items: list[DueItem] = []
    for provider in _PROVIDERS:
        items.extend(provider(set(institution_ids), start, end))
    return sorted(items, key=lambda item: (not item.overdue, item.due, item.article, item.text))
