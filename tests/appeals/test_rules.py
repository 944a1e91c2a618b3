"""R-32 and R-40 as table tests, every clock at its boundary (the day before, the day, the day after)."""

import datetime as dt

import pytest

from appeals import rules
from appeals.choices import AppealKind, Decision, Effect, PostHold

D = dt.date
PUBLISHED = D(2026, 3, 2)  # the final results published


def _r32(**overrides):
    facts = {
        "procedure_under_01_2024": True,
        "category": "professional",
        "submitted": True,
        "published_on": PUBLISHED,
        "filed_on": D(2026, 3, 10),
        "today": D(2026, 6, 1),
        "days": 30,
    } | overrides
    return [code for code, _params in rules.r32_problems(**facts)]


# R-32: "Kandidatët e pakënaqur me procesin e rekrutimit në kategorinë profesionale, të specialistëve, nivelit të
# ulët drejtues dhe nivelit të mesëm drejtues ... kanë të drejtë ankese në KPMSHCK".
@pytest.mark.parametrize(
    "category, allowed",
    [
        ("professional", True),
        ("specialist", True),
        ("lower_management", True),
        ("middle_management", True),
        ("non_permanent", False),
        ("other", False),
    ],
)
def test_r32_the_candidates_of_the_four_categories_it_names_may_appeal(category, allowed):
    assert ("category" not in _r32(category=category)) is allowed


def test_r32_applies_to_procedures_under_regulation_01_2024_only():
    assert _r32() == []
    assert _r32(procedure_under_01_2024=False) == ["not_01_2024"]


def test_r32_only_a_candidate_with_a_submitted_application_may_appeal():
    assert _r32(submitted=False) == ["not_a_candidate"]


def test_r32_the_appeal_comes_after_the_final_results():
    assert _r32(published_on=None) == ["not_published"]
    assert _r32(filed_on=PUBLISHED - dt.timedelta(days=1)) == ["before_results"]
    assert _r32(filed_on=PUBLISHED) == []


# "sipas afatit të përcaktuar në ligjin përkatës për procedurën administrative" (APPEAL_RESULTS_DAYS, 30).
@pytest.mark.parametrize(
    "filed_on, in_time",
    [
        (D(2026, 3, 31), True),  # the day before the last day
        (D(2026, 4, 1), True),  # the last day: 2 March + 30 days
        (D(2026, 4, 2), False),  # the day after
    ],
)
def test_r32_the_administrative_procedure_deadline_at_its_boundary(filed_on, in_time):
    assert rules.r32_last_day(PUBLISHED, 30) == D(2026, 4, 1)
    assert (_r32(filed_on=filed_on) == []) is in_time


def test_r32_the_deadline_follows_the_setting():
    assert _r32(filed_on=D(2026, 3, 17), days=15) == []
    assert _r32(filed_on=D(2026, 3, 18), days=15) == ["late_r32"]


def test_r32_an_appeal_is_not_dated_in_the_future_nor_recorded_twice():
    assert _r32(filed_on=D(2026, 3, 10), today=D(2026, 3, 9)) == ["future"]
    assert _r32(already=True) == ["already"]


DECIDED = D(2026, 9, 15)  # the decision not to confirm


def _r40(**overrides):
    facts = {"terminated": True, "decided_on": DECIDED, "filed_on": D(2026, 9, 20), "today": D(2026, 12, 1)}
    return [code for code, _params in rules.r40_problems(**(facts | overrides))]


# "mund të paraqesin ankesë kundër këtij vendimi, në afat prej tridhjetë (30) ditëve, në KPMSHCK."
@pytest.mark.parametrize(
    "filed_on, in_time",
    [
        (D(2026, 10, 14), True),  # the day before the last day
        (D(2026, 10, 15), True),  # the last day: 15 September + 30 days
        (D(2026, 10, 16), False),  # the day after
    ],
)
def test_r40_1_thirty_days_from_the_decision_at_the_boundary(filed_on, in_time):
    assert rules.r40_last_day(DECIDED) == D(2026, 10, 15)
    assert (_r40(filed_on=filed_on) == []) is in_time


