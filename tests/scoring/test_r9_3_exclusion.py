"""R-9.3: "Deklarimi i rrejshëm paraqet shkak për përjashtimin nga procedura e pranimit në cilëndo fazë". An exclusion
for a false declaration recorded after admission reaches the evaluation, its frozen results and their publication."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationEvent, EventKind
from audit.models import Event
from notifications.models import Message
from scoring import services
from scoring.models import EvaluationResult
from scoring.results import compute_results
from tests.helpers.auth import login_with_second_factor
from tests.scoring.results_helpers import approve_act, candidate, submit_sheets, written_and_interviews
from verification import services as verification_services
from verification.models import Decision, Review

pytestmark = pytest.mark.django_db

NAMES = ("Ana Gashi", "Besa Hoxha", "Dea Krasniqi")


def reviewed(entrant) -> Review:
    """The candidate's eligible review, as the preliminary verification left it (R-18.3)."""
    application = entrant.application
    return Review.objects.create(
        application=application,
        position=application.position,
        submission=application.last_submission,
        reference=application.last_submission.reference,
        decision=Decision.ELIGIBLE,
        opened_at=timezone.now(),
        shortlist_rank=1,
    )


def exclude(entrant, hr_officer):
    return verification_services.false_declaration_record(
        review=Review.objects.get(application=entrant.application),
        actor=hr_officer,
        evidence="Diploma e paraqitur nuk është lëshuar nga universiteti.",
        explanation="Keni deklaruar një diplomë që universiteti nuk e ka lëshuar.",
    )


@pytest.fixture
def interviews(evaluation, chair, members):
    """Three candidates at the interview; Ana would be first (60 + 25), Besa second (45 + 25), Dea third."""
    entrants = {name: candidate(evaluation, name) for name in NAMES}
    for entrant in entrants.values():
        reviewed(entrant)
    written_and_interviews(
        evaluation,
        chair,
        {entrants["Ana Gashi"]: "60", entrants["Besa Hoxha"]: "45", entrants["Dea Krasniqi"]: "45"},
    )
    return evaluation, entrants


def sheets(evaluation, members, entrants, *, skip=()):
    for name, totals in (("Ana Gashi", ["25"] * 5), ("Besa Hoxha", ["25"] * 5), ("Dea Krasniqi", ["20"] * 5)):
        if name not in skip:
            submit_sheets(evaluation, members, entrants[name], totals)


def row_of(evaluation, entrant):
    return next(row for row in compute_results(evaluation) if row.candidate_id == entrant.pk)


def test_r9_3_an_exclusion_during_the_interviews_takes_the_candidate_out_of_the_sheets_and_the_ranking(
    interviews, members, chair, hr_officer
):
    evaluation, entrants = interviews
    ana = entrants["Ana Gashi"]
    exclude(ana, hr_officer)
    with pytest.raises(services.EvaluationError):
        submit_sheets(evaluation, members, ana, ["25"] * 5)
    sheets(evaluation, members, entrants, skip=("Ana Gashi",))
    services.evaluation_complete(evaluation=evaluation, actor=chair)  # Ana's sheets are not awaited
    row = row_of(evaluation, ana)
    assert row.excluded and row.rank is None and not row.qualified and not row.winner
    assert row_of(evaluation, entrants["Besa Hoxha"]).rank == 1


def test_r9_3_an_exclusion_after_completion_recomputes_the_frozen_results_and_the_act_notes_it(
    interviews, members, chair, hr_officer
):
    evaluation, entrants = interviews
    sheets(evaluation, members, entrants)
    services.evaluation_complete(evaluation=evaluation, actor=chair)
    approve_act(evaluation)  # the committee approves its act
    ana = entrants["Ana Gashi"]
    assert row_of(evaluation, ana).rank == 1 and row_of(evaluation, ana).winner
    exclude(ana, hr_officer)
    row = row_of(evaluation, ana)
    assert row.excluded and row.rank is None and not row.qualified and not row.winner
    besa = row_of(evaluation, entrants["Besa Hoxha"])
    assert besa.rank == 1 and besa.winner
    evaluation.result.refresh_from_db()
    [correction] = evaluation.result.corrections
    assert (
        correction["article"] == "R-9.3"
        and correction["reference"] == ana.application.last_submission.reference
    )
    event = Event.objects.get(action="scoring.candidate_excluded")
    assert (
        event.data["rows_before"][0]["candidate_id"] == ana.pk
        and event.data["rows_after"][0]["candidate_id"] == entrants["Besa Hoxha"].pk
    )


def test_r9_3_an_exclusion_after_publication_corrects_the_publication_and_tells_every_candidate_again(
    interviews, members, chair, hr_officer, english, django_capture_on_commit_callbacks
):
    evaluation, entrants = interviews
    sheets(evaluation, members, entrants)
    services.evaluation_complete(evaluation=evaluation, actor=chair)
    approve_act(evaluation)  # the committee approves its act
    with django_capture_on_commit_callbacks(execute=True):  # the notices' tasks (issue 13), eager
        services.results_publish(evaluation=evaluation, actor=hr_officer, act_number="3/2026")
    ana, besa = entrants["Ana Gashi"], entrants["Besa Hoxha"]
    with django_capture_on_commit_callbacks(execute=True):
        exclude(ana, hr_officer)
    assert row_of(evaluation, besa).rank == 1
    besa_mail = Message.objects.filter(kind="scoring.result", email=besa.application.applicant.email)
    assert besa_mail.count() == 2  # the publication, then its correction
    corrected = besa_mail.order_by("-pk").first().body
    assert "R-9.3" in corrected and corrected != besa_mail.order_by("pk").first().body
    history = ApplicationEvent.objects.filter(application=besa.application, kind=EventKind.RESULT_PUBLISHED)
    latest = history.order_by("-pk").first().data
    assert (
        latest["correction"] == 1 and latest["rank"] == 1 and latest["candidates"] == 2
    )  # Ana no longer counted
    assert Message.objects.filter(kind="scoring.result", email=ana.application.applicant.email).count() == 1
    page = Client().get(reverse("scoring:public_results", args=[evaluation.pk])).content.decode()
    assert "Corrected publication" in page and "Ana" not in page and "Besa" in page
    # The public list's rows (issue 13) were rewritten with the corrected rows, in the same transaction.
    stored = EvaluationResult.objects.get(evaluation=evaluation)
    entries = list(stored.row_entries.order_by("order").values_list("data", "qualified_place"))
    assert [data for data, _place in entries] == stored.rows
    assert stored.qualified_count == sum(1 for row in stored.rows if row["qualified"])
    assert [place for _data, place in entries if place] == list(range(1, stored.qualified_count + 1))
    act = login_with_second_factor(Client(), hr_officer).get(reverse("scoring:act_pdf", args=[evaluation.pk]))
    assert act.status_code == 200
    assert Event.objects.get(action="scoring.candidate_excluded").data["effect"] == "correct_publication"
