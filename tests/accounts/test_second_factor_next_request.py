"""The middleware reads who must use a second factor afresh on every request (one query, no cache that
outlives the request): a person made HR is asked for it on their very next request."""

import pytest

from tests.factories import make_hr

from .helpers import log_in, url, verified

pytestmark = pytest.mark.urls("tests.accounts.urls")

CANDIDATE_DATA = "/en/candidate-data/"


def test_an_applicant_made_hr_is_asked_for_the_second_factor_on_the_next_request(
    client, applicant, institution
):
    verified(applicant)
    log_in(client, applicant.email)
    assert client.get(CANDIDATE_DATA).status_code == 200
    make_hr(applicant, institution)
    assert client.get(CANDIDATE_DATA)["Location"] == url("mfa_activate_totp")


def test_a_plain_applicant_costs_one_query_to_tell_apart_from_staff(
    client, applicant, django_assert_num_queries
):
    verified(applicant)
    log_in(client, applicant.email)
    client.get(CANDIDATE_DATA)
    # The session, the user, and one query for the institution roles and committee seats together.
    with django_assert_num_queries(3):
        assert client.get(CANDIDATE_DATA).status_code == 200
