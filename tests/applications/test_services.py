"""The application's services: the submission and its checks, the frozen copy, withdraw and submit
again, the one-application constraint, and who may act."""

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction

from applications import rules, services
from applications.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationStatus,
    ApplicationSubmission,
    Education,
)
from audit.models import Event
from notifications.models import Message
from recruitment.permissions import NotAllowed
from tests.factories import (
    AnnouncementFactory,
    PositionFactory,
    PositionPlaceFactory,
    RequiredDocumentFactory,
)
from tests.helpers.applications import attach_required, complete_profile, pdf_bytes, start_draft, upload

pytestmark = pytest.mark.django_db


def submit(application, actor, **kwargs):
    kwargs.setdefault("declaration_accepted", True)
    return services.application_submit(application=application, actor=actor, **kwargs)


def test_a_complete_draft_is_submitted_with_a_reference_and_a_frozen_copy(ready_draft, applicant):
    submission, created = submit(ready_draft, applicant)
    ready_draft.refresh_from_db()
    assert created and ready_draft.status == ApplicationStatus.SUBMITTED
    assert ready_draft.last_submission == submission
    assert submission.reference == f"KQZ-{submission.submitted_at.year}-{ready_draft.pk:06d}-1"
    assert submission.profile_snapshot["personal"]["last_name"] == "Krasniqi"
    assert len(submission.profile_snapshot["referees"]) == 2
    hashes = {d["sha256"] for item in submission.checklist_snapshot for d in item["documents"]}
    assert hashes == set(ready_draft.documents.values_list("sha256", flat=True))
    assert submission.context_snapshot["declaration"]["article"] == "R-9.3"
    assert Event.objects.filter(action="application.submitted", object_id=str(ready_draft.pk)).count() == 1


def test_the_frozen_copy_does_not_follow_later_edits_of_the_profile(ready_draft, applicant):
    submission, _ = submit(ready_draft, applicant)
    profile = applicant.applicant_profile
    profile.last_name = "Changed"
    profile.save()
    Education.objects.filter(profile=profile).delete()
    submission.refresh_from_db()
    assert submission.profile_snapshot["personal"]["last_name"] == "Krasniqi"
    assert len(submission.profile_snapshot["education"]) == 1


def test_the_self_declared_community_is_kept_apart_from_what_a_committee_may_see(ready_draft, applicant):
    profile = applicant.applicant_profile
    profile.community = "roma"
    profile.save()
    submission, _ = submit(ready_draft, applicant)
    assert submission.profile_snapshot["equality"] == {"community": "roma", "disability": ""}
    assert "community" not in submission.profile_snapshot["personal"]


def test_r9_3_without_the_self_declaration_nothing_is_submitted(ready_draft, applicant):
    with pytest.raises(services.ApplicationError, match="R-9.3"):
        submit(ready_draft, applicant, declaration_accepted=False)
    ready_draft.refresh_from_db()
    assert ready_draft.status == ApplicationStatus.DRAFT
    assert not ApplicationSubmission.objects.exists()


def test_r9_2_2_a_missing_required_document_is_named_and_nothing_is_saved(applicant, open_position):
    complete_profile(applicant)
    application = start_draft(applicant, open_position)
    cv = open_position.documents.get(order=1)
    services.documents_add(
        application=application, slot=f"doc-{cv.pk}", uploads=[upload("cv.pdf", pdf_bytes())], actor=applicant
    )
    events_before = ApplicationEvent.objects.count()
    with pytest.raises(services.ApplicationError) as exc:
        submit(application, applicant)
    assert exc.value.messages == ["Attach: Diploma."]  # the one missing, by its name in the reader's language
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert not ApplicationSubmission.objects.exists()
    assert not Message.objects.exists()
    assert ApplicationEvent.objects.count() == events_before
    assert not ApplicationDocument.objects.filter(submitted=True).exists()


