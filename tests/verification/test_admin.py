"""HR's verification in the admin: only HR of the announcing institution sees and changes it; a committee
member, an applicant and HR of another institution are refused and see no row."""

import pytest
from django.urls import reverse

from notifications.models import Message
from tests.factories import UserFactory
from tests.helpers.auth import login_with_second_factor
from tests.helpers.verification import submitted
from verification import services
from verification.models import Check, CheckResult, Decision, Reason, Review, Shortlist

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(position, hr_officer):
    app = submitted(position, first_name="Drita", last_name="Çeku")
    services.reviews_open(position=position, actor=hr_officer)
    return Review.objects.get(application=app)


def _change_data(
    review, *, decision="undecided", reasons=(), explanation="", results=None, notes=None, all_met=False
):
    """The review screen's POST: a result and a reason per criterion (``results``/``notes`` by row index, else
    as stored), "all met", and the decision."""
    checks = list(review.checks.order_by("order", "id"))
    data = {"decision": decision, "reasons": list(reasons), "explanation": explanation, "_save": "Save"}
    if all_met:
        data["all_met"] = "on"
    for i, check in enumerate(checks):
        result = (results or {}).get(i, check.result)
        if result != CheckResult.UNCHECKED:
            data[f"result_{check.pk}"] = result
        data[f"note_{check.pk}"] = (notes or {}).get(i, check.note)
    return data


def test_hr_sees_the_position_its_counts_and_the_review_with_the_frozen_profile(
    client, hr_officer, opened, position
):
    login_with_second_factor(client, hr_officer)
    positions = client.get(reverse("admin:verification_verificationposition_changelist"))
    assert positions.status_code == 200
    page = positions.content.decode()
    assert position.code in page and reverse("admin:verification_review_changelist") in page
    change = client.get(reverse("admin:verification_review_change", args=[opened.pk]))
    assert change.status_code == 200
    html = change.content.decode()
    assert "Informatikë" in html and "Çeku" in html  # the frozen profile, as a table
    assert "&quot;education&quot;:" not in html and '"education":' not in html  # not raw JSON
    assert "serbian" not in html  # the self-declared community never shows here (R-27/R-28 only)
    doc_id = opened.submission.checklist_snapshot[0]["documents"][0]["id"]
    url = reverse("applications:document", args=[opened.application_id, doc_id])
    assert url in html
    # The protected view serves the document to HR of the institution.
    document = client.get(url)
    assert document.status_code == 200 and b"".join(document.streaming_content).startswith(b"%PDF")


def test_hr_records_the_checks_and_the_decision_on_the_change_page(client, hr_officer, opened):
    login_with_second_factor(client, hr_officer)
    url = reverse("admin:verification_review_change", args=[opened.pk])
    all_met = {i: CheckResult.MET for i in range(opened.checks.count())}
    # Not eligible without a reason is refused on the page, and nothing is saved.
    refused = client.post(url, _change_data(opened, decision=Decision.NOT_ELIGIBLE, results=all_met))
    assert refused.status_code == 200
    assert not Check.objects.filter(review=opened, result=CheckResult.MET).exists()
    done = client.post(url, _change_data(opened, decision=Decision.ELIGIBLE, results=all_met))
    assert done.status_code == 302, done.content.decode()[:3000]
    opened.refresh_from_db()
    assert opened.decision == Decision.ELIGIBLE and opened.decided_by == hr_officer
    assert not opened.checks.exclude(result=CheckResult.MET).exists()
    assert not Message.objects.exists()  # internal until publication


def test_hr_publishes_the_shortlist_with_the_admin_action(
    client, hr_officer, opened, position, django_capture_on_commit_callbacks
):
    login_with_second_factor(client, hr_officer)
    changelist = reverse("admin:verification_verificationposition_changelist")
    refused = client.post(
        changelist, {"action": "publish_shortlist", "_selected_action": [position.pk]}, follow=True
    )
    assert refused.status_code == 200 and not Shortlist.objects.exists()
    services.review_decide(
        review=opened,
        decision=Decision.NOT_ELIGIBLE,
        reasons=[Reason.EXPERIENCE],
        explanation="Vetëm një vit përvojë.",
        actor=hr_officer,
    )
    confirm = client.post(changelist, {"action": "publish_shortlist", "_selected_action": [position.pk]})
    assert confirm.status_code == 302 and not Shortlist.objects.exists()  # to the confirmation page first
    page = client.get(confirm["Location"])
    with django_capture_on_commit_callbacks(execute=True):  # the notices' task (issue 13), eager
        client.post(confirm["Location"], {"state": page.context["facts"]["state"]})
    assert Shortlist.objects.filter(position=position).exists()
    assert Message.objects.filter(kind="verification.not_eligible").count() == 1


def test_bulk_actions_on_the_review_list(client, hr_officer, opened, position):
    lacking = submitted(position, last_name="Gashi", missing=("CV",))
    services.reviews_open(position=position, actor=hr_officer)
    login_with_second_factor(client, hr_officer)
    changelist = reverse("admin:verification_review_changelist")
    client.post(
        changelist,
        {
            "action": "bulk_missing_document",
            "_selected_action": list(Review.objects.values_list("pk", flat=True)),
        },
    )
    assert Review.objects.get(application=lacking).decision == Decision.NOT_ELIGIBLE
    assert Review.objects.get(pk=opened.pk).decision == Decision.UNDECIDED
    listed = client.get(changelist, {"decision__exact": "not_eligible", "q": "Gashi"})
    assert listed.status_code == 200 and "Gashi" in listed.content.decode()
    assert "Çeku" not in listed.content.decode()


