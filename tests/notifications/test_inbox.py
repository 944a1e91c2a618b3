"""The inbox: a person's delivered messages only, and a page whose query count does not grow with them."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Message, MessageStatus

pytestmark = pytest.mark.django_db


def _messages(user, n, *, status=MessageStatus.SENT, subject="Njoftim"):
    Message.objects.bulk_create(
        [
            Message(
                recipient=user,
                email=user.email,
                language="sq",
                kind="test",
                subject=f"{subject} {i}",
                body="Tekst",
                status=status,
                sent_at=timezone.now() if status == MessageStatus.SENT else None,
            )
            for i in range(n)
        ]
    )


def _queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("notifications:inbox")).content.decode()
    return len(ctx), page


def test_the_inbox_shows_the_person_s_delivered_messages_with_as_many_queries_for_2_as_for_20(
    applicant, other_applicant
):
    client = Client()
    client.force_login(applicant)
    _messages(applicant, 2)
    _queries(client)  # the first request of a session also saves the session and caches the person's roles
    few, page = _queries(client)
    assert "Njoftim 0" in page and "Njoftim 1" in page
    _messages(applicant, 18)
    _messages(applicant, 1, status=MessageStatus.PENDING, subject="Pritje")
    _messages(other_applicant, 3, subject="Tjetri")
    many, page = _queries(client)
    assert many == few
    assert "Pritje" not in page and "Tjetri" not in page  # not yet delivered; someone else's
