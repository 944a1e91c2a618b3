"""The evaluation rules (R-20 … R-28, R-31; F1 item 13) as table tests, named by the article they read."""

from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

import pytest
from django.utils import translation

from recruitment.lib import lottery
from scoring.rules import (
    MarkError,
    RankCandidate,
    TieContext,
    WrittenQuestion,
    below_quota,
    evaluate,
    final_total,
    foreign_language_questions_ok,
    format_points,
    interview_score,
    is_qualified,
    mark_written_answer,
    member_total,
    rank,
    reaches_next_step,
    sheet_total,
    step_score,
    under_represented_gender,
    validate_mark,
    winners,
    written_test_problems,
    written_total,
)
from scoring.schemes import WRITTEN_COMPOSITIONS, preset

# ------------------------------------------------------------------------------------------------ display


@pytest.mark.parametrize(
    ("points", "shown"),
    [
        (70, "70.00"),
        (Decimal("39.99"), "39.99"),
        (Fraction(71, 3), "23.66"),
        (Fraction(2, 3), "0.66"),
        (Decimal("23.665"), "23.66"),  # cut, never rounded up
        (Decimal("23.675"), "23.67"),
        (Fraction(1, 200), "0.00"),
        (Fraction(1, 100), "0.01"),
        (Fraction(20999, 300), "69.99"),  # 69.9966…: never shown as 70.00
        (Decimal("-1.005"), "-1.00"),
    ],
)
def test_format_points_shows_two_decimals_cut_toward_zero(points, shown):
    assert format_points(points) == shown


def test_format_points_refuses_a_float():
    with pytest.raises(ValueError):
        format_points(0.1)


@pytest.mark.parametrize(
    "points",
    ["0", "-0.00", "0.10", "-0.004", "-0.01", "99.999", "1E+2", "12.3456789", "-23.665", "40", "60.5"],
)
def test_format_points_of_a_decimal_cuts_as_the_exact_fraction_does(points):
    # A Decimal takes a shorter way (the evaluation page's tables, issue 13): the same text as its Fraction.
    assert format_points(Decimal(points)) == format_points(Fraction(Decimal(points)))


def test_format_points_refuses_a_decimal_that_is_no_number():
    with pytest.raises(ValueError):
        format_points(Decimal("NaN"))


# ------------------------------------------------------------------------------ written test


