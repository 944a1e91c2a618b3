"""Staff use a second factor (allauth MFA, TOTP) before they reach anything but public and account pages;
applicants are never asked (recruitment.middleware, recruitment.permissions, recruitment.adapters)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from recruitment import permissions
from recruitment.permissions import register_second_factor_rule, requires_second_factor
from tests.factories import UserFactory, make_hr

from .helpers import PASSWORD, activate_totp, is_logged_in, log_in, totp_code, url, verified

pytestmark = pytest.mark.urls("tests.accounts.urls")

CANDIDATE_DATA = "/en/candidate-data/"


@pytest.fixture
def staff(db):
    return verified(UserFactory(username="admin@example.org", is_staff=True))


@pytest.fixture(autouse=True)
def no_extra_rules(monkeypatch):
    # Rules registered by other apps (committees) or by a test stay out of these tests.
    monkeypatch.setattr(permissions, "_second_factor_rules", [])


# --- who must use a second factor ---------------------------------------------------------------


def test_staff_superusers_and_institution_staff_require_a_second_factor(staff, hr_officer, applicant):
    hr_only = make_hr(
        UserFactory(username="hr.only@example.org"), hr_officer.institution_roles.get().institution
    )
    hr_only.is_staff = False
    hr_only.save(update_fields=["is_staff"])
    superuser = UserFactory(username="root@example.org", is_superuser=True)
    assert requires_second_factor(staff)
    assert requires_second_factor(hr_officer)
    assert requires_second_factor(hr_only)  # an InstitutionStaff row is enough
    assert requires_second_factor(superuser)
    assert not requires_second_factor(applicant)


def test_an_anonymous_or_inactive_user_requires_nothing(staff):
    from django.contrib.auth.models import AnonymousUser

    staff.is_active = False
    assert not requires_second_factor(staff)
    assert not requires_second_factor(AnonymousUser())


def test_another_app_adds_its_people_with_a_registered_rule(committee_member, applicant):
    assert not requires_second_factor(committee_member)
    rule = register_second_factor_rule(lambda user: user.pk == committee_member.pk)
    register_second_factor_rule(rule)  # twice is once
    assert permissions._second_factor_rules == [rule]
    assert requires_second_factor(committee_member)
    assert not requires_second_factor(applicant)


# --- staff without an authenticator ------------------------------------------------------------


def test_staff_without_totp_are_sent_to_the_mfa_setup_from_the_admin_and_any_non_public_page(client, staff):
    log_in(client, staff.email)
    assert is_logged_in(client)
    setup = url("mfa_activate_totp")
    for page in (url("admin:index"), url("admin:auth_user_changelist"), CANDIDATE_DATA):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"] == setup, page
    response = client.post(CANDIDATE_DATA)
    assert response.status_code == 302 and response["Location"] == setup


def test_an_hr_officer_who_is_not_django_staff_is_sent_to_the_setup_too(client, hr_officer):
    hr_officer.is_staff = False
    hr_officer.save(update_fields=["is_staff"])
    verified(hr_officer)
    log_in(client, hr_officer.email)
    assert client.get(CANDIDATE_DATA)["Location"] == url("mfa_activate_totp")


def test_a_committee_member_marked_by_a_rule_is_sent_to_the_setup(client, committee_member):
    register_second_factor_rule(lambda user: user.pk == committee_member.pk)
    verified(committee_member)
    log_in(client, committee_member.email)
    assert client.get(CANDIDATE_DATA)["Location"] == url("mfa_activate_totp")


@pytest.mark.parametrize("language", ["sq", "sr-latn", "en"])
def test_staff_without_totp_still_reach_public_pages_account_pages_and_log_out(client, staff, language):
    log_in(client, staff.email, language=language)
    for name in (
        "home",
        "vacancies:list",
        "vacancies:archive",
        "account_email",
        "mfa_index",
        "account_logout",
    ):
        assert client.get(url(name, language)).status_code == 200, name
    assert client.get("/healthz").status_code == 200
    client.post(url("account_logout", language))
    assert not is_logged_in(client)


def test_a_staff_session_opened_outside_allauth_is_not_trusted(client, staff):
    client.force_login(staff)  # e.g. a session from before this rule: no MFA record in it
    assert client.get(url("admin:index"))["Location"] == url("mfa_activate_totp")


def test_an_htmx_request_is_told_where_to_go_instead_of_getting_the_page(client, staff):
    log_in(client, staff.email)
    response = client.get(CANDIDATE_DATA, headers={"HX-Request": "true"})
    assert response.status_code == 200 and response["HX-Redirect"] == url("mfa_activate_totp")
    assert b"candidate data" not in response.content


# --- the admin's own log-in form ------------------------------------------------------------------


def test_the_admin_sends_anonymous_visitors_to_the_portal_log_in(client):
    response = client.get(url("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == url("account_login") + "?next=%2Fen%2Fadmin%2F"


def test_the_admin_log_in_form_cannot_be_used_to_skip_the_second_factor(client, staff):
    response = client.post(url("admin:login"), {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(url("account_login"))
    assert not is_logged_in(client)


# --- activating TOTP, logging in with a code ----------------------------------------------------------


def test_after_activating_totp_and_giving_a_code_the_admin_is_reachable(client, staff, totp_clock):
    log_in(client, staff.email)
    response = client.get(url("mfa_activate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(url("account_reauthenticate"))
    client.post(
        response["Location"], {"password": PASSWORD}
    )  # allauth asks the password again for MFA changes
    page = client.get(url("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(url("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    # This session began with a password only: allauth's MFA reauthentication asks for a code once.
    response = client.get(url("admin:index"))
    assert response["Location"] == url("mfa_reauthenticate") + "?next=%2Fen%2Fadmin%2F"
    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert response["Location"] == url("admin:index")
    assert client.get(url("admin:index")).status_code == 200
    assert client.get(CANDIDATE_DATA).status_code == 200


def test_staff_with_totp_are_asked_for_the_code_at_log_in_and_then_reach_the_admin(client, staff, totp_clock):
    secret = activate_totp(staff)
    response = log_in(client, staff.email)
    assert response["Location"] == url("mfa_authenticate")
    assert not is_logged_in(client)  # not until the code is given
    response = client.post(
        url("mfa_authenticate"), {"code": "000000" if totp_code(secret) != "000000" else "111111"}
    )
    assert response.status_code == 200 and not is_logged_in(client)
    response = client.post(url("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302 and is_logged_in(client)
    assert client.get(url("admin:index")).status_code == 200
    assert client.get(CANDIDATE_DATA).status_code == 200


def test_a_recovery_code_also_counts_as_the_second_factor(client, staff, totp_clock):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    activate_totp(staff)
    recovery_code = RecoveryCodes.activate(staff).get_unused_codes()[0]
    log_in(client, staff.email)
    client.post(url("mfa_authenticate"), {"code": recovery_code})
    assert client.get(url("admin:index")).status_code == 200


def test_a_session_with_totp_but_no_code_yet_is_asked_for_one_not_sent_to_setup(client, staff):
    activate_totp(staff)
    client.force_login(staff)
    assert (
        client.get(CANDIDATE_DATA)["Location"]
        == url("mfa_reauthenticate") + "?next=%2Fen%2Fcandidate-data%2F"
    )


def test_staff_cannot_switch_their_own_totp_off(client, staff, totp_clock):
    secret = activate_totp(staff)
    log_in(client, staff.email)
    client.post(url("mfa_authenticate"), {"code": totp_code(secret)})
    client.post(url("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(url("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "You cannot deactivate two-factor authentication." in response.content.decode()
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


def test_an_applicant_may_switch_their_optional_totp_off(client, applicant, totp_clock):
    secret = activate_totp(verified(applicant))
    log_in(client, applicant.email)
    client.post(url("mfa_authenticate"), {"code": totp_code(secret)})
    client.post(url("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(url("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=applicant, type=Authenticator.Type.TOTP).exists()


# --- applicants ----------------------------------------------------------------------------------


def test_a_plain_applicant_is_never_asked_for_a_second_factor(client, applicant):
    verified(applicant)
    response = log_in(client, applicant.email)
    assert response["Location"] == url("home")
    for page in (CANDIDATE_DATA, url("home"), url("account_email"), url("mfa_index")):
        assert client.get(page).status_code == 200, page


def test_the_shared_test_login_helper_carries_a_record_the_middleware_accepts(client, staff):
    from tests.helpers.auth import login_with_second_factor

    login_with_second_factor(client, staff)
    assert client.get(url("admin:index")).status_code == 200
    assert client.get(CANDIDATE_DATA).status_code == 200


def test_reauthenticating_with_the_password_is_not_a_second_factor(client, staff):
    activate_totp(staff)
    client.force_login(staff)  # a session opened before the app was activated
    response = client.post(url("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302  # the password was accepted...
    response = client.get(url("admin:index"))  # ...but it is not a second factor
    assert response.status_code == 302 and response["Location"].startswith(url("mfa_reauthenticate"))


def test_staff_with_totp_cannot_add_an_unverified_address_themselves(client, staff, totp_clock):
    # allauth's guard (MFA_ALLOW_UNVERIFIED_EMAIL off): an MFA account must not hold someone else's unverified
    # address. An administrator changes a staff member's e-mail in the admin instead.
    secret = activate_totp(staff)
    log_in(client, staff.email)
    client.post(url("mfa_authenticate"), {"code": totp_code(secret)})
    response = client.post(url("account_email"), {"action_add": "", "email": "new.admin@example.org"})
    assert response.status_code == 200
    assert "protected by two-factor authentication" in response.content.decode()
    assert not EmailAddress.objects.filter(email="new.admin@example.org").exists()
