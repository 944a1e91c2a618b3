"""A winner who chose a post and consented (winners' services), with a submitted document: the start of R-29."""

import pytest

from tests.helpers.appointments import submitted_document
from tests.helpers.winners import at, published_result
from tests.winners.conftest import position  # noqa: F401 (the fixture)
from winners import services as winner_services
from winners.models import Post


@pytest.fixture
def winners_list(position, hr_officer):  # noqa: F811
    result = published_result(
        position, hr_officer, [90, 85, 80], names=["Ana Krasniqi", "Besa Gashi", "Drin Hoxha"]
    )
    return winner_services.winners_list_create(result=result, actor=hr_officer, now=at(5))


@pytest.fixture
def consented(winners_list, hr_officer):
    """The first winner, consented on 7 March 2026 to the first post, with two submitted documents."""
    invitation = winner_services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    winner = invitation.winner
    post = Post.objects.filter(position=winners_list.position).order_by("pk").first()
    winner_services.invitation_consent(
        actor=winner.application.applicant,
        invitation=invitation,
        post=post,
        now=at(7),
        consent_text="I consent.",
    )
    submitted_document(winner.application, "diploma.pdf")
    submitted_document(winner.application, "certificate.pdf")
    winner.refresh_from_db()
    return winner