def spread(section, points, count):
    """`count` questions of `section` whose weights add up to exactly `points`."""
    points = Decimal(points)
    each = (points / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    weights = [each] * (count - 1) + [points - each * (count - 1)]
    return [WrittenQuestion(section, w, ("a", "b", "c", "d"), {"a"}) for w in weights]


def paper(category, count, with_language=False):
    """A written test of `count` questions that keeps every rule of its category."""
    composition = WRITTEN_COMPOSITIONS[category]
    shares = composition.shares_with_language if with_language else composition.shares
    sections = list(shares.items())
    questions, left = [], count
    for i, (section, share) in enumerate(sections):
        n = left if i == len(sections) - 1 else int(count * share)
        questions += spread(section, share * composition.maximum, n)
        left -= n
    return questions


def codes(problems):
    return {(p.article, p.code) for p in problems}


@pytest.mark.parametrize(
    ("category", "count", "with_language"),
    [
        ("professional", 50, False),
        ("professional", 70, False),
        ("specialist", 60, True),
        ("professional", 50, True),
        ("lower_management", 30, False),
        ("middle_management", 50, False),
        ("middle_management", 40, True),
    ],
)
def test_r20_r21_a_paper_that_keeps_every_rule_has_no_problems(category, count, with_language):
    assert written_test_problems(category, with_language, paper(category, count, with_language)) == []


@pytest.mark.parametrize(
    ("category", "count"),
    [
        ("professional", 49),
        ("professional", 71),
        ("specialist", 49),
        ("specialist", 71),
    ],
)
def test_r20_9_a_professional_paper_has_50_to_70_questions(category, count):
    assert codes(written_test_problems(category, False, paper(category, count))) == {
        ("R-20.9", "question-count")
    }


@pytest.mark.parametrize("count", [29, 51])
def test_r21_9_a_management_paper_has_30_to_50_questions(count):
    problems = written_test_problems("lower_management", False, paper("lower_management", count))
    assert codes(problems) == {("R-21.9", "question-count")}


def move_one_point(questions, from_section, to_section):
    moved = []
    taken = given = False
    for q in questions:
        if q.section == from_section and not taken:
            q, taken = WrittenQuestion(q.section, q.weight - 1, q.options, q.correct), True
        elif q.section == to_section and not given:
            q, given = WrittenQuestion(q.section, q.weight + 1, q.options, q.correct), True
        moved.append(q)
    return moved


def test_r20_7_sections_weigh_25_35_40_percent_to_the_point():
    questions = move_one_point(paper("professional", 50), "general_knowledge", "job_knowledge")
    problems = written_test_problems("professional", False, questions)
    assert codes(problems) == {("R-20.7", "section-share")}
    assert len(problems) == 2  # one section a point short, the other a point over; the total is still 70
    with translation.override("en"):  # each names its section as a reader knows it, never by its key
        messages = " ".join(str(p.message) for p in written_test_problems("professional", False, questions))
    assert "General knowledge" in messages and "general_knowledge" not in messages


def test_r20_8_with_a_language_sections_weigh_20_25_25_30_percent():
    questions = move_one_point(paper("professional", 50, True), "foreign_language", "general_skills")
    assert codes(written_test_problems("professional", True, questions)) == {("R-20.8", "section-share")}


def test_r21_7_management_sections_weigh_15_35_50_percent():
    questions = move_one_point(paper("lower_management", 30), "job_knowledge", "general_skills")
    assert codes(written_test_problems("lower_management", False, questions)) == {("R-21.7", "section-share")}


def test_r21_8_management_with_a_language_weighs_10_20_30_40_percent():
    questions = move_one_point(paper("middle_management", 40, True), "general_knowledge", "foreign_language")
    assert codes(written_test_problems("middle_management", True, questions)) == {("R-21.8", "section-share")}


def test_r20_7_a_professional_paper_without_a_language_has_no_language_section():
    questions = paper("professional", 50, with_language=True)
    problems = written_test_problems("professional", False, questions)
    assert ("R-20.8", "section-unknown") in codes(problems)
    assert ("R-20.7", "section-share") in codes(problems)


def test_r20_7_a_test_worth_less_keeps_the_shares_of_its_own_total():
    questions = paper("professional", 50)
    questions[0] = WrittenQuestion(
        questions[0].section,
        questions[0].weight - Decimal("0.01"),
        questions[0].options,
        questions[0].correct,
    )
    assert ("R-20.7", "section-share") in codes(written_test_problems("professional", False, questions))


def test_r20_10_weights_may_not_exceed_70():
    questions = paper("professional", 50)
    questions[-1] = WrittenQuestion(
        questions[-1].section, questions[-1].weight + 1, questions[-1].options, questions[-1].correct
    )
    assert ("R-20.10", "weights-total") in codes(written_test_problems("professional", False, questions))


def test_r21_10_management_weights_add_up_to_60():
    questions = paper("professional", 50)  # 70 points on a management paper
    assert ("R-21.10", "weights-total") in codes(written_test_problems("lower_management", False, questions))


def replace_question(questions, index, **changes):
    q = questions[index]
    fields = {"section": q.section, "weight": q.weight, "options": q.options, "correct": q.correct, **changes}
    return questions[:index] + [WrittenQuestion(**fields)] + questions[index + 1 :]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"correct": set()}, "correct-missing"),
        ({"correct": {"z"}}, "correct-not-an-option"),
        ({"options": ("a",)}, "options-multiple-choice"),
        ({"options": ("a", "a", "b")}, "options-distinct"),
    ],
)
def test_r20_6_each_question_is_a_multiple_choice_with_one_or_more_correct_options(changes, code):
    questions = replace_question(paper("professional", 50), 7, **changes)
    problems = written_test_problems("professional", False, questions)
    assert [(p.article, p.code, p.question) for p in problems] == [("R-20.6", code, 8)]


