"""The interview sheets (R-22, R-23): invited at the gate only, the same questions for all, each member's own marks,
others' marks hidden until all are in, locked once submitted, corrected by the chair with an audit event, and the
interview score the mean of all members' totals."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from audit.models import Event
from recruitment.permissions import NotAllowed
from scoring import evaluation_page, score_import, services
from scoring.models import EvaluationStatus, InterviewSheet, SheetStatus
from tests.helpers.auth import login_with_second_factor
from tests.helpers.scoring import sealed

pytestmark = pytest.mark.django_db

QUESTIONS = [(f"Interview question {n}", False) for n in range(1, 6)]


@pytest.fixture
def locked(evaluation, candidates, chair):
    sealed(evaluation, chair)
    a, b, c, _absent = candidates
    data = f"code,score\n{a.code},55\n{b.code},40\n{c.code},39.99\n".encode()
    score_import.scores_import(evaluation=evaluation, data=data, actor=chair)
    services.written_lock(evaluation=evaluation, actor=chair)
    evaluation.refresh_from_db()
    return evaluation


@pytest.fixture
def interviews(locked, chair):
    return services.interview_open(evaluation=locked, questions=QUESTIONS, actor=chair)


def marks(*values):
    return {str(n): str(v) for n, v in enumerate(values, start=1)}


NOTES = {str(n): "Përgjigje e qartë." for n in range(1, 6)}


def submit(candidate, user, *values):
    return services.sheet_save(
        candidate=candidate, actor=user, marks=marks(*values), justifications=NOTES, submit=True
    )


def test_r23_2_only_candidates_at_the_gate_are_invited(locked, candidates):
    invited = [c.invited_to_interview for c in locked.candidates.order_by("application_id")]
    assert invited == [True, True, False, False]  # 55, 40 (at the gate), 39.99, absent


def test_r23_5_the_interview_has_five_questions(locked, chair, english):
    with pytest.raises(ValidationError) as caught:
        services.interview_open(evaluation=locked, questions=QUESTIONS[:4], actor=chair)
    assert caught.value.messages[0].startswith("R-23.5:")


def test_r23_6_no_question_in_a_foreign_language_when_none_is_required(locked, chair):
    with pytest.raises(ValidationError) as caught:
        services.interview_open(
            evaluation=locked, questions=[("Q", True)] * 2 + [("Q", False)] * 3, actor=chair
        )
    assert caught.value.messages[0].startswith("R-23.6:")
    locked.refresh_from_db()
    assert locked.status == EvaluationStatus.WRITTEN_LOCKED


def test_r23_6_two_of_five_in_the_foreign_language_when_one_is_required(locked, chair):
    type(locked).objects.filter(pk=locked.pk).update(foreign_language="English")
    locked.refresh_from_db()
    with pytest.raises(ValidationError):
        services.interview_open(evaluation=locked, questions=QUESTIONS, actor=chair)
    services.interview_open(evaluation=locked, questions=[("Q", True)] * 2 + [("Q", False)] * 3, actor=chair)
    assert locked.interview_questions.filter(in_foreign_language=True).count() == 2


def test_a_candidate_below_the_gate_has_no_sheet(interviews, candidates, committee_member):
    with pytest.raises(ValidationError):
        submit(candidates[2], committee_member, 1, 1, 1, 1, 1)
    client = login_with_second_factor(Client(), committee_member)
    assert client.get(reverse("scoring:sheet", args=[interviews.pk, candidates[2].pk])).status_code == 404


def test_r23_5_a_mark_above_six_is_refused(interviews, candidates, committee_member):
    with pytest.raises(ValidationError):
        submit(candidates[0], committee_member, 6.5, 1, 1, 1, 1)
    assert not InterviewSheet.objects.filter(status=SheetStatus.SUBMITTED).exists()


def test_a_sheet_needs_every_mark_and_a_justification_to_be_submitted(
    interviews, candidates, committee_member
):
    services.sheet_save(
        candidate=candidates[0],
        actor=committee_member,
        marks=marks(5, "", 4, 4, 4),
        justifications={},
        submit=False,
    )  # a draft may be incomplete
    with pytest.raises(ValidationError):
        services.sheet_save(
            candidate=candidates[0],
            actor=committee_member,
            marks=marks(5, 5, 4, 4, 4),
            justifications={},
            submit=True,
        )
    assert InterviewSheet.objects.get().status == SheetStatus.DRAFT


def test_r23_9_the_interview_score_is_the_mean_of_all_members(interviews, candidates, members):
    totals = [(5, 5, 5, 5, 5), (6, 6, 6, 6, 6), (1, 2, 3, 4, 5), (0, 0, 0, 0, 1), (5.5, 5.5, 5, 5, 5)]
    for user, values in zip(members[:4], totals, strict=False):
        submit(candidates[0], user, *values)
    row = _interview_row(interviews, members[0], candidates[0])
    assert row["submitted"] == 4 and row["score"] is None  # not before every member has marked
    submit(candidates[0], members[4], *totals[4])
    row = _interview_row(interviews, members[0], candidates[0])
    assert row["score"] == Fraction(25 + 30 + 15 + 1 + 26, 5)


def _interview_row(evaluation, member, candidate) -> dict:
    """The candidate's row of the evaluation page's interview table, as the member's page reads it."""
    head = evaluation_page.head_for_member(user=member, pk=evaluation.pk)
    page = evaluation_page.sheets_page(head, "interview", 1, chair=False)
    return next(r for r in page.object_list if r["pk"] == candidate.pk)


