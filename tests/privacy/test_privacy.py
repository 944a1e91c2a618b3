"""Data protection (Law No. 06/L-082): the notices, a person's export, erasure by anonymisation (refused while the
law needs the data), and the retention schedule."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone, translation

from applications.models import ApplicantProfile, ApplicationSubmission
from audit.models import Event
from audit.services import audit_verify
from notifications.models import Message
from notifications.services import notify
from privacy import services
from privacy.models import RetentionRun
from scoring.models import Evaluation, EvaluationCandidate, EvaluationResult
from scoring.selectors import names_by_application
from tests.factories import RequiredDocumentFactory
from tests.helpers.verification import submitted
from tests.publicdata.test_statistics import _closed_position


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


def _procedure(institution, reference):
    position = _closed_position(institution, reference=reference)
    RequiredDocumentFactory(position=position, name_sq="CV", name_en="CV", required=True)
    return position


def _publish(position, hr, apps, *, ago: dt.timedelta, winners=()):
    evaluation = Evaluation.objects.create(
        position=position,
        scheme_key="kqz-professional",
        scheme_data={},
        category="professional",
        created_by=hr,
        status="published",
    )
    for a in apps:  # admitted with the shortlist's name (the submission's)
        personal = a.last_submission.profile_snapshot["personal"]
        EvaluationCandidate.objects.create(
            evaluation=evaluation,
            application=a,
            first_name=personal["first_name"],
            last_name=personal["last_name"],
        )
    rows = [
        {"application_id": a.pk, "rank": i + 1, "qualified": a in winners, "winner": a in winners}
        for i, a in enumerate(apps)
    ]
    EvaluationResult.objects.create(
        evaluation=evaluation, scheme_data={}, rows=rows, computed_by=hr, published_at=timezone.now() - ago
    )


def _files(app):
    return [d.storage_path for d in app.documents.all() if storages["private"].exists(d.storage_path)]


@pytest.mark.parametrize("prefix", ["", "/sr-latn", "/en"])
def test_the_privacy_notice_and_accessibility_statement_are_public_in_each_language(client, db, prefix):
    assert client.get(f"{prefix}/privacy/").status_code == 200
    assert client.get(f"{prefix}/accessibility/").status_code == 200
    footer = client.get(f"{prefix}/").content.decode()
    assert f'href="{prefix}/privacy/"' in footer and f'href="{prefix}/accessibility/"' in footer


def test_the_privacy_notice_names_the_controller_purposes_legal_bases_and_retention(client, institution):
    html = client.get("/en/privacy/").content.decode()
    for words in (
        "Law No. 06/L-082",
        "controller",
        "Central Election Commission",
        "Legal basis",
        "Job alerts",
        "How long we keep it",
        "2 years",
        "5 years",
        "R-32",
    ):
        assert words in html, words


def test_a_persons_export_holds_all_and_only_their_data_with_their_documents(
    client, institution, applicant, other_applicant
):
    position = _procedure(institution, "KQZ 3/2026")
    mine = submitted(position, user=applicant, first_name="Alba", last_name="Krasniqi")
    theirs = submitted(position, user=other_applicant, first_name="Besnik", last_name="Berisha")
    ApplicantProfile.objects.filter(user=applicant).update(phone="+383 44 000 111")
    client.force_login(applicant)
    response = client.get("/en/privacy/my-data/export.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == applicant.email and "password" not in data["account"]
    assert data["profile"]["phone"] == "+383 44 000 111"
    assert [a["id"] for a in data["applications"]] == [mine.pk]
    assert (
        data["applications"][0]["submissions"][0]["profile_snapshot"]["personal"]["last_name"] == "Krasniqi"
    )
    text = archive.read("data.json").decode()
    assert (
        "Berisha" not in text
        and other_applicant.email not in text
        and str(theirs.last_submission.reference) not in text
    )
    (document,) = data["applications"][0]["documents"]
    with storages["private"].open(document["storage_path"], "rb") as fh:
        assert archive.read(document["file_in_zip"]) == fh.read()
    assert not [n for n in archive.namelist() if n.startswith(f"documents/{theirs.pk}/")]
    assert Event.objects.filter(action="privacy.exported", object_id=str(applicant.pk)).exists()


def test_erasure_is_refused_with_the_reason_while_the_procedure_is_under_way(client, institution, applicant):
    position = _procedure(institution, "KQZ 4/2026")
    submitted(position, user=applicant)
    client.force_login(applicant)
    html = client.get("/en/privacy/my-data/erase/").content.decode()
    assert "KQZ 4/2026" in html and "under way" in html
    client.post("/en/privacy/my-data/erase/", {"email": applicant.email})
    applicant.refresh_from_db()
    assert applicant.is_active and applicant.email
    with pytest.raises(services.ErasureRefused):
        services.personal_data_erase(user=applicant)


def test_erasure_is_refused_while_the_results_can_be_appealed(institution, applicant, hr_officer):
    position = _procedure(institution, "KQZ 5/2026")
    app = submitted(position, user=applicant)
    _publish(position, hr_officer, [app], ago=dt.timedelta(days=10))
    (reason,) = services.erasure_refusals(user=applicant)
    assert "appealed (R-32)" in reason[0]


def test_erasure_is_refused_to_hr_staff(hr_officer):
    assert services.erasure_refusals(user=hr_officer)


def test_erasure_anonymises_the_person_and_leaves_the_audit_chain_intact(
    client, institution, applicant, hr_officer
):
    position = _procedure(institution, "KQZ 6/2026")
    app = submitted(position, user=applicant, last_name="Krasniqi")
    _publish(position, hr_officer, [app], ago=dt.timedelta(days=60))
    assert _files(app)
    receipt = app.last_submission.receipt_path
    storages["private"].save(receipt, ContentFile(b"%PDF-1.4 receipt of Krasniqi"))
    with translation.override("en"):
        notify(
            recipient=applicant,
            kind="test",
            template="job_alert_confirm",
            language="en",
            context={"subscription": None, "confirm_url": "x", "unsubscribe_url": "y"},
            attachment_path=receipt,
            attachment_name="receipt.pdf",
        )
    email = applicant.email
    client.force_login(applicant)
    response = client.post("/en/privacy/my-data/erase/", {"email": email})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert (applicant.is_active, applicant.email, applicant.username) == (False, "", f"erased-{applicant.pk}")
    assert not applicant.has_usable_password()
    assert not ApplicantProfile.objects.filter(user=applicant).exists()
    assert _files(app) == [] and not storages["private"].exists(receipt)
    message = Message.objects.get(kind="test")
    assert (message.email, message.body, message.renderings, message.attachment_path) == (
        "erased@invalid",
        "",
        {},
        "",
    )
    snapshot = ApplicationSubmission.objects.get(application=app).profile_snapshot
    assert "Krasniqi" not in json.dumps(snapshot) and snapshot["anonymised_at"]
    # The name the candidate kept from the shortlist goes too: the results name the anonymous account.
    assert EvaluationCandidate.objects.filter(application=app, first_name="", last_name="").exists()
    assert names_by_application([app.pk]) == {app.pk: f"erased-{applicant.pk}"}
    assert not Event.objects.filter(action="privacy.erased", actor_repr__icontains=email).exists()
    assert Event.objects.filter(action="privacy.erased", object_id=str(applicant.pk)).exists()
    assert audit_verify() == []


def test_retention_deletes_exactly_what_is_due_and_files_with_it(institution, hr_officer):
    old = _procedure(institution, "KQZ 1/2023")
    winner, loser = submitted(old), submitted(old)
    _publish(old, hr_officer, [winner, loser], ago=dt.timedelta(days=3 * 365), winners=(winner,))
    recent = _procedure(institution, "KQZ 1/2026")
    recent_loser = submitted(recent)
    _publish(recent, hr_officer, [recent_loser], ago=dt.timedelta(days=200))
    ancient = _procedure(institution, "KQZ 1/2019")
    ancient_winner = submitted(ancient)
    _publish(ancient, hr_officer, [ancient_winner], ago=dt.timedelta(days=6 * 365), winners=(ancient_winner,))
    under_way = _procedure(institution, "KQZ 2/2026")
    pending = submitted(under_way)

    run = services.retention_apply()
    assert _files(loser) == [] and _files(ancient_winner) == []
    assert _files(winner) and _files(recent_loser) and _files(pending)
    assert (run.documents_deleted, run.applications_anonymised) == (2, 1)
    assert "anonymised_at" in ApplicationSubmission.objects.get(application=ancient_winner).profile_snapshot
    assert "anonymised_at" not in ApplicationSubmission.objects.get(application=winner).profile_snapshot
    # The anonymised application's candidate keeps no name; the others keep theirs.
    kept = dict(EvaluationCandidate.objects.values_list("application_id", "last_name"))
    assert kept[ancient_winner.pk] == "" and all(kept[a.pk] for a in (winner, loser, recent_loser))
    assert run.details["candidates_anonymised"] == 1
    assert sorted(run.details["applications_purged"]) == sorted([loser.pk, ancient_winner.pk])
    assert Event.objects.filter(action="privacy.retention_applied", object_id=str(run.pk)).exists()
    again = services.retention_apply()
    assert (again.documents_deleted, again.applications_anonymised) == (0, 0)
    assert RetentionRun.objects.count() == 2
    assert audit_verify() == []


def test_retention_deletes_job_alerts_never_confirmed(db, settings):
    from alerts.models import AlertSubscription

    stale = AlertSubscription.objects.create(email="a@example.org", language="sq", frequency="daily")
    AlertSubscription.objects.filter(pk=stale.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    fresh = AlertSubscription.objects.create(email="b@example.org", language="sq", frequency="daily")
    assert services.retention_apply().alerts_deleted == 1
    assert list(AlertSubscription.objects.values_list("pk", flat=True)) == [fresh.pk]