def test_r21_6_management_questions_follow_the_same_model():
    questions = replace_question(paper("lower_management", 30), 0, correct=set())
    assert codes(written_test_problems("lower_management", False, questions)) == {
        ("R-21.6", "correct-missing")
    }


def test_r20_6_several_correct_options_are_allowed():
    questions = replace_question(paper("professional", 50), 0, correct={"a", "c"})
    assert written_test_problems("professional", False, questions) == []


def test_r20_10_a_question_weighs_more_than_nothing():
    questions = replace_question(paper("professional", 50), 0, weight=0)
    questions = replace_question(
        questions, 1, weight=questions[1].weight + paper("professional", 50)[0].weight
    )
    assert codes(written_test_problems("professional", False, questions)) == {("R-20.10", "weight-positive")}


def test_a_written_test_for_a_category_without_one_is_refused():
    with pytest.raises(ValueError):
        written_test_problems("non_permanent", False, paper("professional", 50))


# Marking (the sources are silent on several correct options: all or nothing).


@pytest.mark.parametrize(
    ("chosen", "points"),
    [
        ({"a", "c"}, Decimal("1.4")),
        ({"c", "a"}, Decimal("1.4")),
        ({"a"}, 0),
        ({"a", "b", "c"}, 0),
        ({"b"}, 0),
        (set(), 0),
    ],
)
def test_r20_6_a_question_with_several_correct_options_scores_all_or_nothing(chosen, points):
    assert mark_written_answer(Decimal("1.4"), {"a", "c"}, chosen) == points


def test_r20_6_a_question_without_a_correct_option_cannot_be_marked():
    with pytest.raises(ValueError):
        mark_written_answer(1, set(), {"a"})


def test_r21_11_the_written_total_adds_the_marks_of_the_answers():
    questions = [
        WrittenQuestion("general_knowledge", "1.5", ("a", "b"), {"a"}),
        WrittenQuestion("general_skills", "2.25", ("a", "b", "c"), {"b", "c"}),
        WrittenQuestion("job_knowledge", "3", ("a", "b"), {"b"}),
    ]
    assert written_total(questions, [{"a"}, {"b", "c"}, {"a"}]) == Decimal("3.75")
    assert written_total(questions, [None, {"c", "b"}, {"b"}]) == Decimal("5.25")


def test_r21_11_answers_must_match_the_questions():
    questions = [WrittenQuestion("general_knowledge", 1, ("a", "b"), {"a"})]
    with pytest.raises(ValueError):
        written_total(questions, [{"z"}])
    with pytest.raises(ValueError):
        written_total(questions, [])


# ---------------------------------------------------------------------------------- interview


def test_r23_5_a_member_cannot_give_7_on_a_question_of_6():
    with pytest.raises(MarkError) as error:
        validate_mark(7, preset("kqz-professional").step("interview").questions.maxima[0])
    assert error.value.rule == "mark-above-maximum"


def test_r22_5_a_management_question_takes_up_to_8_points():
    assert validate_mark(8, 8) == 8
    with pytest.raises(MarkError):
        validate_mark("8.01", 8)


@pytest.mark.parametrize(
    ("points", "accepted"),
    [
        (0, Decimal(0)),
        (6, Decimal(6)),
        ("5.5", Decimal("5.5")),
        (Decimal("4.25"), Decimal("4.25")),
        (Fraction(9, 4), Decimal("2.25")),
        ("6.000", Decimal(6)),
    ],
)
def test_r23_5_a_mark_from_0_to_the_maximum_with_two_decimals_is_accepted(points, accepted):
    assert validate_mark(points, 6) == accepted