@pytest.mark.parametrize("persona", ["other_hr_officer", "committee_member", "applicant"])
def test_nobody_else_sees_or_changes_the_verification(client, request, persona, opened, position):
    user = request.getfixturevalue(persona)
    login_with_second_factor(client, user)
    change_url = reverse("admin:verification_review_change", args=[opened.pk])
    for url in (
        reverse("admin:verification_review_changelist"),
        reverse("admin:verification_verificationposition_changelist"),
    ):
        response = client.get(url)
        if persona == "other_hr_officer":
            assert response.status_code == 200  # their own (empty) list
            assert "Çeku" not in response.content.decode() and position.code not in response.content.decode()
        else:
            assert response.status_code == 302 and "/login/" in response["Location"]
    view = client.get(change_url)
    # HR of another institution: "does not exist" (back to the admin's index); the others: to the log-in.
    assert view.status_code == 302
    assert (
        view["Location"] == reverse("admin:index")
        if persona == "other_hr_officer"
        else "/login/" in view["Location"]
    )
    post = client.post(
        change_url,
        _change_data(
            opened, decision=Decision.NOT_ELIGIBLE, reasons=[Reason.OTHER_REQUIREMENT], explanation="x"
        ),
    )
    # Refused without a trace of the review: other HR is sent to the index (no such object), the others to log in.
    assert post.status_code == 302 and post["Location"] == view["Location"]
    exclude = client.post(
        reverse("admin:verification_review_exclude", args=[opened.pk]), {"evidence": "e", "explanation": "x"}
    )
    assert exclude.status_code == (404 if persona == "other_hr_officer" else 302)
    client.post(
        reverse("admin:verification_verificationposition_changelist"),
        {"action": "publish_shortlist", "_selected_action": [position.pk]},
    )
    opened.refresh_from_db()
    assert opened.decision == Decision.UNDECIDED and not Shortlist.objects.exists()


def test_a_committee_member_with_staff_status_is_still_refused(client, opened):
    member = UserFactory(username="staff.member@example.org", is_staff=True)
    login_with_second_factor(client, member)
    response = client.get(reverse("admin:verification_review_changelist"))
    assert response.status_code == 403
    change = client.get(reverse("admin:verification_review_change", args=[opened.pk]))
    assert change.status_code == 403
    assert "Çeku" not in change.content.decode()


def test_hr_records_a_false_declaration_in_the_admin(client, hr_officer, opened):
    login_with_second_factor(client, hr_officer)
    url = reverse("admin:verification_review_exclude", args=[opened.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "evidence": "Regjistri i gjykatës, 12.04.2026",
            "explanation": "Deklarata për mosdënim nuk është e vërtetë.",
        },
    )
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.decision == Decision.EXCLUDED
    assert Message.objects.filter(kind="verification.excluded").count() == 1


def test_a_superuser_sees_the_verification_read_only(client, opened, position):
    root = UserFactory(username="root@example.org", is_staff=True, is_superuser=True)
    login_with_second_factor(client, root)
    assert (
        position.code
        in client.get(reverse("admin:verification_verificationposition_changelist")).content.decode()
    )
    change = client.get(reverse("admin:verification_review_change", args=[opened.pk]))
    assert change.status_code == 200
    assert 'name="decision"' not in change.content.decode()  # read-only: the services act for HR only


def test_a_decision_refused_by_the_service_leaves_the_checks_of_the_same_submit_unsaved(
    client, hr_officer, opened, monkeypatch
):
    """The review screen saves in one transaction (services.review_record): the checks are recorded first, so a
    refusal of the decision afterwards (e.g. the shortlist published meanwhile) takes them back, with their audit
    entries, and the page says why."""
    from django.core.exceptions import ValidationError

    from audit.models import Event

    def refuse(*args, **kwargs):
        raise ValidationError("published meanwhile")

    monkeypatch.setattr(services, "_decide", refuse)
    login_with_second_factor(client, hr_officer)
    events = Event.objects.count()
    all_met = {i: CheckResult.MET for i in range(opened.checks.count())}
    response = client.post(
        reverse("admin:verification_review_change", args=[opened.pk]),
        _change_data(opened, decision=Decision.ELIGIBLE, results=all_met),
    )
    assert response.status_code == 200 and "published meanwhile" in response.content.decode()
    assert not Check.objects.filter(review=opened, result=CheckResult.MET).exists()
    assert Event.objects.count() == events
    opened.refresh_from_db()
    assert opened.decision == Decision.UNDECIDED


@pytest.mark.parametrize("language", ["sq", "sr-latn", "en"])
def test_the_review_lists_written_out_checkbox_is_djangos_own(opened, language):
    """Issue 13 writes the review list's action checkbox out instead of rendering Django's widget per row: the
    HTML must stay what Django's ModelAdmin.action_checkbox renders (name, value, class, translated label),
    so the admin's actions and their script keep working after a Django upgrade."""
    from django.contrib import admin as django_admin
    from django.utils import translation

    from verification.admin import ReviewAdmin

    model_admin = ReviewAdmin(Review, django_admin.site)
    with translation.override(language):
        ours = str(model_admin.action_checkbox(opened))
        assert ours == str(django_admin.ModelAdmin.action_checkbox(model_admin, opened))
    assert 'class="action-select"' in ours and f'value="{opened.pk}"' in ours
