"""R-25.1: "Komisioni i pranimit ... harton dhe miraton aktin ... Lista i dërgohet NJMBNJ brenda ditës pasuese të
punës nga miratimi i saj". The chair drafts the act by completing the evaluation (HR cannot), each member sitting on
the committee approves it on the results page, and once all have it reaches HR with the next working day kept."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import Event
from notifications.models import Message
from recruitment.permissions import NotAllowed
from scoring import rules, services
from tests.helpers.auth import login_with_second_factor
from tests.scoring.results_helpers import candidate, submit_sheets, written_and_interviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def interviews(evaluation, chair, members):
    entrants = [candidate(evaluation, name) for name in ("Ana Gashi", "Besa Hoxha")]
    written_and_interviews(evaluation, chair, dict.fromkeys(entrants, "50"))
    for entrant in entrants:
        submit_sheets(evaluation, members, entrant, ["25"] * 5)
    return evaluation


def test_r25_1_hr_cannot_complete_the_evaluation_or_author_the_act(interviews, hr_officer, chair):
    with pytest.raises(NotAllowed):
        services.evaluation_complete(evaluation=interviews, actor=hr_officer)
    stored = services.evaluation_complete(evaluation=interviews, actor=chair)
    assert stored.computed_by == chair


def test_r25_1_the_act_is_approved_when_every_member_sitting_has_approved_it_and_only_then_published(
    interviews, members, chair, hr_officer
):
    services.evaluation_complete(evaluation=interviews, actor=chair)
    for member in members[:-1]:
        services.act_approve(evaluation=interviews, actor=member)
    services.act_approve(evaluation=interviews, actor=members[0])  # twice changes nothing
    interviews.result.refresh_from_db()
    assert interviews.result.approved_at is None
    with pytest.raises(services.EvaluationError, match="R-25.1"):
        services.results_publish(evaluation=interviews, actor=hr_officer)
    stored = services.act_approve(evaluation=interviews, actor=members[-1])
    assert stored.approved_at is not None and stored.sent_to_hr_at == stored.approved_at
    assert stored.hr_due_on == rules.next_working_day(
        stored.approved_at.astimezone(interviews.position.announcement.institution.tzinfo).date()
    )
    assert Message.objects.filter(kind="scoring.act_approved", recipient=hr_officer).count() == 1
    assert Event.objects.filter(action="scoring.act_approved_by_member").count() == 5
    assert Event.objects.filter(action="scoring.act_approved").count() == 1
    services.results_publish(evaluation=interviews, actor=hr_officer)


def test_r25_1_a_member_approves_on_the_results_page(interviews, members, chair, english):
    services.evaluation_complete(evaluation=interviews, actor=chair)
    client = login_with_second_factor(Client(), members[1])
    page = client.get(reverse("scoring:ranking", args=[interviews.pk])).content.decode()
    assert reverse("scoring:act_approve", args=[interviews.pk]) in page and "not yet approved" in page
    client.post(reverse("scoring:act_approve", args=[interviews.pk]), {"confirm": "1"})
    assert interviews.result.approvals.filter(seat__member__user=members[1]).exists()


@pytest.mark.parametrize(
    ("approved", "due"),
    [
        (dt.date(2026, 12, 3), dt.date(2026, 12, 4)),  # Thursday → Friday
        (dt.date(2026, 12, 4), dt.date(2026, 12, 7)),  # Friday → Monday
        (dt.date(2026, 12, 5), dt.date(2026, 12, 7)),  # Saturday → Monday
    ],
)
def test_r25_1_the_list_reaches_hr_by_the_next_working_day(approved, due):
    assert rules.next_working_day(approved) == due


def test_r25_1_a_public_holiday_is_not_a_working_day():
    assert rules.next_working_day(dt.date(2026, 12, 31), holidays=[dt.date(2027, 1, 1)]) == dt.date(
        2027, 1, 4
    )