def test_r11_1_an_incomplete_profile_is_refused_with_what_it_lacks(applicant, open_position):
    application = start_draft(applicant, open_position)
    attach_required(application, applicant)
    with pytest.raises(services.ApplicationError) as exc:
        submit(application, applicant)
    text = " ".join(exc.value.messages)
    assert "R-11.1.3" in text and "R-11.1.8" in text and "Personal data is incomplete" in text


def test_r11_2_1_a_foreign_diploma_needs_its_nostrification_attached(applicant, open_position):
    complete_profile(applicant, diploma_country="DE")
    application = start_draft(applicant, open_position)
    attach_required(application, applicant)
    with pytest.raises(services.ApplicationError, match="R-11.2.1"):
        submit(application, applicant)
    services.documents_add(
        application=application,
        slot=rules.SLOT_NOSTRIFICATION,
        uploads=[upload("nostrifikimi.pdf", pdf_bytes())],
        actor=applicant,
    )
    submission, created = submit(application, applicant)
    assert created
    assert rules.SLOT_NOSTRIFICATION in [item["slot"] for item in submission.checklist_snapshot]


@pytest.mark.parametrize(("offset", "accepted"), [(-1, True), (1, False)])
def test_r9_2_2_one_second_before_the_deadline_is_in_time_one_second_after_is_late(
    applicant, institution, offset, accepted
):
    closes_at = dt.datetime(2026, 12, 4, 15, 0, 0, tzinfo=dt.UTC)
    announcement = AnnouncementFactory(
        institution=institution,
        opens_at=closes_at - dt.timedelta(days=10),
        published_at=closes_at - dt.timedelta(days=10),
        closes_at=closes_at,
    )
    position = PositionFactory(announcement=announcement)
    RequiredDocumentFactory(position=position, name="CV")
    complete_profile(applicant)
    with time_machine.travel(closes_at - dt.timedelta(hours=1), tick=False):
        application = start_draft(applicant, position)
        attach_required(application, applicant)
    with time_machine.travel(closes_at + dt.timedelta(seconds=offset), tick=False):
        if accepted:
            submission, _ = submit(application, applicant)
            assert submission.submitted_at == closes_at - dt.timedelta(seconds=1)
        else:
            with pytest.raises(services.ApplicationError, match="deadline"):
                submit(application, applicant)
    application.refresh_from_db()
    assert (application.status == ApplicationStatus.SUBMITTED) is accepted


def test_the_deadline_is_the_servers_clock_not_a_time_the_caller_makes_up(ready_draft, applicant):
    # The view passes no time; a late request cannot be made on time by sending an earlier one.
    closes = ready_draft.position.announcement.closes_at
    with time_machine.travel(closes + dt.timedelta(minutes=5), tick=False):
        with pytest.raises(services.ApplicationError):
            submit(ready_draft, applicant)


def test_submitting_twice_returns_the_first_submission(ready_draft, applicant):
    first, created = submit(ready_draft, applicant)
    again, created_again = submit(ready_draft, applicant)
    assert created and not created_again
    assert again == first
    assert ApplicationSubmission.objects.count() == 1


def test_one_application_per_person_and_position_is_a_database_constraint(ready_draft, applicant):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(applicant=applicant, position=ready_draft.position)


def test_starting_again_returns_the_persons_application(ready_draft, applicant):
    application, created = services.application_start(
        applicant=applicant, position=ready_draft.position, actor=applicant, language="sq"
    )
    assert application == ready_draft and not created


def test_a_submitted_application_cannot_be_edited(ready_draft, applicant):
    submit(ready_draft, applicant)
    slot = f"doc-{ready_draft.position.documents.first().pk}"
    with pytest.raises(services.ApplicationError, match="Submitted"):
        services.documents_add(
            application=ready_draft, slot=slot, uploads=[upload("x.pdf", pdf_bytes())], actor=applicant
        )
    document = ready_draft.documents.first()
    with pytest.raises(services.ApplicationError):
        services.document_remove(application=ready_draft, document=document, actor=applicant)
    assert ready_draft.documents.count() == 2


