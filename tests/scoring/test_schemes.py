"""The evaluation schemes: presets copied from the articles, and the rules every scheme HR composes must keep."""

import dataclasses
from decimal import Decimal

import pytest

from scoring import schemes
from scoring.schemes import SchemeError, custom_scheme, preset, with_question_maxima

# (preset, step, maximum, gate, number of questions, points per question), quoted from the articles.
STEP_TABLE = [
    ("kqz-professional", "written", 70, 40, None, None),
    ("kqz-professional", "interview", 30, None, 5, 6),
    ("kqz-specialist", "written", 70, 40, None, None),
    ("kqz-specialist", "interview", 30, None, 5, 6),
    ("kqz-management", "written", 60, 30, None, None),
    ("kqz-management", "interview", 40, None, 5, 8),
    ("f1", "documents", 40, None, None, None),  # F1 item 13
    ("f1", "interview", 60, None, 5, 12),  # F1 item 13 (5 × 12 is our default)
]


@pytest.mark.parametrize(("key", "step_key", "maximum", "gate", "count", "each"), STEP_TABLE)
def test_r20_r23_f1_each_preset_step_has_the_articles_figures(key, step_key, maximum, gate, count, each):
    step = preset(key).step(step_key)
    assert step.maximum == maximum
    assert step.gate == gate
    if count is None:
        assert step.questions is None
    else:
        assert step.questions.count == count
        assert set(step.questions.maxima) == {Decimal(each)}


@pytest.mark.parametrize("key", ["kqz-professional", "kqz-specialist", "kqz-management", "f1"])
def test_r24_every_preset_adds_up_to_one_hundred_points(key):
    assert preset(key).maximum == 100


@pytest.mark.parametrize(
    ("key", "comparison", "winners_rule", "top_n"),
    [
        ("kqz-professional", ">=", "qualified_list", None),
        ("kqz-specialist", ">=", "qualified_list", None),
        ("kqz-management", ">=", "best_qualified", None),
        ("f1", ">", "top_n", 3),  # F1 item 13
    ],
)
def test_r25_2_r31_1_f1_each_preset_qualifies_at_70_with_its_own_comparison(
    key, comparison, winners_rule, top_n
):
    scheme = preset(key)
    assert (scheme.final_threshold, scheme.final_comparison) == (70, comparison)
    assert (scheme.winners_rule, scheme.top_n) == (winners_rule, top_n)


@pytest.mark.parametrize("key", ["kqz-professional", "kqz-specialist", "kqz-management"])
def test_r22_9_r23_9_interviews_are_the_mean_of_members_and_ask_two_questions_in_a_language(key):
    interview = preset(key).step("interview")
    assert interview.combine == schemes.COMBINE_MEAN_OF_MEMBERS
    assert interview.questions.in_foreign_language == 2
    assert interview.questions.fixed


def test_f1_documents_are_cv_5_education_15_training_5_experience_15():
    documents = preset("f1").step("documents")
    assert documents.sheet_maxima == {"cv": 5, "education": 15, "training": 5, "experience": 15}
    assert documents.combine == schemes.COMBINE_MEAN_OF_MEMBERS


def test_f1_committee_sets_its_own_points_per_question_totalling_60():
    scheme = with_question_maxima(preset("f1"), "interview", ["10", "10", "10", "15", "15"])
    assert scheme.step("interview").questions.maxima == tuple(Decimal(x) for x in (10, 10, 10, 15, 15))
    assert preset("f1").step("interview").questions.count == 5  # the preset itself is untouched


def test_f1_committee_points_per_question_must_total_60():
    with pytest.raises(SchemeError) as error:
        with_question_maxima(preset("f1"), "interview", [12, 12, 12, 12])
    assert error.value.rule == "parts-add-up"


def test_r23_5_the_committee_cannot_change_the_fixed_questions_of_the_regulation():
    with pytest.raises(SchemeError) as error:
        with_question_maxima(preset("kqz-professional"), "interview", [10, 10, 10])
    assert error.value.rule == "questions-fixed"


def test_presets_cannot_be_altered_in_place():
    with pytest.raises(dataclasses.FrozenInstanceError):
        preset("kqz-professional").final_threshold = Decimal(60)


def test_an_unknown_preset_is_refused():
    with pytest.raises(SchemeError) as error:
        preset("kqz-director")
    assert error.value.rule == "preset-known"


# K23 names no point scheme: HR composes one, and the builder refuses what cannot work.


