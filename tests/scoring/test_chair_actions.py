"""The chair's buttons on the evaluation page (views._chair_action): a form refused with its message and nothing
done, a service's refusal shown back on the evaluation, a success message on the next page."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from audit.models import Event
from scoring import services
from scoring.models import EvaluationStatus
from tests.helpers.auth import login_with_second_factor
from tests.helpers.scoring import professional_questions, questions_csv
from tests.scoring.results_helpers import candidate, submit_sheets, written_and_interviews

pytestmark = pytest.mark.django_db
CONFIRM = {"confirm": "yes"}  # the confirmation page's button (views._confirmed_chair_act)


def _post(client, name, evaluation, data=None):
    """The page the action leads to, and the messages shown on it (followed, so none is left for the next)."""
    response = client.post(reverse(name, args=[evaluation.pk]), data or {}, follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0], [
        (m.level_tag, str(m)) for m in get_messages(response.wsgi_request)
    ]


def _evaluation_url(evaluation):
    return reverse("scoring:evaluation", args=[evaluation.pk])


def test_an_invalid_form_is_refused_with_its_message_and_the_service_is_not_called(
    evaluation, chair, english
):
    client = login_with_second_factor(Client(), chair)
    url, shown = _post(client, "scoring:test_import", evaluation)
    assert url == _evaluation_url(evaluation)
    assert shown == [("error", "Choose a file to upload.")]
    assert not evaluation.test_questions.exists()

    url, shown = _post(client, "scoring:sitting_open", evaluation, {"minutes": 0})
    assert shown == [("error", f"The sitting lasts from 1 to {services.SITTING_MINUTES_MAX} minutes.")]
    evaluation.refresh_from_db()
    assert evaluation.sitting_opens_at is None


def test_the_service_s_result_makes_the_success_message(evaluation, chair, english):
    client = login_with_second_factor(Client(), chair)
    upload = {
        "file": SimpleUploadedFile("q.csv", questions_csv(professional_questions()), content_type="text/csv")
    }
    url, shown = _post(client, "scoring:test_import", evaluation, upload)
    assert url == _evaluation_url(evaluation)
    assert shown == [("success", "50 questions imported.")]

    url, shown = _post(client, "scoring:test_seal", evaluation, CONFIRM)
    evaluation.refresh_from_db()
    assert evaluation.test_sha256
    assert shown == [("success", f"The written test is sealed. SHA-256: {evaluation.test_sha256}")]


def test_a_refused_action_shows_the_service_s_reasons_and_changes_nothing(evaluation, chair, english):
    client = login_with_second_factor(Client(), chair)
    before = Event.objects.count()
    url, shown = _post(client, "scoring:written_lock", evaluation, CONFIRM)  # a draft: nothing to lock
    assert url == _evaluation_url(evaluation)
    assert shown and all(level == "error" for level, _text in shown)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT and Event.objects.count() == before


def test_completing_goes_to_the_ranking_and_a_refusal_stays_on_the_evaluation(
    evaluation, chair, members, english
):
    entrant = candidate(evaluation, "Ana Gashi")
    written_and_interviews(evaluation, chair, {entrant: "60"})
    client = login_with_second_factor(Client(), chair)
    url, shown = _post(client, "scoring:complete", evaluation, CONFIRM)  # no sheet in yet
    assert url == _evaluation_url(evaluation)
    assert shown and all(level == "error" for level, _text in shown)

    submit_sheets(evaluation, members, entrant, ["20"] * 5)
    url, shown = _post(client, "scoring:complete", evaluation, CONFIRM)
    assert url == reverse("scoring:ranking", args=[evaluation.pk])
    assert shown == [("success", "The evaluation is complete: the results are computed and frozen.")]
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.COMPLETE
