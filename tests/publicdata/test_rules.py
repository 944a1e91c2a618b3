"""Suppression of small counts in the public statistics (publicdata/rules.py)."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publicdata.rules import suppress

T = 5


def shown(total, parts):
    cell, cells = suppress(total, parts, T)
    return cell.shown(T), [c.shown(T) for c in cells]


def test_counts_at_or_above_the_threshold_are_shown():
    assert shown(30, [12, 18, 0]) == ("30", ["12", "18", "0"])


def test_a_count_under_the_threshold_is_shown_as_under_it():
    total, parts = shown(20, [3, 9, 8])
    assert parts[0] == "<5"


def test_a_lone_suppressed_count_takes_the_smallest_other_count_with_it():
    # 20 - 9 - 8 = 3 would give the hidden count away: 8 is hidden too.
    assert shown(20, [3, 9, 8]) == ("20", ["<5", "9", "<5"])


def test_two_small_counts_that_add_up_under_the_threshold_take_a_third_with_them():
    assert shown(16, [1, 2, 13]) == ("16", ["<5", "<5", "<5"])


def test_a_total_under_the_threshold_is_suppressed():
    assert shown(3, [3, 0, 0])[0] == "<5"


def test_zeros_are_shown():
    assert shown(12, [0, 12, 0]) == ("12", ["0", "12", "0"])


def test_parts_that_do_not_add_up_are_refused():
    with pytest.raises(ValueError):
        suppress(10, [3, 3], T)


def _candidates(total, parts, cells):
    """Every assignment of the hidden parts consistent with what is shown (the total, when shown)."""
    hidden = [i for i, c in enumerate(cells) if c.suppressed]
    known = sum(v for v, c in zip(parts, cells, strict=True) if not c.suppressed)
    for values in itertools.product(range(total + 1), repeat=len(hidden)):
        if known + sum(values) == total:
            yield dict(zip(hidden, values, strict=True))


@given(st.lists(st.integers(min_value=0, max_value=10), min_size=2, max_size=3))
def test_no_suppressed_count_can_be_derived_from_the_total_and_the_shown_counts(parts):
    total = sum(parts)
    cell, cells = suppress(total, parts, T)
    for value, c in zip(parts, cells, strict=True):
        if 0 < value < T:
            assert c.suppressed
    if cell.suppressed:
        return  # the reader does not know the total: nothing to subtract from
    if any(c.suppressed for c in cells):
        options = list(_candidates(total, parts, cells))
        for i, c in enumerate(cells):
            if c.suppressed:
                assert len({o[i] for o in options}) > 1, (parts, i)
