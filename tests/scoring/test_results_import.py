"""Results of the sealed test sat in another testing system, imported by code on the chair's page through the one
importer (score_import.scores_import): all or nothing, each problem named."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import Event
from recruitment.permissions import NotAllowed
from scoring import score_import, services
from scoring.models import EvaluationStatus
from tests.helpers.auth import login_with_second_factor
from tests.helpers.scoring import end_sitting, professional_questions, questions_csv, sealed, sealed_yesterday

pytestmark = pytest.mark.django_db


def csv_of(*rows) -> bytes:
    return ("code,score\n" + "\n".join(f"{code},{score}" for code, score in rows) + "\n").encode()


def refused(evaluation, chair, data) -> str:
    with pytest.raises(ValidationError) as caught:
        score_import.scores_import(evaluation=evaluation, data=data, actor=chair)
    assert not evaluation.candidates.filter(written_score__isnull=False).exists()  # nothing saved
    return " ".join(caught.value.messages)


@pytest.fixture
def sealed_evaluation(evaluation, candidates, chair):
    sealed(evaluation, chair)
    return evaluation


def test_results_are_imported_by_code(sealed_evaluation, candidates, chair):
    a, b = candidates[:2]
    summary = score_import.scores_import(
        evaluation=sealed_evaluation, data=csv_of((a.code.lower(), "55.5"), (b.code, '"39,99"')), actor=chair
    )
    assert summary.written == 2
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.written_score, a.written_source, b.written_score) == (
        Decimal("55.50"),
        "import",
        Decimal("39.99"),
    )
    event = Event.objects.filter(action="scoring.scores_imported").get()
    assert (event.data["written"], event.data["via"]) == (2, "chair")
    services.written_lock(evaluation=sealed_evaluation, actor=chair)
    a.refresh_from_db(), b.refresh_from_db()
    assert a.invited_to_interview and not b.invited_to_interview  # 39.99 < 40


def test_an_unquoted_decimal_comma_refuses_the_file(sealed_evaluation, candidates, chair, english):
    message = refused(sealed_evaluation, chair, csv_of((candidates[0].code, "39,99")))
    assert "Line 2: it has 3 cells, not 2" in message


def test_an_unknown_code_refuses_the_file(sealed_evaluation, candidates, chair, english):
    message = refused(sealed_evaluation, chair, csv_of((candidates[0].code, 50), ("NOSUCHCODE22", 50)))
    assert (
        "Line 3" in message and "NOSUCHCODE22" in message and "not a candidate of this evaluation" in message
    )


def test_a_duplicate_code_refuses_the_file(sealed_evaluation, candidates, chair, english):
    code = candidates[0].code
    message = refused(sealed_evaluation, chair, csv_of((code, 50), (code, 51)))
    assert "Line 3" in message and "appears again" in message and "line 2" in message


def test_a_score_out_of_range_refuses_the_file(sealed_evaluation, candidates, chair, english):
    message = refused(
        sealed_evaluation,
        chair,
        csv_of(
            (candidates[0].code, "70.5"),
            (candidates[1].code, "-1"),
            (candidates[2].code, "12.345"),
            (candidates[3].code, "x"),
        ),
    )
    assert "Line 2" in message and "above the maximum of 70" in message
    assert "Line 3" in message and "cannot be negative" in message
    assert "Line 4" in message and "two decimals" in message
    assert "Line 5" in message and "is not a mark" in message


def test_a_file_without_the_columns_is_refused(sealed_evaluation, chair, english):
    assert "code, score" in refused(sealed_evaluation, chair, b"kodi;piket\nX;1\n")


def test_a_result_from_the_sitting_is_not_overwritten(sealed_evaluation, candidates, chair, english):
    services.sitting_open(evaluation=sealed_evaluation, minutes=30, actor=chair)
    services.sitting_enter(code=candidates[0].code)
    services.sitting_save(candidate=candidates[0], answers={}, hand_in=True)
    end_sitting(sealed_evaluation)
    with pytest.raises(ValidationError) as caught:
        score_import.scores_import(
            evaluation=sealed_evaluation, data=csv_of((candidates[0].code, 60)), actor=chair
        )
    assert "already has a result from the sitting" in " ".join(caught.value.messages)
    candidates[0].refresh_from_db()
    assert candidates[0].written_score == 0


def test_an_imported_result_is_not_replaced_by_a_second_import(sealed_evaluation, candidates, chair, english):
    """R-20.3, R-21.11 (rules.written_score_importable): the test is scored once; issue 12 made the chair's import
    refuse, as HR's did, a candidate already scored."""
    score_import.scores_import(
        evaluation=sealed_evaluation, data=csv_of((candidates[0].code, 50)), actor=chair
    )
    with pytest.raises(ValidationError) as caught:
        score_import.scores_import(
            evaluation=sealed_evaluation, data=csv_of((candidates[0].code, 60)), actor=chair
        )
    message = " ".join(caught.value.messages)
    assert "Line 2" in message and "already has a written score" in message
    candidates[0].refresh_from_db()
    assert candidates[0].written_score == 50


def test_no_import_after_the_lock_nor_before_sealing_a_test_drafted_here(evaluation, candidates, chair):
    services.test_questions_import(
        evaluation=evaluation, data=questions_csv(professional_questions()), actor=chair
    )
    with pytest.raises(ValidationError):  # drafted here, so sealed here first
        score_import.scores_import(evaluation=evaluation, data=csv_of((candidates[0].code, 50)), actor=chair)
    services.test_seal(evaluation=evaluation, actor=chair)
    sealed_yesterday(evaluation)
    score_import.scores_import(evaluation=evaluation, data=csv_of((candidates[0].code, 50)), actor=chair)
    services.written_lock(evaluation=evaluation, actor=chair)
    assert evaluation.__class__.objects.get(pk=evaluation.pk).status == EvaluationStatus.WRITTEN_LOCKED
    with pytest.raises(ValidationError):
        score_import.scores_import(evaluation=evaluation, data=csv_of((candidates[1].code, 50)), actor=chair)


def test_a_test_held_wholly_in_the_other_system_brings_its_results_by_code(evaluation, candidates, chair):
    """R-20.3: a draft here without a question is a test drafted and held in the other system: its results come
    in with no day to check here (rules.written_results_refusal), on the chair's page as in HR's admin."""
    summary = score_import.scores_import(
        evaluation=evaluation, data=csv_of((candidates[0].code, 50)), actor=chair
    )
    assert summary.written == 1


def test_only_the_chair_imports_results(sealed_evaluation, candidates, committee_member):
    with pytest.raises(NotAllowed):
        score_import.scores_import(
            evaluation=sealed_evaluation, data=csv_of((candidates[0].code, 50)), actor=committee_member
        )


def test_the_import_page_shows_every_problem_and_saves_nothing(
    client, sealed_evaluation, candidates, chair, english
):
    login_with_second_factor(client, chair)
    data = csv_of((candidates[0].code, 50), ("NOSUCHCODE22", 10))
    page = client.post(
        reverse("scoring:results_import", args=[sealed_evaluation.pk]),
        {"file": SimpleUploadedFile("r.csv", data, content_type="text/csv")},
        follow=True,
    )
    body = page.content.decode()
    assert "Nothing was imported." in body and "NOSUCHCODE22" in body
    assert not sealed_evaluation.candidates.filter(written_score__isnull=False).exists()
