""" "My applications" costs the same number of queries for one application or many (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, ApplicationStatus
from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_my_applications_costs_the_same_for_one_application_or_many(client, applicant):
    Application.objects.create(
        applicant=applicant, position=PositionFactory(), status=ApplicationStatus.DRAFT
    )
    client.force_login(applicant)
    url = reverse("applications:mine")
    client.get(url)  # warm the per-process caches
    few = _queries(client, url)
    for _ in range(5):
        Application.objects.create(
            applicant=applicant, position=PositionFactory(), status=ApplicationStatus.DRAFT
        )
    assert client.get(url).content.decode().count('class="status"') >= 6
    assert _queries(client, url) == few
