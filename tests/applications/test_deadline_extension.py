"""The applications follow the position's effective deadline (R-12.2): during an extension submissions
are accepted, one second after it they are refused, and a submission racing the closing decision is
either counted by it or sees the extension."""

import datetime as dt
import threading
import time

import pytest
import time_machine
from django.db import connection, connections

from applications import services
from applications.models import Application, ApplicationStatus
from applications.services import submission as submission_services
from notifications.models import Message
from tests.factories import AnnouncementFactory, PositionFactory, RequiredDocumentFactory, UserFactory
from tests.helpers.applications import attach_required, complete_profile, start_draft
from vacancies.models import ClosingState
from verification import closing

CLOSES = dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC)  # 16:00 in Prishtina
EXTENDED = dt.datetime(2026, 12, 9, 15, 0, tzinfo=dt.UTC)


def submit(application, actor, **kwargs):
    return services.application_submit(
        application=application, actor=actor, declaration_accepted=True, **kwargs
    )


@pytest.fixture
def position(institution):
    announcement = AnnouncementFactory(
        institution=institution,
        closes_at=CLOSES,
        opens_at=CLOSES - dt.timedelta(days=10),
        published_at=CLOSES - dt.timedelta(days=10),
    )
    position = PositionFactory(announcement=announcement, title_en="IT officer")
    RequiredDocumentFactory(position=position, name="CV", name_en="CV")
    return position


def ready(user, position, when=CLOSES - dt.timedelta(days=2)):
    complete_profile(user)
    with time_machine.travel(when, tick=False):
        application = start_draft(user, position)
        attach_required(application, user)
    return application


def decide(position, now):
    result = closing.position_closing_decide(position_id=position.pk, now=now)
    position.refresh_from_db()
    return result


@pytest.mark.django_db
def test_r12_2_during_the_extension_a_submission_is_accepted_one_second_after_it_is_refused(
    position, applicant, other_applicant
):
    first = ready(applicant, position)
    second = ready(other_applicant, position)
    with time_machine.travel(CLOSES + dt.timedelta(seconds=1), tick=False):
        with pytest.raises(services.ApplicationError, match="deadline"):
            submit(first, applicant)  # late, and not yet decided: refused
    assert decide(position, CLOSES + dt.timedelta(minutes=1)) == "extend"
    assert position.extended_until == EXTENDED
    with time_machine.travel(CLOSES + dt.timedelta(days=2), tick=False):
        submission, created = submit(first, applicant)
    assert created and submission.submitted_at == CLOSES + dt.timedelta(days=2)
    with time_machine.travel(EXTENDED - dt.timedelta(seconds=1), tick=False):
        assert position.is_open
    with time_machine.travel(EXTENDED + dt.timedelta(seconds=1), tick=False):
        assert (
            not Application.objects.select_related("position__announcement")
            .get(pk=second.pk)
            .position.is_open
        )
        with pytest.raises(services.ApplicationError, match="deadline"):
            submit(second, other_applicant)
        with pytest.raises(services.ApplicationError, match="deadline"):
            start_draft(UserFactory(username="late@example.org"), position)
    assert decide(position, EXTENDED) == "close"
    assert position.applications_at_closing == 1  # the one of the extension; the draft is not counted


@pytest.mark.django_db
def test_a_withdrawal_during_the_extension_is_not_counted_at_the_final_closing(
    position, applicant, other_applicant
):
    first = ready(applicant, position)
    second = ready(other_applicant, position)
    with time_machine.travel(CLOSES - dt.timedelta(days=1), tick=False):
        submit(first, applicant)
        submit(second, other_applicant)
    assert decide(position, CLOSES) == "extend"  # 2 < 3 for a single position
    with time_machine.travel(CLOSES + dt.timedelta(days=1), tick=False):
        services.application_withdraw(application=second, actor=other_applicant)
    assert decide(position, EXTENDED) == "close"
    assert position.applications_at_closing == 1


@pytest.mark.django_db
def test_a_closed_position_refuses_even_a_draft_started_before(position, applicant):
    draft = ready(applicant, position)
    for _ in range(3):
        other = UserFactory()
        app = ready(other, position)
        with time_machine.travel(CLOSES - dt.timedelta(hours=1), tick=False):
            submit(app, other)
    assert decide(position, CLOSES) == "close"
    with time_machine.travel(CLOSES + dt.timedelta(days=1), tick=False):
        with pytest.raises(services.ApplicationError):
            submit(draft, applicant)


@pytest.mark.django_db
def test_the_extension_earns_one_new_draft_reminder_naming_the_new_deadline(position, applicant):
    ready(applicant, position)
    with time_machine.travel(CLOSES - dt.timedelta(hours=2), tick=False):
        assert services.draft_reminders_send() == 1
    decide(position, CLOSES)
    with time_machine.travel(CLOSES + dt.timedelta(days=1), tick=False):
        assert services.draft_reminders_send() == 0  # the new deadline is more than 48 hours away
    with time_machine.travel(EXTENDED - dt.timedelta(hours=10), tick=False):
        assert services.draft_reminders_send() == 1
        assert services.draft_reminders_send() == 0
    latest = Message.objects.filter(kind="application.draft_reminder").order_by("-id").first()
    assert "09.12.2026 16:00" in latest.body


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_a_submission_in_flight_when_the_deadline_is_decided_is_counted(position, applicant, monkeypatch):
    """The submission holds the announcement and the position FOR SHARE; the decision waits for it to
    commit and counts it: with it there are 3 applications for one position (close), without it 2 (extend)."""
    for _ in range(2):
        other = UserFactory()
        app = ready(other, position)
        with time_machine.travel(CLOSES - dt.timedelta(hours=1), tick=False):
            submit(app, other)
    draft = ready(applicant, position)

    locks_held = threading.Event()
    real_snapshot = submission_services._context_snapshot

    def slow_snapshot(*args, **kwargs):  # runs inside the submission's transaction, under its locks
        locks_held.set()
        time.sleep(0.5)
        return real_snapshot(*args, **kwargs)

    monkeypatch.setattr(submission_services, "_context_snapshot", slow_snapshot)
    outcome = {}

    def submit_in_time():
        try:
            outcome["submission"] = submit(draft, applicant, now=CLOSES - dt.timedelta(seconds=1))
        except BaseException as exc:  # asserted below
            outcome["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=submit_in_time)
    thread.start()
    assert locks_held.wait(timeout=10)
    started = time.monotonic()
    decision = closing.position_closing_decide(position_id=position.pk, now=CLOSES + dt.timedelta(seconds=1))
    waited = time.monotonic() - started
    thread.join(timeout=30)

    assert "error" not in outcome
    assert waited > 0.2  # the decision waited for the submission's locks
    assert decision == "close"
    position.refresh_from_db()
    assert position.closing_state == ClosingState.CLOSED and position.applications_at_closing == 3
    assert Application.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 3
