"""Table tests of the probation's rules (R-33 … R-39), each clock at its boundary: the day before, the day, the day
after, and across a suspension. No database."""

import datetime as dt

import pytest

from probation import rules
from probation.choices import Outcome, SuspensionCause

D = dt.date
ACT = D(2026, 1, 15)
END = D(2026, 7, 15)  # six months from the act


# --- six months from the act ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "act, end",
    [
        (D(2026, 1, 15), D(2026, 7, 15)),
        (D(2026, 8, 31), D(2027, 2, 28)),  # no 31 February: the month's last day
        (D(2027, 8, 31), D(2028, 2, 29)),  # a leap year
        (D(2026, 12, 31), D(2027, 6, 30)),
    ],
)
def test_r33_1_the_probation_ends_six_calendar_months_after_the_act(act, end):
    assert rules.r33_4_end(act) == end


# --- suspensions extend it by their length ----------------------------------------------------------


@pytest.mark.parametrize(
    "suspensions, end",
    [
        ([], END),
        ([(D(2026, 3, 1), D(2026, 3, 1))], END + dt.timedelta(days=1)),  # one day, both ends included
        ([(D(2026, 3, 1), D(2026, 3, 10))], END + dt.timedelta(days=10)),
        # two separate suspensions add up
        ([(D(2026, 3, 1), D(2026, 3, 10)), (D(2026, 5, 1), D(2026, 5, 5))], END + dt.timedelta(days=15)),
        # overlapping suspensions (medical leave inside a parental leave) count each day once
        ([(D(2026, 3, 1), D(2026, 3, 10)), (D(2026, 3, 5), D(2026, 3, 20))], END + dt.timedelta(days=20)),
        # touching ones too
        ([(D(2026, 3, 1), D(2026, 3, 10)), (D(2026, 3, 11), D(2026, 3, 20))], END + dt.timedelta(days=20)),
        # days before the act do not count
        ([(D(2026, 1, 10), D(2026, 1, 20))], END + dt.timedelta(days=6)),
        # a suspension starting on the end day finds the probation over
        ([(END, END + dt.timedelta(days=9))], END),
        # ...but one starting the day before the end counts in full
        ([(END - dt.timedelta(days=1), END + dt.timedelta(days=8))], END + dt.timedelta(days=10)),
        # a suspension after the original end, inside the days a first one added, counts as well
        (
            [(D(2026, 3, 1), D(2026, 3, 10)), (END + dt.timedelta(days=2), END + dt.timedelta(days=3))],
            END + dt.timedelta(days=12),
        ),
    ],
)
def test_r33_4_each_suspension_moves_the_end_by_its_length_counted_once(suspensions, end):
    assert rules.r33_4_end(ACT, suspensions) == end


def test_r33_4_an_open_suspension_moves_the_end_day_by_day_until_it_is_closed():
    assert rules.r33_4_end(ACT, [(D(2026, 3, 1), None)], as_of=D(2026, 3, 1)) == END + dt.timedelta(days=1)
    assert rules.r33_4_end(ACT, [(D(2026, 3, 1), None)], as_of=D(2026, 3, 31)) == END + dt.timedelta(days=31)


def test_r33_4_the_causes_are_those_of_the_article():
    assert set(SuspensionCause.values) == {
        "maternity",
        "paternity",
        "parental",
        "medical",
        "military",
        "electoral",
        "other",
    }


@pytest.mark.parametrize(
    "start, stop, cause, note, problems",
    [
        (D(2026, 3, 1), D(2026, 3, 5), "medical", "", []),
        (D(2026, 3, 1), None, "maternity", "", []),
        (ACT - dt.timedelta(days=1), None, "medical", "", ["before_the_act"]),
        (ACT, None, "medical", "", []),
        (END - dt.timedelta(days=1), None, "medical", "", []),
        (END, None, "medical", "", ["after_the_end"]),
        (D(2026, 3, 5), D(2026, 3, 4), "medical", "", ["ends_before_it_starts"]),
        (D(2026, 3, 1), D(2026, 3, 5), "other", " ", ["circumstance_not_named"]),
        (D(2026, 3, 1), D(2026, 3, 5), "other", "Flood at home", []),
    ],
)
def test_r33_4_a_suspension_lies_within_the_probation(start, stop, cause, note, problems):
    assert (
        rules.r33_4_suspension_problems(act_date=ACT, end=END, start=start, stop=stop, cause=cause, note=note)
        == problems
    )


