"""manage.py load_demo's competition at the evaluation stage (demo.data.DEMO_COMPETITION): built once on
the demo's KQZ with its own accounts, so HR, the committee (member1..5@kqz.demo) and the public have something to
open."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import Event
from committees import selectors as committee_selectors
from committees.models import CommitteeStatus, Draw, DrawStatus, Seat, SeatStatus
from demo import data as demo_data
from demo.seed import seed_competition
from scoring import services as scoring_services
from scoring.models import EvaluationCandidate, EvaluationStatus
from tests.helpers.auth import login_with_second_factor
from vacancies.models import Announcement, Institution, Position
from verification.models import Decision, Review, Shortlist
from verification.selectors import eligible_applications

pytestmark = pytest.mark.django_db

SPEC = demo_data.DEMO_COMPETITION
MEMBERS = [f"member{n}@kqz.demo" for n in range(1, 6)]


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo loaded twice for the module, in a transaction rolled back at its end (each test in a savepoint)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield {"first": load_demo(), "second": load_demo()}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def demo(loaded, db):
    return loaded


def demo_position() -> Position:
    return Position.objects.select_related("announcement__institution", "committee", "evaluation").get(
        announcement__institution__short_name="KQZ", announcement__reference=SPEC["reference"]
    )


def test_the_demo_competition_is_built_once_on_kqz_by_its_demo_hr(demo):
    first, second = demo["first"], demo["second"]
    assert "nothing changed" in second
    assert Announcement.objects.filter(reference=SPEC["reference"]).count() == 1
    # One per competition of the evaluation stage (sealed test, interview, results), each with its own draw.
    assert Event.objects.filter(action="scoring.competition_seeded").count() == len(
        demo_data.EVALUATION_STAGES
    )
    position = demo_position()
    assert Draw.objects.get(committee=position.committee).status == DrawStatus.DRAWN
    assert position.announcement.institution == Institution.objects.get(short_name="KQZ")
    assert Institution.objects.count() == 2  # KQZ and MM: no institution of seed_competition's own
    published = Event.objects.get(action="announcement.published", object_id=str(position.announcement_id))
    assert published.actor.username == SPEC["hr"]
    assert position.scoring_scheme == "kqz-professional"
    with translation.override("en"):
        assert position.announcement.title == SPEC["title"]["en"] and position.title == SPEC["title"]["en"]
    # One line about it after the log-in table, every time.
    for output in (first, second):
        after_table = output[output.index("Demo log-ins:") :]
        assert SPEC["reference"] in after_table and "member1@kqz.demo" in after_table


def test_its_committee_is_exactly_member1_to_5_appointed_and_the_lot_chose_the_chair(demo):
    output = demo["second"]
    position = demo_position()
    seats = list(
        Seat.objects.filter(committee=position.committee, status=SeatStatus.ACTIVE).select_related(
            "member__user", "committee"
        )
    )
    assert sorted(seat.member.user.username for seat in seats) == MEMBERS
    [chair] = [seat.member.user.username for seat in seats if seat.is_chair]
    # the first seat's three managers (member1..3) are equally eligible; the draw chose among them,
    # once, and the demo says whom.
    assert chair in MEMBERS[:3] and chair in output.strip().splitlines()[-1]
    assert position.committee.status == CommitteeStatus.APPOINTED
    assert all(seat.appointed_at for seat in seats)
    assert Event.objects.filter(action="committee.draw_announced").count() == len(demo_data.EVALUATION_STAGES)


def test_its_shortlist_and_its_draw_are_public():
    position = demo_position()
    shortlist = Shortlist.objects.get(position=position)
    assert len(shortlist.entries) == SPEC["candidates"]
    assert Review.objects.filter(position=position, decision=Decision.ELIGIBLE).count() == SPEC["candidates"]
    client = Client()
    page = client.get(reverse("verification:shortlist", args=[position.pk])).content.decode()
    assert all(e["first_name"] in page and e["last_name"] in page for e in shortlist.entries)
    draw = Draw.objects.get(committee=position.committee)
    page = client.get(reverse("committees:draw", args=[draw.pk])).content.decode()
    assert all(entry["name"] in page for entry in draw.result)
    assert get_user_model().objects.get(username="member1@kqz.demo").get_full_name() in page


def test_its_evaluation_has_every_shortlisted_candidate_admitted():
    position = demo_position()
    evaluation = position.evaluation
    # sealed by the chair the day before, so the sitting can open today.
    assert evaluation.status == EvaluationStatus.SEALED and evaluation.scheme_key == "kqz-professional"
    assert evaluation.sealed_at.date() < timezone.now().date() and evaluation.test_sha256
    admitted = set(
        EvaluationCandidate.objects.filter(evaluation=evaluation).values_list("application_id", flat=True)
    )
    assert admitted == set(eligible_applications(position).values_list("pk", flat=True))
    assert len(admitted) == SPEC["candidates"]


def test_r13_6_the_chair_declares_on_the_committee_page_then_opens_the_evaluation(english):
    position = demo_position()
    # The chair, whoever the lot seated: the chair's page offers the most.
    member1 = next(
        seat.member.user
        for seat in Seat.objects.filter(
            committee=position.committee, status=SeatStatus.ACTIVE
        ).select_related("member__user", "committee")
        if seat.is_chair
    )
    client = login_with_second_factor(Client(), member1)
    committee_url = reverse("committees:my_committee", args=[position.committee.pk])

    assert committee_url in client.get(reverse("committees:my_committees")).content.decode()
    page = client.get(committee_url).content.decode()
    names = committee_selectors.candidate_list(position.committee).splitlines()
    assert len(names) == SPEC["candidates"] and all(name in page for name in names)
    seat = Seat.objects.get(committee=position.committee, member__user=member1, status=SeatStatus.ACTIVE)
    assert not committee_selectors.member_may_see_candidates(seat=seat)
    digest = client.get(committee_url).context["form"].initial["candidate_list_digest"]
    response = client.post(committee_url, {"has_conflict": "no", "candidate_list_digest": digest})
    assert response.status_code == 302
    assert committee_selectors.member_may_see_candidates(seat=seat)

    evaluation_url = reverse("scoring:evaluation", args=[position.evaluation.pk])
    assert evaluation_url in client.get(reverse("scoring:evaluations")).content.decode()
    response = client.get(evaluation_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Declare first." not in page and position.title in page
    assert response.context["is_chair"]
    # sealed yesterday, so the chair opens the sitting today.
    opened = scoring_services.sitting_open(evaluation=position.evaluation, minutes=60, actor=member1)
    assert opened.status == EvaluationStatus.SITTING


def test_seed_competition_refuses_an_institution_without_its_hr_and_a_wrong_number_of_members():
    kqz = Institution.objects.get(short_name="KQZ")
    with pytest.raises(ValueError):
        seed_competition(scheme_key="kqz-professional", candidates=1, institution=kqz)
    hr = get_user_model().objects.get(username=SPEC["hr"])
    members = list(get_user_model().objects.filter(username__in=MEMBERS[:3]))
    with pytest.raises(ValueError):
        seed_competition(scheme_key="kqz-professional", candidates=1, institution=kqz, hr=hr, members=members)
