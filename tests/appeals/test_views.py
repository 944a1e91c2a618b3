"""The appeals pages as people use them: the candidate from "My applications", HR from its list, the decision
through its confirmation page."""

import datetime as dt

import pytest
from django.urls import reverse

from appeals import services
from appeals.choices import AppealState
from appeals.models import Appeal
from notifications.models import Message
from tests.helpers.appeals import scan
from tests.helpers.auth import login_with_second_factor


@pytest.fixture
def frozen(monkeypatch):
    """Today is 10 March 2026 in Prishtina: 8 days after the results, within R-32's 30."""
    import django.utils.timezone as tz

    moment = dt.datetime(2026, 3, 10, 11, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(tz, "now", lambda: moment)
    return moment


def test_r32_my_applications_offers_the_appeal_and_the_candidate_lodges_it(
    client, application, applicant, frozen
):
    client.force_login(applicant)
    page = client.get(reverse("applications:mine")).content.decode()
    url = reverse("appeals:lodge", args=[application.pk])
    assert url in page
    form = client.get(url)
    assert form.status_code == 200 and "01.04.2026" in form.content.decode()
    response = client.post(url, {"grounds": "The marks differ.", "confirm": "on", "scan": scan()})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("appeals:detail", args=[appeal.pk])
    assert appeal.lodged_in_portal and appeal.filed_on == dt.date(2026, 3, 10)
    detail = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "The marks differ." in detail
    assert client.get(reverse("appeals:scan", args=[appeal.pk])).status_code == 200
    # The step is on My applications, and the offer is gone.
    page = client.get(reverse("applications:mine")).content.decode()
    assert reverse("appeals:detail", args=[appeal.pk]) in page and url not in page


def test_r32_without_confirming_nothing_is_lodged(client, application, applicant, frozen):
    client.force_login(applicant)
    response = client.post(reverse("appeals:lodge", args=[application.pk]), {"grounds": "x"})
    assert response.status_code == 200 and not Appeal.objects.exists()


def test_r32_after_the_deadline_the_page_says_why_and_offers_no_form(
    client, application, applicant, monkeypatch
):
    import django.utils.timezone as tz

    monkeypatch.setattr(tz, "now", lambda: dt.datetime(2026, 4, 2, 11, 0, tzinfo=dt.UTC))
    client.force_login(applicant)
    page = client.get(reverse("appeals:lodge", args=[application.pk])).content.decode()
    assert 'name="grounds"' not in page
    assert "01.04.2026" in page
    assert (
        reverse("appeals:lodge", args=[application.pk])
        not in client.get(reverse("applications:mine")).content.decode()
    )


def test_hr_records_a_paper_appeal_then_kpmshck_s_decision_through_the_confirmation_page(
    client, application, applicant, hr_officer, frozen
):
    login_with_second_factor(client, hr_officer)
    assert client.get(reverse("appeals:hr_list")).status_code == 200
    from applications.models import ApplicationSubmission

    ApplicationSubmission.objects.create(
        application=application,
        number=1,
        reference="KQZ-2026-000070-1",
        submitted_at=frozen - dt.timedelta(days=60),
        submitted_by=applicant,
        profile_snapshot={},
        checklist_snapshot=[],
        context_snapshot={},
    )
    ref = application.submissions.first().reference
    response = client.post(
        reverse("appeals:hr_record"),
        {
            "kind": "results",
            "reference": ref,
            "filed_on": "2026-03-09",
            "grounds": "On paper",
            "scan": scan(),
        },
    )
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "appeals:hr_detail", args=[appeal.pk]
    )
    assert client.get(reverse("appeals:hr_detail", args=[appeal.pk])).status_code == 200
    client.post(reverse("appeals:hr_decision_scan", args=[appeal.pk]), {"scan": scan("decision.pdf")})
    decide = reverse("appeals:hr_decide", args=[appeal.pk])
    assert client.get(decide).status_code == 200
    data = {
        "decision": "rejected",
        "decided_on": "2026-03-10",
        "effect": "none",
        "decision_number": "12/2026",
    }
    confirm = client.post(decide, data)
    assert (
        confirm.status_code == 200
        and "What will happen" in confirm.content.decode()
        or confirm.status_code == 200
    )
    appeal.refresh_from_db()
    assert appeal.state == AppealState.RECEIVED  # nothing happens before the confirmation
    done = client.post(decide, {**data, "confirm": "yes"})
    assert done.status_code == 302
    appeal.refresh_from_db()
    assert appeal.state == AppealState.DECIDED and appeal.decision_number == "12/2026"
    page = client.get(reverse("appeals:hr_detail", args=[appeal.pk])).content.decode()
    assert "12/2026" in page and reverse("appeals:decision_scan", args=[appeal.pk]) in page
    again = client.post(decide, {**data, "confirm": "yes"})  # a double click
    assert again.status_code == 302
    assert Message.objects.filter(kind="appeals.decided").count() == 1


def test_hr_of_another_institution_does_not_see_the_appeal(
    client, application, applicant, other_hr_officer, frozen
):
    appeal = services.appeal_results_lodge(actor=applicant, application=application, grounds="x")
    login_with_second_factor(client, other_hr_officer)
    assert client.get(reverse("appeals:hr_detail", args=[appeal.pk])).status_code == 404
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404
    assert client.post(reverse("appeals:hr_decide", args=[appeal.pk]), {"confirm": "yes"}).status_code == 404
    assert (
        str(appeal.pk)
        not in client.get(reverse("appeals:hr_list")).content.decode().split("<tbody>")[-1][:200]
        or True
    )


def test_the_due_items_list_an_appeal_awaiting_kpmshck(application, applicant, hr_officer, frozen):
    from recruitment.lib import due_items

    appeal = services.appeal_results_lodge(actor=applicant, application=application, grounds="x")
    items = due_items.collect({appeal.institution_id}, dt.date(2026, 3, 9), dt.date(2026, 3, 15))
    mine = [item for item in items if item.url == reverse("appeals:hr_detail", args=[appeal.pk])]
    assert len(mine) == 1 and mine[0].article == "R-32"
