"""Table tests of the management mandate (R-31), each clock at its boundary. No database."""

import datetime as dt
from fractions import Fraction

import pytest

from mandates import rules
from mandates.choices import EndOutcome, Performance

D = dt.date
START = D(2026, 3, 2)
END = D(2030, 3, 2)
M, E, P, N, F = (
    Performance.MEETS,
    Performance.EXCEEDS,
    Performance.PARTLY_MEETS,
    Performance.DOES_NOT_MEET,
    Performance.FAR_EXCEEDS,
)


@pytest.mark.parametrize(
    "start, mandates, end",
    [
        (START, 1, END),
        (START, 2, D(2034, 3, 2)),
        (D(2028, 2, 29), 1, D(2032, 2, 29)),  # leap day to leap day
        (D(2024, 2, 29), 1, D(2028, 2, 29)),
        (D(2025, 2, 28), 1, D(2029, 2, 28)),
    ],
)
def test_r31_1_a_mandate_lasts_four_years_and_the_renewal_four_more(start, mandates, end):
    assert rules.r31_1_end(start, mandates) == end


def test_r31_1_a_day_in_february_29_without_one_four_years_later():
    assert rules.r31_1_end(D(2028, 2, 29), 2) == D(2036, 2, 29)
    assert rules.r31_1_end(D(2026, 8, 31), 1) == D(2030, 8, 31)


@pytest.mark.parametrize(
    "proposed_on, late",
    [
        (D(2029, 12, 1), False),  # the day before
        (D(2029, 12, 2), False),  # three months before the end, to the day
        (D(2029, 12, 3), True),  # the day after
    ],
)
def test_r31_4_the_proposal_comes_at_least_three_months_before_the_end(proposed_on, late):
    assert rules.r31_4_proposal_by(END) == D(2029, 12, 2)
    problems = rules.r31_renewal_problems(mandates_held=1, end=END, proposed_on=proposed_on, ratings=[M, M])
    assert problems == (["r31_4_proposal_late"] if late else [])


def test_r31_4_counted_back_from_a_month_end():
    assert rules.r31_4_proposal_by(D(2030, 5, 31)) == D(2030, 2, 28)


@pytest.mark.parametrize(
    "ratings, average, meets",
    [
        ([M, M, M, M], Fraction(3), True),
        ([E, P, M, M], Fraction(3), True),  # exceeds and partly meets balance out
        ([M, M, M, P], Fraction(11, 4), False),  # 2.75: just below, no rounding up
        ([F, N], Fraction(3), True),
        ([P], Fraction(2), False),
        ([], None, False),
    ],
)
def test_r31_5_renewal_needs_an_average_of_at_least_meets_expectations(ratings, average, meets):
    assert rules.r31_5_average(ratings) == average
    assert rules.r31_5_meets_expectations(ratings) is meets


def test_r31_renewal_is_refused_for_each_missing_condition_with_its_article():
    assert rules.r31_renewal_problems(mandates_held=1, end=END, proposed_on=D(2029, 6, 1), ratings=[M]) == []
    assert rules.r31_renewal_problems(mandates_held=2, end=END, proposed_on=D(2029, 6, 1), ratings=[M]) == [
        "r31_1_renewed_once_already"
    ]
    assert rules.r31_renewal_problems(mandates_held=1, end=END, proposed_on=None, ratings=[]) == [
        "r31_3_no_proposal",
        "r31_5_no_ratings",
    ]
    assert rules.r31_renewal_problems(
        mandates_held=1, end=END, proposed_on=D(2029, 6, 1), ratings=[P, M]
    ) == ["r31_5_below_expectations"]


@pytest.mark.parametrize(
    "was_civil_servant, outcomes",
    [
        (True, [EndOutcome.PLACED, EndOutcome.REFUSED_PLACEMENT]),
        (False, [EndOutcome.RELEASED]),
    ],
)
def test_r31_7_r31_8_the_end_of_a_mandate_places_or_releases(was_civil_servant, outcomes):
    assert rules.r31_end_outcomes(was_civil_servant=was_civil_servant) == outcomes


@pytest.mark.parametrize(
    "today, outcome, post, was, problems",
    [
        (END - dt.timedelta(days=1), EndOutcome.RELEASED, "", False, ["before_the_end"]),
        (END, EndOutcome.RELEASED, "", False, []),
        (END + dt.timedelta(days=1), EndOutcome.RELEASED, "", False, []),
        (END, EndOutcome.PLACED, "", True, ["r31_7_post_required"]),
        (END, EndOutcome.PLACED, "Legal adviser, Legal Office", True, []),
        (END, EndOutcome.RELEASED, "", True, ["outcome_not_open"]),
        (END, EndOutcome.PLACED, "Adviser", False, ["outcome_not_open"]),
        (END, EndOutcome.REFUSED_PLACEMENT, "Adviser", True, []),
    ],
)
def test_r31_9_an_outcome_is_recorded_at_the_end_and_only_the_one_open_to_the_person(
    today, outcome, post, was, problems
):
    assert (
        rules.r31_end_problems(was_civil_servant=was, outcome=outcome, post=post, today=today, end=END)
        == problems
    )


@pytest.mark.parametrize(
    "today, stage",
    [
        (D(2029, 9, 1), None),
        (D(2029, 9, 2), "m6"),
        (D(2029, 12, 1), "m6"),
        (D(2029, 12, 2), "m3"),
        (D(2030, 2, 1), "m3"),
        (D(2030, 2, 2), "m1"),
        (D(2030, 3, 1), "m1"),
        (D(2030, 3, 2), "end"),
        (D(2030, 4, 2), "end"),
    ],
)
def test_r31_4_hr_is_reminded_six_three_and_one_month_before_and_at_the_end(today, stage):
    assert rules.reminder_stage(END, today) == stage
