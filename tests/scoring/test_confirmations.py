"""Acts that cannot be undone (issue 9): sealing the written test, locking the marks, completing the evaluation and
publishing the results each open a confirmation page that says what will happen and to how many people; only its
confirmed POST acts, and a repeated click neither repeats the act nor sends a message twice."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from audit.models import Event
from notifications.models import Message
from scoring import score_import, services
from scoring.models import EvaluationStatus
from tests.helpers.auth import login_with_second_factor
from tests.helpers.scoring import professional_questions, questions_csv, sealed
from tests.scoring.results_helpers import approve_act, candidate, submit_sheets, written_and_interviews

pytestmark = pytest.mark.django_db
CONFIRM = {"confirm": "yes"}


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _events(action) -> int:
    return Event.objects.filter(action=action).count()


def test_sealing_asks_first_saying_how_many_questions_and_candidates(evaluation, candidates, chair, english):
    services.test_questions_import(
        evaluation=evaluation, data=questions_csv(professional_questions()), actor=chair
    )
    client = login_with_second_factor(Client(), chair)
    url = reverse("scoring:test_seal", args=[evaluation.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Seals the written test of 50 questions worth 70.00 points in all." in _text(page)
    assert "4 candidates admitted so far will sit this test." in _text(page)
    assert url in page.content.decode()  # the form that confirms posts back here
    client.post(url)  # the old one-click form, without the confirmation: shows the page again, seals nothing
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT and _events("scoring.test_sealed") == 0

    client.post(url, CONFIRM)
    again = client.post(url, CONFIRM, follow=True)  # the double click
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SEALED and _events("scoring.test_sealed") == 1
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == "The written test is already sealed."


def test_opening_the_sitting_asks_first_with_its_minutes_and_how_many_candidates(
    evaluation, candidates, chair, english
):
    sealed(evaluation, chair)
    client = login_with_second_factor(Client(), chair)
    url = reverse("scoring:sitting_open", args=[evaluation.pk])
    text = _text(client.post(url, {"minutes": "90"}))  # the evaluation page's form
    assert "Opens the electronic sitting for 90 minutes" in text
    assert "the codes of the 4 admitted candidates open the test" in text
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SEALED
    client.post(url, {"minutes": "90", **CONFIRM})
    again = client.post(url, {"minutes": "90", **CONFIRM}, follow=True)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SITTING and _events("scoring.sitting_opened") == 1
    assert (evaluation.sitting_closes_at - evaluation.sitting_opens_at).total_seconds() == 90 * 60
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == "The sitting is already open."


def test_the_evaluation_page_links_to_the_confirmation_instead_of_sealing_in_one_click(evaluation, chair):
    page = login_with_second_factor(Client(), chair).get(reverse("scoring:evaluation", args=[evaluation.pk]))
    body = page.content.decode()
    seal = reverse("scoring:test_seal", args=[evaluation.pk])
    assert f'href="{seal}"' in body and f'action="{seal}"' not in body


def test_locking_asks_first_saying_how_many_results_and_members(evaluation, candidates, chair, english):
    sealed(evaluation, chair)
    score_import.scores_import(
        evaluation=evaluation,
        actor=chair,
        data=f"code,score\n{candidates[0].code},50\n{candidates[1].code},30\n".encode(),
    )
    client = login_with_second_factor(Client(), chair)
    url = reverse("scoring:written_lock", args=[evaluation.pk])
    text = _text(client.get(url))
    assert "Locks the written results of 4 candidates." in text
    assert "imported from another testing system: 2" in text and "did not sit: 2" in text
    assert "the 5 members of the committee see each candidate's name" in text
    client.post(url, CONFIRM)
    client.post(url, CONFIRM)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.WRITTEN_LOCKED and _events("scoring.written_locked") == 1


def _interviewed(evaluation, chair, members):
    ana, besa = candidate(evaluation, "Ana Gashi"), candidate(evaluation, "Besa Hoxha")
    written_and_interviews(evaluation, chair, {ana: "60", besa: "50"})
    submit_sheets(evaluation, members, ana, ["25"] * 5)
    submit_sheets(evaluation, members, besa, ["10"] * 5)
    return ana, besa


def test_completing_asks_first_and_a_second_click_computes_nothing_again(evaluation, chair, members, english):
    _interviewed(evaluation, chair, members)
    client = login_with_second_factor(Client(), chair)
    url = reverse("scoring:complete", args=[evaluation.pk])
    text = _text(client.get(url))
    assert "Computes and freezes the results of 2 candidates." in text
    assert "10 of 10 sheets of the 5 members are submitted." in text
    first = client.post(url, CONFIRM)
    second = client.post(url, CONFIRM, follow=True)
    assert first.status_code == 302 and second.status_code == 200
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.COMPLETE and _events("scoring.evaluation_completed") == 1
    assert [str(m) for m in get_messages(second.wsgi_request)][-1] == "The evaluation is already complete."


def test_publishing_says_how_many_candidates_are_told_and_tells_each_once(
    evaluation, chair, members, hr_officer, english, django_capture_on_commit_callbacks
):
    _interviewed(evaluation, chair, members)
    services.evaluation_complete(evaluation=evaluation, actor=chair)
    approve_act(evaluation)  # the committee approves its act
    hr = login_with_second_factor(Client(), hr_officer)
    url = reverse("scoring:results_publish", args=[evaluation.pk])
    text = _text(hr.get(url))
    assert "Publishes the results of 2 candidates and sends 2 notices." in text
    assert "the list of the 1 qualified candidate become public" in text
    assert Message.objects.filter(kind="scoring.result").count() == 0
    with django_capture_on_commit_callbacks(execute=True):  # the notices' task (issue 13), eager
        hr.post(url, {**CONFIRM, "act_number": "9/2026"})
        hr.post(url, {**CONFIRM, "act_number": "9/2026"})  # the double click
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.PUBLISHED and _events("scoring.results_published") == 1
    assert Message.objects.filter(kind="scoring.result").count() == 2


def test_an_ordinary_member_gets_no_confirmation_page(evaluation, candidates, committee_member):
    client = login_with_second_factor(Client(), committee_member)
    for name in ("scoring:test_seal", "scoring:written_lock", "scoring:complete"):
        assert client.get(reverse(name, args=[evaluation.pk])).status_code == 403, name


def test_opening_the_documents_sheets_asks_first_and_only_where_the_scheme_has_documents(
    institution, hr_officer, evaluation, chair, english
):
    from tests.factories import UserFactory
    from tests.scoring.results_helpers import f1_evaluation

    users = [UserFactory(username=f"f1-chair-{i}@example.org") for i in range(3)]
    f1 = f1_evaluation(institution, hr_officer, users)
    candidate(f1, "Ana Gashi")
    client = login_with_second_factor(Client(), users[0])
    url = reverse("scoring:documents_open", args=[f1.pk])
    assert "Opens the sheets of the documents of 1 candidate to the 3 members." in _text(client.get(url))
    client.post(url, CONFIRM)
    client.post(url, CONFIRM)
    f1.refresh_from_db()
    assert f1.status == EvaluationStatus.DOCUMENTS and _events("scoring.documents_opened") == 1
    written = login_with_second_factor(Client(), chair)  # a scheme with a written test has no such page
    assert written.get(reverse("scoring:documents_open", args=[evaluation.pk])).status_code == 404
