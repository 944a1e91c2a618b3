"""The one rule of every import of written results (issue 12: the chair's page, HR's admin and import_scores used to
differ): rules.written_results_refusal and rules.written_score_importable, each clock at its boundary."""

import datetime as dt

import pytest

from scoring.rules import (
    WRITTEN_RESULTS_CLOSED,
    WRITTEN_RESULTS_WRONG_DAY,
    written_results_refusal,
    written_score_importable,
)

SEALED_ON = dt.date(2026, 3, 9)
TEST_DAY = SEALED_ON + dt.timedelta(days=1)


def refusal(
    status="sealed",
    *,
    sitting_ended=False,
    drafted_here=True,
    sealed_on=SEALED_ON,
    sat_on=TEST_DAY,
    today=TEST_DAY,
):
    return written_results_refusal(
        status=status,
        sitting_ended=sitting_ended,
        drafted_here=drafted_here,
        sealed_on=sealed_on,
        sat_on=sat_on,
        today=today,
    )


@pytest.mark.parametrize(
    "sat_on, expected",
    [
        (SEALED_ON, WRITTEN_RESULTS_WRONG_DAY),  # the day of the seal
        (TEST_DAY, None),  # the day after: "një ditë përpara"
        (TEST_DAY + dt.timedelta(days=1), WRITTEN_RESULTS_WRONG_DAY),  # two days after
    ],
)
def test_r20_5_results_of_a_test_sat_the_day_after_its_seal_only(sat_on, expected):
    assert refusal(sat_on=sat_on, today=TEST_DAY + dt.timedelta(days=5)) == expected


@pytest.mark.parametrize(
    "today, expected",
    [
        (TEST_DAY - dt.timedelta(days=1), WRITTEN_RESULTS_WRONG_DAY),  # a test not sat yet
        (TEST_DAY, None),  # imported on the day it was sat
        (TEST_DAY + dt.timedelta(days=1), None),  # or later, naming that day
    ],
)
def test_r20_5_the_day_it_was_sat_is_not_after_today(today, expected):
    assert refusal(today=today) == expected


@pytest.mark.parametrize(
    "status, sitting_ended, expected",
    [
        ("draft", False, WRITTEN_RESULTS_CLOSED),  # drafted here, not sealed yet
        ("sealed", False, None),
        ("sitting", False, WRITTEN_RESULTS_CLOSED),  # the electronic sitting is under way
        ("sitting", True, None),  # after it, the results of those who sat elsewhere
        ("written_locked", False, WRITTEN_RESULTS_CLOSED),  # the lock decided the interview
        ("interviews", False, WRITTEN_RESULTS_CLOSED),
        ("complete", False, WRITTEN_RESULTS_CLOSED),
    ],
)
def test_r20_3_r20_5_results_come_in_between_the_seal_and_the_lock(status, sitting_ended, expected):
    assert refusal(status, sitting_ended=sitting_ended) == expected


def test_r20_5_a_test_being_drafted_here_takes_no_result():
    assert refusal("draft", sealed_on=None, drafted_here=True) == WRITTEN_RESULTS_CLOSED


def test_r20_3_a_test_drafted_and_held_wholly_in_the_other_system_brings_its_results():
    """No question here: the test was drafted and sat in the other system (R-20.3), whose records show R-20.5."""
    assert refusal("draft", sealed_on=None, drafted_here=False) is None


def test_r21_11_a_recorded_written_result_is_never_replaced_by_an_import():
    assert written_score_importable(recorded=False)
    assert not written_score_importable(recorded=True)
