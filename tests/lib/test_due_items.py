"""HR's due items come from every registered provider, overdue first (recruitment.lib.due_items)."""

import datetime as dt

import pytest

from recruitment.lib import due_items
from recruitment.lib.due_items import DueItem


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(due_items, "_PROVIDERS", [])
    return due_items


def test_items_of_every_provider_come_overdue_first_then_by_date(registry):
    registry.register(lambda ids, start, end: [DueItem(dt.date(2027, 1, 9), "report", "R-30.1", 1)])
    registry.register(
        lambda ids, start, end: [
            DueItem(dt.date(2027, 1, 5), "invite", "R-26.3", 1),
            DueItem(dt.date(2027, 1, 1), "late", "R-38.1", 1, overdue=True),
        ]
    )
    got = registry.collect({1}, dt.date(2027, 1, 4), dt.date(2027, 1, 10))
    assert [item.text for item in got] == ["late", "invite", "report"]


def test_a_reader_who_is_hr_of_no_institution_gets_nothing_and_no_provider_is_asked(registry):
    registry.register(lambda ids, start, end: pytest.fail("asked for nobody"))
    assert registry.collect(set(), dt.date(2027, 1, 4), dt.date(2027, 1, 10)) == []
