import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import Event
from tests.factories import (
    AnnouncementFactory,
    PositionFactory,
    PositionPlaceFactory,
    RequirementFactory,
    make_publishable,
)
from vacancies import services
from vacancies.models import Announcement, AnnouncementStatus, Requirement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]  # messages are read in English


@pytest.fixture
def draft(institution):
    now = timezone.now()
    announcement = AnnouncementFactory(
        institution=institution,
        status=AnnouncementStatus.DRAFT,
        published_at=None,
        opens_at=now,
        closes_at=now + dt.timedelta(days=20),
    )
    PositionFactory(announcement=announcement)
    return make_publishable(announcement)


def test_hr_of_the_institution_publishes_a_draft_and_it_is_audited(draft, hr_officer):
    published = services.announcement_publish(announcement=draft, actor=hr_officer)
    assert published.status == AnnouncementStatus.PUBLISHED
    assert published.published_at is not None
    event = Event.objects.get(action="announcement.published")
    assert event.object_id == str(draft.pk) and event.actor == hr_officer


def test_publishing_twice_changes_nothing(draft, hr_officer):
    services.announcement_publish(announcement=draft, actor=hr_officer)
    services.announcement_publish(announcement=draft, actor=hr_officer)
    assert Event.objects.filter(action="announcement.published").count() == 1


@pytest.mark.parametrize("persona", ["other_hr_officer", "applicant", "committee_member"])
def test_nobody_but_hr_of_the_institution_moves_an_announcement(draft, persona, request):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.announcement_publish(announcement=draft, actor=actor)
    draft.refresh_from_db()
    assert draft.status == AnnouncementStatus.DRAFT
    assert not Event.objects.exists()


def test_a_draft_cannot_be_closed_without_being_published(draft, hr_officer):
    with pytest.raises(ValidationError, match="cannot go from"):
        services.announcement_close(announcement=draft, actor=hr_officer)
    assert Announcement.objects.get(pk=draft.pk).status == AnnouncementStatus.DRAFT


def test_r12_an_announcement_is_not_closed_by_hand_while_a_position_is_open(draft, hr_officer):
    services.announcement_publish(announcement=draft, actor=hr_officer)
    with pytest.raises(ValidationError, match="R-12.2"):
        services.announcement_close(announcement=draft, actor=hr_officer)
    assert Announcement.objects.get(pk=draft.pk).status == AnnouncementStatus.PUBLISHED


def test_r12_the_deadline_is_not_amended_once_a_position_was_extended(draft, hr_officer):
    services.announcement_publish(announcement=draft, actor=hr_officer)
    draft.positions.update(closing_state="extended")
    with pytest.raises(ValidationError, match="R-12.2"):
        services.announcement_amend(
            announcement=draft,
            actor=hr_officer,
            reason={"sq": "Arsye"},
            closes_at=draft.closes_at + dt.timedelta(days=1),
        )


def test_a_closed_announcement_is_never_reopened(draft, hr_officer):
    services.announcement_publish(announcement=draft, actor=hr_officer)
    draft.positions.update(closing_state="closed")
    services.announcement_close(announcement=draft, actor=hr_officer)
    with pytest.raises(ValidationError):
        services.announcement_publish(announcement=draft, actor=hr_officer)
    assert Announcement.objects.get(pk=draft.pk).status == AnnouncementStatus.CLOSED


def test_r8_2_publishing_refuses_a_deadline_beyond_30_days(draft, hr_officer):
    draft.closes_at = timezone.now() + dt.timedelta(days=45)
    draft.save()
    with pytest.raises(ValidationError) as exc:
        services.announcement_publish(announcement=draft, actor=hr_officer)
    assert "R-8.2" in " ".join(exc.value.messages)
    assert Announcement.objects.get(pk=draft.pk).status == AnnouncementStatus.DRAFT


def test_publishing_refuses_a_split_that_does_not_add_up(draft, hr_officer):
    position = draft.positions.get()
    position.number_of_positions = 3
    position.save()
    PositionPlaceFactory(position=position, place_sq="Leposaviq", count=1)
    PositionPlaceFactory(position=position, place_sq="Zveçan", count=1)
    with pytest.raises(ValidationError, match="adds up to 2"):
        services.announcement_publish(announcement=draft, actor=hr_officer)


