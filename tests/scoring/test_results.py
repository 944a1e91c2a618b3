"""The results (R-24, R-25, R-27, R-31, F1 item 13) on worked examples written from the articles, each taken through
the services: the written test (or F1's documents), every member's sheet, the completion freezing the results."""

import hashlib
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError

from audit.models import Event
from committees import rules as committee_rules
from recruitment.lib import lottery
from scoring import results, services
from scoring.models import EvaluationResult, EvaluationStatus
from tests.factories import UserFactory
from tests.scoring.results_helpers import (
    candidate,
    f1_evaluation,
    management_written_and_interviews,
    position_with_committee,
    submit_sheets,
    written_and_interviews,
)

pytestmark = pytest.mark.django_db


def by_name(rows, entrants: dict) -> dict:
    ids = {entrant.pk: name for name, entrant in entrants.items()}
    return {ids[row.candidate_id]: row for row in rows}


def test_r24_r25_2_r23_2_the_professional_scheme_worked_example(evaluation, chair, members):
    """R-23.2: "at least 40" reaches the interview (39.99 does not); R-24: final = written + interview;
    R-23.9: the interview is the mean of all members; R-25.2: "70 points and more" qualify (exactly 70 does)."""
    entrants = {
        name: candidate(evaluation, name)
        for name in ("Ana Gashi", "Besa Hoxha", "Dea Krasniqi", "Era Morina", "Fatos Absent")
    }
    written_and_interviews(
        evaluation,
        chair,
        {
            entrants["Ana Gashi"]: "40",
            entrants["Besa Hoxha"]: "39.99",
            entrants["Dea Krasniqi"]: "50",
            entrants["Era Morina"]: "65.5",
            entrants["Fatos Absent"]: None,
        },
    )
    submit_sheets(evaluation, members, entrants["Ana Gashi"], ["30"] * 5)  # 40 + 30 = 70: qualified
    submit_sheets(
        evaluation, members, entrants["Dea Krasniqi"], ["20", "20", "20", "20", "19.95"]
    )  # 50 + 19.99
    submit_sheets(
        evaluation, members, entrants["Era Morina"], ["10", "12.5", "11", "9", "8.75"]
    )  # mean 10.25

    stored = services.evaluation_complete(evaluation=evaluation, actor=chair)
    rows = by_name(results.compute_results(evaluation), entrants)

    assert rows["Ana Gashi"].total == 70 and rows["Ana Gashi"].qualified  # exactly 70
    assert rows["Dea Krasniqi"].interview == Fraction("19.99") and rows["Dea Krasniqi"].total == Fraction(
        "69.99"
    )
    assert not rows["Dea Krasniqi"].qualified
    assert rows["Era Morina"].interview == Fraction("10.25") and rows["Era Morina"].total == Fraction("75.75")
    assert rows["Besa Hoxha"].written == Fraction("39.99") and not rows["Besa Hoxha"].reached_interview
    assert rows["Besa Hoxha"].interview is None and rows["Besa Hoxha"].total == Fraction("39.99")
    assert rows["Besa Hoxha"].stopped_at == "written" and not rows["Besa Hoxha"].qualified
    assert rows["Ana Gashi"].reached_interview  # exactly 40 reaches it
    assert rows["Fatos Absent"].rank is None and rows["Fatos Absent"].total is None
    # descending order: the qualified list wins (everyone qualified, in rank order).
    ranked = [row for row in results.compute_results(evaluation) if row.rank]
    assert [by_name([r], entrants).popitem()[0] for r in ranked] == [
        "Era Morina",
        "Ana Gashi",
        "Dea Krasniqi",
        "Besa Hoxha",
    ]
    assert [row.winner for row in ranked] == [True, True, False, False]
    # Frozen as exact text, never rounded.
    assert {row["total"] for row in stored.rows} >= {"70", "303/4", "6999/100", "3999/100"}
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.COMPLETE
    assert Event.objects.filter(action="scoring.evaluation_completed").count() == 1


def test_r22_2_r31_1_the_management_scheme_gate_at_30_and_the_best_qualified_wins(
    institution, hr_officer, chair, members
):
    """R-22.2: "at least 30 points" (29.99 stops); R-22.5: 5 × 8; R-31.1: the best qualified candidate only."""
    position = position_with_committee(
        institution,
        hr_officer,
        members,
        scheme="kqz-management",
        category="lower_management",
        composition=committee_rules.R15_2,
        code="M-1",
    )
    evaluation = services.evaluation_create(position=position, actor=hr_officer)
    entrants = {name: candidate(evaluation, name) for name in ("Ana Gashi", "Besa Hoxha", "Dea Krasniqi")}
    management_written_and_interviews(
        evaluation,
        chair,
        {entrants["Ana Gashi"]: "30", entrants["Besa Hoxha"]: "29.99", entrants["Dea Krasniqi"]: "45"},
    )
    submit_sheets(evaluation, members, entrants["Ana Gashi"], ["40"] * 5)  # 70: qualified
    submit_sheets(evaluation, members, entrants["Dea Krasniqi"], ["36"] * 5)  # 81
    services.evaluation_complete(evaluation=evaluation, actor=chair)
    rows = by_name(results.compute_results(evaluation), entrants)
    assert (
        rows["Ana Gashi"].reached_interview and rows["Ana Gashi"].qualified and rows["Ana Gashi"].total == 70
    )
    assert not rows["Besa Hoxha"].reached_interview and rows["Besa Hoxha"].stopped_at == "written"
    assert rows["Dea Krasniqi"].rank == 1 and rows["Dea Krasniqi"].winner
    assert not rows["Ana Gashi"].winner  # qualified, but appoints the best one


