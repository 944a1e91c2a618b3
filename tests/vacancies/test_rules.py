"""Table tests of vacancies/rules.py, named by article."""

import datetime as dt
import zoneinfo

import pytest

from vacancies import rules
from vacancies.models import AnnouncementStatus as S
from vacancies.models import RuleSet

KOSOVO = zoneinfo.ZoneInfo("Europe/Belgrade")


def local(y, m, d, h=0, mi=0, s=0):
    return dt.datetime(y, m, d, h, mi, s, tzinfo=KOSOVO)


# "Pranimi i aplikacioneve bëhet brenda tridhjetë (30) ditëve nga data e shpalljes".
@pytest.mark.parametrize(
    ("published", "closes", "ok"),
    [
        (local(2026, 11, 1, 9), local(2026, 12, 1, 16), True),  # the 30th day, any hour
        (local(2026, 11, 1, 9), local(2026, 12, 1, 23, 59), True),
        (local(2026, 11, 1, 9), local(2026, 12, 2, 0, 0), False),  # the 31st day
        (local(2026, 11, 1, 23, 30), local(2026, 12, 1, 16), True),  # counted by local date, not by hours
        (local(2026, 3, 22, 8), local(2026, 3, 24, 16), True),  # K23's three days
        (
            local(2026, 1, 31, 8),
            local(2026, 3, 2, 16),
            True,
        ),  # across a short month: 30 days later is 2 March
        (local(2026, 1, 31, 8), local(2026, 3, 3, 16), False),
    ],
)
def test_r8_2_applications_are_accepted_within_30_days_of_publication(published, closes, ok):
    assert (
        rules.closing_within_application_period(
            rule_set=RuleSet.KQZ_01_2024, published_at=published, closes_at=closes, tz=KOSOVO
        )
        is ok
    )


def test_r8_2_the_day_count_is_taken_in_the_institutions_time_zone():
    # 23:30 UTC on 31 Oct is already 1 Nov in Kosovo (UTC+1): day 30 is 1 Dec, not 30 Nov.
    published = dt.datetime(2026, 10, 31, 23, 30, tzinfo=dt.UTC)
    assert rules.latest_closing_date(published, KOSOVO) == dt.date(2026, 12, 1)


def test_r8_2_the_period_is_a_setting(settings):
    settings.RULE_R8_2_MAX_APPLICATION_DAYS = 15
    assert not rules.closing_within_application_period(
        rule_set=RuleSet.KQZ_01_2024,
        published_at=local(2026, 11, 1),
        closes_at=local(2026, 11, 20),
        tz=KOSOVO,
    )


@pytest.mark.parametrize("rule_set", [RuleSet.ALBANIA, RuleSet.KQZ_03_2017])
def test_r8_2_does_not_bind_procedures_under_other_rules(rule_set):
    assert rules.closing_within_application_period(
        rule_set=rule_set, published_at=local(2026, 1, 1), closes_at=local(2026, 6, 1), tz=KOSOVO
    )


@pytest.mark.parametrize(
    ("opens", "closes", "ok"),
    [
        (local(2026, 1, 1, 8), local(2026, 1, 1, 8, 0, 1), True),
        (local(2026, 1, 1, 8), local(2026, 1, 1, 8), False),
        (local(2026, 1, 2), local(2026, 1, 1), False),
    ],
)
def test_r9_1_8_the_deadline_comes_after_the_opening(opens, closes, ok):
    assert rules.closes_after_opening(opens, closes) is ok


@pytest.mark.parametrize(
    ("positions", "split", "ok"),
    [
        (3, [1, 1, 1], True),  # K23: KQZ 44/2023, Leposaviq 1, Zubin Potok 1, Zveçan 1
        (3, [], True),  # no split: one place of work
        (3, [1, 1], False),
        (3, [2, 2], False),
        (1, [1], True),
    ],
)
def test_k23_a_split_by_place_adds_up_to_the_number_of_positions(positions, split, ok):
    assert rules.place_split_matches(positions, split) is ok


@pytest.mark.parametrize(
    ("current", "target", "ok"),
    [
        (S.DRAFT, S.PUBLISHED, True),
        (S.PUBLISHED, S.CLOSED, True),
        (S.DRAFT, S.CLOSED, False),
        (S.PUBLISHED, S.DRAFT, False),
        (S.CLOSED, S.PUBLISHED, False),
        (S.CLOSED, S.DRAFT, False),
    ],
)
def test_the_announcement_workflow_allows_only_its_transitions(current, target, ok):
    assert rules.may_transition(current, target) is ok


def test_time_left_is_none_once_the_deadline_passed():
    closes = local(2026, 3, 24, 16)
    assert rules.time_left(closes - dt.timedelta(seconds=1), closes) == dt.timedelta(seconds=1)
    assert rules.time_left(closes, closes) is None
    assert rules.time_left(closes + dt.timedelta(seconds=1), closes) is None


# R-12.2: "Nëse numri i aplikacioneve të pranuar është më i vogël ose i barabartë se numri i pozitave të lira
# dhe më pak se 3 kandidatë kur është vetëm një pozitë … afati për aplikim vazhdohet edhe për pesë (5) ditë".
@pytest.mark.parametrize(
    ("positions", "applications", "extend"),
    [
        (1, 0, True),
        (1, 1, True),
        (1, 2, True),  # fewer than 3 for a single position
        (1, 3, False),
        (3, 2, True),
        (3, 3, True),  # equal to the positions
        (3, 4, False),
    ],
)
def test_r12_2_the_deadline_is_extended_when_too_few_applied(positions, applications, extend):
    assert rules.extension_due(applications=applications, positions=positions) is extend
    assert rules.closing_decision(applications=applications, positions=positions, already_extended=False) == (
        "extend" if extend else "close"
    )


@pytest.mark.parametrize(("positions", "applications"), [(1, 0), (1, 2), (3, 3), (3, 4)])
def test_r12_3_a_second_closing_after_an_extension_never_extends_again(positions, applications):
    assert (
        rules.closing_decision(applications=applications, positions=positions, already_extended=True)
        == "close"
    )


def test_r12_2_the_extension_is_five_calendar_days_to_the_same_hour():
    closes = local(2026, 3, 24, 16)
    assert rules.extended_deadline(closes, KOSOVO).astimezone(KOSOVO) == local(2026, 3, 29, 16)


def test_r12_2_the_extension_keeps_the_local_hour_across_a_clock_change():
    # Summer time starts on 29 March 2026 in Kosovo: still 16:00 local, 119 hours later.
    closes = local(2026, 3, 26, 16)
    extended = rules.extended_deadline(closes, KOSOVO)
    assert extended.astimezone(KOSOVO).hour == 16
    assert extended - closes == dt.timedelta(days=5, hours=-1)


def test_r12_2_refuses_nonsense_counts():
    with pytest.raises(ValueError):
        rules.extension_due(applications=1, positions=0)
