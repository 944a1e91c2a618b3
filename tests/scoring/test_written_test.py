"""The evaluation and its written test (R-20, R-21): creation, codes, question import, sealing and its refusals."""

import datetime as dt
import hashlib
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from audit.models import Event
from recruitment.permissions import NotAllowed
from scoring import rules, schemes, services
from scoring.models import CODE_ALPHABET, CODE_LENGTH, EvaluationCandidate, EvaluationStatus
from tests.factories import AnnouncementFactory, PositionFactory, UserFactory
from tests.helpers.scoring import (
    admit,
    make_committee,
    professional_questions,
    questions_csv,
    sealed,
    sealed_yesterday,
)

pytestmark = pytest.mark.django_db


def refusal(evaluation, chair) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        services.test_seal(evaluation=evaluation, actor=chair)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT and not evaluation.test_sha256
    return caught.value.messages


def import_rows(evaluation, chair, rows, **kwargs):
    services.test_questions_import(evaluation=evaluation, data=questions_csv(rows, **kwargs), actor=chair)


# --- the evaluation and its candidates -------------------------------------------------------------------------


def test_the_evaluation_freezes_the_position_s_scheme(evaluation):
    assert evaluation.scheme_key == "kqz-professional"
    assert evaluation.scheme == schemes.KQZ_PROFESSIONAL
    assert evaluation.status == EvaluationStatus.DRAFT


def test_only_hr_of_the_institution_starts_an_evaluation(committee, other_hr_officer, chair):
    for actor in (other_hr_officer, chair):
        with pytest.raises(NotAllowed):
            services.evaluation_create(position=committee.position, actor=actor)


def test_codes_are_random_unique_and_free_of_ambiguous_letters(evaluation, candidates):
    codes = [c.code for c in candidates]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    with pytest.raises(IntegrityError):
        EvaluationCandidate.objects.create(evaluation=evaluation, application=candidates[0].application)


def test_a_code_is_unique_across_evaluations(evaluation, candidates, institution, hr_officer):
    committee = make_committee(
        PositionFactory(announcement=AnnouncementFactory(institution=institution)),
        [UserFactory() for _ in range(5)],
        hr_officer,
    )
    other = services.evaluation_create(position=committee.position, actor=hr_officer)
    stranger = admit(other, "Gent", "Hoxha")
    stranger.code = candidates[0].code
    with pytest.raises(IntegrityError):
        stranger.save()


# --- importing the questions ------------------------------------------------------------------------------------


def test_the_chair_imports_the_questions(evaluation, chair):
    import_rows(evaluation, chair, professional_questions(), correct="A;C")
    question = evaluation.test_questions.get(number=1)
    assert question.options == ["Po", "Jo", "Ndoshta"] and question.correct == [0, 2]
    assert question.weight == Decimal("1.75")


def test_an_import_with_errors_saves_nothing_and_names_each_line(evaluation, chair, english):
    bad = b"section,weight,question,correct,A,B\nhistory,1,Q?,A,x,y\ngeneral_skills,abc,Q?,Z,x,y\n"
    with pytest.raises(ValidationError) as caught:
        services.test_questions_import(evaluation=evaluation, data=bad, actor=chair)
    text = " ".join(caught.value.messages)
    assert "Line 2" in text and "Line 3" in text and "'Z'" in text
    assert not evaluation.test_questions.exists()


def test_only_the_chair_imports_the_questions(evaluation, committee_member):
    with pytest.raises(NotAllowed):
        import_rows(evaluation, committee_member, professional_questions())


# --- sealing: every refusal names its rule -----------------------------------------------------------------------


def test_r20_9_refuses_a_test_of_fewer_than_50_questions(evaluation, chair):
    rows = professional_questions()
    rows = (
        rows[:24] + [("job_knowledge", Decimal(2))] * 12 + [("job_knowledge", Decimal(4))]
    )  # 37 questions, 70 pts
    import_rows(evaluation, chair, rows)
    messages = refusal(evaluation, chair)
    assert [m for m in messages if m.startswith("R-20.9:")]


def test_r20_9_refuses_more_than_70_questions(evaluation, chair):
    import_rows(
        evaluation, chair, professional_questions(extra_jk=0) + [("job_knowledge", Decimal("0.01"))] * 21
    )
    assert any(m.startswith("R-20.9:") for m in refusal(evaluation, chair))


def test_r20_7_refuses_shares_other_than_25_35_40(evaluation, chair):
    # 11 general-knowledge questions instead of 10, one skills question less: still 50 questions and 70 points.
    import_rows(evaluation, chair, professional_questions(count_gk=11, count_gs=13))
    messages = refusal(evaluation, chair)
    assert [m for m in messages if m.startswith("R-20.7:")]
    assert not [m for m in messages if m.startswith("R-20.10:") or m.startswith("R-20.9:")]