@pytest.mark.parametrize(
    ("points", "rule"),
    [
        (-1, "mark-negative"),
        ("-0.01", "mark-negative"),
        ("6.01", "mark-above-maximum"),
        ("5.555", "mark-granularity"),
        (Fraction(1, 3), "mark-granularity"),
        (5.5, "mark-exact"),
        ("five", "mark-exact"),
        (None, "mark-exact"),
        ("NaN", "mark-exact"),
        (True, "mark-exact"),
    ],
)
def test_r23_5_a_mark_outside_the_rules_is_refused(points, rule):
    with pytest.raises(MarkError) as error:
        validate_mark(points, 6)
    assert error.value.rule == rule


def test_r23_7_a_member_total_adds_the_marks_of_every_question():
    assert member_total(["6", "5.5", 4, 0, "3.25"], [6] * 5) == Decimal("18.75")
    with pytest.raises(MarkError):
        member_total([6, 6, 6, 6], [6] * 5)
    with pytest.raises(MarkError):
        member_total([6, 6, 6, 6, 7], [6] * 5)


def test_r23_7_a_member_sheet_marks_every_question_of_the_scheme():
    interview = preset("kqz-professional").step("interview")
    assert sheet_total(interview, {1: 6, 2: 5, 3: 4, 4: 3, 5: "2.5"}) == Decimal("20.5")
    with pytest.raises(MarkError):
        sheet_total(interview, {1: 6, 2: 5, 3: 4, 4: 3})


def test_f1_a_documents_sheet_marks_each_criterion_up_to_its_own_maximum():
    documents = preset("f1").step("documents")
    assert sheet_total(documents, {"cv": 5, "education": 12, "training": 3, "experience": 15}) == 35
    with pytest.raises(MarkError) as error:
        sheet_total(documents, {"cv": 6, "education": 12, "training": 3, "experience": 14})
    assert error.value.rule == "mark-above-maximum"


def test_r23_9_the_interview_score_is_the_exact_mean_of_all_members():
    score = interview_score([Decimal(23), Decimal(24), Decimal(24)])
    assert score == Fraction(71, 3)
    assert score != Decimal("23.67")


def test_r23_9_every_member_counts():
    with pytest.raises(ValueError):
        interview_score([24, 25, 26, 27], members_expected=5)
    with pytest.raises(ValueError):
        interview_score([])


def test_r23_9_the_mean_is_not_rounded_before_the_threshold():
    written = Decimal(40)
    interview = interview_score([30, 30, "29.99"])  # 29.99666…
    total = final_total([written, interview])
    assert not is_qualified(preset("kqz-professional"), total)  # the exact value decides …
    assert format_points(total) == "69.99"  # … and the display never shows a qualifying 70.00


def test_f1_each_step_is_the_mean_of_the_three_members():
    documents = preset("f1").step("documents")
    assert step_score(documents, [30, 35, 31], members_expected=3) == Fraction(32)


def test_r20_3_the_written_test_has_a_single_score():
    written = preset("kqz-professional").step("written")
    assert step_score(written, ["52.5"]) == Fraction(105, 2)
    with pytest.raises(ValueError):
        step_score(written, [50, 52])
    with pytest.raises(ValueError):
        step_score(written, [71])


@pytest.mark.parametrize(
    ("required", "flags", "ok"),
    [
        (True, [True, True, False, False, False], True),
        (True, [False, True, False, True, False], True),
        (True, [True, False, False, False, False], False),
        (True, [True, True, True, False, False], False),
        (False, [False] * 5, True),
        (False, [True, True, False, False, False], False),
        (True, [True, True, False, False], False),  # four questions: asks five
    ],
)
def test_r23_6_two_of_the_five_questions_are_in_the_required_foreign_language(required, flags, ok):
    assert foreign_language_questions_ok(preset("kqz-professional").step("interview"), required, flags) is ok


def test_r22_6_management_interviews_follow_the_same_rule():
    interview = preset("kqz-management").step("interview")
    assert foreign_language_questions_ok(interview, True, [True, True, False, False, False])
    assert not foreign_language_questions_ok(interview, True, [True, False, False, False, False])


def test_f1_names_no_language_rule_for_its_interview():
    assert foreign_language_questions_ok(
        preset("f1").step("interview"), True, [True, False, False, False, False]
    )


# ------------------------------------------------------------------------------------ gates and totals