def test_r40_1_only_a_decision_not_to_confirm_is_appealed():
    assert _r40(terminated=False) == ["not_terminated"]
    assert _r40(decided_on=None) == ["not_terminated"]
    assert _r40(filed_on=DECIDED - dt.timedelta(days=1)) == ["before_decision"]


# R-40.2: "KQZ është i detyruar ta mbajë vendin e lirë të punës deri në zgjidhjen përfundimtare të ankesës nga
# KPMSHCK, apo deri në mbarimin e afatit për paraqitjen e saj."
@pytest.mark.parametrize(
    "today, hold",
    [
        (D(2026, 10, 14), PostHold.HELD),  # the day before the last day to appeal
        (D(2026, 10, 15), PostHold.HELD),  # the last day: still held
        (D(2026, 10, 16), PostHold.RELEASE),  # the day after: no appeal came, the post is released
    ],
)
def test_r40_2_without_an_appeal_the_post_is_held_until_the_time_to_appeal_runs_out(today, hold):
    assert rules.r40_post_hold(decided_on=DECIDED, today=today, appealed=False, decided=False) == hold


def test_r40_2_with_an_appeal_the_post_is_held_until_kpmshck_decides_however_long_it_takes():
    late = D(2027, 6, 1)
    assert rules.r40_post_hold(decided_on=DECIDED, today=late, appealed=True, decided=False) == PostHold.HELD
    assert (
        rules.r40_post_hold(
            decided_on=DECIDED, today=late, appealed=True, decided=True, effect=Effect.POST_RELEASED
        )
        == PostHold.RELEASE
    )
    assert (
        rules.r40_post_hold(
            decided_on=DECIDED, today=late, appealed=True, decided=True, effect=Effect.TERMINATION_ANNULLED
        )
        == PostHold.KEPT
    )


@pytest.mark.parametrize(
    "kind, decision, effect, allowed",
    [
        (AppealKind.RESULTS, Decision.REJECTED, Effect.NONE, True),
        (AppealKind.RESULTS, Decision.REJECTED, Effect.WINNER_REINSTATED, False),
        (AppealKind.RESULTS, Decision.UPHELD, Effect.WINNER_REINSTATED, True),
        (AppealKind.RESULTS, Decision.PARTLY, Effect.RANKING_CORRECTED, True),
        (AppealKind.RESULTS, Decision.UPHELD, Effect.TERMINATION_ANNULLED, False),
        (AppealKind.PROBATION, Decision.UPHELD, Effect.TERMINATION_ANNULLED, True),
        (AppealKind.PROBATION, Decision.UPHELD, Effect.POST_RELEASED, False),
        (AppealKind.PROBATION, Decision.REJECTED, Effect.POST_RELEASED, True),
        (AppealKind.PROBATION, Decision.REJECTED, Effect.TERMINATION_ANNULLED, False),
        (AppealKind.PROBATION, Decision.PARTLY, Effect.POST_RELEASED, True),
    ],
)
def test_r32_r40_a_decision_allows_only_the_effects_that_follow_from_it(kind, decision, effect, allowed):
    problems = rules.decision_problems(
        kind=kind,
        decision=decision,
        effect=effect,
        decided_on=D(2026, 5, 1),
        filed_on=D(2026, 4, 1),
        today=D(2026, 5, 2),
    )
    assert ("effect" not in problems) is allowed


def test_r32_kpmshck_decides_after_the_appeal_and_not_in_the_future():
    common = {"kind": AppealKind.RESULTS, "decision": Decision.REJECTED, "effect": Effect.NONE}
    filed, today = D(2026, 4, 1), D(2026, 5, 2)
    assert rules.decision_problems(**common, decided_on=D(2026, 3, 31), filed_on=filed, today=today) == [
        "decided_before_filed"
    ]
    assert rules.decision_problems(**common, decided_on=filed, filed_on=filed, today=today) == []
    assert rules.decision_problems(**common, decided_on=D(2026, 5, 3), filed_on=filed, today=today) == [
        "future"
    ]
    assert rules.decision_problems(**common, decided_on=None, filed_on=filed, today=today) == ["decided_on"]
