"""Issue 13: notify_bulk writes the messages notify would, for many recipients at once: the same texts in every
language, each dedupe key once (a second run writes nothing), a fixed number of statements whatever the number of
messages, and each delivered after the commit."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Message, MessageStatus
from notifications.services import notify, notify_bulk
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _items(users, run="a"):
    return [
        {
            "recipient": u,
            "language": "en" if i % 2 else "sq",
            "dedupe_key": f"bulk:{run}:{u.pk}",
            "context": {"subject": f"Result {i}", "text": f"Your rank is {i}."},
        }
        for i, u in enumerate(users)
    ]


def test_the_messages_are_those_notify_writes(applicant):
    other = UserFactory(username="other@example.org", email="other@example.org")
    item = {"recipient": other, "language": "en", "context": {"subject": "Result", "text": "Rank 3 >= 2"}}
    one = notify(kind="test", template="generic", dedupe_key="single", **item)
    assert notify_bulk(kind="test", template="generic", items=[{**item, "dedupe_key": "bulk"}]) == 1
    bulk = Message.objects.get(dedupe_key="bulk")
    assert (bulk.subject, bulk.body, bulk.renderings, bulk.language, bulk.email, bulk.recipient_id) == (
        one.subject,
        one.body,
        one.renderings,
        one.language,
        one.email,
        one.recipient_id,
    )
    assert "Rank 3 >= 2" in bulk.body  # plain text, never escaped
    assert bulk.status == MessageStatus.PENDING and bulk.message_id != one.message_id


def test_a_second_run_tells_nobody_twice():
    users = UserFactory.create_batch(5)
    assert notify_bulk(kind="test", template="generic", items=_items(users)) == 5
    assert notify_bulk(kind="test", template="generic", items=_items(users)) == 0
    assert Message.objects.filter(kind="test").count() == 5


def test_the_statements_do_not_grow_with_the_messages():
    few, many = UserFactory.create_batch(10), UserFactory.create_batch(500)
    with CaptureQueriesContext(connection) as small:
        notify_bulk(kind="test", template="generic", items=_items(few))
    with CaptureQueriesContext(connection) as large:
        notify_bulk(kind="test", template="generic", items=_items(many, run="b"))
    assert (
        len(large.captured_queries) == len(small.captured_queries) <= 3
    )  # used keys, insert (and a savepoint)
    assert Message.objects.filter(kind="test").count() == 510


def test_each_message_is_delivered_after_the_commit(django_capture_on_commit_callbacks):
    users = UserFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        notify_bulk(kind="test", template="generic", items=_items(users))
        assert len(mail.outbox) == 0
    assert len(mail.outbox) == 3
    assert Message.objects.filter(kind="test", status=MessageStatus.SENT).count() == 3