@pytest.mark.parametrize(
    ("key", "step", "points", "goes_on"),
    [
        ("kqz-professional", "written", "39.99", False),
        ("kqz-professional", "written", 40, True),
        ("kqz-specialist", "written", "39.99", False),
        ("kqz-specialist", "written", "40.00", True),
        ("kqz-management", "written", "29.99", False),
        ("kqz-management", "written", 30, True),
        ("kqz-management", "written", Fraction(89, 3), False),  # 29.67
        ("f1", "documents", 0, True),  # F1 names no gate
    ],
)
def test_r22_2_r23_2_the_interview_needs_the_gate_in_the_written_test(key, step, points, goes_on):
    assert reaches_next_step(preset(key), step, points) is goes_on


def test_r23_2_a_step_of_another_scheme_is_refused():
    with pytest.raises(ValueError):
        reaches_next_step(preset("kqz-professional"), preset("kqz-management").step("written"), 40)


def test_r24_the_final_score_is_the_exact_sum_of_the_steps():
    assert final_total({"written": Decimal("45.5"), "interview": Fraction(71, 3)}) == Fraction(
        91, 2
    ) + Fraction(71, 3)
    with pytest.raises(ValueError):
        final_total([Decimal(-1)])


@pytest.mark.parametrize(
    ("key", "total", "qualified"),
    [
        ("kqz-professional", 70, True),  # 70 and more
        ("kqz-professional", "69.99", False),
        ("kqz-specialist", Decimal("70.00"), True),
        ("kqz-management", 70, True),
        ("kqz-management", Fraction(209, 3), False),  # 69.67
        ("f1", 70, False),  # F1: "not more than 70" is disqualified
        ("f1", "70.01", True),
        ("f1", Fraction(7000001, 100000), True),
    ],
)
def test_r25_2_and_f1_who_is_qualified(key, total, qualified):
    assert is_qualified(preset(key), total) is qualified


def test_r23_2_a_candidate_below_the_gate_stops_at_the_written_test():
    outcome = evaluate(preset("kqz-professional"), {"written": "39.99"})
    assert (outcome.stopped_at, outcome.steps_taken, outcome.qualified) == ("written", ("written",), False)
    assert outcome.total == Decimal("39.99")
    with pytest.raises(ValueError):
        evaluate(preset("kqz-professional"), {"written": "39.99", "interview": 30})


def test_r25_2_a_candidate_at_the_gate_and_full_interview_reaches_exactly_70():
    outcome = evaluate(preset("kqz-professional"), {"written": 40, "interview": 30})
    assert (outcome.stopped_at, outcome.total, outcome.qualified) == (None, 70, True)


def test_r24_evaluation_needs_every_step_within_its_maximum():
    with pytest.raises(ValueError):
        evaluate(preset("kqz-professional"), {"written": 45})
    with pytest.raises(ValueError):
        evaluate(preset("kqz-professional"), {"written": 45, "interview": 31})
    with pytest.raises(ValueError):
        evaluate(preset("kqz-professional"), {"written": 45, "interview": 20, "documents": 5})


def test_r24_the_live_results_walk_stops_at_an_unmarked_step_without_a_total():
    outcome = evaluate(preset("kqz-professional"), {"written": 45, "interview": None}, complete=False)
    assert (outcome.total, outcome.unmarked, outcome.steps_taken, outcome.qualified) == (
        None,
        "interview",
        ("written",),
        False,
    )
    assert outcome.reached("interview")


def test_r23_2_the_live_results_walk_does_not_read_a_score_past_a_gate_not_reached():
    outcome = evaluate(preset("kqz-professional"), {"written": "39.99", "interview": 30}, complete=False)
    assert (outcome.stopped_at, outcome.total, outcome.qualified) == ("written", Fraction(3999, 100), False)
    assert not outcome.reached("interview") and outcome.scores == {"written": Fraction(3999, 100)}


# ------------------------------------------------------------------------------ ranking and ties

SEED = lottery.derive_seed("KQZ 44/2023", "act 2023-04-01")


