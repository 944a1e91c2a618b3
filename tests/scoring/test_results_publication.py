"""Publication (R-25.1 … R-25.4): the act as a PDF, the qualified list on a public page and as a PDF, every candidate
of the evaluation phase told once, the history of the application; and who may see or do what."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from applications.models import ApplicationEvent, EventKind
from audit.models import Event
from notifications.models import Message
from recruitment.permissions import NotAllowed
from scoring import services
from scoring.models import EvaluationStatus
from tests.helpers.auth import login_with_second_factor
from tests.scoring.results_helpers import approve_act, candidate, submit_sheets, written_and_interviews

pytestmark = pytest.mark.django_db

NAMES = ("Ana Gashi", "Besa Hoxha", "Dea Krasniqi", "Era Morina")


def as_(user):
    return login_with_second_factor(Client(), user)


@pytest.fixture
def completed(evaluation, chair, members):
    """Four candidates: 85 and 70 (qualified), 65 (not), 39 (stopped at the gate)."""
    entrants = {name: candidate(evaluation, name) for name in NAMES}
    written_and_interviews(
        evaluation,
        chair,
        {
            entrants["Ana Gashi"]: "60",
            entrants["Besa Hoxha"]: "45",
            entrants["Dea Krasniqi"]: "45",
            entrants["Era Morina"]: "39",
        },
    )
    submit_sheets(evaluation, members, entrants["Ana Gashi"], ["25"] * 5)
    submit_sheets(evaluation, members, entrants["Besa Hoxha"], ["25"] * 5)
    submit_sheets(evaluation, members, entrants["Dea Krasniqi"], ["20"] * 5)
    services.evaluation_complete(evaluation=evaluation, actor=chair)
    approve_act(evaluation)  # the committee approves its act
    evaluation.refresh_from_db()
    return evaluation, entrants


def test_r25_4_publication_notifies_each_candidate_exactly_once(
    completed, hr_officer, english, django_capture_on_commit_callbacks
):
    evaluation, entrants = completed
    with django_capture_on_commit_callbacks(execute=True):  # the notices' task (issue 13), eager
        services.results_publish(evaluation=evaluation, actor=hr_officer, act_number="12/2026")
    messages = Message.objects.filter(kind="scoring.result")
    assert sorted(m.email for m in messages) == sorted(
        e.application.applicant.email for e in entrants.values()
    )
    ana = messages.get(email=entrants["Ana Gashi"].application.applicant.email)
    assert "85.00" in ana.body and "1" in ana.body and "60.00 / 70" in ana.body  # rank and each step
    era = messages.get(email=entrants["Era Morina"].application.applicant.email)
    with translation.override(era.language):  # each message is written in its candidate's language
        not_reached = gettext("not reached")
    assert "39.00 / 70" in era.body and not_reached in era.body
    with pytest.raises(ValidationError):  # published once; nobody is told twice
        services.results_publish(evaluation=evaluation, actor=hr_officer)
    assert Message.objects.filter(kind="scoring.result").count() == 4
    events = ApplicationEvent.objects.filter(kind=EventKind.RESULT_PUBLISHED)
    assert events.count() == 4
    assert events.get(application=entrants["Ana Gashi"].application).data["rank"] == 1
    assert Event.objects.filter(action="scoring.results_published").count() == 1
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.PUBLISHED


def test_the_applicant_sees_the_result_in_the_history_of_their_application(completed, hr_officer, english):
    evaluation, entrants = completed
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    application = entrants["Besa Hoxha"].application
    client = Client()
    client.force_login(application.applicant)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    expected = gettext("rank %(rank)s of %(n)s, %(total)s points") % {"rank": 2, "n": 4, "total": "70.00"}
    assert str(EventKind.RESULT_PUBLISHED.label) in page and expected in page


def test_r25_2_the_public_list_shows_the_qualified_only_and_only_once_published(completed, hr_officer):
    evaluation, _entrants = completed
    url = reverse("scoring:public_results", args=[evaluation.pk])
    assert Client().get(url).status_code == 404  # complete, not published: nobody's
    assert Client().get(reverse("scoring:public_results_pdf", args=[evaluation.pk])).status_code == 404
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    page = Client().get(url).content.decode()
    assert "Ana Gashi" in page and "Besa Hoxha" in page and "85,00" in page  # sq writes a decimal comma
    assert "Dea Krasniqi" not in page and "Era Morina" not in page
    pdf = Client().get(reverse("scoring:public_results_pdf", args=[evaluation.pk]))
    assert pdf.status_code == 200 and pdf.getvalue().startswith(b"%PDF")


def test_r25_1_r25_3_the_act_is_a_pdf_for_hr_and_the_committee(completed, hr_officer, committee_member):
    evaluation, _entrants = completed
    for user in (hr_officer, committee_member):
        response = as_(user).get(reverse("scoring:act_pdf", args=[evaluation.pk]))
        assert response.status_code == 200 and response.getvalue().startswith(b"%PDF")


def test_r25_3_an_act_without_winner(evaluation, chair, members, hr_officer, english):
    entrant = candidate(evaluation, "Ana Gashi")
    written_and_interviews(evaluation, chair, {entrant: "45"})
    submit_sheets(evaluation, members, entrant, ["20"] * 5)  # 65
    services.evaluation_complete(evaluation=evaluation, actor=chair)
    approve_act(evaluation)  # the committee approves its act
    page = as_(hr_officer).get(reverse("scoring:ranking", args=[evaluation.pk])).content.decode()
    assert "without a winner (R-25.3)" in page
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    public = Client().get(reverse("scoring:public_results", args=[evaluation.pk])).content.decode()
    assert "without a winner (R-25.3)" in public and "Ana Gashi" not in public


def test_access_to_results_and_marks(
    completed,
    applicant,
    observer,
    other_committee,
    other_committee_member,
    other_hr_officer,
    committee_member,
    hr_officer,
    chair,
):
    evaluation, entrants = completed
    ranking = reverse("scoring:ranking", args=[evaluation.pk])
    act = reverse("scoring:act_pdf", args=[evaluation.pk])
    sheet = reverse("scoring:sheet", args=[evaluation.pk, entrants["Ana Gashi"].pk])
    own = entrants["Ana Gashi"].application.applicant
    for user in (applicant, observer, other_committee_member, other_hr_officer, own):
        client = as_(user)
        assert client.get(ranking).status_code == 404
        assert client.get(act).status_code == 404
        assert client.get(sheet).status_code == 404
        assert client.post(reverse("scoring:results_publish", args=[evaluation.pk])).status_code == 404
        assert client.post(reverse("scoring:complete", args=[evaluation.pk])).status_code == 404
        with pytest.raises(NotAllowed):
            services.results_publish(evaluation=evaluation, actor=user)
    assert Client().get(ranking).status_code == 302  # to the log-in
    assert as_(committee_member).get(ranking).status_code == 200
    assert as_(hr_officer).get(ranking).status_code == 200
    with pytest.raises(NotAllowed):  # the committee adopts the act; HR publishes it
        services.results_publish(evaluation=evaluation, actor=chair)
    assert as_(chair).post(reverse("scoring:results_publish", args=[evaluation.pk])).status_code == 404
    assert evaluation.result.published_at is None


def test_hr_publishes_from_the_ranking_page(completed, hr_officer):
    evaluation, _entrants = completed
    hr = as_(hr_officer)
    url = reverse("scoring:results_publish", args=[evaluation.pk])
    page = hr.post(url, {"act_number": "7/2026"})  # the ranking page's form leads to the confirmation
    assert page.status_code == 200 and 'value="7/2026"' in page.content.decode()
    evaluation.result.refresh_from_db()
    assert evaluation.result.published_at is None
    response = hr.post(url, {"act_number": "7/2026", "confirm": "yes"})
    assert response.status_code == 302
    evaluation.result.refresh_from_db()
    assert evaluation.result.published_at and evaluation.result.act_number == "7/2026"


def _queries(url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert Client().get(url).status_code == 200
    return len(captured)


def test_the_public_list_s_query_count_does_not_grow_with_the_candidates(
    evaluation, chair, members, hr_officer
):
    entrants = [candidate(evaluation, f"Kandidat{i} Prov") for i in range(12)]
    written_and_interviews(evaluation, chair, dict.fromkeys(entrants, "60"))
    for entrant in entrants:
        submit_sheets(evaluation, members, entrant, ["20"] * 5)
    services.evaluation_complete(evaluation=evaluation, actor=chair)
    approve_act(evaluation)  # the committee approves its act
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    url = reverse("scoring:public_results", args=[evaluation.pk])
    many = _queries(url)
    # The same page with a single qualified candidate: cut the frozen rows down to one.
    stored = evaluation.result
    stored.rows = stored.rows[:1]
    stored.save(update_fields=["rows"])
    assert _queries(url) == many
