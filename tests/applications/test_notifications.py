"""Messages about applications: written with the change, delivered once (with the receipt attached),
in the person's language; the draft reminder 48 hours before closing, sent once however often it runs."""

import datetime as dt
from io import BytesIO

import pytest
import time_machine
from django.core import mail
from pypdf import PdfReader

from applications import services
from applications.models import Application
from applications.tasks import send_draft_reminders
from notifications.models import Message, MessageStatus
from notifications.services import outbox_sweep
from tests.factories import AnnouncementFactory, PositionFactory, UserFactory
from tests.helpers.applications import attach_required, complete_profile, start_draft


@pytest.mark.django_db(transaction=True)
def test_the_receipt_is_emailed_once_with_the_submission(ready_draft, applicant, private_storage):
    submission, _ = services.application_submit(
        application=ready_draft, actor=applicant, declaration_accepted=True
    )
    message = Message.objects.get(kind="application.received")
    assert message.status == MessageStatus.SENT  # delivered after commit (eager in tests)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [applicant.email]
    assert submission.reference in email.subject
    [(name, content, mimetype)] = email.attachments
    assert name == f"{submission.reference}.pdf" and mimetype == "application/pdf"
    assert submission.reference in PdfReader(BytesIO(content)).pages[0].extract_text()
    # The receipt was stored once and is the same file the applicant downloads.
    assert (private_storage / submission.receipt_path).read_bytes() == content
    assert outbox_sweep(older_than_seconds=0) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_messages_are_written_in_the_applicants_language(applicant, open_position):
    complete_profile(applicant)
    application, _ = services.application_start(
        applicant=applicant, position=open_position, actor=applicant, language="en"
    )
    attach_required(application, applicant)
    services.application_submit(application=application, actor=applicant, declaration_accepted=True)
    message = Message.objects.get(kind="application.received")
    assert message.language == "en"
    assert "IT officer" in message.body  # the position's English title
    assert "/en/applications/" in message.body


@pytest.mark.django_db
def test_the_draft_reminder_goes_once_48_hours_before_closing_to_drafts_only(
    institution, applicant, other_applicant
):
    closes_at = dt.datetime(2026, 12, 10, 15, 0, tzinfo=dt.UTC)
    announcement = AnnouncementFactory(
        institution=institution,
        closes_at=closes_at,
        opens_at=closes_at - dt.timedelta(days=20),
        published_at=closes_at - dt.timedelta(days=20),
    )
    position = PositionFactory(announcement=announcement)
    third = UserFactory(username="third@example.org")
    with time_machine.travel(closes_at - dt.timedelta(days=5), tick=False):
        draft = start_draft(applicant, position)
        start_draft(other_applicant, position)
        submitted = start_draft(third, position)
    Application.objects.filter(pk=submitted.pk).update(status="submitted")  # not a draft any more
    with time_machine.travel(closes_at - dt.timedelta(hours=49), tick=False):
        assert services.draft_reminders_send() == 0  # too early
    with time_machine.travel(closes_at - dt.timedelta(hours=47), tick=False):
        assert send_draft_reminders() == 2
        assert send_draft_reminders() == 0  # the beat runs it again: nobody is told twice
    with time_machine.travel(closes_at - dt.timedelta(hours=1), tick=False):
        assert send_draft_reminders() == 0
    reminders = Message.objects.filter(kind="application.draft_reminder")
    assert sorted(m.recipient.username for m in reminders) == sorted(
        [applicant.username, other_applicant.username]
    )
    assert draft.pk in {int(m.dedupe_key.split(":")[1]) for m in reminders}


@pytest.mark.django_db
def test_an_extended_deadline_earns_one_new_reminder(institution, applicant):
    closes_at = dt.datetime(2026, 12, 10, 15, 0, tzinfo=dt.UTC)
    announcement = AnnouncementFactory(
        institution=institution,
        closes_at=closes_at,
        opens_at=closes_at - dt.timedelta(days=20),
        published_at=closes_at - dt.timedelta(days=20),
    )
    position = PositionFactory(announcement=announcement)
    with time_machine.travel(closes_at - dt.timedelta(days=5), tick=False):
        start_draft(applicant, position)
    with time_machine.travel(closes_at - dt.timedelta(hours=2), tick=False):
        assert services.draft_reminders_send() == 1
    # extended by 5 days.
    announcement.closes_at = closes_at + dt.timedelta(days=5)
    announcement.save()
    with time_machine.travel(announcement.closes_at - dt.timedelta(hours=10), tick=False):
        assert services.draft_reminders_send() == 1
        assert services.draft_reminders_send() == 0


def test_the_draft_reminder_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["draft-reminders"]
    assert entry["task"] == "applications.tasks.send_draft_reminders"
