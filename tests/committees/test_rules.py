"""The committee rules as pure functions: composition by article, the draw, the chair, validity."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from committees import rules
from committees.rules import SeatCannotBeFilled, draw_committee
from tests.committees.factories import manager, member, seed, snapshot

MGMT = rules.MIDDLE_MANAGEMENT


def _members_of(result, seat_key):
    return [entry["member"] for entry in result if entry["seat"] == seat_key]


def _professional_pool():
    return [
        manager(1),
        manager(2),
        manager(3, category=rules.LOWER_MANAGEMENT),
        member(4, category=rules.PROFESSIONAL, hr_unit=True),
        member(5, category=rules.PROFESSIONAL, fields=["it"]),
    ]


# --- professional category --------------------------------------------------------------------


def test_r13_2_five_seats_three_managers_of_the_field_hr_and_a_professional_of_the_field():
    result = draw_committee(snapshot(rules.R13_2, _professional_pool()), seed(1))
    assert sorted(_members_of(result, "R-13.2.1")) == ["1", "2", "3"]
    assert _members_of(result, "R-13.2.2") == ["4"]
    assert _members_of(result, "R-13.2.3") == ["5"]
    assert [(e["seat"], e["slot"]) for e in result] == [
        ("R-13.2.1", 1),
        ("R-13.2.1", 2),
        ("R-13.2.1", 3),
        ("R-13.2.2", 1),
        ("R-13.2.3", 1),
    ]


def test_r13_2_1_refuses_naming_the_seat_when_only_two_managers_know_the_field():
    pool = _professional_pool()
    pool[2] = manager(3, field="law")
    with pytest.raises(SeatCannotBeFilled) as refused:
        draw_committee(snapshot(rules.R13_2, pool), seed(1))
    assert (refused.value.seat, refused.value.needed, refused.value.eligible) == ("R-13.2.1", 3, 2)
    assert "R-13.2.1" in str(refused.value)


@pytest.mark.parametrize(
    "attrs, eligible",
    [
        ({"category": rules.MIDDLE_MANAGEMENT}, True),
        ({"category": rules.LOWER_MANAGEMENT}, True),
        ({"category": rules.HIGHER_MANAGEMENT}, False),  # says middle or lower management
        ({"category": rules.PROFESSIONAL}, False),
        ({"category": rules.MIDDLE_MANAGEMENT, "fields": ["law"]}, False),  # not specialised in the field
        ({"category": "", "civil_servant": False}, False),
    ],
)
def test_r13_2_1_who_is_a_manager_specialised_in_the_field(attrs, eligible):
    test = rules.seat_predicate(
        rules.seats_of(rules.R13_2)[0]["require"], snapshot(rules.R13_2, [])["position"]
    )
    assert test(member(1, **{"fields": ["it"], **attrs})) is eligible


def test_r13_2_2_refuses_without_a_member_of_the_hr_unit():
    pool = _professional_pool()
    pool[3] = member(4, category=rules.PROFESSIONAL)
    with pytest.raises(SeatCannotBeFilled) as refused:
        draw_committee(snapshot(rules.R13_2, pool), seed(1))
    assert refused.value.seat == "R-13.2.2"


def test_r13_2_3_refuses_when_the_only_professional_knows_another_field():
    pool = _professional_pool()
    pool[4] = member(5, category=rules.PROFESSIONAL, fields=["law"])
    with pytest.raises(SeatCannotBeFilled) as refused:
        draw_committee(snapshot(rules.R13_2, pool), seed(1))
    assert refused.value.seat == "R-13.2.3"


# --- specialist category ------------------------------------------------------------------------


def _specialist_pool(professor_field="it"):
    return [
        manager(1),
        manager(2),
        manager(3),
        member(4, hr_unit=True, category=rules.PROFESSIONAL),
        member(5, civil_servant=False, professor=True, fields=[professor_field]),
    ]


def test_r14_2_a_professor_of_the_field_takes_the_third_seat():
    result = draw_committee(snapshot(rules.R14_2, _specialist_pool(), category="specialist"), seed(2))
    assert _members_of(result, "R-14.2.3") == ["5"]
    assert sorted(_members_of(result, "R-14.2.1")) == ["1", "2", "3"]


def test_r14_2_3_refuses_when_the_professor_teaches_another_field():
    with pytest.raises(SeatCannotBeFilled) as refused:
        draw_committee(snapshot(rules.R14_2, _specialist_pool("law"), category="specialist"), seed(2))
    assert refused.value.seat == "R-14.2.3"


# --- lower and middle management ------------------------------------------------------------------


def _management_pool():
    return [
        member(1, category=MGMT),
        member(2, category=rules.HIGHER_MANAGEMENT),
        member(3, category=MGMT),
        member(4, category=rules.PROFESSIONAL, responsible_unit=True),
        member(5, category=rules.PROFESSIONAL, fields=["it"]),
    ]


def test_r15_2_three_of_the_same_or_higher_category_one_of_the_unit_one_of_the_field():
    result = draw_committee(snapshot(rules.R15_2, _management_pool(), category=MGMT), seed(3))
    assert sorted(_members_of(result, "R-15.2.1")) == ["1", "2", "3"]
    assert _members_of(result, "R-15.2.2") == ["4"]
    assert _members_of(result, "R-15.2.3") == ["5"]


def test_r15_2_1_a_lower_manager_does_not_judge_a_middle_management_position():
    pool = _management_pool()
    pool[2] = member(3, category=rules.LOWER_MANAGEMENT)
    with pytest.raises(SeatCannotBeFilled) as refused:
        draw_committee(snapshot(rules.R15_2, pool, category=MGMT), seed(3))
    assert refused.value.seat == "R-15.2.1"


def test_r15_2_1_a_lower_manager_judges_a_lower_management_position():
    pool = _management_pool()
    pool[2] = member(3, category=rules.LOWER_MANAGEMENT)
    result = draw_committee(snapshot(rules.R15_2, pool, category=rules.LOWER_MANAGEMENT), seed(3))
    assert "3" in _members_of(result, "R-15.2.1")


def test_r15_2_2_refuses_without_a_civil_servant_of_the_responsible_unit():
    pool = _management_pool()
    pool[3] = member(4, category=rules.PROFESSIONAL, responsible_unit=True, civil_servant=False)
    with pytest.raises(SeatCannotBeFilled) as refused:
        draw_committee(snapshot(rules.R15_2, pool, category=MGMT), seed(3))
    assert refused.value.seat == "R-15.2.2"


def test_r15_2_3_refuses_without_a_civil_servant_who_knows_the_field():
    pool = _management_pool()
    pool[4] = member(5, category=rules.PROFESSIONAL, fields=["law"])
    with pytest.raises(SeatCannotBeFilled) as refused:
        draw_committee(snapshot(rules.R15_2, pool, category=MGMT), seed(3))
    assert refused.value.seat == "R-15.2.3"


@pytest.mark.parametrize(
    "unit, responsible, same",
    [("Drejtoria  Ligjore", "drejtoria ligjore", True), ("IT", "Drejtoria IT", False), ("", "", False)],
)
def test_r15_2_2_the_responsible_unit_is_compared_without_case_or_spacing(unit, responsible, same):
    assert rules.in_responsible_unit(unit, responsible) is same


# --- F1 item 13 ----------------------------------------------------------------------------------------------


def test_f1_13_three_members_of_any_kind():
    pool = [member(1, civil_servant=False), member(2), member(3, category=MGMT)]
    result = draw_committee(snapshot(rules.F1, pool, category="specialist"), seed(4))
    assert sorted(e["member"] for e in result) == ["1", "2", "3"]


def test_f1_13_refuses_with_two_members():
    with pytest.raises(SeatCannotBeFilled) as refused:
        draw_committee(snapshot(rules.F1, [member(1), member(2)]), seed(4))
    assert (refused.value.seat, refused.value.needed, refused.value.eligible) == ("F1.13", 3, 2)


# --- One member, one seat; exclusions; training -----------------------------------------------------------


def test_a_member_fills_one_seat_at_most_and_the_draw_keeps_the_hr_manager_for_the_hr_seat():
    # Four managers, one of whom is the only HR member: drawing without looking ahead would often
    # put that one among the managers and leave the HR seat empty.
    pool = [
        manager(1),
        manager(2),
        manager(3),
        manager(4, hr_unit=True),
        member(5, category=rules.PROFESSIONAL, fields=["it"]),
    ]
    for n in range(40):
        result = draw_committee(snapshot(rules.R13_2, pool), seed(n))
        assert _members_of(result, "R-13.2.2") == ["4"]
        assert sorted(_members_of(result, "R-13.2.1")) == ["1", "2", "3"]


def test_it_refuses_when_the_only_hr_member_is_also_needed_as_a_manager():
    pool = [
        manager(1),
        manager(2),
        manager(3, hr_unit=True),
        member(5, category=rules.PROFESSIONAL, fields=["it"]),
    ]
    with pytest.raises(SeatCannotBeFilled) as refused:
        draw_committee(snapshot(rules.R13_2, pool), seed(1))
    assert refused.value.shared
    assert refused.value.seat in {"R-13.2.1", "R-13.2.2"}


def test_an_excluded_member_is_never_drawn():
    pool = _professional_pool() + [manager(6)]
    for n in range(20):
        result = draw_committee(snapshot(rules.R13_2, pool, excluded=["2"]), seed(n))
        assert "2" not in {e["member"] for e in result}


def test_r13_8_when_hr_asks_for_trained_members_an_untrained_one_is_not_eligible():
    pool = _professional_pool()
    pool[0] = manager(1, trained=False)
    with pytest.raises(SeatCannotBeFilled):
        draw_committee(snapshot(rules.R13_2, pool, require_trained=True), seed(1))
    assert draw_committee(snapshot(rules.R13_2, pool, require_trained=False), seed(1))


def test_a_seat_with_an_unknown_condition_is_refused_rather_than_ignored():
    with pytest.raises(ValueError, match="nationality"):
        rules.seat_predicate({"nationality": "XK"}, {"category": "professional", "fields": []})


# --- The chair (R-16.3, decided in rules.py) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "composition, key",
    [(rules.R13_2, "R-13.2.1"), (rules.R14_2, "R-14.2.1"), (rules.R15_2, "R-15.2.1"), (rules.F1, "F1.13")],
)
def test_r16_3_the_chair_sits_in_the_first_place_of_the_first_seat(composition, key):
    assert rules.chair_position(composition) == (key, 1)


def test_r16_3_the_chair_is_the_member_drawn_for_that_place():
    result = draw_committee(snapshot(rules.R13_2, _professional_pool()), seed(9))
    assert rules.chair_of(result, {"seat": "R-13.2.1", "slot": 1}) == result[0]["member"]
    assert rules.chair_of(result[3:], {"seat": "R-13.2.1", "slot": 1}) is None


# --- Which composition, who appoints --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "category, scheme, composition",
    [
        ("professional", "kqz-professional", rules.R13_2),
        ("specialist", "kqz-specialist", rules.R14_2),
        ("lower_management", "kqz-management", rules.R15_2),
        ("middle_management", "kqz-management", rules.R15_2),
        ("specialist", "f1", rules.F1),
        ("non_permanent", "custom", None),
        ("other", "custom", None),
    ],
)
def test_the_position_s_category_names_its_composition(category, scheme, composition):
    assert rules.composition_for_position(category, scheme) == composition


def test_r15_6_only_management_committees_are_appointed_by_the_leader():
    assert [c for c in rules.COMPOSITIONS if rules.appointed_by_leader(c)] == [rules.R15_2]


@pytest.mark.parametrize(
    "composition, seats", [(rules.R13_2, 5), (rules.R14_2, 5), (rules.R15_2, 5), (rules.F1, 3)]
)
def test_every_composition_counts_the_members_its_article_names(composition, seats):
    assert sum(rule.count for rule in rules.COMPOSITIONS[composition]) == seats


# --- Properties (hypothesis) ------------------------------------------------------------------------------------

_CATEGORIES = [
    "",
    rules.PROFESSIONAL,
    rules.LOWER_MANAGEMENT,
    rules.MIDDLE_MANAGEMENT,
    rules.HIGHER_MANAGEMENT,
]


def _fitting(draw, index, require, position_category):
    """A member eligible for the seat of ``require`` (attributes the seat does not name are random)."""
    civil_servant = bool(require.get("civil_servant")) or draw(st.booleans())
    if not civil_servant:
        category = ""
    elif "categories" in require:
        category = draw(st.sampled_from(require["categories"]))
    elif require.get("category_at_least_position"):
        floor = rules.CATEGORY_RANK.get(position_category, 99)
        category = draw(
            st.sampled_from(
                [c for c, r in rules.CATEGORY_RANK.items() if r >= floor] or [rules.HIGHER_MANAGEMENT]
            )
        )
    else:
        category = draw(st.sampled_from(_CATEGORIES[1:]))
    return member(
        index,
        civil_servant=civil_servant,
        category=category,
        fields=["it"] + draw(st.sampled_from([[], ["law"]]))
        if require.get("field")
        else draw(st.sampled_from([[], ["law"], ["it"]])),
        hr_unit=bool(require.get("hr_unit")) or draw(st.booleans()),
        responsible_unit=bool(require.get("responsible_unit")) or draw(st.booleans()),
        professor=bool(require.get("professor")) or draw(st.booleans()),
        trained=draw(st.sampled_from([True, True, True, False])),
    )


def _spoiled(draw, m):
    """The member with one attribute changed at random: often no longer eligible where it was."""
    attribute = draw(
        st.sampled_from(
            ["civil_servant", "category", "fields", "hr_unit", "responsible_unit", "professor", "trained"]
        )
    )
    if attribute == "civil_servant":
        return {**m, "civil_servant": False, "category": ""}
    if attribute == "category":
        return {**m, "category": draw(st.sampled_from(_CATEGORIES)) if m["civil_servant"] else ""}
    if attribute == "fields":
        return {**m, "fields": draw(st.sampled_from([[], ["law"]]))}
    return {**m, attribute: not m[attribute]}


@st.composite
def cases(draw):
    """(composition, position category, pool): pools of up to 10 members, each shaped after one seat of
    the composition and, one time in four, spoiled; so that pools that can and cannot fill the seats,
    and members eligible for several seats, all come up."""
    composition = draw(st.sampled_from(list(rules.COMPOSITIONS)))
    category = draw(
        st.sampled_from(
            [rules.LOWER_MANAGEMENT, MGMT, MGMT, "professional"]
            if composition == rules.R15_2
            else ["professional", "specialist"]
        )
    )
    seats = rules.COMPOSITIONS[composition]
    # One member per place, less a few, plus a few more for random seats.
    shapes = [seat.require for seat in seats for _ in range(seat.count)]
    shapes = shapes[draw(st.integers(0, 2)) :] + [
        draw(st.sampled_from(seats)).require for _ in range(draw(st.integers(0, 5)))
    ]
    pool = []
    for index, require in enumerate(shapes, start=1):
        m = _fitting(draw, index, require, category)
        pool.append(_spoiled(draw, m) if draw(st.integers(0, 3)) == 0 else m)
    return composition, category, pool


def _can_be_filled(snap) -> bool:
    """An independent oracle: try every assignment of distinct members to the slots (small pools)."""
    slots = [seat for seat in snap["seats"] for _ in seat["slots"]]
    out = {e["member"] for e in snap["excluded"]}
    tests = [rules.seat_predicate(seat["require"], snap["position"]) for seat in slots]

    def fill(i, used):
        if i == len(slots):
            return True
        return any(
            fill(i + 1, used | {m["id"]})
            for m in snap["pool"]
            if m["id"] not in used and m["id"] not in out and tests[i](m)
        )

    return fill(0, frozenset())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases(), require_trained=st.booleans(), n=st.integers(min_value=0, max_value=10**6))
def test_any_pool_that_can_fill_the_seats_yields_a_valid_committee_and_any_other_is_refused(
    case, require_trained, n
):
    composition, category, pool = case
    snap = snapshot(composition, pool, category=category, require_trained=require_trained)
    fillable = _can_be_filled(snap)
    event(f"{composition}: {'fillable' if fillable else 'refused'}")
    if not fillable:
        with pytest.raises(SeatCannotBeFilled):
            draw_committee(snap, seed(n))
        return
    result = draw_committee(snap, seed(n))
    expected_places = [(seat["key"], slot) for seat in snap["seats"] for slot in seat["slots"]]
    assert [(e["seat"], e["slot"]) for e in result] == expected_places
    assert len({e["member"] for e in result}) == len(result)
    by_id = {m["id"]: m for m in pool}
    requires = {seat["key"]: seat["require"] for seat in snap["seats"]}
    for entry in result:
        assert rules.seat_predicate(requires[entry["seat"]], snap["position"])(by_id[entry["member"]])


@settings(max_examples=100, deadline=None)
@given(case=cases(), n=st.integers(0, 10**6))
def test_the_same_seed_gives_the_same_committee_whatever_the_order_of_the_pool(case, n):
    composition, category, pool = case
    snap = snapshot(composition, pool, category=category)
    reordered = snapshot(composition, list(reversed(pool)), category=category)
    try:
        first = draw_committee(snap, seed(n))
    except SeatCannotBeFilled:
        return
    assert draw_committee(snap, seed(n)) == first
    assert draw_committee(reordered, seed(n)) == first


# --- Fairness: chi-square over 10,000 seeds ---------------------------------------------------------------------

# Critical value of the chi-square distribution with 7 degrees of freedom at alpha = 0.001 (tables).
CHI2_7DF_0_001 = 24.322


def _chi_square(counts: dict, expected: float) -> float:
    return sum((observed - expected) ** 2 / expected for observed in counts.values())


def test_over_10000_seeds_each_eligible_member_is_drawn_as_often_for_a_seat():
    # 8 managers compete for R-13.2.1 (the chair's place is its first), 8 HR members for.
    pool = (
        [manager(i) for i in range(1, 9)]
        + [member(i, category=rules.PROFESSIONAL, hr_unit=True) for i in range(11, 19)]
        + [member(21, category=rules.PROFESSIONAL, fields=["it"])]
    )
    snap = snapshot(rules.R13_2, pool)
    chair = dict.fromkeys([str(i) for i in range(1, 9)], 0)
    hr = dict.fromkeys([str(i) for i in range(11, 19)], 0)
    runs = 10_000
    for n in range(runs):
        result = draw_committee(snap, seed(n))
        chair[result[0]["member"]] += 1
        hr[_members_of(result, "R-13.2.2")[0]] += 1
    assert sum(hr.values()) == sum(chair.values()) == runs
    assert _chi_square(hr, runs / 8) < CHI2_7DF_0_001
    assert _chi_square(chair, runs / 8) < CHI2_7DF_0_001


def test_the_chi_square_test_would_catch_a_draw_that_favours_one_member():
    biased = {str(i): 1250 for i in range(8)}
    biased["0"], biased["1"] = 1450, 1050  # 16 % more often than its share
    assert _chi_square(biased, 1250) > CHI2_7DF_0_001


# --- Records: recompute a published draw ---------------------------------------------------------------------------


def _record(snap, *, secret="a secret nobody guesses", portal_value="f" * 64):
    digest = rules.snapshot_hash(snap)
    the_seed = rules.draw_seed(
        secret=secret,
        portal_value=portal_value,
        position_reference=snap["position"]["reference"],
        snapshot_digest=digest,
    )
    result = draw_committee(snap, the_seed)
    return {
        "format": rules.RECORD_FORMAT,
        "algorithm": {
            "committee": rules.COMMITTEE_ALGORITHM_VERSION,
            "lottery": rules.lottery.ALGORITHM_VERSION,
        },
        "composition": rules.R13_2,
        "snapshot": snap,
        "snapshot_hash": digest,
        "commitment": rules.commitment_of(secret),
        "portal_commitment": rules.commitment_of(portal_value),
        "secret": secret,
        "portal_value": portal_value,
        "seed": the_seed,
        "result": result,
        "chair": rules.chair_of(result, snap["chair_seat"]),
    }


def test_a_record_recomputes_to_its_own_committee():
    assert rules.verify_record(_record(snapshot(rules.R13_2, _professional_pool() + [manager(6)]))) == []


def test_a_record_whose_pool_changed_after_publication_fails():
    record = _record(snapshot(rules.R13_2, _professional_pool() + [manager(6)]))
    record["snapshot"]["pool"][5]["fields"] = ["law"]
    assert any("snapshot" in problem for problem in rules.verify_record(record))


def test_a_record_with_another_seed_fails():
    record = _record(snapshot(rules.R13_2, _professional_pool() + [manager(6)]))
    record["seed"] = seed(0)
    assert any("seed" in problem for problem in rules.verify_record(record))


def test_a_record_whose_secret_does_not_match_the_commitment_fails():
    record = _record(snapshot(rules.R13_2, _professional_pool()))
    record["secret"] = "another secret"
    assert any("commitment" in problem for problem in rules.verify_record(record))


def test_a_record_whose_seats_are_not_the_article_s_fails():
    snap = snapshot(rules.R13_2, _professional_pool())
    snap["seats"][1]["require"] = {}
    assert any("composition" in problem for problem in rules.verify_record(_record(snap)))


# --- The pool's validity (R-13.5) --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "approved, last_day",
    [
        (dt.date(2024, 1, 18), dt.date(2026, 1, 17)),
        (dt.date(2024, 2, 29), dt.date(2026, 2, 28)),
        (dt.date(2025, 12, 31), dt.date(2027, 12, 30)),
    ],
)
def test_r13_5_a_list_is_valid_two_years_up_to_the_day_before_the_anniversary(approved, last_day):
    assert rules.pool_valid_until(approved) == last_day


def test_r13_5_a_draw_uses_a_list_only_on_the_days_it_is_in_force():
    approved, until = dt.date(2024, 1, 18), dt.date(2026, 1, 17)
    assert rules.pool_is_valid_on(approved, until, until)
    assert not rules.pool_is_valid_on(approved, until, until + dt.timedelta(days=1))
    assert not rules.pool_is_valid_on(approved, until, approved - dt.timedelta(days=1))


@pytest.mark.parametrize(
    "days_left, stage", [(90, None), (61, None), (60, 60), (15, 60), (14, 14), (0, 14), (-1, None)]
)
def test_hr_is_warned_60_and_14_days_before_the_list_expires(days_left, stage):
    today = dt.date(2026, 1, 1)
    assert rules.pool_expiry_warning(today + dt.timedelta(days=days_left), today) == stage


@pytest.mark.parametrize(
    "period, away",
    [
        ((dt.date(2026, 3, 1), dt.date(2026, 3, 5)), True),
        ((dt.date(2026, 3, 10), dt.date(2026, 3, 10)), True),
        ((dt.date(2026, 3, 11), dt.date(2026, 3, 20)), False),
        ((dt.date(2026, 2, 1), dt.date(2026, 2, 28)), False),
    ],
)
def test_r13_6_a_member_away_on_any_day_of_the_evaluation_is_not_drawn(period, away):
    assert rules.unavailable_during([period], dt.date(2026, 3, 1), dt.date(2026, 3, 10)) is away


# --- Declarations, observers, fees ------------------------------------------------------------------------------


def test_a_candidate_list_is_the_same_list_whatever_its_spacing():
    assert rules.candidate_list_digest(
        "Arta Krasniqi\n  Besnik  Berisha \n\n"
    ) == rules.candidate_list_digest("Arta Krasniqi\nBesnik Berisha")
    assert rules.candidate_list_digest("Arta Krasniqi") != rules.candidate_list_digest(
        "Arta Krasniqi\nDrita Gashi"
    )


def test_a_member_sees_candidates_only_after_declaring_no_conflict_for_the_current_list():
    current, old = rules.candidate_list_digest("A\nB"), rules.candidate_list_digest("A")
    assert rules.may_see_candidates([(current, False)], current)
    assert not rules.may_see_candidates([(old, False)], current)
    assert not rules.may_see_candidates([(current, True)], current)
    assert not rules.may_see_candidates([], current)


@pytest.mark.parametrize(
    "today, starts, in_time",
    [
        (dt.date(2026, 3, 9), dt.date(2026, 3, 10), True),
        (dt.date(2026, 3, 10), dt.date(2026, 3, 10), False),
        (dt.date(2026, 3, 9), None, True),
    ],
)
def test_r16_3_an_observer_s_notice_comes_before_the_evaluation_starts(today, starts, in_time):
    assert rules.observer_notice_in_time(today, starts) is in_time


@pytest.mark.parametrize(
    "civil_servant, composition, fee",
    [
        (False, rules.R14_2, Decimal(250)),
        (False, rules.R13_2, Decimal(250)),
        (True, rules.R14_2, None),
        (False, rules.F1, None),
    ],
)
def test_r14_7_a_member_who_is_not_a_civil_servant_is_paid_the_fixed_fee(civil_servant, composition, fee):
    assert rules.compensation_fee(is_civil_servant=civil_servant, composition=composition, fee_eur=250) == fee
