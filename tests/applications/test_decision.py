"""A rejected applicant reads the reasons and downloads the reasoned decision (R-18.6) on their own application
page; the decision's PDF is served to its owner only (404 to anyone else, and before it was told)."""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tests.helpers.auth import login_with_second_factor
from tests.helpers.verification import submitted
from tests.verification.conftest import position  # noqa: F401 (the closed position fixture)
from verification import services as verification_services
from verification.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(position, hr_officer):  # noqa: F811
    """A candidate without the diploma, not admitted with the shortlist's publication (R-18.6)."""
    app = submitted(position, last_name="Dushi", missing=("Diploma",), language="en")
    verification_services.reviews_open(position=position, actor=hr_officer)
    assert verification_services.reviews_bulk_missing_document(position=position, actor=hr_officer) == 1
    return app


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_before_the_publication_the_page_shows_no_decision_and_the_pdf_is_not_found(rejected):
    client = client_for(rejected.applicant)
    page = client.get(reverse("applications:detail", args=[rejected.pk])).content.decode()
    assert "Download the decision" not in page
    assert client.get(reverse("applications:decision", args=[rejected.pk])).status_code == 404


def test_r18_6_a_rejected_applicant_reads_the_reasons_on_the_application_page(rejected, position, hr_officer):  # noqa: F811
    verification_services.shortlist_publish(position=position, actor=hr_officer)
    client = client_for(rejected.applicant)
    page = client.get(reverse("applications:detail", args=[rejected.pk])).content.decode()
    assert "Why the application was not admitted (R-18.6)" in page
    assert "A required document is missing (R-9.2.2, R-11.2)" in page  # the coded reason
    review = Review.objects.get(application=rejected)
    assert review.explanation and review.explanation.split("\n")[0][:30] in page  # HR's explanation
    assert reverse("applications:decision", args=[rejected.pk]) in page
    # "My applications" leads there.
    mine = client.get(reverse("applications:mine")).content.decode()
    assert f"{reverse('applications:detail', args=[rejected.pk])}#decision" in mine


def test_r18_6_the_decision_pdf_is_served_to_its_owner_with_the_reasons(rejected, position, hr_officer):  # noqa: F811
    verification_services.shortlist_publish(position=position, actor=hr_officer)
    response = client_for(rejected.applicant).get(reverse("applications:decision", args=[rejected.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(body)).pages)
    assert rejected.last_submission.reference in text


def test_the_decision_pdf_is_not_found_for_anyone_else(rejected, position, hr_officer, other_applicant):  # noqa: F811
    verification_services.shortlist_publish(position=position, actor=hr_officer)
    url = reverse("applications:decision", args=[rejected.pk])
    assert Client().get(url).status_code == 404
    assert client_for(other_applicant).get(url).status_code == 404
    # HR reads the decision in the admin; this page is the applicant's.
    assert login_with_second_factor(Client(), hr_officer).get(url).status_code == 404


def test_an_eligible_applicant_has_no_decision_to_download(position, hr_officer):  # noqa: F811
    app = submitted(position, last_name="Cana")
    verification_services.reviews_open(position=position, actor=hr_officer)
    review = Review.objects.get(application=app)
    for check in review.checks.all():
        verification_services.check_record(check=check, result="met", actor=hr_officer)
    verification_services.reviews_bulk_eligible(position=position, actor=hr_officer)
    verification_services.shortlist_publish(position=position, actor=hr_officer)
    client = client_for(app.applicant)
    assert client.get(reverse("applications:decision", args=[app.pk])).status_code == 404
    assert (
        "Download the decision"
        not in client.get(reverse("applications:detail", args=[app.pk])).content.decode()
    )
