"""K23 (KQZ 42-51/2023, under regulation 03/2017): the shortlist, then an interview only; the document names no point
scheme, so HR composes one (DOMAIN.md §10: "its procedure must still be expressible"). The portal runs it end to end,
and refuses the same scheme under regulation 01/2024 (R-19.2)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from committees import rules as committee_rules
from scoring import results, services
from scoring.models import Evaluation, EvaluationStatus
from tests.factories import AnnouncementFactory, PositionFactory, UserFactory
from tests.helpers.auth import login_with_second_factor
from tests.scoring.results_helpers import (
    QUESTIONS,
    approve_act,
    candidate,
    position_with_committee,
    submit_sheets,
)

pytestmark = pytest.mark.django_db

# Interview only: five questions of 20 points, qualified at 60 and more, everyone qualified listed.
K23_INTERVIEW_ONLY = {
    "kind_1": "interview",
    "maximum_1": "100",
    "combine_1": "mean_of_members",
    "parts_1": "20, 20, 20, 20, 20",
    "final_threshold": "60",
    "final_comparison": ">=",
    "winners_rule": "qualified_list",
}


@pytest.fixture
def users(db):
    return [UserFactory(username=f"k23-{n}@example.org") for n in range(3)]


def test_k23_a_shortlist_then_interview_only_procedure_runs_from_composition_to_publication(
    institution, hr_officer, users
):
    position = position_with_committee(
        institution,
        hr_officer,
        users,
        scheme="custom",
        category="non_permanent",
        composition=committee_rules.F1,
        code="KQZ 44/2023",
    )
    response = login_with_second_factor(Client(), hr_officer).post(
        reverse("scoring:scheme_compose", args=[position.pk]), K23_INTERVIEW_ONLY
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    evaluation = Evaluation.objects.get(position=position)
    assert [step.key for step in evaluation.scheme.steps] == ["interview"]
    ana, besa = candidate(evaluation, "Ana Gashi"), candidate(evaluation, "Besa Hoxha")
    services.interview_open(evaluation=evaluation, questions=QUESTIONS, actor=users[0])  # from the draft
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.INTERVIEWS
    submit_sheets(evaluation, users, ana, [70, 70, 70])
    submit_sheets(evaluation, users, besa, [50, 50, 50])
    services.evaluation_complete(evaluation=evaluation, actor=users[0])
    approve_act(evaluation)
    services.results_publish(evaluation=evaluation, actor=hr_officer)
    rows = {row.candidate_id: row for row in results.compute_results(evaluation)}
    assert rows[ana.pk].rank == 1 and rows[ana.pk].qualified and rows[ana.pk].winner
    assert rows[besa.pk].rank == 2 and not rows[besa.pk].qualified


def test_k23_an_interview_only_scheme_is_refused_under_regulation_01_2024(institution, hr_officer):
    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution),
        scoring_scheme="custom",
        category="non_permanent",
    )
    with pytest.raises(ValidationError, match="R-19.2"):
        services.evaluation_create(position=position, actor=hr_officer)
