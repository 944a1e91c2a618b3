"""R-20.4/R-21.4: "Vlerësimi maksimal i mundshëm për testimin me shkrim është deri në shtatëdhjetë për qind (70 %)"
("deri në": up to), R-20.10/R-21.10 "duke mos kaluar maksimumin" (not exceeding it): a written test worth less than
the maximum is lawful, its sections keeping their shares of its own total. R-21.8 "mund të jetë": the management
composition with a language section is optional."""

from decimal import Decimal

import pytest

from scoring import schemes, services
from scoring.rules import WrittenQuestion, written_test_problems
from tests.helpers.scoring import questions_csv

pytestmark = pytest.mark.django_db


def scaled(category: str, total: Decimal, count: int, *, shares=None) -> list[WrittenQuestion]:
    """A test of ``count`` questions worth ``total``, its sections at their shares (R-20.7, R-21.7)."""
    shares = shares or schemes.WRITTEN_COMPOSITIONS[category].shares
    questions, left = [], count
    for i, (section, share) in enumerate(shares.items()):
        n = left if i == len(shares) - 1 else int(count * share)
        weight = share * total / n
        questions += [WrittenQuestion(section, weight, ("Po", "Jo"), frozenset({"Po"})) for _ in range(n)]
        left -= n
    return questions


def test_r20_4_a_professional_test_worth_60_of_the_70_points_is_lawful():
    questions = scaled("professional", Decimal(60), 60)  # 15 / 21 / 24
    assert written_test_problems("professional", False, questions) == []


def test_r20_10_a_test_worth_more_than_70_is_refused():
    questions = scaled("professional", Decimal(80), 50)
    assert ("R-20.10", "weights-total") in {
        (p.article, p.code) for p in written_test_problems("professional", False, questions)
    }


def test_r21_4_a_management_test_worth_50_of_the_60_points_is_lawful():
    assert written_test_problems("lower_management", False, scaled("lower_management", Decimal(50), 40)) == []


def test_r21_8_a_management_test_with_a_language_required_may_keep_the_r21_7_composition():
    questions = scaled("middle_management", Decimal(60), 40)  # 15 / 35 / 50, no language section
    assert written_test_problems("middle_management", True, questions) == []


def test_r20_8_a_professional_test_with_a_language_required_must_have_its_language_section():
    questions = scaled("professional", Decimal(70), 50)
    assert written_test_problems("professional", True, questions) != []


def test_r20_4_sealing_a_test_worth_less_makes_it_the_written_step_s_maximum(evaluation, chair):
    rows = [(q.section, q.weight) for q in scaled("professional", Decimal(60), 60)]
    services.test_questions_import(evaluation=evaluation, data=questions_csv(rows), actor=chair)
    services.test_seal(evaluation=evaluation, actor=chair)
    evaluation.refresh_from_db()
    assert evaluation.scheme.step("written").maximum == 60 and evaluation.scheme.step("written").gate == 40


def test_r20_4_a_scheme_hr_composes_may_have_a_written_test_worth_less_than_70():
    scheme = schemes.custom_scheme(
        key="custom",
        steps=[
            {"key": "written", "maximum": "60", "gate": "40"},
            {
                "key": "interview",
                "maximum": "40",
                "combine": "mean_of_members",
                "questions": {"maxima": ["8"] * 5},
            },
        ],
        final_threshold="70",
    )
    assert services.custom_scheme_problems(scheme, "professional") == []
