import pytest
from django.core import mail
from django.db import transaction

from notifications.models import Message, MessageStatus
from notifications.services import message_deliver, notify, outbox_sweep

pytestmark = pytest.mark.django_db(transaction=True)


def _notify(user, **kwargs):
    with transaction.atomic():
        return notify(
            recipient=user,
            kind="test",
            template="generic",
            context={"subject": "Hello", "text": "Body"},
            **kwargs,
        )


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_message_is_delivered_after_commit_once(applicant):
    message = _notify(applicant)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT  # eager task ran on commit
    assert len(mail.outbox) == 1
    assert message_deliver(message_id=message.pk) is False  # a second run sends nothing
    assert len(mail.outbox) == 1


def test_a_rolled_back_change_leaves_no_message(applicant):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            notify(
                recipient=applicant, kind="test", template="generic", context={"subject": "s", "text": "t"}
            )
            raise RuntimeError("the change failed")
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_the_same_dedupe_key_tells_a_person_once(applicant):
    assert _notify(applicant, dedupe_key="step:1") is not None
    assert _notify(applicant, dedupe_key="step:1") is None
    assert Message.objects.count() == 1


def test_a_message_whose_delivery_could_not_be_scheduled_is_sent_by_the_sweep(applicant, monkeypatch):
    from notifications import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(tasks.deliver_message, "apply_async", broker_down)
    message = _notify(applicant)
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert outbox_sweep(older_than_seconds=0) == 1
    assert outbox_sweep(older_than_seconds=0) == 0
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_keeps_the_message_pending(applicant, settings, monkeypatch):
    from django.core.mail import EmailMessage

    monkeypatch.setattr(
        EmailMessage, "send", lambda self, fail_silently=False: (_ for _ in ()).throw(OSError("smtp down"))
    )
    message = _notify(applicant)
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING
    assert message.attempts == 1
    assert "smtp down" in message.last_error
