"""Sign-up, e-mail verification, log-in, password reset, change of e-mail and the login rate limit,
through allauth's pages as a person uses them (the e-mails read from the /mailbox/ demo page)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from notifications.models import StoredEmail

from .helpers import PASSWORD, is_logged_in, link_from_mailbox, log_in, url, verified

User = get_user_model()
NEW_PASSWORD = "another horse battery staple"


def _sign_up(client, email, language="en"):
    return client.post(
        url("account_signup", language), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_sign_up_sends_a_verification_email_whose_link_verifies_the_address_and_then_log_in_works(client):
    response = _sign_up(client, "drita@example.org")
    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    assert not is_logged_in(client)  # verification is mandatory
    assert StoredEmail.objects.filter(to="drita@example.org").count() == 1

    link = link_from_mailbox(client, to="drita@example.org", contains="/accounts/confirm-email/")
    assert client.get(link).status_code == 200  # a page with a Confirm button: works without JavaScript
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="drita@example.org").verified

    client.post(url("account_logout"))
    assert not is_logged_in(client)
    response = log_in(client, "drita@example.org")
    assert response.status_code == 302 and response["Location"] == url("home")
    assert is_logged_in(client)


def test_an_unverified_person_cannot_log_in(client):
    _sign_up(client, "besa@example.org")
    client.logout()
    response = log_in(client, "besa@example.org")
    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    assert not is_logged_in(client)
    assert not EmailAddress.objects.get(email="besa@example.org").verified


def test_the_verification_link_keeps_the_language_of_the_sign_up(client):
    _sign_up(client, "milica@example.org", language="sr-latn")
    link = link_from_mailbox(client, to="milica@example.org", contains="confirm-email")
    assert "/sr-latn/accounts/confirm-email/" in link


def test_a_tampered_verification_link_verifies_nothing(client):
    _sign_up(client, "arben@example.org")
    link = link_from_mailbox(client, to="arben@example.org", contains="/accounts/confirm-email/")
    response = client.post(link.rstrip("/") + "x/")
    assert response.status_code in (200, 404)
    assert not EmailAddress.objects.get(email="arben@example.org").verified


def test_a_password_reset_email_lets_the_person_choose_a_new_password(client, applicant):
    verified(applicant)
    response = client.post(url("account_reset_password"), {"email": applicant.email})
    assert response.status_code == 302 and response["Location"] == url("account_reset_password_done")

    link = link_from_mailbox(client, to=applicant.email, contains="/accounts/password/reset/key/")
    response = client.get(link)  # allauth moves the key into the session and redirects
    assert response.status_code == 302
    form_url = response["Location"]
    assert client.get(form_url).status_code == 200
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == url("account_reset_password_from_key_done")

    log_in(client, applicant.email, PASSWORD)
    assert not is_logged_in(client)
    log_in(client, applicant.email, NEW_PASSWORD)
    assert is_logged_in(client)


def test_a_used_password_reset_link_cannot_be_used_again(client, applicant):
    verified(applicant)
    client.post(url("account_reset_password"), {"email": applicant.email})
    link = link_from_mailbox(client, to=applicant.email, contains="/accounts/password/reset/key/")
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    other = client.__class__()
    response = other.get(link, follow=True)
    assert b'name="password1"' not in response.content


def test_a_change_of_email_takes_effect_only_after_the_new_address_is_verified(client, applicant):
    verified(applicant)
    log_in(client, applicant.email)
    response = client.post(url("account_email"), {"action_add": "", "email": "alba.new@example.org"})
    assert response.status_code == 302

    applicant.refresh_from_db()
    assert applicant.email == "alba@example.org"  # still the old address
    assert not EmailAddress.objects.get(email="alba.new@example.org").verified
    client.post(url("account_logout"))
    log_in(client, "alba.new@example.org")
    assert not is_logged_in(client)  # the unverified new address does not log anyone in

    link = link_from_mailbox(client, to="alba.new@example.org", contains="/accounts/confirm-email/")
    log_in(client, applicant.email)
    client.post(link)
    applicant.refresh_from_db()
    assert applicant.email == "alba.new@example.org"
    assert list(EmailAddress.objects.filter(user=applicant).values_list("email", "verified", "primary")) == [
        ("alba.new@example.org", True, True)
    ]
    client.post(url("account_logout"))
    log_in(client, "alba.new@example.org")
    assert is_logged_in(client)


def test_the_old_address_is_told_about_a_change_of_email(client, applicant):
    verified(applicant)
    log_in(client, applicant.email)
    client.post(url("account_email"), {"action_add": "", "email": "alba.new@example.org"})
    client.post(link_from_mailbox(client, to="alba.new@example.org", contains="/accounts/confirm-email/"))
    assert StoredEmail.objects.filter(to="alba@example.org").exists()


def test_login_is_refused_after_five_failed_attempts_even_with_the_right_password(client, applicant):
    verified(applicant)
    for _ in range(5):
        response = log_in(client, applicant.email, "not the password at all")
        assert response.status_code == 200
        assert "Too many failed login attempts" not in response.content.decode()
    response = log_in(client, applicant.email, PASSWORD)
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert not is_logged_in(client)


def test_the_login_limit_of_one_address_does_not_lock_out_another(client, applicant, other_applicant):
    verified(applicant)
    verified(other_applicant)
    for _ in range(5):
        log_in(client, applicant.email, "not the password at all")
    log_in(client, other_applicant.email)
    assert is_logged_in(client)


def test_log_out_is_a_post_behind_a_confirmation_page(client, applicant):
    verified(applicant)
    log_in(client, applicant.email)
    assert client.get(url("account_logout")).status_code == 200
    assert is_logged_in(client)  # a GET (a link, a prefetch) does not log out
    client.post(url("account_logout"))
    assert not is_logged_in(client)


def test_signing_up_with_a_taken_address_creates_no_second_account(client, applicant):
    verified(applicant)
    _sign_up(client, applicant.email)
    assert User.objects.filter(email__iexact=applicant.email).count() == 1
