"""Issue 13: HR's yearly representation report (R-28) as a PDF is rendered by a worker and served as a stored
file; while it is missing the reader gets 503 with Retry-After, and a new declaration makes a new file."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from scoring import tasks
from tests.conftest import login_with_second_factor
from tests.scoring.test_results_representation import figures_post

pytestmark = pytest.mark.django_db


def test_the_report_pdf_is_asked_of_a_worker_then_served_as_stored(
    institution, hr_officer, english, monkeypatch, tmp_path, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    cache.clear()
    client = login_with_second_factor(Client(), hr_officer)
    url = reverse("scoring:representation")
    assert client.post(url, figures_post(institution)).status_code == 302
    asked = []
    monkeypatch.setattr(tasks.representation_pdf_render, "delay", lambda *args: asked.append(args))
    waiting = client.get(url, {"format": "pdf"})
    assert waiting.status_code == 503 and waiting["Retry-After"]  # nothing rendered in the request
    client.get(url, {"format": "pdf"})
    assert len(asked) == 1  # asked once, not once per reader's request
    user_id, year, language = asked[0]
    first = tasks.representation_pdf_render(user_id, year, language)  # the worker
    served = client.get(url, {"format": "pdf"})
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF")
    assert tasks.representation_pdf_render(user_id, year, language) == first  # stored once per version
    assert client.post(url, figures_post(institution, women=80, men=120)).status_code == 302
    assert client.get(url, {"format": "pdf"}).status_code == 503  # new figures: a new file, asked again
    assert len(asked) == 2 and tasks.representation_pdf_render(*asked[1]) != first