def test_publishing_refuses_an_announcement_without_positions(institution, hr_officer):
    empty = AnnouncementFactory(institution=institution, status=AnnouncementStatus.DRAFT, published_at=None)
    with pytest.raises(ValidationError, match="no position"):
        services.announcement_publish(announcement=empty, actor=hr_officer)


def test_r9_1_8_the_model_refuses_a_closing_before_the_opening(institution):
    now = timezone.now()
    announcement = AnnouncementFactory.build(institution=institution, opens_at=now, closes_at=now)
    with pytest.raises(ValidationError) as exc:
        announcement.full_clean()
    assert "closes_at" in exc.value.message_dict


def test_r8_2_the_model_refuses_a_deadline_beyond_30_days(institution):
    now = timezone.now()
    announcement = AnnouncementFactory.build(
        institution=institution, published_at=now, opens_at=now, closes_at=now + dt.timedelta(days=31)
    )
    with pytest.raises(ValidationError, match="R-8.2"):
        announcement.full_clean()


def test_the_database_refuses_a_closing_before_the_opening(institution):
    from django.db import IntegrityError

    now = timezone.now()
    with pytest.raises(IntegrityError):
        AnnouncementFactory(institution=institution, opens_at=now, closes_at=now - dt.timedelta(hours=1))


@pytest.fixture
def published(draft, hr_officer):
    return services.announcement_publish(announcement=draft, actor=hr_officer)


def test_an_amended_deadline_is_recorded_with_its_reason(published, hr_officer):
    new_close = published.closes_at + dt.timedelta(days=2)
    amendment = services.announcement_amend(
        announcement=published,
        actor=hr_officer,
        reason={"sq": "Gabim në datë", "en": "Wrong date"},
        closes_at=new_close,
    )
    published.refresh_from_db()
    assert published.closes_at == new_close
    assert amendment.changes[0]["field"] == "closes_at"
    assert amendment.reason_en == "Wrong date"
    assert Event.objects.filter(action="announcement.amended", object_id=str(published.pk)).count() == 1


def test_an_amended_requirement_keeps_its_old_text_in_the_record(published, hr_officer):
    requirement = RequirementFactory(position=published.positions.get(), text_sq="Diplomë bachelor")
    services.announcement_amend(
        announcement=published,
        actor=hr_officer,
        reason={"sq": "Saktësim"},
        requirement=requirement,
        requirement_text={"sq": "Diplomë master"},
    )
    assert Requirement.objects.get(pk=requirement.pk).text_sq == "Diplomë master"
    change = published.amendments.get().changes[0]
    assert (change["old"], change["new"]) == ("Diplomë bachelor", "Diplomë master")


def test_an_amendment_needs_a_reason(published, hr_officer):
    with pytest.raises(ValidationError):
        services.announcement_amend(
            announcement=published,
            actor=hr_officer,
            reason={"sq": " "},
            closes_at=published.closes_at + dt.timedelta(days=1),
        )
    assert not published.amendments.exists()


def test_r8_2_an_amendment_cannot_push_the_deadline_beyond_30_days(published, hr_officer):
    with pytest.raises(ValidationError):
        services.announcement_amend(
            announcement=published,
            actor=hr_officer,
            reason={"sq": "Zgjatje"},
            closes_at=published.published_at + dt.timedelta(days=40),
        )
    assert not published.amendments.exists()


def test_hr_of_another_institution_cannot_amend(published, other_hr_officer):
    with pytest.raises(PermissionDenied):
        services.announcement_amend(
            announcement=published,
            actor=other_hr_officer,
            reason={"sq": "x"},
            closes_at=published.closes_at + dt.timedelta(days=1),
        )


def test_a_draft_is_edited_not_amended(draft, hr_officer):
    with pytest.raises(ValidationError, match="draft"):
        services.announcement_amend(
            announcement=draft,
            actor=hr_officer,
            reason={"sq": "x"},
            closes_at=draft.closes_at + dt.timedelta(days=1),
        )
