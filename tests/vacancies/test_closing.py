"""R-12.2 / R-12.3: a position's deadline passes; it is extended once by 5 calendar days when too few
applications arrived, otherwise closed; after the extension it closes with whatever arrived in both periods."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import ApplicationStatus
from audit.models import Event
from notifications.models import Message
from recruitment.permissions import NotAllowed
from tests.factories import UserFactory, make_hr
from tests.helpers.auth import login_with_second_factor
from tests.helpers.vacancies import (
    CLOSES,
    EXTENDED,
    application,
    applications,
    make_announcement,
    make_position,
)
from vacancies import rules, selectors
from vacancies.models import AnnouncementStatus, ClosingState, RuleSet
from verification import closing, tasks

pytestmark = pytest.mark.django_db

BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")
AFTER = CLOSES + dt.timedelta(minutes=1)


def decide(position, now=AFTER, **kwargs):
    result = closing.position_closing_decide(position_id=position.pk, now=now, **kwargs)
    position.refresh_from_db()
    return result


# --- The pure rules added with the closing ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_set", "applies"),
    [
        (RuleSet.KQZ_01_2024, True),
        (RuleSet.KQZ_03_2017, False),
        (RuleSet.ALBANIA, False),
    ],
)
def test_r12_2_the_extension_is_an_article_of_regulation_01_2024(rule_set, applies):
    assert rules.extension_applies(rule_set) is applies


def test_r9_1_8_no_rule_lets_hr_close_before_the_announced_deadline():
    assert rules.early_closing_allowed() is False


# --- as a table, through the service -----------------------------------------------------


@pytest.mark.parametrize(
    ("seats", "received", "decision"),
    [
        (1, 0, "extend"),
        (1, 1, "extend"),
        (1, 2, "extend"),
        (1, 3, "close"),
        (3, 2, "extend"),
        (3, 3, "extend"),
        (3, 4, "close"),
    ],
)
def test_r12_2_extend_when_applications_are_no_more_than_positions_or_fewer_than_3_for_one(
    institution, seats, received, decision
):
    position = make_position(institution, seats=seats)
    applications(position, received)
    assert decide(position) == decision
    if decision == "extend":
        assert position.closing_state == ClosingState.EXTENDED
        assert position.extended_until == EXTENDED
        assert position.applications_at_extension == received
        assert position.closed_at is None
        assert "R-12.2" in position.extension_reason and str(received) in position.extension_reason
    else:
        assert position.closing_state == ClosingState.CLOSED
        assert position.closed_at == CLOSES
        assert position.applications_at_closing == received
        assert position.extended_until is None


def test_r12_3_after_the_extension_it_closes_with_both_periods_and_never_extends_again(institution):
    position = make_position(institution)
    application(position, at=CLOSES - dt.timedelta(days=3))
    assert decide(position) == "extend"
    application(position, at=CLOSES + dt.timedelta(days=2))  # arrived during the extension
    # Still too few for one position (2 < 3), but extends only once.
    assert decide(position, now=EXTENDED) == "close"
    assert position.closing_state == ClosingState.CLOSED
    assert position.closed_at == EXTENDED
    assert position.applications_at_closing == 2
    assert position.extended_until == EXTENDED
    assert decide(position, now=EXTENDED + dt.timedelta(days=1)) is None  # decided: a rerun changes nothing


def test_r12_3_with_no_application_in_either_period_it_still_closes_after_the_extension(institution):
    position = make_position(institution)
    assert decide(position) == "extend"
    assert decide(position, now=EXTENDED) == "close"
    assert position.applications_at_closing == 0


def test_nothing_is_decided_before_the_deadline_nor_before_the_extended_one(institution):
    position = make_position(institution)
    assert decide(position, now=CLOSES - dt.timedelta(seconds=1)) is None
    assert position.closing_state == ClosingState.OPEN
    assert decide(position, now=CLOSES) == "extend"  # the closing instant itself is past the deadline
    assert decide(position, now=EXTENDED - dt.timedelta(seconds=1)) is None
    assert position.closing_state == ClosingState.EXTENDED
    assert not Event.objects.filter(action="position.closed").exists()


def test_withdrawn_applications_and_drafts_are_not_counted(institution):
    position = make_position(institution)
    applications(position, 2)
    application(position, status=ApplicationStatus.WITHDRAWN)
    application(position, status=ApplicationStatus.DRAFT)
    application(position, status=ApplicationStatus.DRAFT)
    assert decide(position) == "extend"  # 2 received, not 5
    assert position.applications_at_extension == 2


def test_only_applications_submitted_before_the_deadline_decided_are_counted(institution):
    position = make_position(institution)
    applications(position, 2)
    # Written after the deadline (a clock fault, an import): not received within the period.
    application(position, at=CLOSES + dt.timedelta(seconds=1))
    assert decide(position, now=CLOSES + dt.timedelta(hours=1)) == "extend"
    assert position.applications_at_extension == 2


def test_an_announcement_under_another_rule_set_is_closed_without_extension(other_institution):
    position = make_position(other_institution)
    assert decide(position) == "close"
    assert position.applications_at_closing == 0


# --- A late beat decides by the schedule --------------------------------------------------------------------


@pytest.mark.parametrize("late", [dt.timedelta(hours=1), dt.timedelta(days=2)])
def test_a_late_beat_extends_from_the_announced_deadline_at_the_same_local_hour(institution, late):
    position = make_position(institution)
    assert closing.positions_close_due(now=CLOSES + late) == 1
    position.refresh_from_db()
    # 16:00 in Prishtina five calendar days later, across the end of summer time: 15:00 UTC, not 14:00.
    assert position.extended_until == EXTENDED
    local = position.extended_until.astimezone(BELGRADE)
    assert (local.date(), local.hour, local.minute) == (dt.date(2026, 10, 27), 16, 0)


@pytest.mark.parametrize("late", [dt.timedelta(hours=1), dt.timedelta(days=2)])
def test_a_late_beat_closes_at_the_scheduled_deadline(institution, late):
    position = make_position(institution)
    applications(position, 3)
    assert closing.positions_close_due(now=CLOSES + late) == 1
    position.refresh_from_db()
    assert position.closed_at == CLOSES
    event = Event.objects.get(action="position.closed")
    assert event.data["deadline"] == CLOSES.isoformat()
    assert event.data["verification_until"] == "2026-11-06"


def test_the_task_decides_only_published_positions_whose_deadline_passed(institution):
    due = make_position(institution)
    not_yet = make_position(institution, closes=CLOSES + dt.timedelta(days=1))
    draft = make_position(
        institution, announcement=make_announcement(institution, status=AnnouncementStatus.DRAFT)
    )
    with_time = dt.datetime(2026, 10, 22, 15, 0, tzinfo=dt.UTC)
    assert closing.positions_due(with_time) == [due.pk]
    assert closing.positions_close_due(now=with_time) == 1
    for p in (not_yet, draft):
        p.refresh_from_db()
        assert p.closing_state == ClosingState.OPEN


def test_the_celery_task_runs_the_sweep_and_a_second_run_changes_nothing(institution):
    position = make_position(institution, closes=timezone.now() - dt.timedelta(minutes=5))
    applications(position, 3)
    assert tasks.close_due_positions.delay().get() == 1
    assert tasks.close_due_positions.delay().get() == 0
    position.refresh_from_db()
    assert position.closing_state == ClosingState.CLOSED
    assert Event.objects.filter(action="position.closed").count() == 1


# --- The announcement closes with its last position -----------------------------------------------------


def test_the_announcement_closes_when_its_last_position_closes(institution):
    announcement = make_announcement(institution)
    full = make_position(institution, announcement=announcement)
    few = make_position(institution, announcement=announcement)
    applications(full, 3)
    applications(few, 1)
    assert decide(full) == "close"
    assert decide(few) == "extend"
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.PUBLISHED  # the extended position is still open
    assert decide(few, now=EXTENDED) == "close"
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.CLOSED
    event = Event.objects.get(action="announcement.closed")
    assert event.actor is None and event.actor_repr == "system"


# --- Audit and messages --------------------------------------------------------------------------------


def test_the_extension_is_audited_as_the_system_and_announced_once_to_every_applicant_and_hr(
    institution, hr_officer, django_capture_on_commit_callbacks
):
    position = make_position(institution)
    submitted = application(position)
    draft = application(position, status=ApplicationStatus.DRAFT, language="en")
    withdrawn = application(position, status=ApplicationStatus.WITHDRAWN)
    other = make_position(institution)
    application(other, status=ApplicationStatus.DRAFT)  # another position's applicant hears nothing

    with django_capture_on_commit_callbacks(execute=True):  # the applicants' notices' task (issue 13), eager
        assert decide(position) == "extend"
        assert decide(position) is None  # rerun before the extended deadline

    event = Event.objects.get(action="position.extended")
    assert event.actor is None
    assert event.data["applications"] == 1 and event.data["extended_until"] == EXTENDED.isoformat()
    messages = Message.objects.filter(kind="position.extended")
    assert sorted(messages.values_list("recipient_id", flat=True)) == sorted(
        [submitted.applicant_id, draft.applicant_id, hr_officer.pk]
    )
    assert not messages.filter(recipient=withdrawn.applicant).exists()
    english = messages.get(recipient=draft.applicant)
    assert english.language == "en"
    assert "27.10.2026 16:00" in english.body  # the new deadline in the institution's time zone
    assert "R-12.2" in english.subject


def test_the_final_closing_tells_hr_that_verification_starts_with_the_r18_5_date(institution, hr_officer):
    other_hr = make_hr(UserFactory(username="second.hr@kqz.example.org"), institution)
    position = make_position(institution)
    applications(position, 3)
    assert decide(position) == "close"
    messages = Message.objects.filter(kind="position.closed")
    assert set(messages.values_list("recipient_id", flat=True)) == {hr_officer.pk, other_hr.pk}
    assert all("06.11.2026" in m.body and "R-18.5" in m.body for m in messages)
    # The applicants are not written to at the closing (they hear of the verification from R-18).
    assert not Message.objects.exclude(kind="position.closed").exists()


# --- Where the effective deadline shows -----------------------------------------------------------------


def test_an_extended_position_stays_in_the_open_list_until_its_extended_deadline(institution):
    position = make_position(institution)
    assert decide(position) == "extend"
    during = CLOSES + dt.timedelta(days=1)
    assert list(selectors.positions_search(open_now=True, now=during)) == [position]
    assert list(selectors.positions_search(open_now=False, now=during)) == []
    after = EXTENDED + dt.timedelta(seconds=1)
    assert list(selectors.positions_search(open_now=True, now=after)) == []
    assert list(selectors.positions_search(open_now=False, now=after)) == [position]


@pytest.fixture
def extended_now(institution):
    """A position extended a moment ago, so its extended deadline is ahead on the real clock."""
    closes = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    position = make_position(institution, closes=closes, title_en="IT officer")
    application(position, at=closes - dt.timedelta(days=1))
    assert decide(position, now=closes + dt.timedelta(minutes=1)) == "extend"
    return position


def test_the_public_pages_show_the_extension_with_its_reason_and_new_deadline(client, extended_now):
    position = extended_now
    with translation.override("en"):
        reason = closing.extension_sentence(applications=1, positions=1)
        new = timezone.localtime(position.extended_until, BELGRADE).strftime("%d.%m.%Y %H:%M")
        for url in (position.get_absolute_url(), position.announcement.get_absolute_url()):
            html = client.get(url).content.decode()
            assert reason in html, url
            assert new in html
            assert "Deadline extended" in html
        listing = client.get(reverse("vacancies:list")).content.decode()
    assert "IT officer" in listing  # still open
    assert "R-12.2" in reason


def test_the_public_page_says_closed_once_closed(client, institution):
    position = make_position(institution)
    applications(position, 3)
    assert decide(position) == "close"
    with translation.override("en"):
        html = client.get(position.get_absolute_url()).content.decode()
    assert "applications for this position closed on 22.10.2026 16:00" in html


# --- HR's manual actions in the admin ------------------------------------------------------------------


@pytest.fixture
def past_deadline(institution):
    closes = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    return make_position(institution, closes=closes)


def changelist_action(client, action, position, reason=None):
    data = {"action": action, "_selected_action": [position.pk]}
    if reason is not None:
        data.update(confirm="1", reason=reason)
    return client.post(reverse("admin:vacancies_position_changelist"), data)


def test_hr_decides_the_closing_now_with_a_recorded_reason(client, hr_officer, past_deadline):
    applications(past_deadline, 3)
    login_with_second_factor(client, hr_officer)
    page = changelist_action(client, "decide_closing_now", past_deadline)
    assert page.status_code == 200 and b'name="reason"' in page.content  # the intermediate form
    past_deadline.refresh_from_db()
    assert past_deadline.closing_state == ClosingState.OPEN  # nothing decided before the reason is given
    response = changelist_action(
        client, "decide_closing_now", past_deadline, reason="The committee is ready."
    )
    assert response.status_code == 302
    past_deadline.refresh_from_db()
    assert past_deadline.closing_state == ClosingState.CLOSED
    assert past_deadline.closed_at == past_deadline.announcement.closes_at  # the deadline, not the click
    event = Event.objects.get(action="position.closed")
    assert event.actor == hr_officer and event.data["reason"] == "The committee is ready."


def test_hr_extends_by_hand_where_r12_2_allows_it(client, hr_officer, past_deadline):
    application(past_deadline)
    login_with_second_factor(client, hr_officer)
    changelist_action(client, "extend_by_hand", past_deadline, reason="Too few candidates.")
    past_deadline.refresh_from_db()
    assert past_deadline.closing_state == ClosingState.EXTENDED
    assert Event.objects.get(action="position.extended").actor == hr_officer


def test_the_manual_extension_is_refused_where_r12_2_does_not_allow_it(client, hr_officer, past_deadline):
    applications(past_deadline, 3)
    login_with_second_factor(client, hr_officer)
    response = changelist_action(client, "extend_by_hand", past_deadline, reason="We want more.")
    past_deadline.refresh_from_db()
    assert past_deadline.closing_state == ClosingState.OPEN
    assert not Event.objects.filter(action__startswith="position.").exists()
    shown = [str(m) for m in response.wsgi_request._messages]
    assert any("R-12.2" in m for m in shown)


@pytest.mark.parametrize("situation", ["enough", "extended_once", "before_deadline"])
def test_r12_2_manual_extension_refused_through_the_service(institution, hr_officer, situation):
    position = make_position(institution)
    now = AFTER
    if situation == "enough":
        applications(position, 3)
    elif situation == "extended_once":
        decide(position)
        now = EXTENDED
    else:
        now = CLOSES - dt.timedelta(hours=1)
    before = Event.objects.count()
    with pytest.raises(closing.ClosingError) as refused:
        closing.position_extend_manually(position_id=position.pk, actor=hr_officer, reason="More", now=now)
    assert "R-12.2" in " ".join(refused.value.messages)
    assert Event.objects.count() == before


def test_early_closing_is_refused_naming_the_articles(client, hr_officer, institution):
    position = make_position(institution, closes=timezone.now() + dt.timedelta(days=3))
    login_with_second_factor(client, hr_officer)
    response = changelist_action(client, "close_early", position, reason="Enough candidates.")
    position.refresh_from_db()
    assert position.closing_state == ClosingState.OPEN
    assert any("R-9.1.8" in str(m) for m in response.wsgi_request._messages)


def test_hr_of_another_institution_cannot_use_the_actions(client, other_hr_officer, past_deadline):
    application(past_deadline)
    login_with_second_factor(client, other_hr_officer)
    for action in ("decide_closing_now", "extend_by_hand"):
        changelist_action(client, action, past_deadline, reason="Not mine.")
    past_deadline.refresh_from_db()
    assert past_deadline.closing_state == ClosingState.OPEN
    with pytest.raises(NotAllowed):
        closing.position_closing_decide(position_id=past_deadline.pk, actor=other_hr_officer, reason="x")
    past_deadline.refresh_from_db()
    assert past_deadline.closing_state == ClosingState.OPEN


@pytest.mark.parametrize("persona", ["applicant", None])
def test_applicants_and_anonymous_users_do_not_reach_the_actions(client, request, persona, past_deadline):
    application(past_deadline)
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = changelist_action(client, "extend_by_hand", past_deadline, reason="Let me in.")
    assert response.status_code == 302 and "login" in response.url
    past_deadline.refresh_from_db()
    assert past_deadline.closing_state == ClosingState.OPEN


def test_an_applicant_is_refused_by_the_service_too(applicant, past_deadline):
    with pytest.raises(NotAllowed):
        closing.position_closing_decide(position_id=past_deadline.pk, actor=applicant, reason="x")


def test_a_manual_decision_needs_a_reason(hr_officer, past_deadline):
    with pytest.raises(closing.ClosingError):
        closing.position_closing_decide(position_id=past_deadline.pk, actor=hr_officer, reason="  ")


def test_the_printable_announcement_names_the_extended_deadline(extended_now):
    from django.template.loader import render_to_string

    announcement = extended_now.announcement
    with translation.override("en"):
        html = render_to_string(
            "vacancies/announcement_pdf.html",
            {
                "announcement": announcement,
                "institution": announcement.institution,
                "positions": [extended_now],
                "amendments": [],
                "notices": rules.R9_2_NOTICES,
                "printed_at": timezone.now(),
            },
        )
    new = timezone.localtime(extended_now.extended_until, BELGRADE).strftime("%d.%m.%Y %H:%M")
    assert "Extended until (R-12.2)" in html and new in html


def test_hr_sees_the_closing_facts_on_the_position_page_of_the_admin(client, hr_officer, extended_now):
    login_with_second_factor(client, hr_officer)
    with translation.override("en"):
        html = client.get(reverse("admin:vacancies_position_change", args=[extended_now.pk])).content.decode()
    assert "Extended (R-12.2)" in html  # closing_state, shown read-only
    assert extended_now.extension_reason.split(":")[0][:30] in html


def test_the_closing_is_on_the_beat_schedule(settings):
    from recruitment.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["position-closing"]
    assert entry["task"] == "verification.tasks.close_due_positions" == tasks.close_due_positions.name
    assert entry["task"] in app.tasks
    assert entry["schedule"] == 60
