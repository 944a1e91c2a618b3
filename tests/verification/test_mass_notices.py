"""Issue 13: the candidates' notices of a shortlist's publication (R-18.4, R-18.6) and of an extension (R-12.2)
are written by a task after HR's transaction (notifications.NoticeRun), in batches, idempotent (dedupe keys)
and resumable after a worker's death (the outbox's sweep asks again), with the progress on HR's page; the
publication's own writes in HR's request do not grow with the candidates."""

import datetime as dt
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import ApplicationEvent, ApplicationStatus, EventKind
from notifications import services as outbox
from notifications.models import Message, NoticeRun
from tests.helpers.auth import login_with_second_factor
from tests.helpers.vacancies import CLOSES, application, make_position
from tests.helpers.verification import submitted_and_decided
from verification import closing, services
from verification.models import Decision, Reason, Review, Shortlist

pytestmark = pytest.mark.django_db

KINDS = ["verification.eligible", "verification.not_eligible"]


def _decide_all(position, hr_officer, *, eligible: int, rejected: int, start: int = 0) -> None:
    """``eligible`` + ``rejected`` submitted applications, reviewed and decided."""
    names = [f"Mbiemri{start + i:03d}" for i in range(eligible + rejected)]
    submitted_and_decided(position, hr_officer, eligible=names[:eligible], rejected=names[eligible:])


def _run(shortlist) -> NoticeRun:
    return NoticeRun.objects.get(key=services.shortlist_notices_key(shortlist.pk))


def _told() -> int:
    return Message.objects.filter(kind__in=KINDS).count()


def _publish_url(position) -> str:
    with translation.override("en"):
        return reverse("admin:verification_verificationposition_publish", args=[position.pk])


def test_the_publication_commits_without_the_notices_and_the_task_writes_them(
    position, hr_officer, django_capture_on_commit_callbacks
):
    _decide_all(position, hr_officer, eligible=3, rejected=2)
    with django_capture_on_commit_callbacks() as callbacks:
        shortlist = services.shortlist_publish(position=position, actor=hr_officer)
    run = _run(shortlist)
    assert (run.total, run.written, run.done_at) == (5, 0, None)
    assert _told() == 0  # nothing written in HR's request
    # The state change did commit in HR's request: the places and each candidate's step in their history.
    assert sorted(Review.objects.exclude(shortlist_rank=None).values_list("shortlist_rank", flat=True)) == [
        1,
        2,
        3,
    ]
    assert ApplicationEvent.objects.filter(kind=EventKind.SHORTLISTED).count() == 3
    assert ApplicationEvent.objects.filter(kind=EventKind.NOT_ELIGIBLE).count() == 2
    for callback in callbacks:  # after the commit: the task (eager in the tests)
        callback()
    run.refresh_from_db()
    assert (run.total, run.written) == (5, 5) and run.done_at
    assert Message.objects.filter(kind="verification.eligible").count() == 3
    rejected = Message.objects.filter(kind="verification.not_eligible")
    assert rejected.count() == 2 and all(m.attachment_path.endswith("-not_eligible.pdf") for m in rejected)
    # Each notice carries its three renderings, as notify() wrote them.
    message = Message.objects.filter(kind="verification.eligible").first()
    assert set(message.renderings) == {code for code, _name in settings.LANGUAGES}
    review = Review.objects.get(pk=int(message.dedupe_key.rsplit(":", 1)[1]))
    assert review.reference in message.subject and review.reference in message.body


def test_the_task_writes_the_texts_notify_wrote(position, hr_officer, django_capture_on_commit_callbacks):
    """The same content for the recipient as notify() one by one (before issue 13), in every language."""
    _decide_all(position, hr_officer, eligible=2, rejected=1)
    with django_capture_on_commit_callbacks(execute=True):
        shortlist = services.shortlist_publish(position=position, actor=hr_officer)
    for message in Message.objects.filter(kind__in=KINDS):
        review = Review.objects.select_related("application__applicant").get(
            pk=int(message.dedupe_key.rsplit(":", 1)[1])
        )
        app = review.application
        context = services._review_context(review, app, shortlist.position)
        if message.kind == "verification.not_eligible":
            with translation.override(app.language):
                context["reasons"] = review.reason_labels()
        template = message.kind.replace(".", "_")
        one = outbox._render(
            template, {"site_url": settings.SITE_URL, "recipient": app.applicant, **context}, "en"
        )
        assert message.renderings["en"] == one
        for code, _name in settings.LANGUAGES:
            alone = outbox._render(
                template, {"site_url": settings.SITE_URL, "recipient": app.applicant, **context}, code
            )
            assert message.renderings[code] == alone


