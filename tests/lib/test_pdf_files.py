"""Issue 13: no PDF is rendered in a web request. A public PDF is the stored file of its content version, rendered by
a worker when the content is fixed; a missing one is asked of a worker once and the reader told to come back
(503, Retry-After); with Celery eager the task runs at once and the file is sent."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import AnnouncementFactory, PositionFactory
from vacancies import services, tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


@pytest.fixture
def published(institution):
    announcement = AnnouncementFactory(institution=institution, reference="KQZ 9/2026")
    PositionFactory(announcement=announcement, title_en="Logistics officer")
    return announcement


@pytest.fixture
def queued(monkeypatch):
    """The worker's queue: what was asked, nothing run."""
    calls = []
    monkeypatch.setattr(tasks.announcement_pdf_render, "delay", lambda *args: calls.append(args))
    return calls


@pytest.fixture
def no_render_here(monkeypatch):
    """Rendering in the request fails the test."""
    import vacancies.pdf

    def refuse(html):
        raise AssertionError("a PDF was rendered in the web request")

    monkeypatch.setattr(vacancies.pdf, "html_to_pdf", refuse)


def pdf_url(announcement, lang="en"):
    with translation.override(lang):
        return reverse("vacancies:announcement_pdf", args=[announcement.pk])


def test_a_missing_pdf_is_asked_of_a_worker_once_and_the_reader_told_to_try_again(
    client, published, queued, no_render_here
):
    first = client.get(pdf_url(published))
    second = client.get(pdf_url(published))
    assert first.status_code == second.status_code == 503
    assert first["Retry-After"] == "60" and "no-store" in first["Cache-Control"]
    assert "The PDF is being prepared" in first.content.decode()
    assert queued == [(published.pk, "en")]  # one task for the crowd


def test_the_workers_file_is_sent_without_rendering_anything(
    client, published, queued, no_render_here, monkeypatch
):
    monkeypatch.undo()  # the worker renders for real
    tasks.announcement_pdf_render(published.pk, "en")
    import vacancies.pdf

    monkeypatch.setattr(vacancies.pdf, "html_to_pdf", lambda html: pytest.fail("rendered in the request"))
    response = client.get(pdf_url(published))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.getvalue().startswith(b"%PDF")


def test_an_amendment_is_a_new_version_never_the_old_file(client, published, hr_officer, monkeypatch):
    tasks.announcement_pdf_render(published.pk, "en")
    assert client.get(pdf_url(published)).status_code == 200
    services.announcement_amend(
        announcement=published,
        actor=hr_officer,
        reason={"sq": "Gabim", "en": "Error"},
        closes_at=published.closes_at + dt.timedelta(days=2),
    )
    calls = []
    monkeypatch.setattr(tasks.announcement_pdf_render, "delay", lambda *args: calls.append(args))
    assert client.get(pdf_url(published)).status_code == 503 and calls == [(published.pk, "en")]


def test_with_celery_eager_the_first_reader_gets_the_file_rendered_by_the_task(client, published):
    response = client.get(pdf_url(published))
    assert response.status_code == 200 and response.getvalue().startswith(b"%PDF")


def test_a_publication_asks_a_worker_for_the_pdf_in_each_language(
    institution, hr_officer, queued, settings, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from tests.factories import make_publishable
    from vacancies.models import AnnouncementStatus

    settings.CELERY_TASK_ALWAYS_EAGER = False  # a broker: the worker renders after the commit
    now = timezone.now()
    draft = AnnouncementFactory(
        institution=institution,
        status=AnnouncementStatus.DRAFT,
        published_at=None,
        opens_at=now,
        closes_at=now + dt.timedelta(days=20),
    )
    PositionFactory(announcement=draft)
    make_publishable(draft)
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.announcement_publish(announcement=draft, actor=hr_officer)
    assert sorted(queued) == sorted([(draft.pk, "sq"), (draft.pk, "sr_latn"), (draft.pk, "en")])


def test_many_saves_in_one_transaction_ask_for_each_pdf_once(
    published, queued, settings, django_capture_on_commit_callbacks
):
    from django.db import transaction

    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for _ in range(20):
            PositionFactory(announcement=published)  # a closing sweep saves every position of it
    assert sorted(queued) == sorted([(published.pk, "sq"), (published.pk, "sr_latn"), (published.pk, "en")])


def test_a_workers_memory_is_bounded_by_recycling_its_children():
    from recruitment.celery import app

    assert 0 < app.conf.worker_max_tasks_per_child <= 200
    assert 0 < app.conf.worker_max_memory_per_child <= 1_000_000  # KiB


def test_the_demos_solo_worker_is_not_handed_every_pdf_at_a_publication(
    institution, hr_officer, queued, settings, django_capture_on_commit_callbacks
):
    from django.db import transaction

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "filesystem://"  # make run: one solo worker, which also closes the positions
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        PositionFactory(announcement=AnnouncementFactory(institution=institution))
    assert queued == []
