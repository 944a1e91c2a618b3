"""R-13.6 with R-18.4: once the position's shortlist is published, the members declare (no) conflict of
interest against exactly that list, and an exclusion under R-9.3 changes the list they must declare against."""

import pytest
from django.core.exceptions import ValidationError

from committees import rules, selectors, services
from tests.helpers.verification import close, submitted
from verification import services as verification
from verification.models import CheckResult

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


def publish_shortlist(position, hr_officer, people):
    applications = [submitted(position, first_name=first, last_name=last) for first, last in people]
    verification.reviews_open(position=position, actor=hr_officer)
    for app in applications:
        for check in app.review.checks.all():
            verification.check_record(check=check, result=CheckResult.MET, actor=hr_officer)
        verification.review_decide(review=app.review, decision="eligible", actor=hr_officer)
    verification.shortlist_publish(position=position, actor=hr_officer)
    return applications


def test_r13_6_the_members_declare_against_the_published_shortlist_in_its_order(
    drawn_committee, hr_officer, committee_member, english
):
    position = close(drawn_committee.position)
    drawn_committee.candidate_names = "Someone typed by hand"
    drawn_committee.save(update_fields=["candidate_names"])
    publish_shortlist(position, hr_officer, [("Arta", "Zeka"), ("Besa", "Çeku"), ("Dren", "Cana")])

    names = selectors.candidate_list(drawn_committee)
    assert names.splitlines() == ["Dren Cana", "Besa Çeku", "Arta Zeka"]
    seat = drawn_committee.seats.get(member__user=committee_member)
    assert not selectors.member_may_see_candidates(seat=seat)
    with pytest.raises(ValidationError, match="changed"):  # a declaration against the hand-typed list
        services.declaration_submit(
            seat=seat,
            candidate_list_digest=rules.candidate_list_digest("Someone typed by hand"),
            has_conflict=False,
            actor=committee_member,
        )
    services.declaration_submit(
        seat=seat,
        candidate_list_digest=rules.candidate_list_digest(names),
        has_conflict=False,
        actor=committee_member,
    )
    assert selectors.member_may_see_candidates(seat=seat)


def test_r9_3_an_exclusion_changes_the_list_and_asks_for_a_new_declaration(
    drawn_committee, hr_officer, committee_member
):
    position = close(drawn_committee.position)
    first, _second = publish_shortlist(position, hr_officer, [("Arta", "Zeka"), ("Besa", "Çeku")])
    seat = drawn_committee.seats.get(member__user=committee_member)
    services.declaration_submit(
        seat=seat,
        candidate_list_digest=rules.candidate_list_digest(selectors.candidate_list(drawn_committee)),
        has_conflict=False,
        actor=committee_member,
    )

    first.review.refresh_from_db()
    verification.false_declaration_record(
        review=first.review,
        evidence="Diploma not issued by UP",
        explanation="The university confirms no such diploma.",
        actor=hr_officer,
    )
    assert selectors.candidate_list(drawn_committee).splitlines() == ["Besa Çeku"]
    assert not selectors.member_may_see_candidates(seat=seat)
