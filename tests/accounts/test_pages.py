"""Every allauth page is the site's own page (templates/allauth/layouts, elements) in each of the three
languages, and its forms are labelled for screen readers."""

from html.parser import HTMLParser

import pytest

from tests.factories import UserFactory

from .helpers import PASSWORD, activate_totp, log_in, url, verified

LANG_ATTRIBUTE = {"sq": 'lang="sq"', "sr-latn": 'lang="sr-Latn"', "en": 'lang="en"'}
LANGUAGES = list(LANG_ATTRIBUTE)

ANONYMOUS_PAGES = [
    ("account_login", ()),
    ("account_signup", ()),
    ("account_reset_password", ()),
    ("account_reset_password_done", ()),
    ("account_email_verification_sent", ()),
    ("account_confirm_email", ("not-a-key",)),
    ("account_reset_password_from_key", ("0", "not-a-key")),
]
SIGNED_IN_PAGES = [
    "account_email",
    "account_change_password",
    "account_logout",
    "account_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
]
WITH_TOTP_PAGES = [
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
]


class _Form(HTMLParser):
    """Collects the inputs a person fills in and the labels that name them."""

    def __init__(self):
        super().__init__()
        self.inputs, self.labels = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "textarea", "select") and attrs.get("type") not in ("hidden", "submit"):
            self.inputs.append(attrs.get("id") or attrs.get("name"))


def assert_site_page(response, language):
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<html {LANG_ATTRIBUTE[language]}>" in page
    assert 'class="site-header"' in page and 'class="site-footer"' in page  # the site's templates/base.html
    assert 'class="account-title"' in page  # allauth's heading, through our elements
    assert "Menu:" not in page  # allauth's bare default layout is gone
    parser = _Form()
    parser.feed(page)
    unlabelled = [name for name in parser.inputs if name not in parser.labels]
    assert not unlabelled, f"inputs without a label: {unlabelled}"


@pytest.fixture
def person(db):
    return verified(UserFactory(username="vjosa@example.org"))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "args"), ANONYMOUS_PAGES)
def test_each_page_for_visitors_renders_in_the_site_look(client, name, args, language):
    assert_site_page(client.get(url(name, language, *args)), language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_each_page_of_a_signed_in_person_renders_in_the_site_look(client, person, name, language):
    log_in(client, person.email, language=language)
    client.post(url("account_reauthenticate", language), {"password": PASSWORD})  # MFA pages ask for it first
    assert_site_page(client.get(url(name, language)), language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", WITH_TOTP_PAGES)
def test_each_mfa_page_renders_in_the_site_look(client, person, name, language, totp_clock):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    from .helpers import totp_code

    secret = activate_totp(person)
    RecoveryCodes.activate(person)
    log_in(client, person.email, language=language)
    client.post(url("mfa_authenticate", language), {"code": totp_code(secret)})
    client.post(url("account_reauthenticate", language), {"password": PASSWORD})
    assert_site_page(client.get(url(name, language)), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_code_page_at_log_in_renders_in_the_site_look(client, person, language):
    activate_totp(person)
    log_in(client, person.email, language=language)
    assert_site_page(client.get(url("mfa_authenticate", language)), language)


def test_a_form_error_is_tied_to_its_input_and_announced(client, person):
    page = log_in(client, person.email, "wrong password entirely").content.decode()
    assert 'class="form-errors" role="alert"' in page  # "the e-mail address and/or password are not correct"
    page = client.post(
        url("account_signup"),
        {"email": "x@example.org", "password1": PASSWORD, "password2": "something else"},
    ).content.decode()
    assert 'id="id_password2_error"' in page
    assert 'aria-describedby="id_password2_error"' in page and 'aria-invalid="true"' in page


def test_allauth_speaks_each_language_of_the_page(client):
    # allauth ships sr_Latn; its Albanian comes from the project's locale_vendor/sq catalogue.
    for language, sign_in in (("sq", "Hyni"), ("sr-latn", "Prijavite se"), ("en", "Sign In")):
        page = client.get(url("account_login", language)).content.decode()
        assert f'<h1 class="account-title">{sign_in}</h1>' in " ".join(page.split()).replace(
            "> ", ">"
        ).replace(" <", "<")


def test_the_account_pages_share_a_navigation_that_marks_the_current_page(client, person):
    log_in(client, person.email)
    page = client.get(url("account_change_password")).content.decode()
    assert f'<a href="{url("account_change_password")}" aria-current="page">' in page
    assert f'<a href="{url("mfa_index")}">' in page
