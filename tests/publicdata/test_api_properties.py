"""A property-based run of the public API against the live test server (schemathesis): for requests generated from
the OpenAPI description, every answer is one the description documents, with the documented content and schema,
and no request makes a server error. (schemathesis' own pytest plugin does not run under pytest 9: the operations
are walked here with hypothesis directly.)"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from publicdata.openapi import PATHS
from tests.publicdata.test_api import world  # noqa: F401  (the fixture: an open, a closed and a drafted procedure)

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_generated_request_gets_a_documented_answer(live_server, world, settings):  # noqa: F811
    settings.API_RATE_LIMIT = ""  # hundreds of requests in a minute, all from this process
    settings.API_CACHE_SECONDS = 0
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(PATHS)

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def answers_as_documented(case):
            case.call_and_validate()

        answers_as_documented()