def order(rows):
    return [row.candidate.id for row in rows]


def test_r25_1_candidates_are_listed_by_final_score_descending():
    rows = rank(
        [RankCandidate("a", 71), RankCandidate("b", Decimal("88.5")), RankCandidate("c", Fraction(211, 3))],
        TieContext(),
        SEED,
    )
    assert order(rows) == ["b", "a", "c"]
    assert [row.position for row in rows] == [1, 2, 3]
    assert [row.tie_rule for row in rows] == [None, None, None]


def test_r27_1_1_a_candidate_with_a_disability_goes_first_while_below_the_quota():
    candidates = [
        RankCandidate("a", 80, non_majority_community=True, gender="f"),
        RankCandidate("b", 80, has_disability=True, gender="m"),
    ]
    context = TieContext(
        disability_share="0.01",
        disability_quota="0.02",
        non_majority_share="0.05",
        under_represented_gender="f",
    )
    rows = rank(candidates, context, SEED)
    assert order(rows) == ["b", "a"]
    assert [row.tie_rule for row in rows] == ["R-27.1.1", "R-27.1.1"]


@pytest.mark.parametrize(
    "context",
    [
        TieContext(
            disability_share="0.02", disability_quota="0.02", non_majority_share="0.05"
        ),  # at the quota
        TieContext(
            disability_share="0.01", non_majority_share="0.05"
        ),  # no quota figure (R-27.1.1 names none)
    ],
)
def test_r27_1_1_does_not_apply_at_or_without_a_quota(context):
    candidates = [
        RankCandidate("a", 80, non_majority_community=True),
        RankCandidate("b", 80, has_disability=True),
    ]
    rows = rank(candidates, context, SEED)
    assert order(rows) == ["a", "b"]
    assert rows[0].tie_rule == "R-27.1.2"


def test_r27_1_2_a_non_majority_candidate_goes_first_while_below_10_percent():
    candidates = [
        RankCandidate("a", 80, gender="f"),
        RankCandidate("b", 80, non_majority_community=True, gender="m"),
    ]
    rows = rank(candidates, TieContext(non_majority_share="0.0999", under_represented_gender="f"), SEED)
    assert order(rows) == ["b", "a"]
    assert rows[0].tie_rule == "R-27.1.2"


def test_r28_1_at_10_percent_the_non_majority_quota_is_met():
    candidates = [
        RankCandidate("a", 80, gender="f"),
        RankCandidate("b", 80, non_majority_community=True, gender="m"),
    ]
    rows = rank(
        candidates, TieContext(non_majority_share=Fraction(1, 10), under_represented_gender="f"), SEED
    )
    assert order(rows) == ["a", "b"]
    assert rows[0].tie_rule == "R-27.1.3"


def test_r27_1_3_the_under_represented_gender_goes_first_when_genders_differ():
    candidates = [RankCandidate("a", 75, gender="m"), RankCandidate("b", 75, gender="f")]
    for gender, first in [("f", "b"), ("m", "a")]:
        rows = rank(candidates, TieContext(under_represented_gender=gender), SEED)
        assert order(rows)[0] == first
        assert [row.tie_rule for row in rows] == ["R-27.1.3", "R-27.1.3"]


def test_r27_1_4_the_same_gender_goes_to_the_lot():
    candidates = [RankCandidate("a", 75, gender="f"), RankCandidate("b", 75, gender="f")]
    rows = rank(candidates, TieContext(under_represented_gender="f"), SEED)
    assert [row.tie_rule for row in rows] == ["R-27.1.4", "R-27.1.4"]


def test_r27_1_4_the_lot_is_the_published_draw_and_reproducible_from_its_seed():
    candidates = [RankCandidate(c, 75) for c in ("c", "a", "d", "b")]
    rows = rank(candidates, TieContext(), SEED)
    expected = lottery.shuffled(
        ["a", "b", "c", "d"], lottery.derive_seed(SEED, "R-27.1.4", "a", "b", "c", "d")
    )
    assert order(rows) == expected
    assert order(rank(list(reversed(candidates)), TieContext(), SEED)) == expected
    assert {row.tie_rule for row in rows} == {"R-27.1.4"}
    assert rows[0].tied_with == tuple(sorted(set("abcd") - {expected[0]}))