def interview_only(**overrides):
    data = {
        "key": "k23-interview",
        "steps": [
            {
                "key": "interview",
                "maximum": "100",
                "combine": "mean_of_members",
                "questions": {"maxima": ["20"] * 5, "fixed": False},
            }
        ],
        "final_threshold": "50",
    }
    data.update(overrides)
    return data


def test_k23_hr_composes_an_interview_only_scheme():
    scheme = custom_scheme(**interview_only())
    assert [step.key for step in scheme.steps] == ["interview"]
    assert scheme.maximum == 100
    assert scheme.final_comparison == ">="


def test_k23_a_stored_scheme_rebuilds_equal_to_itself():
    for scheme in [*schemes.PRESETS.values(), custom_scheme(**interview_only())]:
        assert custom_scheme(**scheme.as_dict()) == scheme


BROKEN = [
    ("step-maximum-positive", {"steps": [{"key": "interview", "maximum": "0"}]}),
    (
        "gate-within-maximum",
        {"steps": [{"key": "written", "maximum": 60, "gate": 61}, {"key": "oral", "maximum": 40}]},
    ),
    ("last-step-no-gate", {"steps": [{"key": "interview", "maximum": 100, "gate": 50}]}),
    ("steps-distinct", {"steps": [{"key": "oral", "maximum": 50}, {"key": "oral", "maximum": 50}]}),
    ("steps-present", {"steps": []}),
    ("combine-known", {"steps": [{"key": "oral", "maximum": 100, "combine": "median"}]}),
    ("sum-needs-criteria", {"steps": [{"key": "oral", "maximum": 100, "combine": "sum_of_criteria"}]}),
    (
        "parts-add-up",
        {
            "steps": [
                {
                    "key": "documents",
                    "maximum": 100,
                    "combine": "sum_of_criteria",
                    "criteria": [{"key": "cv", "maximum": 5}, {"key": "experience", "maximum": 15}],
                }
            ]
        },
    ),
    (
        "criteria-distinct",
        {
            "steps": [
                {
                    "key": "documents",
                    "maximum": 10,
                    "combine": "sum_of_criteria",
                    "criteria": [{"key": "cv", "maximum": 5}, {"key": "cv", "maximum": 5}],
                }
            ]
        },
    ),
    ("part-maximum-positive", {"steps": [{"key": "oral", "maximum": 10, "questions": {"maxima": [10, 0]}}]}),
    (
        "language-questions",
        {
            "steps": [
                {"key": "oral", "maximum": 10, "questions": {"maxima": [5, 5], "in_foreign_language": 3}}
            ]
        },
    ),
    ("threshold-reachable", {"final_threshold": 101}),
    ("threshold-reachable", {"final_threshold": 100, "final_comparison": ">"}),
    ("comparison-known", {"final_comparison": "=>"}),
    ("winners-rule-known", {"winners_rule": "everyone"}),
    ("top-n-with-rule", {"winners_rule": "top_n"}),
    ("top-n-with-rule", {"top_n": 3}),
    ("top-n-positive", {"winners_rule": "top_n", "top_n": 0}),
    ("exact-number", {"final_threshold": 70.0}),
    ("exact-number", {"final_threshold": "seventy"}),
    ("step-fields", {"steps": [{"key": "oral", "maximum": 100, "weight": 2}]}),
    ("step-key", {"steps": [{"maximum": 100}]}),
    ("step-key", {"steps": [{"key": "oral test", "maximum": 100}]}),
]


@pytest.mark.parametrize(
    ("rule", "change"), BROKEN, ids=[f"{rule}-{i}" for i, (rule, _) in enumerate(BROKEN)]
)
def test_k23_a_composed_scheme_that_breaks_a_rule_is_refused_naming_the_rule(rule, change):
    with pytest.raises(SchemeError) as error:
        custom_scheme(**interview_only(**change))
    assert error.value.rule == rule
    assert str(error.value)


def test_k23_a_scheme_at_the_edge_of_each_rule_is_accepted():
    scheme = custom_scheme(
        **interview_only(
            steps=[{"key": "written", "maximum": 50, "gate": 50}, {"key": "oral", "maximum": "50.5"}],
            final_threshold="100.5",
            winners_rule="top_n",
            top_n=1,
        )
    )
    assert scheme.step("written").gate == scheme.step("written").maximum
    assert scheme.maximum == scheme.final_threshold
