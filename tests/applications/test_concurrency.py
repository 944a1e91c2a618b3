"""50 concurrent submissions of the same person, each thread with its own database connection, leave
exactly one application and one submission (PostgreSQL: row locks and the unique constraint)."""

import threading

import pytest
from django.db import connection, connections

from applications import services
from applications.models import Application, ApplicationSubmission
from notifications.models import Message
from tests.factories import AnnouncementFactory, PositionFactory
from tests.helpers.applications import complete_profile

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

N = 50


def run_concurrently(work, n=N):
    """Start n threads at the same instant; return what each returned or raised."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def target(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except BaseException as exc:  # collected and asserted by the test
            results[i] = exc
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def test_50_concurrent_submits_of_the_same_draft_leave_one_submission(ready_draft, applicant):
    def submit(_i):
        return services.application_submit(
            application=ready_draft, actor=applicant, declaration_accepted=True
        )

    results = run_concurrently(submit)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    created = [submission for submission, was_created in results if was_created]
    assert len(created) == 1
    assert {submission.pk for submission, _ in results} == {created[0].pk}  # everyone got the same receipt
    assert ApplicationSubmission.objects.count() == 1
    assert Message.objects.filter(kind="application.received").count() == 1


def test_50_concurrent_start_and_submit_of_the_same_person_leave_one_application(applicant, institution):
    # A position without required documents: the whole application is made and submitted in one go.
    position = PositionFactory(announcement=AnnouncementFactory(institution=institution))
    complete_profile(applicant)

    def start_and_submit(_i):
        application, _ = services.application_start(
            applicant=applicant, position=position, actor=applicant, language="sq"
        )
        return services.application_submit(
            application=application, actor=applicant, declaration_accepted=True
        )

    results = run_concurrently(start_and_submit)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert Application.objects.filter(applicant=applicant, position=position).count() == 1
    assert ApplicationSubmission.objects.count() == 1
    assert sum(1 for _submission, created in results if created) == 1


def test_an_upload_waiting_for_a_submission_in_flight_sees_it_submitted_and_is_refused(
    ready_draft, applicant
):
    """The upload locks its application by the UPDATE that sets its updated_at (issue 13): it waits for the
    change in flight and then reads the row as that change committed it, as SELECT ... FOR UPDATE did."""
    import time

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from applications.models import ApplicationDocument, ApplicationStatus
    from tests.helpers.applications import pdf_bytes

    slot = ready_draft.documents.values_list("slot", flat=True).first()
    documents_before = ApplicationDocument.objects.filter(application=ready_draft).count()
    locked = threading.Event()

    def submission_in_flight(i):
        if i == 0:
            with transaction.atomic():
                app = Application.objects.select_for_update().get(pk=ready_draft.pk)
                locked.set()
                time.sleep(1.0)  # the upload is waiting for the row meanwhile
                app.status = ApplicationStatus.SUBMITTED
                app.save(update_fields=["status"])
            return "submitted"
        assert locked.wait(timeout=30)
        return services.documents_add(
            application=ready_draft,
            slot=slot,
            uploads=[SimpleUploadedFile("cv.pdf", pdf_bytes())],
            actor=applicant,
        )

    results = run_concurrently(submission_in_flight, n=2)
    assert results[0] == "submitted"
    assert isinstance(results[1], services.ApplicationError), results[1]
    assert ApplicationDocument.objects.filter(application=ready_draft).count() == documents_before
