"""The public shortlist (page and PDF) and what the applicant sees of the verification: nothing of HR's
draft decisions before the publication, the outcome after it."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from pypdf import PdfReader

from tests.helpers.verification import submitted
from verification import services
from verification.models import CheckResult, Decision, Reason, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(position, hr_officer, applicant):
    mine = submitted(position, user=applicant, first_name="Alba", last_name="Zhuri")
    other = submitted(position, first_name="Besa", last_name="Ëmini")
    services.reviews_open(position=position, actor=hr_officer)
    for check in Review.objects.get(application=other).checks.all():
        services.check_record(check=check, result=CheckResult.MET, actor=hr_officer)
    services.review_decide(
        review=Review.objects.get(application=other), decision=Decision.ELIGIBLE, actor=hr_officer
    )
    services.review_decide(
        review=Review.objects.get(application=mine),
        decision=Decision.NOT_ELIGIBLE,
        reasons=[Reason.EDUCATION],
        explanation="Diploma nuk është në fushën e kërkuar.",
        actor=hr_officer,
    )
    return mine, other


def test_the_shortlist_is_not_public_before_publication(client, decided, position):
    assert client.get(reverse("verification:shortlist", args=[position.pk])).status_code == 404
    assert client.get(reverse("verification:shortlist_pdf", args=[position.pk])).status_code == 404


def test_r18_4_the_published_shortlist_is_a_public_accessible_table_and_a_pdf(
    client, decided, position, hr_officer
):
    services.shortlist_publish(position=position, actor=hr_officer)
    page = client.get(reverse("verification:shortlist", args=[position.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<th scope="col">' in html and "Ëmini" in html and "Zhuri" not in html
    pdf = client.get(reverse("verification:shortlist_pdf", args=[position.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(b"".join(pdf.streaming_content))).pages[0].extract_text()
    assert "Ëmini" in text and "Zhuri" not in text


def test_the_applicant_sees_the_outcome_only_after_publication(
    client, decided, position, hr_officer, applicant, english
):
    mine, _other = decided
    client.force_login(applicant)
    not_admitted = gettext("Not admitted to the evaluation.")
    before = client.get(reverse("applications:mine")).content.decode()
    detail_before = client.get(reverse("applications:detail", args=[mine.pk])).content.decode()
    assert not_admitted not in before and not_admitted not in detail_before
    assert gettext("Submitted.") in before
    services.shortlist_publish(position=position, actor=hr_officer)
    after = client.get(reverse("applications:mine")).content.decode()
    assert not_admitted in after
    detail = client.get(reverse("applications:detail", args=[mine.pk])).content.decode()
    assert not_admitted in detail
    assert str(gettext("Not admitted: reasoned decision sent (R-18.6)")) in detail  # the history


def test_the_eligible_applicant_sees_the_shortlist_after_publication(
    client, decided, position, hr_officer, english
):
    _mine, other = decided
    client.force_login(other.applicant)
    on_list = gettext("On the shortlist.")
    assert on_list not in client.get(reverse("applications:mine")).content.decode()
    services.shortlist_publish(position=position, actor=hr_officer)
    assert on_list in client.get(reverse("applications:mine")).content.decode()


def test_a_candidate_excluded_after_publication_leaves_the_public_list(client, decided, position, hr_officer):
    _mine, other = decided
    services.shortlist_publish(position=position, actor=hr_officer)
    services.false_declaration_record(
        review=Review.objects.get(application=other),
        evidence="Dokument i falsifikuar",
        explanation="Diploma nuk është autentike.",
        actor=hr_officer,
    )
    html = client.get(reverse("verification:shortlist", args=[position.pk])).content.decode()
    assert "Ëmini" not in html
    pdf = client.get(reverse("verification:shortlist_pdf", args=[position.pk]))
    assert "Ëmini" not in PdfReader(BytesIO(b"".join(pdf.streaming_content))).pages[0].extract_text()


def test_the_position_s_public_page_links_the_shortlist_once_published(client, decided, position, hr_officer):
    url = reverse("vacancies:position", args=[position.announcement_id, position.pk])
    shortlist_url = reverse("verification:shortlist", args=[position.pk])
    assert shortlist_url not in client.get(url).content.decode()
    services.shortlist_publish(position=position, actor=hr_officer)
    assert shortlist_url in client.get(url).content.decode()
