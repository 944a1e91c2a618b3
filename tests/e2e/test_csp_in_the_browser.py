"""The strict CSP in a real browser: Django's admin (its calendar and clock widgets are scripts) and a public page
run with no violation reported, and the widgets' scripts do run."""

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.helpers.auth import login_with_second_factor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _violations(page):
    seen = []
    page.on(
        "console",
        lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def test_the_admin_works_under_the_policy_with_its_scripts_running(live_server, page):
    superuser = UserFactory(username="root@example.org", is_staff=True, is_superuser=True)
    client = login_with_second_factor(Client(), superuser)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    seen = _violations(page)
    response = page.goto(live_server.url + "/en/admin/vacancies/announcement/add/")
    assert "script-src 'self'" in response.headers["content-security-policy"]  # the browser enforces it
    assert page.locator("#content h1").is_visible()
    # DateTimeShortcuts.js adds the "Today" and "Now" links next to every date and time field.
    page.locator(".datetimeshortcuts a", has_text="Today").first.wait_for()
    page.goto(live_server.url + "/en/admin/auth/user/")
    page.goto(live_server.url + "/en/")
    assert seen == []
