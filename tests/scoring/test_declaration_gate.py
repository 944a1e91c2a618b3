"""R-13.6: a member sees no candidate's name on the evaluation's pages before declaring no conflict of interest
for the committee's list of candidates; declaring opens them."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees import rules as committee_rules
from committees import selectors as committee_selectors
from committees import services as committee_services
from tests.helpers.auth import login_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(evaluation, candidates, committee):
    """The written results are locked (names may be shown, R-20.3) and the committee has its list of candidates."""
    committee.candidate_names = "\n".join(
        c.application.applicant.applicant_profile.full_name for c in candidates
    )
    committee.save(update_fields=["candidate_names"])
    type(evaluation).objects.filter(pk=evaluation.pk).update(written_locked_at=timezone.now())
    evaluation.refresh_from_db()
    return evaluation


def test_r13_6_no_name_before_the_declaration_and_every_name_after(
    named, candidates, committee, committee_member, english
):
    client = login_with_second_factor(Client(), committee_member)
    url = reverse("scoring:evaluation", args=[named.pk])
    names = [c.application.applicant.applicant_profile.full_name for c in candidates]

    page = client.get(url).content.decode()
    assert "Declare first." in page and reverse("committees:my_committee", args=[committee.pk]) in page
    assert not any(name in page for name in names)

    seat = committee.seats.get(member__user=committee_member)
    committee_services.declaration_submit(
        seat=seat,
        candidate_list_digest=committee_rules.candidate_list_digest(
            committee_selectors.candidate_list(committee)
        ),
        has_conflict=False,
        actor=committee_member,
    )
    page = client.get(url).content.decode()
    assert "Declare first." not in page
    assert all(name in page for name in names)
