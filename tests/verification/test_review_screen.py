"""HR's review screen (R-18.1 … R-18.6): the candidate's documents open beside the criteria (inline, with the
download's safe headers, for HR of the institution only), "all met" in one step and then the exceptions, each
with its reason, and the decision, all in one POST; no dropdown per criterion."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import translation

from audit.models import Event
from tests.helpers.auth import login_with_second_factor
from tests.helpers.verification import submitted
from verification import services
from verification.models import CheckResult, Decision, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(position, hr_officer):
    app = submitted(position, first_name="Drita", last_name="Çeku")
    services.reviews_open(position=position, actor=hr_officer)
    return Review.objects.get(application=app)


def _url(review):
    with translation.override("en"):
        return reverse("admin:verification_review_change", args=[review.pk])


def _document(review, index=0):
    return review.submission.checklist_snapshot[index]["documents"][0]


def test_the_screen_shows_the_first_document_beside_the_criteria_without_a_dropdown(
    client, hr_officer, opened
):
    login_with_second_factor(client, hr_officer)
    html = client.get(_url(opened)).content.decode()
    view_url = reverse("verification:document_inline", args=[opened.application_id, _document(opened)["id"]])
    assert '<iframe name="document-pane"' in html and f'src="{view_url}"' in html
    assert f'href="{view_url}" target="document-pane"' in html  # every document opens in the pane
    screen = html[html.index('<div class="review-screen">') :]
    form = screen[screen.index("<form") : screen.index("</form>")]
    assert "<select" not in form  # radio groups, not 13 dropdowns
    for check in opened.checks.all():
        assert f'name="result_{check.pk}"' in form and f'name="note_{check.pk}"' in form
    assert 'name="all_met"' in form
    assert (
        'style="' not in html[html.index('<div class="review-screen">') :]
    )  # the strict CSP allows no style=""
    assert "<script>" not in html


def test_all_met_and_one_exception_with_its_reason_are_saved_with_the_decision_in_one_post(
    client, hr_officer, opened
):
    login_with_second_factor(client, hr_officer)
    checks = list(opened.checks.order_by("order", "id"))
    experience = next(c for c in checks if "2 years" in c.label["en"])
    response = client.post(
        _url(opened),
        {
            "all_met": "on",
            f"result_{experience.pk}": CheckResult.NOT_MET,
            f"note_{experience.pk}": "One year at KEK.",
            "decision": Decision.NOT_ELIGIBLE,
            "reasons": ["experience"],
            "explanation": "The position asks for two years of experience.",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    results = {c.pk: (c.result, c.note) for c in opened.checks.all()}
    assert results.pop(experience.pk) == (CheckResult.NOT_MET, "One year at KEK.")
    assert {r for r, _note in results.values()} == {CheckResult.MET}
    opened.refresh_from_db()
    assert opened.decision == Decision.NOT_ELIGIBLE and opened.reasons == ["experience"]
    assert Event.objects.filter(action="verification.decided").count() == 1


def test_all_met_alone_makes_the_candidate_eligible_in_one_post(client, hr_officer, opened):
    login_with_second_factor(client, hr_officer)
    response = client.post(_url(opened), {"all_met": "on", "decision": Decision.ELIGIBLE, "_save": "Save"})
    assert response.status_code == 302
    assert set(opened.checks.values_list("result", flat=True)) == {CheckResult.MET}
    opened.refresh_from_db()
    assert opened.decision == Decision.ELIGIBLE


def test_an_exception_without_a_reason_is_refused_and_nothing_is_saved(client, hr_officer, opened):
    login_with_second_factor(client, hr_officer)
    check = opened.checks.order_by("order", "id").first()
    with translation.override("en"):
        response = client.post(
            _url(opened),
            {
                "all_met": "on",
                f"result_{check.pk}": CheckResult.NOT_VERIFIABLE,
                "decision": Decision.UNDECIDED,
                "_save": "Save",
            },
        )
    assert response.status_code == 200
    assert "Say why this criterion is not met or cannot be verified." in response.content.decode()
    assert not opened.checks.filter(result=CheckResult.MET).exists()


def test_save_and_next_opens_the_next_undecided_candidate_in_the_albanian_order(client, hr_officer, position):
    for surname in ("Dema", "Çeku", "Cana"):
        submitted(position, first_name="Arta", last_name=surname)
    services.reviews_open(position=position, actor=hr_officer)
    cana, ceku = Review.objects.get(last_name="Cana"), Review.objects.get(last_name="Çeku")
    login_with_second_factor(client, hr_officer)
    response = client.post(_url(cana), {"all_met": "on", "decision": Decision.ELIGIBLE, "_next": "next"})
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("admin:verification_review_change", args=[ceku.pk])
    )


def test_a_published_review_is_shown_read_only_with_its_documents(client, hr_officer, opened, position):
    services.review_record(
        review=opened,
        results={c.pk: (CheckResult.MET, "") for c in opened.checks.all()},
        decision=Decision.ELIGIBLE,
        actor=hr_officer,
    )
    services.shortlist_publish(position=position, actor=hr_officer)
    login_with_second_factor(client, hr_officer)
    html = client.get(_url(opened)).content.decode()
    assert "<form" not in html[html.index('<div class="review-screen">') :] and 'name="decision"' not in html
    assert 'name="document-pane"' in html
    refused = client.post(_url(opened), {"all_met": "on", "decision": Decision.UNDECIDED})
    assert refused.status_code == 403


# --- The document, inline ---------------------------------------------------------------------------------------


def test_a_pdf_opens_inline_with_the_downloads_safe_headers(client, hr_officer, opened):
    login_with_second_factor(client, hr_officer)
    url = reverse("verification:document_inline", args=[opened.application_id, _document(opened)["id"]])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert re.match(r"^sandbox\b", csp) and "default-src 'none'" in csp and "frame-ancestors 'self'" in csp
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # the review screen frames it; nobody else
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_file_whose_content_is_not_what_it_claims_is_downloaded_not_shown(client, hr_officer, opened):
    from applications.models import ApplicationDocument

    document = ApplicationDocument.objects.get(pk=_document(opened)["id"])
    storages["private"].delete(document.storage_path)
    storages["private"].save(document.storage_path, ContentFile(b"<html><script>alert(1)</script></html>"))
    login_with_second_factor(client, hr_officer)
    response = client.get(reverse("verification:document_inline", args=[opened.application_id, document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "sandbox"


@pytest.mark.parametrize("persona", ["other_hr_officer", "other_applicant"])
def test_the_inline_document_is_not_found_for_other_institutions_hr_and_other_people(
    client, request, persona, opened
):
    login_with_second_factor(client, request.getfixturevalue(persona))
    url = reverse("verification:document_inline", args=[opened.application_id, _document(opened)["id"]])
    assert client.get(url).status_code == 404


def test_the_inline_document_is_not_found_for_a_signed_out_visitor(client, opened):
    url = reverse("verification:document_inline", args=[opened.application_id, _document(opened)["id"]])
    assert client.get(url).status_code == 404