def test_a_batch_of_alternating_kinds_is_written_by_one_call_per_kind(
    position, hr_officer, django_capture_on_commit_callbacks
):
    """Eligible and rejected candidates alternate in the reviews' order: one notify_bulk per kind and template
    of a batch (a call per run of one kind made 4,000 calls, each a query and a COPY, for 10,000 notices)."""
    _decide_all(position, hr_officer, eligible=3, rejected=3)
    Review.objects.filter(position=position, last_name__in=["Mbiemri001", "Mbiemri003", "Mbiemri005"]).update(
        decision=Decision.NOT_ELIGIBLE, reasons=[Reason.EXPERIENCE], explanation="Një vit përvojë."
    )
    Review.objects.filter(position=position, last_name__in=["Mbiemri000", "Mbiemri002", "Mbiemri004"]).update(
        decision=Decision.ELIGIBLE, reasons=[], explanation=""
    )
    with django_capture_on_commit_callbacks():
        shortlist = services.shortlist_publish(position=position, actor=hr_officer)
    with mock.patch.object(outbox, "notify_bulk", wraps=outbox.notify_bulk) as bulk:
        assert outbox.notice_run_write(run_id=_run(shortlist).pk) == 6
    assert sorted(call.kwargs["kind"] for call in bulk.call_args_list) == KINDS
    assert Message.objects.filter(kind="verification.eligible").count() == 3 == _told() - 3


def test_the_task_run_again_writes_nothing_twice(position, hr_officer, django_capture_on_commit_callbacks):
    _decide_all(position, hr_officer, eligible=2, rejected=1)
    with django_capture_on_commit_callbacks() as callbacks:
        shortlist = services.shortlist_publish(position=position, actor=hr_officer)
    run = _run(shortlist)
    assert outbox.notice_run_write(run_id=run.pk) == 3
    assert outbox.notice_run_write(run_id=run.pk) == 0  # done: nothing to do
    for callback in callbacks:  # the task asked for at the commit comes late: nothing more
        callback()
    NoticeRun.objects.filter(pk=run.pk).update(done_at=None)  # a redelivered task
    assert outbox.notice_run_write(run_id=run.pk) == 0  # every key used
    run.refresh_from_db()
    assert run.written == 3 == _told() and run.done_at
    # HR publishing again (a double click) starts nothing.
    assert services.shortlist_publish(position=position, actor=hr_officer).pk == shortlist.pk
    assert NoticeRun.objects.count() == 1 and _told() == 3


def test_a_worker_dying_mid_way_leaves_an_exact_count_and_the_sweep_finishes(
    position, hr_officer, django_capture_on_commit_callbacks
):
    _decide_all(position, hr_officer, eligible=2, rejected=2)
    with django_capture_on_commit_callbacks():
        shortlist = services.shortlist_publish(position=position, actor=hr_officer)
    run = _run(shortlist)
    real = outbox.notify_bulk
    calls = []

    def dies_at_the_third_batch(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise SystemExit("worker killed")
        return real(**kwargs)

    with mock.patch.object(outbox, "notify_bulk", side_effect=dies_at_the_third_batch):
        with pytest.raises(SystemExit):
            outbox.notice_run_write(run_id=run.pk, batch_size=1)
    run.refresh_from_db()
    assert run.written == 2 == _told() and run.done_at is None  # two batches committed, each with its count
    assert outbox.notice_runs_resume(now=timezone.now()) == 0  # not stalled yet
    later = timezone.now() + dt.timedelta(seconds=settings.MASS_NOTICES_STALL_SECONDS + 1)
    assert outbox.notice_runs_resume(now=later) == 1  # eager: written now
    run.refresh_from_db()
    assert run.written == 4 == _told() and run.done_at
    assert outbox.notice_runs_resume(now=later) == 0  # done: never asked again


def test_the_outbox_sweep_task_resumes_a_stalled_run(
    position, hr_officer, django_capture_on_commit_callbacks
):
    from notifications.tasks import sweep_outbox

    _decide_all(position, hr_officer, eligible=1, rejected=1)
    with django_capture_on_commit_callbacks():  # the broker was down: the task was never asked for
        shortlist = services.shortlist_publish(position=position, actor=hr_officer)
    NoticeRun.objects.update(progress_at=timezone.now() - dt.timedelta(days=1))
    sweep_outbox()
    assert _run(shortlist).written == 2 == _told()


def test_hr_s_publication_page_shows_the_notices_written(
    client, position, hr_officer, django_capture_on_commit_callbacks
):
    _decide_all(position, hr_officer, eligible=2, rejected=1)
    login_with_second_factor(client, hr_officer)
    url = _publish_url(position)
    state = client.get(url).context["facts"]["state"]
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, {"state": state})
    assert response.status_code == 302 and response["Location"] == url  # back to this page, with the progress
    page = " ".join(client.get(url).content.decode().split())
    assert "Notices written: 0 of 3." in page and 'http-equiv="refresh"' in page
    for callback in callbacks:
        callback()
    page = " ".join(client.get(url).content.decode().split())
    assert "Notices written: 3 of 3." in page and "the outbox delivers them" in page
    assert 'http-equiv="refresh"' not in page