def test_withdraw_and_submit_again_keeps_the_history_and_both_receipts(ready_draft, applicant):
    first, _ = submit(ready_draft, applicant)
    services.application_withdraw(application=ready_draft, actor=applicant)
    services.application_reopen(application=ready_draft, actor=applicant)
    # The first submission's document is replaced: it is kept (its receipt lists it), marked removed.
    old = ready_draft.documents.first()
    services.document_remove(application=ready_draft, document=old, actor=applicant)
    services.documents_add(
        application=ready_draft, slot=old.slot, uploads=[upload("new.pdf", pdf_bytes("new"))], actor=applicant
    )
    second, created = submit(ready_draft, applicant)
    assert created and second.number == 2 and second.reference != first.reference
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    old.refresh_from_db()
    assert old.removed_at is not None and old.submitted
    assert Application.objects.count() == 1
    kinds = list(ready_draft.events.values_list("kind", flat=True))
    assert kinds == [
        "created",
        "document_added",
        "document_added",
        "submitted",
        "withdrawn",
        "reopened",
        "document_removed",
        "document_added",
        "submitted",
    ]
    first_hashes = {d["sha256"] for item in first.checklist_snapshot for d in item["documents"]}
    assert old.sha256 in first_hashes


def test_a_withdrawn_application_cannot_be_submitted_without_being_prepared_again(ready_draft, applicant):
    submit(ready_draft, applicant)
    services.application_withdraw(application=ready_draft, actor=applicant)
    with pytest.raises(services.ApplicationError):
        submit(ready_draft, applicant)


def test_withdrawing_after_the_deadline_is_refused(ready_draft, applicant):
    submit(ready_draft, applicant)
    with time_machine.travel(
        ready_draft.position.announcement.closes_at + dt.timedelta(seconds=1), tick=False
    ):
        with pytest.raises(services.ApplicationError, match="deadline"):
            services.application_withdraw(application=ready_draft, actor=applicant)


def test_another_person_may_not_act_on_the_application(ready_draft, other_applicant, hr_officer):
    for stranger in (other_applicant, hr_officer):  # HR acts only on applications it makes
        with pytest.raises(NotAllowed):
            submit(ready_draft, stranger)
        with pytest.raises(NotAllowed):
            services.documents_add(
                application=ready_draft, slot="doc-1", uploads=[upload("a.pdf", pdf_bytes())], actor=stranger
            )
    assert not ApplicationSubmission.objects.exists()


def test_k23_a_position_split_by_place_needs_the_place(applicant, open_position):
    zvecan = PositionPlaceFactory(position=open_position, place="Zveçan")
    PositionPlaceFactory(position=open_position, place="Leposaviq")
    complete_profile(applicant)
    application = start_draft(applicant, open_position)
    attach_required(application, applicant)
    with pytest.raises(services.ApplicationError, match="place"):
        submit(application, applicant)
    services.application_choose_place(application=application, place=zvecan, actor=applicant)
    submission, _ = submit(application, applicant)
    assert submission.context_snapshot["place"]["sq"] == "Zveçan"


def test_a_closed_announcement_takes_no_new_application(applicant, institution):
    position = PositionFactory(announcement=AnnouncementFactory(institution=institution, status="closed"))
    with pytest.raises(services.ApplicationError):
        services.application_start(applicant=applicant, position=position, actor=applicant, language="sq")
    assert not Application.objects.exists()


def test_the_received_message_is_written_with_the_submission_and_carries_the_receipt(
    ready_draft, applicant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        submission, _ = submit(ready_draft, applicant)
    message = Message.objects.get(kind="application.received")
    assert message.recipient == applicant and message.language == "sq"
    assert message.dedupe_key == f"application-received:{submission.pk}"
    assert message.attachment_path == submission.receipt_path
    assert submission.reference in message.subject
    assert submission.reference in message.body


def test_withdrawing_tells_the_applicant(ready_draft, applicant):
    submit(ready_draft, applicant)
    services.application_withdraw(application=ready_draft, actor=applicant)
    services.application_withdraw(application=ready_draft, actor=applicant)  # twice: still one message
    assert Message.objects.filter(kind="application.withdrawn").count() == 1
