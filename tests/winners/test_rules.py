"""Article 26 as table tests, every clock at its boundary (the day before, the day, the day after)."""

import datetime as dt
from fractions import Fraction

import pytest

from winners import rules
from winners.choices import WinnerState

D = dt.date
UTC = dt.UTC


@pytest.mark.parametrize(
    ("invited_on", "in_time"),
    [(D(2026, 3, 11), True), (D(2026, 3, 12), True), (D(2026, 3, 13), False)],
)
def test_r26_3_hr_invites_within_seven_days_of_the_publication(invited_on, in_time):
    assert rules.invite_by(D(2026, 3, 5)) == D(2026, 3, 12)
    assert rules.invited_in_time(D(2026, 3, 5), invited_on) is in_time


@pytest.mark.parametrize(
    ("at", "in_time"),
    [
        (dt.datetime(2026, 3, 12, 23, 59, 58, tzinfo=UTC), True),
        (dt.datetime(2026, 3, 12, 23, 59, 59, tzinfo=UTC), True),
        (dt.datetime(2026, 3, 13, 0, 0, 0, tzinfo=UTC), False),
    ],
)
def test_r26_3_an_answer_counts_to_the_deadline_and_silence_lapses_after_it(at, in_time):
    respond_by = dt.datetime(2026, 3, 12, 23, 59, 59, tzinfo=UTC)
    assert rules.answer_in_time(respond_by, at) is in_time
    assert rules.has_lapsed(respond_by, at) is (not in_time)


def test_r26_3_the_answer_s_deadline_is_hr_s_days_after_the_invitation():
    assert rules.answer_deadline(D(2026, 3, 5), 7) == D(2026, 3, 12)
    with pytest.raises(ValueError):
        rules.answer_deadline(D(2026, 3, 5), 0)


@pytest.mark.parametrize(
    ("cause", "reasonable"),
    [("illness", True), ("death", True), ("force_majeure", True), ("holiday", False), ("", False)],
)
def test_r26_4_r26_6_only_the_listed_causes_keep_a_winner_on_the_list(cause, reasonable):
    assert rules.is_reasonable_cause(cause) is reasonable
    assert rules.keeps_place_on_list(cause) is reasonable


@pytest.mark.parametrize(
    ("notified_on", "in_time"),
    [(D(2026, 3, 11), True), (D(2026, 3, 12), True), (D(2026, 3, 13), False)],
)
def test_r26_5_the_cause_is_told_by_the_deadline_set_by_hr(notified_on, in_time):
    assert rules.cause_notified_in_time(notified_on, D(2026, 3, 12)) is in_time


@pytest.mark.parametrize(
    ("until", "allowed"),
    [
        (D(2026, 3, 12), False),  # not later than the date set
        (D(2026, 3, 13), True),
        (D(2026, 6, 11), True),  # the day before three months
        (D(2026, 6, 12), True),  # three months to the day
        (D(2026, 6, 13), False),  # the day after
    ],
)
def test_r26_5_a_postponement_is_at_most_three_months(until, allowed):
    assert rules.postponement_allowed(D(2026, 3, 12), until) is allowed


def test_r26_5_three_months_from_the_end_of_a_long_month_end_on_the_shorter_month_s_last_day():
    assert rules.latest_postponement(D(2026, 11, 30)) == D(2027, 2, 28)


@pytest.mark.parametrize(
    ("today", "valid"),
    [
        (D(2026, 3, 4), False),  # before its publication
        (D(2027, 3, 4), True),  # the day before the anniversary
        (D(2027, 3, 5), True),  # the anniversary: the last day
        (D(2027, 3, 6), False),  # the day after: expired
    ],
)
def test_r26_7_the_list_is_valid_one_year_to_the_day(today, valid):
    assert rules.valid_until(D(2026, 3, 5)) == D(2027, 3, 5)
    assert rules.is_valid(D(2026, 3, 5), today) is valid


