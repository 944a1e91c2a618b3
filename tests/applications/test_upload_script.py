"""The uploads' script is a file served by the site (no inline script, no CDN), read by the draft page, and it reads
the limits the server enforces from data- attributes (the browser journey in tests/e2e/test_apply_journey.py sees it
refuse an oversized file before sending it, and the upload work with JavaScript off)."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from tests.helpers.applications import start_draft

pytestmark = pytest.mark.django_db


def test_the_draft_page_loads_the_upload_script_from_the_site_and_gives_it_the_servers_limits(
    applicant, open_position, settings
):
    settings.DOCUMENT_MAX_BYTES = 1234567
    settings.DOCUMENT_MAX_FILES_PER_REQUEST = 3
    draft = start_draft(applicant, open_position)
    client = Client()
    client.force_login(applicant)
    html = client.get(reverse("applications:detail", args=[draft.pk])).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert any('src="/static/js/uploads.js"' in tag for tag in scripts)
    assert all("src=" in tag for tag in scripts), "no inline script"
    assert html.count("data-upload") == open_position.documents.count()
    assert html.count('data-max-bytes="1234567"') == open_position.documents.count()
    assert 'data-max-files="3"' in html


def test_the_script_is_a_static_file_that_loads_nothing_from_elsewhere():
    path = finders.find("js/uploads.js")
    assert path, f"static/js/uploads.js not found in {settings.STATICFILES_DIRS}"
    text = open(path, encoding="utf-8").read()
    assert "http://" not in text and "https://" not in text
    assert "data-max-bytes" in text and "upload.onprogress" in text
