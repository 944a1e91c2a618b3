"""Issue 16: the audit log records a pseudonymous actor, so erasing a person never breaks the chain; erasure goes
through each app's own anonymise service and covers the document library; the export includes the library."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.storage import storages
from django.utils import translation

from alerts.services import alert_subscribe
from applications.library import library_documents_add
from applications.models import LibraryDocument
from audit.deletion import object_delete
from audit.models import Event, Pseudonym
from audit.services import audit_log, audit_verify, checkpoint_write
from privacy import services
from tests.factories import UserFactory
from tests.helpers.applications import pdf_bytes, upload
from tests.helpers.auth import login_with_second_factor
from tests.helpers.verification import submitted
from tests.privacy.test_privacy import _procedure, _publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture
def superuser(db):
    return UserFactory(username="root@example.org", is_staff=True, is_superuser=True)


def _a_person_who_acted(institution, hr_officer, applicant):
    """An applicant whose procedure is over and past appeal, who kept a file in their library, subscribed to an
    alert and downloaded their data: three acts of their own in the audit log."""
    position = _procedure(institution, "KQZ 7/2026")
    app = submitted(position, user=applicant, first_name="Alba", last_name="Krasniqi")
    _publish(position, hr_officer, [app], ago=dt.timedelta(days=60))
    (kept,) = library_documents_add(
        owner=applicant, uploads=[upload("diploma-krasniqi.pdf", pdf_bytes())], actor=applicant
    )
    alert_subscribe(email=applicant.email, user=applicant, language="en", q="IT", frequency="weekly")
    services.personal_data_export(user=applicant)
    return kept


def _everything_the_log_holds() -> str:
    rows = Event.objects.values_list("actor_repr", "data", "object_id")
    return json.dumps(list(rows), default=str) + json.dumps(list(Pseudonym.objects.values()), default=str)


def test_a_persons_acts_are_logged_under_a_stable_pseudonym_never_their_e_mail(
    institution, hr_officer, applicant
):
    _a_person_who_acted(institution, hr_officer, applicant)
    acts = Event.objects.filter(
        action__in=["library.document_added", "alerts.subscribed", "privacy.exported"]
    )
    codes = set(acts.values_list("actor_repr", flat=True))
    assert len(codes) == 1 and next(iter(codes)).startswith("p-")
    assert Pseudonym.objects.get(code=next(iter(codes))).user == applicant
    assert applicant.email not in _everything_the_log_holds().replace(
        json.dumps(list(Pseudonym.objects.values()), default=str), ""
    )
    assert not acts.filter(actor__isnull=False).exists()  # an applicant's act is no public act


def test_an_hr_officers_act_stays_resolvable_to_their_account(hr_officer):
    event = audit_log(actor=hr_officer, action="test.public_act", object_type="x", object_id="1")
    assert event.actor == hr_officer and event.actor_repr.startswith("p-")
    assert hr_officer.email not in event.actor_repr


def test_erasing_a_person_leaves_verify_audit_intact_and_no_event_or_mapping_holds_their_e_mail(
    institution, hr_officer, applicant
):
    _a_person_who_acted(institution, hr_officer, applicant)
    checkpoint_write()
    email = applicant.email
    code = Event.objects.get(action="privacy.exported").actor_repr
    services.personal_data_erase(user=applicant)
    assert audit_verify() == []
    assert email not in _everything_the_log_holds()
    assert "Krasniqi" not in _everything_the_log_holds()
    mapping = Pseudonym.objects.get(code=code)
    assert mapping.user is None and mapping.erased_at is not None
    assert not Pseudonym.objects.filter(user=applicant).exists()
    # The events are still there, under the same pseudonym: only the way back to the person is gone.
    assert Event.objects.filter(actor_repr=code).count() == 3


def test_the_audit_admin_shows_the_person_behind_a_pseudonym_and_erased_person_after_erasure(
    client, institution, hr_officer, applicant, superuser
):
    applicant.first_name, applicant.last_name = "Alba", "Krasniqi"
    applicant.save()
    _a_person_who_acted(institution, hr_officer, applicant)
    code = Event.objects.get(action="privacy.exported").actor_repr
    login_with_second_factor(client, superuser)
    page = client.get("/en/admin/audit/event/").content.decode()
    assert f"Alba Krasniqi ({code})" in page
    found = client.get("/en/admin/audit/event/", {"q": applicant.email}).content.decode()
    assert "privacy.exported" in found
    services.personal_data_erase(user=applicant)
    with translation.override("en"):
        page = client.get("/en/admin/audit/event/").content.decode()
    assert f"erased person ({code})" in page and "Krasniqi" not in page
    event = Event.objects.get(action="privacy.exported")
    detail = client.get(f"/en/admin/audit/event/{event.pk}/change/").content.decode()
    assert "erased person" in detail


def test_the_export_includes_the_document_library_and_its_files(institution, hr_officer, applicant):
    kept = _a_person_who_acted(institution, hr_officer, applicant)
    archive = zipfile.ZipFile(io.BytesIO(services.personal_data_export(user=applicant)))
    data = json.loads(archive.read("data.json"))
    (listed,) = data["document_library"]
    assert listed["id"] == kept.pk and listed["sha256"] == kept.sha256
    with storages["private"].open(kept.storage_path, "rb") as fh:
        assert archive.read(listed["file_in_zip"]) == fh.read()
    assert {a["action"] for a in data["own_acts_in_the_audit_log"]} >= {
        "library.document_added",
        "alerts.subscribed",
        "privacy.exported",
    }


def test_erasure_deletes_the_document_library_and_its_files(institution, hr_officer, applicant):
    kept = _a_person_who_acted(institution, hr_officer, applicant)
    assert storages["private"].exists(kept.storage_path)
    counts = services.personal_data_erase(user=applicant)
    assert not LibraryDocument.objects.filter(owner=applicant).exists()
    assert not storages["private"].exists(kept.storage_path)
    assert (counts["library_documents_deleted"], counts["library_files_deleted"]) == (1, 1)


def test_an_admin_delete_of_a_persons_row_keeps_no_personal_data_in_the_log(superuser):
    person = UserFactory(
        username="drita@example.org", email="drita@example.org", first_name="Drita", last_name="Gashi"
    )
    object_delete(actor=superuser, obj=person, may_delete=lambda locked: True)
    event = Event.objects.get(action="admin.delete")
    text = json.dumps(event.data)
    assert "drita@example.org" not in text and "Gashi" not in text
    assert event.data["object"] == f"auth.user #{person.pk}" and event.data["fields"]["is_active"] is True
    assert audit_verify() == []


def test_the_privacy_notice_says_the_log_names_a_person_by_a_pseudonym(client, db):
    html = client.get("/en/privacy/").content.decode()
    assert "names you only by a pseudonym" in html
