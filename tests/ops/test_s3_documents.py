"""Documents on S3-compatible storage (MinIO) are sent by a short-lived presigned redirect, after the same
permission check, so no web worker streams a file. Presigning is computed locally: no bucket is needed."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import ApplicationDocument
from tests.helpers.applications import attach_required, complete_profile, start_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def s3_documents(settings, private_storage, applicant, open_position):
    complete_profile(applicant)
    application = start_draft(applicant, open_position)
    attach_required(application, applicant)  # written to the file system; only the rows are read below
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "documents",
                "endpoint_url": "http://minio:9000",
                "access_key": "portal",
                "secret_key": "portal-secret-key",
                "region_name": "us-east-1",
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
                "addressing_style": "path",
                "signature_version": "s3v4",
            },
        },
    }
    settings.DOCUMENTS_PRESIGNED_SECONDS = 60
    settings.AWS_S3_PUBLIC_ENDPOINT_URL = "https://files.portal.example.org"
    return application, ApplicationDocument.objects.filter(application=application).first()


def test_a_document_on_s3_is_a_presigned_redirect_valid_a_minute_with_its_own_headers(
    applicant, s3_documents
):
    application, document = s3_documents
    client = Client()
    client.force_login(applicant)
    response = client.get(reverse("applications:document", args=[application.pk, document.pk]))
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert (url.scheme, url.netloc) == ("https", "files.portal.example.org")
    assert url.path == f"/documents/{document.storage_path}"
    query = parse_qs(url.query)
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    assert query["response-content-type"] == [document.content_type]
    assert query["response-content-disposition"][0].startswith("attachment;")
    assert query["response-cache-control"] == ["private, no-store"]
    assert response["Cache-Control"].startswith("private") and "no-store" in response["Cache-Control"]


def test_another_person_gets_no_presigned_url(other_applicant, s3_documents):
    application, document = s3_documents
    client = Client()
    client.force_login(other_applicant)
    response = client.get(reverse("applications:document", args=[application.pk, document.pk]))
    assert response.status_code == 404 and "Location" not in response


def test_behind_pgbouncer_no_server_side_cursor_nor_prepared_statement_outlives_a_transaction():
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import django, json; django.setup(); from django.conf import settings; d = settings.DATABASES['default'];"
        "print(json.dumps([d.get('DISABLE_SERVER_SIDE_CURSORS', False), d.get('OPTIONS', {})]))"
    )
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_PGBOUNCER": "1",
        "DATABASE_POOL": "0",
        "DATABASE_URL": "postgres://portal@pgbouncer:6432/recruitment",
        "DJANGO_SETTINGS_MODULE": "recruitment.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    disabled, options = json.loads(out)
    assert disabled is True and options["prepare_threshold"] is None
