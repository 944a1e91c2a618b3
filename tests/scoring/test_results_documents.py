"""F1 item 13's evaluation of documents: each member marks CV (5), education (15), training (5) and experience (15)
on their own sheet, with the interview sheets' rules: hidden until all are in, locked once submitted, corrected by
the chair with an audit event."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from audit.models import Event
from recruitment.permissions import NotAllowed
from scoring import services
from scoring.models import EvaluationStatus, InterviewSheet, SheetStatus
from tests.factories import UserFactory
from tests.helpers.auth import login_with_second_factor
from tests.scoring.results_helpers import candidate, f1_evaluation, submit_sheets

pytestmark = pytest.mark.django_db

FULL = {"cv": "5", "education": "15", "training": "5", "experience": "15"}
NOTES = dict.fromkeys(FULL, "Arsyetim.")


@pytest.fixture
def users(db):
    return [UserFactory(username=f"f1-member-{i}@example.org") for i in range(3)]


@pytest.fixture
def f1(institution, hr_officer, users):
    evaluation = f1_evaluation(institution, hr_officer, users)
    entrant = candidate(evaluation, "Ana Gashi")
    services.documents_open(evaluation=evaluation, actor=users[0])
    evaluation.refresh_from_db()
    return evaluation, entrant


def test_f1_only_the_chair_opens_the_documents_and_only_for_a_scheme_with_documents(
    institution, hr_officer, users, evaluation, chair
):
    f1 = f1_evaluation(institution, hr_officer, users)
    candidate(f1, "Ana Gashi")
    with pytest.raises(NotAllowed):
        services.documents_open(evaluation=f1, actor=users[1])
    with pytest.raises(ValidationError):  # a KQZ evaluation has no documents step
        services.documents_open(evaluation=evaluation, actor=chair)
    services.documents_open(evaluation=f1, actor=users[0])
    f1.refresh_from_db()
    assert f1.status == EvaluationStatus.DOCUMENTS and f1.names_visible  # no written test: nothing anonymous


def test_f1_each_criterion_is_checked_against_its_maximum(f1, users, english):
    evaluation, entrant = f1
    with pytest.raises(ValidationError) as caught:
        services.sheet_save(
            candidate=entrant,
            actor=users[1],
            step="documents",
            submit=True,
            marks={**FULL, "cv": "5.01"},
            justifications=NOTES,
        )
    assert "above the maximum of 5" in caught.value.messages[0] and "CV" in caught.value.messages[0]
    with pytest.raises(ValidationError):  # every criterion is marked before submitting
        services.sheet_save(
            candidate=entrant,
            actor=users[1],
            step="documents",
            submit=True,
            marks={"cv": "5"},
            justifications=NOTES,
        )
    sheet = services.sheet_save(
        candidate=entrant, actor=users[1], step="documents", submit=True, marks=FULL, justifications=NOTES
    )
    assert sheet.step == "documents" and sheet.total == 40 and sheet.status == SheetStatus.SUBMITTED
    with pytest.raises(services.SheetLocked):
        services.sheet_save(
            candidate=entrant, actor=users[1], step="documents", marks=FULL, justifications=NOTES
        )
    with pytest.raises(ValidationError):  # the interview is not open yet
        services.sheet_save(candidate=entrant, actor=users[1], marks={"1": "1"}, justifications={"1": "x"})


def test_f1_a_member_sees_the_others_marks_only_once_all_are_in(f1, users, english):
    evaluation, entrant = f1
    url = reverse("scoring:documents_sheet", args=[evaluation.pk, entrant.pk])
    submit_sheets(evaluation, users[:2], entrant, ["31.5", "22"], step="documents")
    page = login_with_second_factor(Client(), users[0]).get(url).content.decode()
    assert "22.00" not in page and "2 / 3" not in page
    own = login_with_second_factor(Client(), users[2])
    response = own.post(
        url,
        {
            "mark_cv": "4",
            "note_cv": "ok",
            "mark_education": "10",
            "note_education": "ok",
            "mark_training": "3",
            "note_training": "ok",
            "mark_experience": "12",
            "note_experience": "ok",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    assert (
        InterviewSheet.objects.get(candidate=entrant, seat__member__user=users[2], step="documents").total
        == 29
    )
    page = login_with_second_factor(Client(), users[1]).get(url).content.decode()
    assert "31.50" in page and "22.00" in page and "29.00" in page


def test_f1_the_chair_corrects_a_documents_sheet_with_an_audit_event(f1, users):
    evaluation, entrant = f1
    submit_sheets(evaluation, users, entrant, ["30", "30", "30"], step="documents")
    sheet = InterviewSheet.objects.get(candidate=entrant, seat__member__user=users[1], step="documents")
    with pytest.raises(NotAllowed):
        services.sheet_correct(
            sheet=sheet, line="cv", mark="4", justification="", reason="typo", actor=users[1]
        )
    url = reverse("scoring:documents_sheet_correct", args=[evaluation.pk, entrant.pk, sheet.pk])
    response = login_with_second_factor(Client(), users[0]).post(
        url,
        {
            f"c{sheet.pk}-sheet": sheet.pk,
            f"c{sheet.pk}-line": "cv",
            f"c{sheet.pk}-mark": "4",
            f"c{sheet.pk}-justification": "",
            f"c{sheet.pk}-reason": "Typed 5 for 4",
        },
    )
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.marks["cv"] == "4.00" and sheet.total == 29
    event = Event.objects.get(action="scoring.sheet_corrected")
    assert event.data["step"] == "documents" and event.data["before"]["mark"] == "5.00"


def test_f1_the_interview_opens_only_when_every_documents_sheet_is_in(f1, users, english):
    evaluation, entrant = f1
    questions = [(f"Q{n}", False) for n in range(1, 6)]
    submit_sheets(evaluation, users[:2], entrant, ["30", "30"], step="documents")
    with pytest.raises(ValidationError) as caught:
        services.interview_open(evaluation=evaluation, questions=questions, actor=users[0])
    assert "2 of 3 sheets" in " ".join(caught.value.messages)
    submit_sheets(evaluation, users[2:], entrant, ["30"], step="documents")
    services.interview_open(evaluation=evaluation, questions=questions, actor=users[0])
    entrant.refresh_from_db()
    assert entrant.invited_to_interview  # F1 names no gate after the documents
    evaluation.refresh_from_db()
    assert evaluation.lot_commitment  # the lot's value is committed when the last step opens


def test_f1_another_committee_s_member_reaches_no_documents_sheet(
    f1, other_committee, other_committee_member, observer, applicant
):
    evaluation, entrant = f1
    url = reverse("scoring:documents_sheet", args=[evaluation.pk, entrant.pk])
    for user in (other_committee_member, observer, applicant):
        assert login_with_second_factor(Client(), user).get(url).status_code == 404
        with pytest.raises(NotAllowed):
            services.sheet_save(
                candidate=entrant, actor=user, step="documents", marks=FULL, justifications=NOTES
            )


def test_f1_the_committee_page_lists_the_documents_sheets(f1, users, english):
    evaluation, entrant = f1
    page = login_with_second_factor(Client(), users[1]).get(
        reverse("scoring:evaluation", args=[evaluation.pk])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("scoring:documents_sheet", args=[evaluation.pk, entrant.pk]) in html
    assert "0 / 3" in html and "Ana Gashi" in html
    assert reverse("scoring:test", args=[evaluation.pk]) not in html  # no written test in F1