def test_r26_7_a_list_published_on_29_february_ends_on_28_february():
    assert rules.valid_until(D(2028, 2, 29)) == D(2029, 2, 28)


@pytest.mark.parametrize(
    ("vacant_from", "choosable"),
    [(D(2027, 3, 4), True), (D(2027, 3, 5), True), (D(2027, 3, 6), False)],
)
def test_r26_1_a_post_vacant_within_the_year_may_be_chosen(vacant_from, choosable):
    assert rules.post_in_year(D(2026, 3, 5), vacant_from) is choosable


def test_r26_7_two_lists_of_a_group_are_ranked_by_total_then_the_earlier_list():
    old, new = D(2026, 3, 5), D(2026, 9, 1)
    winners = [
        rules.ListedWinner("old-1", Fraction(90), old, 1, 1),
        rules.ListedWinner("old-2", Fraction(80), old, 1, 2),
        rules.ListedWinner("new-1", Fraction(85), new, 2, 1),
        rules.ListedWinner("new-2", Fraction(80), new, 2, 2),
        rules.ListedWinner("new-3", Fraction(241, 3), new, 2, 3),  # 80.33…: exact, above 80
    ]
    assert [w.key for w in rules.rerank(winners)] == ["old-1", "new-1", "new-3", "old-2", "new-2"]


def test_r26_7_totals_are_read_exactly():
    assert rules.parse_total("211/3") == Fraction(211, 3)
    assert rules.parse_total("85.5") == Fraction(171, 2)


def _c(key, rank, state=WinnerState.WAITING, until=None, appointed=False):
    return rules.Candidate(key, rank, state, until, appointed)


def test_r26_1_the_best_ranked_waiting_winner_is_invited_first():
    today = D(2026, 3, 6)
    found = rules.next_to_invite(
        [_c("b", 2), _c("a", 1, WinnerState.DECLINED), _c("c", 3)],
        free_posts=2,
        open_invitations=0,
        today=today,
    )
    assert found.key == "b"


def test_r26_1_one_winner_chooses_at_a_time_and_only_while_a_post_is_vacant():
    today = D(2026, 3, 6)
    assert rules.next_to_invite([_c("a", 1)], free_posts=1, open_invitations=1, today=today) is None
    assert rules.next_to_invite([_c("a", 1)], free_posts=0, open_invitations=0, today=today) is None


@pytest.mark.parametrize(
    ("today", "invited"),
    [(D(2026, 6, 11), "b"), (D(2026, 6, 12), "a"), (D(2026, 6, 13), "a")],
)
def test_r26_5_a_postponed_winner_is_invited_again_from_the_new_date_in_their_rank(today, invited):
    found = rules.next_to_invite(
        [_c("a", 1, WinnerState.POSTPONED, D(2026, 6, 12)), _c("b", 2)],
        free_posts=1,
        open_invitations=0,
        today=today,
    )
    assert found.key == invited


def test_r26_2_a_winner_appointed_from_the_group_s_lists_does_not_choose_again():
    found = rules.next_to_invite(
        [_c("a", 1, appointed=True), _c("b", 2)], free_posts=1, open_invitations=0, today=D(2026, 3, 6)
    )
    assert found.key == "b"


@pytest.mark.parametrize(
    ("after_days", "today", "due"),
    [
        (6, dt.date(2027, 3, 6), False),  # the day before the 6th day
        (6, dt.date(2027, 3, 7), True),  # the 6th day after a publication on 1 March
        (10, dt.date(2027, 3, 7), False),  # a setting past the deadline ...
        (10, dt.date(2027, 3, 8), True),  # ... still invites on the 7th day: "brenda shtatë (7) ditëve"
    ],
)
def test_r26_3_the_portal_invites_by_itself_after_the_days_set_and_never_after_the_seventh(
    after_days, today, due
):
    assert rules.auto_invite_due(dt.date(2027, 3, 1), today, after_days) is due
