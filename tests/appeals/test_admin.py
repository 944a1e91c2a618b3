"""The appeals' admin: read-only (the services are the only writer), scoped to HR of the institution."""

from django.urls import reverse

from appeals import services
from tests.helpers.appeals import at
from tests.helpers.auth import login_with_second_factor


def test_hr_reads_its_appeals_in_the_admin_and_changes_nothing(client, application, applicant, hr_officer):
    appeal = services.appeal_results_lodge(actor=applicant, application=application, grounds="x", now=at(10))
    login_with_second_factor(client, hr_officer)
    listing = client.get(reverse("admin:appeals_appeal_changelist"))
    assert (
        listing.status_code == 200
        and reverse("appeals:hr_detail", args=[appeal.pk]) in listing.content.decode()
    )
    page = client.get(reverse("admin:appeals_appeal_change", args=[appeal.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:appeals_appeal_add")).status_code == 403
    assert (
        client.post(reverse("admin:appeals_appeal_delete", args=[appeal.pk]), {"post": "yes"}).status_code
        == 403
    )


def test_hr_of_another_institution_does_not_see_the_appeal_in_the_admin(
    client, application, applicant, other_hr_officer
):
    appeal = services.appeal_results_lodge(actor=applicant, application=application, grounds="x", now=at(10))
    login_with_second_factor(client, other_hr_officer)
    listing = client.get(reverse("admin:appeals_appeal_changelist")).content.decode()
    assert f"/{appeal.pk}/change/" not in listing
    response = client.get(reverse("admin:appeals_appeal_change", args=[appeal.pk]))
    assert response.status_code in (302, 403, 404)