def test_r27_1_4_another_seed_may_draw_another_order():
    candidates = [RankCandidate(c, 75) for c in ("a", "b", "c")]
    orders = {
        tuple(order(rank(candidates, TieContext(), lottery.derive_seed("act", str(i))))) for i in range(30)
    }
    assert len(orders) > 1


def test_r27_1_each_level_decides_in_turn_within_one_tie():
    candidates = [
        RankCandidate("plain-1", 90, gender="m"),
        RankCandidate("woman", 90, gender="f"),
        RankCandidate("community", 90, non_majority_community=True, gender="m"),
        RankCandidate("disability", 90, has_disability=True, gender="m"),
        RankCandidate("plain-2", 90, gender="m"),
        RankCandidate("top", 95),
    ]
    context = TieContext(
        disability_share=0, disability_quota="0.03", non_majority_share="0.08", under_represented_gender="f"
    )
    rows = rank(candidates, context, SEED)
    assert order(rows)[:4] == ["top", "disability", "community", "woman"]
    assert set(order(rows)[4:]) == {"plain-1", "plain-2"}
    # each row's rule orders it against the next tied row; the last of the tie against the row above it
    assert [row.tie_rule for row in rows] == [
        None,
        "R-27.1.1",
        "R-27.1.2",
        "R-27.1.3",
        "R-27.1.4",
        "R-27.1.4",
    ]


def test_r27_1_ranking_refuses_duplicate_ids_and_a_missing_seed():
    with pytest.raises(ValueError):
        rank([RankCandidate("a", 1), RankCandidate("a", 2)], TieContext(), SEED)
    with pytest.raises(ValueError):
        rank([RankCandidate("a", 1)], TieContext(), "")


# --------------------------------------------------------------------------------------------- winners


def ranked(*totals, **kwargs):
    return rank(
        [RankCandidate(f"c{i}", total, **kwargs) for i, total in enumerate(totals)], TieContext(), SEED
    )


def test_r25_2_the_qualified_list_is_everyone_at_70_or_more_in_rank_order():
    rows = ranked(70, "69.99", 85, 72)
    assert order(winners(preset("kqz-professional"), rows)) == ["c2", "c3", "c0"]


def test_r31_1_management_appoints_only_the_best_qualified():
    rows = ranked(70, 85, 72)
    assert order(winners(preset("kqz-management"), rows)) == ["c1"]


def test_f1_the_top_three_qualified_are_presented():
    assert order(winners(preset("f1"), ranked(99, 98, 97, 96))) == ["c0", "c1", "c2"]
    assert order(winners(preset("f1"), ranked(99, 70, "70.01", 50))) == ["c0", "c2"]


def test_r25_3_nobody_at_70_means_a_competition_without_winner():
    assert winners(preset("kqz-professional"), ranked("69.99", 50)) == []
    assert winners(preset("f1"), ranked(70, 70)) == []


def test_r23_2_a_candidate_stopped_at_a_gate_never_wins():
    assert winners(preset("kqz-professional"), ranked(80, passed_gates=False)) == []


@pytest.mark.parametrize(
    ("share", "quota", "below"),
    [
        ("0.0999", "0.10", True),
        ("0.10", "0.10", False),
        ("0.11", "0.10", False),  # "më i vogël se": strictly
        (None, "0.10", False),
        ("0.01", None, False),  # unknown: never below
    ],
)
def test_r27_1_1_and_r27_1_2_below_the_quota_means_strictly_smaller(share, quota, below):
    assert below_quota(share, quota) is below


@pytest.mark.parametrize(
    ("women", "men", "gender"), [(3, 7, "female"), (7, 3, "male"), (5, 5, None), (0, 0, None)]
)
def test_r27_1_3_the_under_represented_gender_is_the_one_with_fewer_civil_servants(women, men, gender):
    assert under_represented_gender(women, men) == gender
