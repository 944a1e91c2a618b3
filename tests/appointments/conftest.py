"""A winner who chose a post and consented (winners' services), with a submitted document: the start of R-29."""

import hashlib
import uuid

import pytest

from applications.models import ApplicationDocument
from tests.winners.conftest import at, position, published_result  # noqa: F401
from winners import services as winner_services
from winners.models import Post


def submitted_document(application, label: str):
    return ApplicationDocument.objects.create(
        application=application,
        slot="diploma",
        label=label,
        storage_path=f"documents/{uuid.uuid4().hex}.pdf",
        content_type="application/pdf",
        size=100,
        sha256=hashlib.sha256(label.encode()).hexdigest(),
        uploaded_by=application.applicant,
        submitted=True,
    )


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