def _publish_afresh(position, hr_officer) -> int:
    """The queries of one publication, on a fresh shortlist (the published one taken away)."""
    Shortlist.objects.filter(position=position).delete()
    Review.objects.filter(position=position).update(shortlist_rank=None)
    with CaptureQueriesContext(connection) as ctx:
        services.shortlist_publish(position=position, actor=hr_officer)
    return len(ctx.captured_queries)


def test_publishing_the_shortlist_in_hr_s_request_does_not_grow_with_the_candidates(position, hr_officer):
    _decide_all(position, hr_officer, eligible=2, rejected=1)
    _publish_afresh(position, hr_officer)  # warm the per-process caches (content types)
    few = _publish_afresh(position, hr_officer)
    Shortlist.objects.filter(position=position).delete()  # the decisions may change again
    _decide_all(position, hr_officer, eligible=8, rejected=4, start=100)
    many = _publish_afresh(position, hr_officer)
    assert many == few
    assert Review.objects.filter(position=position).exclude(shortlist_rank=None).count() == 10
    assert NoticeRun.objects.order_by("pk").last().total == 15


# --- The extension: every applicant with a draft or a submitted application --------------------------


def test_the_extension_s_notices_are_written_by_the_task_with_the_progress_on_the_position_s_page(
    client, institution, hr_officer, django_capture_on_commit_callbacks
):
    position = make_position(institution)
    submitted_app = application(position)
    draft = application(position, status=ApplicationStatus.DRAFT, language="en")
    application(position, status=ApplicationStatus.WITHDRAWN)
    with django_capture_on_commit_callbacks() as callbacks:
        assert closing.position_closing_decide(
            position_id=position.pk, now=CLOSES + dt.timedelta(minutes=1)
        ) == ("extend")
    applicants = Message.objects.filter(
        kind="position.extended", recipient__in=[submitted_app.applicant, draft.applicant]
    )
    assert not applicants.exists()  # not in the decision's transaction
    assert Message.objects.filter(kind="position.extended", recipient=hr_officer).count() == 1  # HR's, there
    run = NoticeRun.objects.get(key=closing.extension_notices_key(position.pk))
    assert (run.total, run.written) == (2, 0)
    login_with_second_factor(client, hr_officer)
    with translation.override("en"):
        url = reverse("admin:vacancies_position_change", args=[position.pk])
    assert "Notices written: 0 of 2." in " ".join(client.get(url).content.decode().split())
    for callback in callbacks:
        callback()
    run.refresh_from_db()
    assert run.written == 2 == applicants.count() and run.done_at
    assert "Notices written: 2 of 2." in " ".join(client.get(url).content.decode().split())
    english = applicants.get(recipient=draft.applicant)
    assert english.language == "en" and "R-12.2" in english.subject
    assert outbox.notice_run_write(run_id=run.pk) == 0
    NoticeRun.objects.filter(pk=run.pk).update(done_at=None)
    assert outbox.notice_run_write(run_id=run.pk) == 0 and applicants.count() == 2


def _extension_queries(position) -> int:
    with CaptureQueriesContext(connection) as ctx:
        closing.position_closing_decide(position_id=position.pk, now=CLOSES + dt.timedelta(minutes=1))
    return len(ctx.captured_queries)


def test_the_extension_s_decision_does_not_grow_with_the_applicants(institution, hr_officer):
    one, many = make_position(institution), make_position(institution)
    application(one, status=ApplicationStatus.DRAFT)
    for _i in range(6):
        application(many, status=ApplicationStatus.DRAFT)
    warm = make_position(institution)
    application(warm, status=ApplicationStatus.DRAFT)
    _extension_queries(warm)
    assert _extension_queries(one) == _extension_queries(many)