# --- the mentor -----------------------------------------------------------------------------------------


SINCE = D(2015, 1, 1)


def C(name, unit="Legal Office", category="professional", since=SINCE):
    return rules.Colleague(name=name, unit=unit, category=category, in_post_since=since)


def test_r35_2_the_mentor_is_the_most_senior_of_the_same_unit():
    colleagues = [
        C("Arta", since=D(2018, 1, 1)),
        C("Besnik", since=D(2012, 6, 1)),
        C("Drita", unit="Finance", since=D(2001, 1, 1)),  # longer in post, another unit
        C("Erion", category="specialist", since=D(2014, 1, 1)),
    ]
    assert rules.r35_mentor_choice(colleagues, unit="legal  office", category="professional").name == "Besnik"
    assert (
        rules.r35_mentor_problems(
            colleagues[1], unit="Legal Office", category="professional", colleagues=colleagues
        )
        == []
    )
    assert rules.r35_mentor_problems(
        colleagues[0], unit="Legal Office", category="professional", colleagues=colleagues
    ) == ["not_the_most_senior"]
    assert rules.r35_mentor_problems(colleagues[2], unit="Legal Office", category="professional") == [
        "other_unit"
    ]


@pytest.mark.parametrize(
    "mentor, employee, allowed",
    [
        ("professional", "professional", True),
        ("specialist", "professional", True),
        ("professional", "specialist", False),
        ("lower_management", "specialist", True),
        ("lower_management", "middle_management", False),
        ("middle_management", "middle_management", True),
        ("senior_management", "middle_management", True),
    ],
)
def test_r35_3_the_mentor_is_of_the_same_or_a_higher_category(mentor, employee, allowed):
    assert rules.r35_3_category_allows(mentor_category=mentor, employee_category=employee) is allowed
    problems = rules.r35_mentor_problems(C("M", category=mentor), unit="Legal Office", category=employee)
    assert (problems == []) is allowed


def test_r35_3_a_more_senior_colleague_of_a_lower_category_does_not_count():
    junior = C("Arta", category="lower_management", since=D(2020, 1, 1))
    senior_lower = C("Besnik", category="professional", since=D(2000, 1, 1))
    assert (
        rules.r35_mentor_problems(
            junior, unit="Legal Office", category="lower_management", colleagues=[senior_lower]
        )
        == []
    )


# --- the clocks -----------------------------------------------------------------------------------


def test_r38_r39_the_clocks_count_back_from_the_end():
    c = rules.clocks(END)
    assert c.evaluation_request_by == D(2026, 5, 16)  # 60 days
    assert c.employee_informed_by == D(2026, 6, 15)  # 30 days
    assert c.meeting_by == D(2026, 6, 20)  # 25 days (the digits)
    assert c.meeting_announced_by == D(2026, 6, 17)  # 3 days before that meeting
    assert c.decision_by == D(2026, 6, 25)  # 20 days (the digits)


def test_r38_1_across_a_suspension_the_request_moves_with_the_end():
    end = rules.r33_4_end(ACT, [(D(2026, 3, 1), D(2026, 3, 10))])
    assert rules.r38_1_evaluation_request_by(end) == D(2026, 5, 26)


@pytest.mark.parametrize(
    "meeting_on, ok",
    [
        (END - dt.timedelta(days=26), True),  # the day before the last lawful day
        (END - dt.timedelta(days=25), True),  # the day: 25 days before the end
        (END - dt.timedelta(days=24), False),  # the day after
    ],
)
def test_r38_2_the_meeting_is_no_later_than_25_days_before_the_end(meeting_on, ok):
    announced = meeting_on - dt.timedelta(days=5)
    problems = rules.r38_meeting_problems(end=END, meeting_on=meeting_on, announced_on=announced)
    assert (problems == []) is ok
    if not ok:
        assert problems == ["r38_2_too_late"]


