"""Table tests of R-29 and R-30 (appointments/rules.py), every clock at its boundary."""

import datetime as dt

import pytest

from appointments import rules
from appointments.choices import CheckResult, VerificationState

D = dt.date
M, X, U = CheckResult.MATCHES, CheckResult.DIFFERS, CheckResult.UNCHECKED


# --- the final verification ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "results, expected",
    [
        ([M, M, M], VerificationState.POSITIVE),
        ([M, X, M], VerificationState.NEGATIVE),  # one document that differs is enough
        ([X, U, U], VerificationState.NEGATIVE),  # decided at once, the rest need not be checked
        ([M, U, M], VerificationState.OPEN),
        ([], VerificationState.OPEN),
    ],
)
def test_r29_4_any_document_that_differs_makes_the_result_negative(results, expected):
    assert rules.r29_verification_result(results) == expected


@pytest.mark.parametrize(
    "result, reason, problems",
    [
        (M, "", []),
        (X, "The diploma's grade differs from the copy", []),
        (X, "   ", ["reason_required"]),
        (U, "", ["unknown_result"]),
    ],
)
def test_r29_4_a_difference_is_recorded_with_its_reason(result, reason, problems):
    assert rules.r29_check_problems(result=result, reason=reason) == problems


def test_r29_1_the_verification_follows_the_written_consent():
    assert rules.r29_1_may_verify(True) and not rules.r29_1_may_verify(False)


# --- reporting within 14 days, extendable to one month in all -----------------------------------


def test_r30_2_the_last_day_to_report_is_14_days_after_the_act():
    assert rules.r30_2_report_by(D(2027, 3, 1)) == D(2027, 3, 15)


@pytest.mark.parametrize(
    "reported_on, in_time",
    [
        (D(2027, 2, 28), False),  # before the act: not a report under this act
        (D(2027, 3, 1), True),  # the act's day
        (D(2027, 3, 14), True),  # the day before the last day
        (D(2027, 3, 15), True),  # the last day
        (D(2027, 3, 16), False),  # the day after
    ],
)
def test_r30_1_reporting_is_in_time_up_to_and_including_the_14th_day(reported_on, in_time):
    act = D(2027, 3, 1)
    assert (
        rules.r30_2_reported_in_time(
            reported_on=reported_on, act_received_on=act, report_by=rules.r30_2_report_by(act)
        )
        is in_time
    )


@pytest.mark.parametrize(
    "today, overdue",
    [(D(2027, 3, 14), False), (D(2027, 3, 15), False), (D(2027, 3, 16), True)],
)
def test_r30_3_the_appointment_is_revoked_the_day_after_the_last_day(today, overdue):
    assert rules.r30_3_is_overdue(today=today, report_by=D(2027, 3, 15)) is overdue
    assert rules.r30_3_revocation_due_on(D(2027, 3, 15)) == D(2027, 3, 16)


@pytest.mark.parametrize(
    "act, cap",
    [
        (D(2027, 3, 1), D(2027, 4, 1)),
        (D(2027, 1, 31), D(2027, 2, 28)),  # a month without the 31st: its last day
        (D(2028, 1, 31), D(2028, 2, 29)),  # leap year
        (D(2027, 12, 20), D(2028, 1, 20)),  # across the year
    ],
)
def test_r30_2_an_extension_reaches_one_month_from_the_act_in_all(act, cap):
    assert rules.r30_2_report_by_max(act) == cap


@pytest.mark.parametrize(
    "new_report_by, problems",
    [
        (D(2027, 3, 31), []),  # the day before the cap
        (D(2027, 4, 1), []),  # the cap: one month from the act
        (D(2027, 4, 2), ["beyond_one_month"]),  # the day after
        (D(2027, 3, 15), ["not_later"]),  # no extension at all
    ],
)
def test_r30_2_hr_grants_an_extension_within_one_month_in_all(new_report_by, problems):
    assert (
        rules.r30_2_extension_problems(
            act_received_on=D(2027, 3, 1),
            report_by=D(2027, 3, 15),
            new_report_by=new_report_by,
            today=D(2027, 3, 10),
        )
        == problems
    )


@pytest.mark.parametrize(
    "today, problems",
    [(D(2027, 3, 14), []), (D(2027, 3, 15), []), (D(2027, 3, 16), ["deadline_passed"])],
)
def test_r30_2_an_extension_is_granted_before_the_deadline_passed(today, problems):
    assert (
        rules.r30_2_extension_problems(
            act_received_on=D(2027, 3, 1), report_by=D(2027, 3, 15), new_report_by=D(2027, 3, 25), today=today
        )
        == problems
    )


@pytest.mark.parametrize(
    "today, already, allowed",
    [
        (D(2027, 3, 14), False, True),
        (D(2027, 3, 15), False, True),
        (D(2027, 3, 16), False, False),
        (D(2027, 3, 10), True, False),
    ],
)
def test_r30_2_the_appointee_asks_for_an_extension_once_before_the_deadline(today, already, allowed):
    assert (
        rules.r30_2_may_request_extension(today=today, report_by=D(2027, 3, 15), already_requested=already)
        is allowed
    )