def test_f1_documents_and_interview_exactly_70_fails_and_the_top_three_are_presented(
    institution, hr_officer, english
):
    """F1 item 13: documents 40 (CV 5, education 15, training 5, experience 15) + interview 60; "not more than 70"
    is disqualified; the three best are presented. Three members: a mean can be a third of a point."""
    users = [UserFactory(username=f"f1-{i}@example.org") for i in range(3)]
    evaluation = f1_evaluation(institution, hr_officer, users)
    chair = users[0]
    names = ("Ana Gashi", "Besa Hoxha", "Dea Krasniqi", "Era Morina", "Genc Leka")
    entrants = {name: candidate(evaluation, name) for name in names}
    services.documents_open(evaluation=evaluation, actor=chair)
    documents = {
        "Ana Gashi": ["30", "30", "30"],
        "Besa Hoxha": ["30", "30", "30"],
        "Dea Krasniqi": ["40"] * 3,
        "Era Morina": ["35"] * 3,
        "Genc Leka": ["38"] * 3,
    }
    for name, totals in documents.items():
        submit_sheets(evaluation, users, entrants[name], totals, step="documents")
    services.interview_open(
        evaluation=evaluation, questions=[(f"Q{n}", False) for n in range(1, 6)], actor=chair
    )
    interviews = {
        "Ana Gashi": ["40"] * 3,
        "Besa Hoxha": ["40", "40", "40.01"],
        "Dea Krasniqi": ["50"] * 3,
        "Era Morina": ["45"] * 3,
        "Genc Leka": ["60"] * 3,
    }
    for name, totals in interviews.items():
        submit_sheets(evaluation, users, entrants[name], totals)
    services.evaluation_complete(evaluation=evaluation, actor=chair)
    rows = by_name(results.compute_results(evaluation), entrants)

    assert rows["Ana Gashi"].total == 70 and not rows["Ana Gashi"].qualified  # "not more than 70": out
    assert rows["Besa Hoxha"].interview == Fraction(12001, 300)  # (40 + 40 + 40.01) / 3, not rounded
    assert rows["Besa Hoxha"].qualified and results.format_optional(rows["Besa Hoxha"].total) == "70.00"
    assert rows["Besa Hoxha"].written is None and rows["Besa Hoxha"].documents == 30
    assert [rows[n].rank for n in ("Genc Leka", "Dea Krasniqi", "Era Morina", "Besa Hoxha", "Ana Gashi")] == [
        1,
        2,
        3,
        4,
        5,
    ]
    assert [n for n in names if rows[n].winner] == ["Dea Krasniqi", "Era Morina", "Genc Leka"]  # top three
    assert not rows["Besa Hoxha"].winner  # qualified, fourth


def test_completion_needs_every_sheet_of_every_active_member(evaluation, chair, members, english):
    entrants = [candidate(evaluation, "Ana Gashi"), candidate(evaluation, "Besa Hoxha")]
    written_and_interviews(evaluation, chair, {entrants[0]: "50", entrants[1]: "60"})
    submit_sheets(evaluation, members, entrants[0], ["20"] * 5)
    submit_sheets(evaluation, members[:4], entrants[1], ["20"] * 4)
    with pytest.raises(ValidationError) as caught:
        services.evaluation_complete(evaluation=evaluation, actor=chair)
    assert "9 of 10 sheets" in caught.value.messages[0]
    assert not EvaluationResult.objects.exists()
    # Before completion the rows are live and unranked where a step is not marked yet.
    live = {row.candidate_id: row for row in results.compute_results(evaluation)}
    assert live[entrants[0].pk].rank == 1 and live[entrants[1].pk].rank is None
    submit_sheets(evaluation, members[4:], entrants[1], ["20"])
    services.evaluation_complete(evaluation=evaluation, actor=chair)
    # Frozen: the sheets are closed and a second completion is refused.
    with pytest.raises(ValidationError):
        services.sheet_correct(
            sheet=entrants[0].sheets.first(), line="1", mark="0", justification="", reason="late", actor=chair
        )
    with pytest.raises(ValidationError):
        services.evaluation_complete(evaluation=evaluation, actor=chair)


def test_the_lot_is_committed_before_the_interview_and_revealed_with_the_results(evaluation, chair, members):
    entrants = [candidate(evaluation, "Ana Gashi"), candidate(evaluation, "Besa Hoxha")]
    written_and_interviews(evaluation, chair, {entrants[0]: "50", entrants[1]: "50"})
    commitment = evaluation.lot_commitment
    assert len(commitment) == 64 and evaluation.lot_value
    for entrant in entrants:
        submit_sheets(evaluation, members, entrant, ["25"] * 5)
    evaluation.refresh_from_db()
    assert evaluation.lot_value not in results.lot_seed_parts(
        evaluation
    )  # secret until the results are frozen
    stored = services.evaluation_complete(evaluation=evaluation, actor=chair)

    assert hashlib.sha256(stored.lot["value"].encode()).hexdigest() == commitment == stored.lot["commitment"]
    assert stored.lot["seed"] == lottery.derive_seed(*stored.lot["seed_parts"])
    assert stored.lot["seed_parts"][2] == stored.lot["value"]
    rows = [row for row in results.compute_results(evaluation) if row.rank]
    assert [row.tie_rule for row in rows] == ["lot", "lot"]  # no figures declared: –3 cannot apply
    # Anyone can redo the draw from the published seed (recruitment/lib/lottery.py, rules.rank).
    ids = sorted(str(entrant.pk) for entrant in entrants)
    expected = lottery.shuffled(ids, lottery.derive_seed(stored.lot["seed"], "R-27.1.4", *ids))
    assert [str(row.candidate_id) for row in rows] == expected
