"""Whether an audit event keeps the account (an act in a role) or only a pseudonym: the roles that the request
already read are reused, unless a role row was written since (issue 13: the upload read them twice)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.services import audit_log
from recruitment.permissions import requires_second_factor
from vacancies.models import InstitutionStaff, StaffRole

pytestmark = pytest.mark.django_db


def _roles_queries(queries) -> list[str]:
    table = InstitutionStaff._meta.db_table
    return [q["sql"] for q in queries if table in q["sql"]]


def test_an_applicants_audited_act_reads_no_roles_the_request_already_read(applicant):
    assert requires_second_factor(applicant) is False  # the middleware's read at the start of the request
    with CaptureQueriesContext(connection) as ctx:
        event = audit_log(actor=applicant, action="test.act")
    assert _roles_queries(ctx.captured_queries) == []
    assert event.actor is None and event.actor_repr.startswith("p-")


def test_without_a_read_in_the_request_the_audit_reads_the_roles(applicant):
    with CaptureQueriesContext(connection) as ctx:
        audit_log(actor=applicant, action="test.act")
    assert len(_roles_queries(ctx.captured_queries)) == 1


def test_a_role_granted_in_the_same_request_is_read_again(applicant, institution):
    assert requires_second_factor(applicant) is False
    InstitutionStaff.objects.create(user=applicant, institution=institution, role=StaffRole.HR)
    event = audit_log(actor=applicant, action="test.act")
    assert event.actor == applicant  # an act in the role the request gave: the account is kept


def test_a_role_taken_away_in_the_same_request_is_read_again(applicant, institution):
    staff = InstitutionStaff.objects.create(user=applicant, institution=institution, role=StaffRole.HR)
    assert requires_second_factor(applicant) is True
    staff.delete()
    event = audit_log(actor=applicant, action="test.act")
    assert event.actor is None and event.actor_repr.startswith("p-")


def test_the_second_factor_check_itself_always_reads_the_roles(applicant, institution):
    assert requires_second_factor(applicant) is False
    with CaptureQueriesContext(connection) as ctx:
        assert requires_second_factor(applicant) is False
    assert len(_roles_queries(ctx.captured_queries)) == 1