def test_members_cannot_see_each_other_s_marks_before_all_have_submitted(interviews, candidates, members):
    chair, member = members[0], members[1]
    submit(candidates[0], chair, "5.25", "4.75", 3, 3, 3)
    url = reverse("scoring:sheet", args=[interviews.pk, candidates[0].pk])
    page = login_with_second_factor(Client(), member).get(url).content.decode()
    assert "5.25" not in page and "4.75" not in page
    for user in members[1:]:
        submit(candidates[0], user, 2, 2, 2, 2, 2)
    page = login_with_second_factor(Client(), member).get(url).content.decode()
    assert "5,25" in page and "4,75" in page  # in sq's number format, like the totals beside them


def test_a_submitted_sheet_is_locked(interviews, candidates, committee_member):
    submit(candidates[0], committee_member, 3, 3, 3, 3, 3)
    with pytest.raises(ValidationError):
        submit(candidates[0], committee_member, 6, 6, 6, 6, 6)
    client = login_with_second_factor(Client(), committee_member)
    client.post(
        reverse("scoring:sheet", args=[interviews.pk, candidates[0].pk]),
        {**{f"mark_{n}": "6" for n in range(1, 6)}, **{f"note_{n}": "x" for n in range(1, 6)}, "submit": "1"},
    )
    sheet = InterviewSheet.objects.get()
    assert sheet.total == 15 and sheet.marks["1"] == "3.00"


def test_a_member_fills_their_sheet_on_their_own_page(interviews, candidates, committee_member):
    client = login_with_second_factor(Client(), committee_member)
    url = reverse("scoring:sheet", args=[interviews.pk, candidates[1].pk])
    page = client.get(url)
    assert page.status_code == 200 and "Blerim Qorri" in page.content.decode()
    client.post(
        url,
        {
            **{f"mark_{n}": "4,5" for n in range(1, 6)},
            **{f"note_{n}": "ok" for n in range(1, 6)},
            "submit": "1",
        },
    )
    sheet = InterviewSheet.objects.get(candidate=candidates[1])
    assert sheet.status == SheetStatus.SUBMITTED and sheet.total == Decimal("22.5")
    assert sheet.seat.member.user == committee_member


def test_the_chair_corrects_a_locked_sheet_and_the_correction_is_audited(interviews, candidates, members):
    for user in members:
        submit(candidates[0], user, 3, 3, 3, 3, 3)
    sheet = InterviewSheet.objects.get(seat__member__user=members[1])
    with pytest.raises(NotAllowed):
        services.sheet_correct(
            sheet=sheet, line="2", mark="5", justification="", reason="typo", actor=members[1]
        )
    with pytest.raises(ValidationError):
        services.sheet_correct(
            sheet=sheet, line="2", mark="5", justification="", reason=" ", actor=members[0]
        )
    client = login_with_second_factor(Client(), members[0])
    client.post(
        reverse("scoring:sheet_correct", args=[interviews.pk, candidates[0].pk, sheet.pk]),
        {
            f"c{sheet.pk}-sheet": sheet.pk,
            f"c{sheet.pk}-line": "2",
            f"c{sheet.pk}-mark": "5",
            f"c{sheet.pk}-justification": "Corrected answer",
            f"c{sheet.pk}-reason": "Typed 3 for 5",
        },
    )
    sheet.refresh_from_db()
    assert sheet.marks["2"] == "5.00" and sheet.total == 17 and sheet.corrected_at
    event = Event.objects.get(action="scoring.sheet_corrected")
    assert event.actor == members[0] and event.data["before"]["mark"] == "3.00"
    assert event.data["after"]["mark"] == "5.00" and event.data["reason"] == "Typed 3 for 5"


def test_a_member_may_not_post_a_correction(interviews, candidates, members):
    for user in members:
        submit(candidates[0], user, 3, 3, 3, 3, 3)
    sheet = InterviewSheet.objects.get(seat__member__user=members[0])
    client = login_with_second_factor(Client(), members[1])
    response = client.post(
        reverse("scoring:sheet_correct", args=[interviews.pk, candidates[0].pk, sheet.pk]),
        {
            f"c{sheet.pk}-sheet": sheet.pk,
            f"c{sheet.pk}-line": "1",
            f"c{sheet.pk}-mark": "6",
            f"c{sheet.pk}-reason": "mine",
        },
    )
    assert response.status_code == 403
    sheet.refresh_from_db()
    assert sheet.marks["1"] == "3.00"


def test_a_member_of_another_committee_cannot_mark(
    interviews, candidates, other_committee, other_committee_member
):
    with pytest.raises(NotAllowed):
        submit(candidates[0], other_committee_member, 3, 3, 3, 3, 3)


def test_the_chair_opens_the_interview_on_its_page_and_the_overview_shows_the_mean(
    locked, candidates, members
):
    chair = login_with_second_factor(Client(), members[0])
    url = reverse("scoring:interview_setup", args=[locked.pk])
    page = chair.post(
        url, {**{f"text_{n}": f"Pyetje interviste {n}" for n in range(1, 6)}, "language_1": "on"}
    )
    assert page.status_code == 200 and "R-23.6:" in page.content.decode()  # refused: no language required
    chair.post(url, {f"text_{n}": f"Pyetje interviste {n}" for n in range(1, 6)})
    locked.refresh_from_db()
    assert locked.status == EvaluationStatus.INTERVIEWS
    assert list(locked.interview_questions.values_list("maximum", flat=True)) == [6] * 5
    for user in members:
        submit(candidates[1], user, 1, 1, 1, 1, 2)
    body = chair.get(reverse("scoring:evaluation", args=[locked.pk])).content.decode()
    for expected in ("Pyetje interviste 1", "Blerim Qorri", "5 / 5", "6,00"):
        assert expected in body, expected
    assert "Dafina" not in body.split('id="int-h"')[1]  # 39.99: not invited