def test_r38_2_across_a_suspension_a_meeting_late_for_the_original_end_is_in_time():
    end = rules.r33_4_end(ACT, [(D(2026, 4, 1), D(2026, 4, 10))])
    meeting_on = END - dt.timedelta(days=20)
    assert rules.r38_meeting_problems(end=END, meeting_on=meeting_on, announced_on=D(2026, 6, 1)) == [
        "r38_2_too_late"
    ]
    assert rules.r38_meeting_problems(end=end, meeting_on=meeting_on, announced_on=D(2026, 6, 1)) == []


def test_r38_2_the_words_45_are_one_setting_away(settings):
    settings.PROBATION_MEETING_DAYS_BEFORE = 45
    assert rules.r38_2_meeting_by(END) == END - dt.timedelta(days=45)
    assert rules.clocks(END).meeting_by == END - dt.timedelta(days=45)


@pytest.mark.parametrize(
    "days_ahead, ok",
    [(2, False), (3, True), (4, True)],  # announced 2, 3, 4 days before the meeting
)
def test_r38_3_the_meeting_is_announced_at_least_3_days_ahead(days_ahead, ok):
    meeting_on = D(2026, 6, 10)
    problems = rules.r38_meeting_problems(
        end=END, meeting_on=meeting_on, announced_on=meeting_on - dt.timedelta(days=days_ahead)
    )
    assert problems == ([] if ok else ["r38_3_notice_too_short"])


@pytest.mark.parametrize(
    "received_on, in_time",
    [
        (END - dt.timedelta(days=21), True),
        (END - dt.timedelta(days=20), True),
        (END - dt.timedelta(days=19), False),
    ],
)
def test_r39_3_the_decision_reaches_hr_20_days_before_the_end(received_on, in_time):
    assert rules.r39_3_decision_in_time(end=END, received_on=received_on) is in_time


def test_r39_3_the_words_40_are_one_setting_away(settings):
    settings.PROBATION_DECISION_DAYS_BEFORE = 40
    assert rules.r39_3_decision_by(END) == END - dt.timedelta(days=40)


def test_r39_3_across_a_suspension_the_decision_clock_moves_with_the_end():
    end = rules.r33_4_end(ACT, [(D(2026, 2, 1), D(2026, 2, 28))])  # 28 days suspended
    assert rules.r39_3_decision_by(end) == D(2026, 7, 23)
    assert rules.r39_3_decision_in_time(end=end, received_on=D(2026, 7, 23))
    assert not rules.r39_3_decision_in_time(end=end, received_on=D(2026, 7, 24))


@pytest.mark.parametrize(
    "day, late",
    [(D(2026, 6, 14), False), (D(2026, 6, 15), False), (D(2026, 6, 16), True)],
)
def test_r39_7_the_employee_is_informed_30_days_before_the_end(day, late):
    assert (day > rules.r39_7_inform_by(END)) is late


@pytest.mark.parametrize(
    "months, before, problems",
    [
        (1, 0, []),
        (6, 0, []),
        (7, 0, ["beyond_six_months"]),
        (0, 0, ["at_least_one_month"]),
        (2, 4, []),
        (3, 4, ["beyond_six_months"]),
    ],
)
def test_r39_6_an_extension_reaches_six_months_in_all(months, before, problems):
    assert rules.r39_6_extension_problems(months=months, already_extended_months=before) == problems


def test_r39_6_an_extension_moves_the_end_and_every_clock():
    assert rules.r33_4_end(ACT, extension_months=6) == D(2027, 1, 15)
    assert rules.clocks(rules.r33_4_end(ACT, extension_months=2)).decision_by == D(2026, 8, 26)


@pytest.mark.parametrize(
    "outcome, reasons, meeting_held, months, problems",
    [
        (Outcome.CONFIRM, "Good work", True, 0, []),
        (Outcome.CONFIRM, "", True, 0, ["reasons_required"]),
        (Outcome.TERMINATE, "Duties not done", False, 0, ["meeting_not_held"]),
        (Outcome.EXTEND, "Long medical leave", False, 3, []),
        (Outcome.EXTEND, "Long medical leave", False, 7, ["beyond_six_months"]),
        ("promote", "x", True, 0, ["unknown_outcome"]),
    ],
)
def test_r39_the_supervisor_s_decision_is_reasoned_and_follows_the_meeting(
    outcome, reasons, meeting_held, months, problems
):
    assert (
        rules.r39_decision_problems(
            outcome=outcome, reasons=reasons, meeting_held=meeting_held, months=months
        )
        == problems
    )
