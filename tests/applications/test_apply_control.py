"""The Apply control of the vacancy pages: every open position offers it (home, list, announcement, position page,
in every language), a signed-out visitor goes through sign-in or sign-up and comes back to the same application,
a closed position offers none, and a person who applied is sent to their own application instead."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from applications import services
from applications.models import Application
from tests.helpers.applications import start_draft

pytestmark = pytest.mark.django_db


def apply_url(position, language="en"):
    with translation.override(language):
        return reverse("applications:apply", args=[position.pk])


def pages(position, language="en"):
    with translation.override(language):
        return {
            "home": reverse("home"),
            "list": reverse("vacancies:list"),
            "announcement": position.announcement.get_absolute_url(),
            "position": position.get_absolute_url(),
        }


def apply_links(html: str, position, language="en") -> list[str]:
    return re.findall(
        rf'<a class="button" href="{re.escape(apply_url(position, language))}"[^>]*>(.*?)</a>', html, re.S
    )


@pytest.mark.parametrize("language", ["sq", "sr-latn", "en"])
def test_every_page_of_an_open_position_offers_an_apply_button(client, open_position, language):
    for name, url in pages(open_position, language).items():
        html = client.get(url).content.decode()
        assert apply_links(html, open_position, language), f"no Apply button on the {name} page ({language})"


def test_the_cards_name_the_position_they_apply_for(client, open_position):
    html = client.get(pages(open_position)["list"]).content.decode()
    (label,) = apply_links(html, open_position)
    assert "Apply" in label and "IT officer" in label  # a screen reader hears which position


def test_a_closed_position_offers_no_apply_button(client, open_position):
    announcement = open_position.announcement
    announcement.closes_at = timezone.now() - dt.timedelta(hours=1)
    announcement.save(update_fields=["closes_at"])
    for name in ("announcement", "position"):
        html = client.get(pages(open_position)[name]).content.decode()
        assert apply_url(open_position) not in html, name
    html = client.get(reverse("vacancies:archive")).content.decode()
    assert apply_url(open_position) not in html


def test_a_signed_out_visitor_is_sent_to_sign_in_and_back_to_the_same_application(open_position, applicant):
    client = Client()
    response = client.get(apply_url(open_position))
    assert response.status_code == 302
    login = urlparse(response["Location"])
    assert login.path == reverse("account_login")
    assert parse_qs(login.query)["next"] == [apply_url(open_position)]
    applicant.set_password("Kalimi-i-forte-2026")
    applicant.email = applicant.username
    applicant.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=applicant, email=applicant.email, verified=True, primary=True)
    cache.clear()
    response = client.post(
        response["Location"],
        {"login": applicant.email, "password": "Kalimi-i-forte-2026", "next": apply_url(open_position)},
    )
    assert response.status_code == 302 and response["Location"] == apply_url(open_position)
    assert b"Start the application" in client.get(response["Location"]).content


def test_a_new_visitor_signs_up_confirms_the_address_and_lands_on_the_same_application(
    open_position, settings
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    cache.clear()  # allauth's rate limits
    client = Client()
    login_url = client.get(apply_url(open_position))["Location"]
    # The sign-in page links to sign-up with the same next.
    login_page = client.get(login_url).content.decode()
    signup_href = (
        re.search(r'href="([^"]*/accounts/signup/\?next=[^"]*)"', login_page).group(1).replace("&amp;", "&")
    )
    assert parse_qs(urlparse(signup_href).query)["next"] == [apply_url(open_position)]
    signup_page = client.get(signup_href).content.decode()
    assert f'value="{apply_url(open_position)}"' in signup_page  # the form carries next on
    response = client.post(
        signup_href,
        {
            "email": "drita@example.org",
            "password1": "Kalimi-i-forte-2026",
            "password2": "Kalimi-i-forte-2026",
            "next": apply_url(open_position),
        },
    )
    assert response.status_code == 302
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    confirm = urlparse(link).path
    response = client.post(confirm)
    assert response.status_code == 302 and response["Location"] == apply_url(open_position)


def test_a_person_with_a_draft_is_offered_to_continue_it(client, applicant, open_position):
    application = start_draft(applicant, open_position)
    client.force_login(applicant)
    detail = reverse("applications:detail", args=[application.pk])
    for name, url in pages(open_position).items():
        html = client.get(url).content.decode()
        assert not apply_links(html, open_position), name
        assert f'href="{detail}"' in html and "Continue your application" in html, name


def test_a_person_who_submitted_is_offered_to_view_the_application(
    client, ready_draft, applicant, open_position
):
    services.application_submit(application=ready_draft, actor=applicant, declaration_accepted=True)
    client.force_login(applicant)
    html = client.get(pages(open_position)["position"]).content.decode()
    assert "View your application" in html and "Continue your application" not in html
    assert not apply_links(html, open_position)


def test_the_list_reads_the_persons_applications_once_for_all_cards(
    client, applicant, open_position, django_assert_max_num_queries
):
    from tests.factories import PositionFactory

    for _ in range(5):
        start_draft(applicant, PositionFactory(announcement=open_position.announcement))
    client.force_login(applicant)
    client.get(pages(open_position)["list"])  # warm the caches of the session and the site
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        html = client.get(pages(open_position)["list"]).content.decode()
    assert html.count("Continue your application") == 5
    assert sum('FROM "applications_application"' in q["sql"] for q in queries.captured_queries) == 1
    assert Application.objects.count() == 5


def test_my_applications_names_the_buttons_the_vacancy_pages_really_show(client, applicant, open_position):
    client.force_login(applicant)
    mine = client.get(reverse("applications:mine")).content.decode()
    named = re.findall(r"press “([^”]+)”(?: \(on the list: “([^”]+)”\))?", mine)
    assert named, "My applications says which button to press"
    page_label, card_label = named[0]
    position_page = client.get(pages(open_position)["position"]).content.decode()
    listing = client.get(pages(open_position)["list"]).content.decode()
    assert any(label.startswith(page_label) for label in apply_links(position_page, open_position))
    assert any(label.startswith(card_label) for label in apply_links(listing, open_position))


def test_the_profile_leads_back_to_the_open_draft(client, applicant, open_position):
    application = start_draft(applicant, open_position)
    client.force_login(applicant)
    page = client.get(reverse("applications:profile")).content.decode()
    assert f'href="{reverse("applications:detail", args=[application.pk])}"' in page
    assert "Continue your application" in page
