"""HR's "Due this week" (appointments.views.due_this_week): every provider's items for the reader's institutions,
from today to a week from today, overdue first; HR only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment.lib import due_items
from recruitment.lib.due_items import DueItem
from tests.helpers.auth import login_with_second_factor


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(due_items, "_PROVIDERS", [])
    return due_items


def test_hr_sees_the_items_of_its_institution_in_the_week_overdue_first(
    client, hr_officer, institution, registry, english
):
    asked = {}
    today = timezone.localdate()

    def provider(ids, start, end):
        asked.update(ids=ids, start=start, end=end)
        return [
            DueItem(today + dt.timedelta(days=3), "Appointee to report", "R-30.2", institution.pk, url="/x/"),
            DueItem(
                today - dt.timedelta(days=1), "Verification pending", "R-29.1", institution.pk, overdue=True
            ),
        ]

    registry.register(provider)
    login_with_second_factor(client, hr_officer)
    page = client.get(reverse("appointments:due_this_week"))
    assert page.status_code == 200
    html = page.content.decode()
    assert asked == {"ids": {institution.pk}, "start": today, "end": today + dt.timedelta(days=7)}
    assert html.index("Verification pending") < html.index("Appointee to report")
    assert '<a href="/x/">Appointee to report</a>' in html
    assert "Overdue" in html


def test_hr_sees_an_empty_week_in_words(client, hr_officer, registry, english):
    login_with_second_factor(client, hr_officer)
    assert (
        "Nothing falls due this week." in client.get(reverse("appointments:due_this_week")).content.decode()
    )


def test_the_page_is_not_found_for_anyone_but_hr(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("appointments:due_this_week")).status_code == 404


def test_hr_s_navigation_links_to_the_page(client, hr_officer, english):
    login_with_second_factor(client, hr_officer)
    html = client.get(reverse("scoring:hr_evaluations")).content.decode()
    assert html.count(reverse("appointments:due_this_week")) >= 2  # the menu and the landing page


def test_the_due_page_links_hrs_list_of_every_app_after_the_results(client, hr_officer, english):
    login_with_second_factor(client, hr_officer)
    html = client.get(reverse("appointments:due_this_week")).content.decode()
    for name in ("appointments:hr_list", "probation:list", "mandates:list", "appeals:hr_list"):
        assert f'href="{reverse(name)}"' in html, name