def test_r20_8_asks_for_the_language_section_when_a_foreign_language_is_required(evaluation, chair):
    type(evaluation).objects.filter(pk=evaluation.pk).update(foreign_language="English")
    evaluation.refresh_from_db()
    import_rows(evaluation, chair, professional_questions())
    assert any(m.startswith("R-20.8:") for m in refusal(evaluation, chair))


def test_r20_8_a_test_with_the_language_section_is_sealed(evaluation, chair):
    type(evaluation).objects.filter(pk=evaluation.pk).update(foreign_language="English")
    evaluation.refresh_from_db()
    sealed(evaluation, chair, professional_questions(language=True))
    assert evaluation.status == EvaluationStatus.SEALED


def test_r20_10_refuses_weights_that_do_not_add_up_to_70(evaluation, chair):
    rows = professional_questions()
    rows[-1] = ("job_knowledge", Decimal(3))
    import_rows(evaluation, chair, rows)
    assert any(m.startswith("R-20.10:") for m in refusal(evaluation, chair))


def test_r20_6_refuses_a_question_without_a_correct_answer(evaluation, chair):
    import_rows(evaluation, chair, professional_questions(), correct="")
    assert any(m.startswith("R-20.6:") for m in refusal(evaluation, chair))


def test_r21_9_refuses_more_than_50_questions_for_management(institution, hr_officer, members):
    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution),
        category="lower_management",
        scoring_scheme="kqz-management",
    )
    make_committee(position, members, hr_officer, composition="R-15.2")
    evaluation = services.evaluation_create(position=position, actor=hr_officer)
    # 51 questions of shares (9 / 21 / 30 of 60)
    rows = (
        [("general_knowledge", Decimal("0.9"))] * 10
        + [("general_skills", Decimal(1))] * 21
        + [("job_knowledge", Decimal("1.5"))] * 20
    )
    import_rows(evaluation, members[0], rows)
    messages = refusal(evaluation, members[0])
    assert any(m.startswith("R-21.9:") for m in messages)
    assert not any(m.startswith("R-20") for m in messages)


def test_sealing_hashes_a_canonical_json_of_the_test_and_freezes_it(evaluation, chair):
    sealed(evaluation, chair)
    canonical = json.dumps(
        evaluation.test_snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    assert evaluation.test_sha256 == hashlib.sha256(canonical.encode()).hexdigest()
    assert len(evaluation.test_snapshot["questions"]) == 50
    event = Event.objects.get(action="scoring.test_sealed")
    assert event.data["sha256"] == evaluation.test_sha256
    with pytest.raises(ValidationError):
        import_rows(evaluation, chair, professional_questions())
    with pytest.raises(ValidationError):
        services.test_seal(evaluation=evaluation, actor=chair)


def test_only_the_chair_seals(evaluation, chair, committee_member):
    import_rows(evaluation, chair, professional_questions())
    with pytest.raises(NotAllowed):
        services.test_seal(evaluation=evaluation, actor=committee_member)


def test_r20_5_the_sitting_opens_only_on_a_day_after_the_test_was_sealed(
    evaluation, candidates, chair, english
):
    services.test_questions_import(
        evaluation=evaluation, data=questions_csv(professional_questions()), actor=chair
    )
    services.test_seal(evaluation=evaluation, actor=chair)
    with pytest.raises(ValidationError, match=r"R-20\.5"):  # sealed today: not drafted the day before
        services.sitting_open(evaluation=evaluation, minutes=60, actor=chair)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SEALED and evaluation.sitting_opens_at is None
    sealed_yesterday(evaluation)
    services.sitting_open(evaluation=evaluation, minutes=60, actor=chair)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SITTING


@pytest.mark.parametrize(
    ("sealed_on", "test_on", "allowed"),
    [
        (
            dt.date(2026, 3, 9),
            dt.date(2026, 3, 10),
            True,
        ),  # "one day before the date set for the written test"
        (dt.date(2026, 3, 10), dt.date(2026, 3, 10), False),  # drafted on the day itself
        (
            dt.date(2026, 3, 6),
            dt.date(2026, 3, 10),
            False,
        ),  # "një ditë përpara": one day, not any earlier day
    ],
)
def test_r20_5_r21_5_questions_drafted_the_day_before_the_written_test(sealed_on, test_on, allowed):
    assert rules.drafted_before_the_test_day(sealed_on, test_on) is allowed
