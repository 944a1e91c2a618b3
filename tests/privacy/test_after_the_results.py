"""Data protection after the results (R-26, R-29 … R-40; Law No. 06/L-082): the person's export holds their
places on winners lists, invitations, consent scans, appointment and its act, probation, mandate and appeals;
erasure is refused while the law needs them (an open list, a standing appointment, an appeal undecided) and
otherwise deletes the scans, acts and free texts through the owning apps; the retention schedule covers them."""

import datetime as dt
import io
import json
import subprocess
import sys
import zipfile

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from appeals.models import Appeal
from applications.models import ApplicationDocument
from appointments.models import Appointment, FinalVerification, OriginalCheck
from audit.services import audit_verify
from mandates.models import Mandate
from privacy import rules, services
from probation.models import Probation, Suspension
from tests.factories import AnnouncementFactory, PositionFactory
from tests.helpers.winners import published_result, winner_user
from winners import services as winners_services
from winners.models import Invitation, Post, Winner

pytestmark = pytest.mark.django_db

D = dt.date
NOW = dt.datetime(2026, 12, 5, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


def _store(path: str, content: bytes = b"%PDF-1.4 personal") -> str:
    return storages["private"].save(path, ContentFile(content))


def _exists(path: str) -> bool:
    return bool(path) and storages["private"].exists(path)


def _list(institution, hr, users, *, published_ago: dt.timedelta, reference="KQZ 80/2026"):
    """A published result whose winners are ``users`` (in rank order) and its winners list (winners' service)."""
    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution, reference=reference),
        code=reference,
        category="professional",
        scoring_scheme="kqz-professional",
        number_of_positions=len(users),
    )
    published_at = timezone.now() - published_ago
    result = published_result(
        position, hr, [90 - i for i in range(len(users))], users=users, published_at=published_at
    )
    winners_list = winners_services.winners_list_create(
        result=result, now=published_at + dt.timedelta(hours=1)
    )
    return winners_list, list(Winner.objects.filter(winners_list=winners_list).order_by("rank"))


def _paper_consent(winner, hr, *, cause_note="") -> Invitation:
    post = Post.objects.filter(position=winner.winners_list.position).order_by("pk").first()
    path = _store(f"winners/consents/{winner.pk}-scan.pdf", b"%PDF-1.4 signed consent")
    return Invitation.objects.create(
        winner=winner,
        invited_at=timezone.now(),
        invited_by=hr,
        respond_by=timezone.now(),
        post=post,
        outcome="consented",
        consent_at=timezone.now(),
        consent_text="I, Ana Krasniqi, consent.",
        consent_on_paper=True,
        consent_scan_path=path,
        consent_scan_sha256="0" * 64,
        cause_note=cause_note,
        recorded_by=hr,
    )


def _document(application) -> str:
    path = _store("documents/diploma.pdf", b"%PDF-1.4 diploma")
    ApplicationDocument.objects.create(
        application=application,
        slot="diploma",
        label="diploma.pdf",
        storage_path=path,
        content_type="application/pdf",
        size=16,
        sha256="1" * 64,
        uploaded_by=application.applicant,
        submitted=True,
    )
    return path


def _appointment(winner, hr, *, state="reported") -> Appointment:
    post = Post.objects.filter(position=winner.winners_list.position).order_by("pk").first()
    appointment = Appointment.objects.create(
        winner=winner,
        post=post,
        act_number="KQZ 9/2026",
        act_date=D(2026, 3, 20),
        state=state,
        report_by=D(2026, 4, 3),
        extension_reason="My child was in hospital.",
        extension_note="Granted: certificate seen.",
        reported_on=D(2026, 3, 25) if state == "reported" else None,
        created_at=timezone.now(),
        created_by=hr,
    )
    _store(appointment.act_pdf_path("sq"), b"%PDF-1.4 act of appointment")
    return appointment


def _appeal(application, hr, *, decided: bool, decided_on=None) -> Appeal:
    scan = _store("appeals/scan.pdf", b"%PDF-1.4 my appeal")
    fields = {}
    if decided:
        fields = {
            "state": "decided",
            "decision": "rejected",
            "decided_on": decided_on or D(2026, 6, 1),
            "decision_number": "KPMSHCK 12/2026",
            "decision_note": "The board found the scoring correct.",
            "decision_scan_path": _store("appeals/decision.pdf", b"%PDF-1.4 decision"),
            "decision_scan_content_type": "application/pdf",
            "effect": "none",
            "effect_note": "Nothing re-opened.",
        }
    return Appeal.objects.create(
        kind="results",
        institution=application.position.announcement.institution,
        application=application,
        appellant=application.applicant,
        filed_on=D(2026, 3, 10),
        counted_from=D(2026, 3, 5),
        last_day=D(2026, 4, 4),
        recorded_by=hr,
        recorded_at=timezone.now(),
        grounds="My experience was not counted.",
        scan_path=scan,
        scan_content_type="application/pdf",
        **fields,
    )


# --- The rules (pure) ----------------------------------------------------------------------------------------


def _procedure(**kwargs):
    defaults = {"reference": "KQZ 1/2026", "submitted": True, "ended_at": NOW - dt.timedelta(days=400)}
    return rules.Procedure(**{**defaults, **kwargs})


@pytest.mark.parametrize(
    "today, refused", [(D(2026, 12, 4), True), (D(2026, 12, 5), True), (D(2026, 12, 6), False)]
)
def test_r26_7_erasure_is_refused_while_the_person_is_on_an_open_winners_list_up_to_its_last_day(
    today, refused
):
    now = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)
    reasons = rules.erasure_refusals(
        procedures=[_procedure(winner_until=D(2026, 12, 5))], holds_office=False, now=now, appeal_days=30
    )
    assert bool(reasons) is refused
    if refused:
        assert "winners list" in reasons[0][0] and reasons[0][1]["until"] == "2026-12-05"


def test_r30_a_standing_appointment_is_an_employment_record_the_applicants_erasure_never_takes():
    (reason,) = rules.erasure_refusals(
        procedures=[_procedure(appointed=True)], holds_office=False, now=NOW, appeal_days=30
    )
    assert "employment record" in reason[0]


def test_r32_r40_an_appeal_awaiting_kpmshcks_decision_blocks_the_erasure_however_old_the_results():
    (reason,) = rules.erasure_refusals(
        procedures=[_procedure(appeal_pending=True, ended_at=NOW - dt.timedelta(days=3000))],
        holds_office=False,
        now=NOW,
        appeal_days=30,
    )
    assert "KPMSHCK" in reason[0]
    assert (
        rules.erasure_refusals(procedures=[_procedure()], holds_office=False, now=NOW, appeal_days=30) == []
    )


@pytest.mark.parametrize("today, due", [(D(2028, 3, 4), False), (D(2028, 3, 5), True), (D(2028, 3, 6), True)])
def test_r26_7_a_winners_consent_scan_is_due_years_after_the_list_ended_unless_appointed(today, due):
    ended = D(2026, 3, 5)
    assert rules.winner_files_due(list_ended_on=ended, appointed=False, today=today, years=2) is due
    assert rules.winner_files_due(list_ended_on=ended, appointed=True, today=today, years=2) is False
    assert rules.winner_files_due(list_ended_on=None, appointed=False, today=today, years=2) is False


@pytest.mark.parametrize(
    "today, due", [(D(2031, 5, 31), False), (D(2031, 6, 1), True), (D(2031, 6, 2), True)]
)
def test_r32_a_decided_appeals_files_are_due_years_after_the_decision_never_while_undecided(today, due):
    assert rules.appeal_files_due(decided_on=D(2026, 6, 1), today=today, years=5) is due
    assert rules.appeal_files_due(decided_on=None, today=today, years=5) is False


def test_privacy_appeal_days_follows_the_appeals_apps_deadline_unless_set():
    """R-32: one administrative-procedure deadline (Law No. 05/L-031), one setting to change."""
    assert django_settings.PRIVACY_APPEAL_DAYS == django_settings.APPEAL_RESULTS_DAYS
    code = (
        "import django; django.setup(); from django.conf import settings as s; print(s.PRIVACY_APPEAL_DAYS)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "recruitment.settings", "DEBUG": "1", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], env={**env, "APPEAL_RESULTS_DAYS": "45"}, capture_output=True, text=True
    )
    assert out.stdout.strip() == "45", out.stderr[-2000:]
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "APPEAL_RESULTS_DAYS": "45", "PRIVACY_APPEAL_DAYS": "60"},
        capture_output=True,
        text=True,
    )
    assert out.stdout.strip() == "60", out.stderr[-2000:]


# --- The export ------------------------------------------------------------------------------------------------


def test_the_export_holds_the_persons_steps_after_the_results_with_their_files_and_nothing_of_others(
    client, institution, hr_officer
):
    me, other = winner_user("Ana Krasniqi"), winner_user("Besa Gashi")
    _winners_list, (mine, theirs) = _list(
        institution, hr_officer, [me, other], published_ago=dt.timedelta(days=300)
    )
    _paper_consent(mine, hr_officer)
    their_invitation = _paper_consent(theirs, hr_officer, cause_note="Besa's surgery")
    verification = FinalVerification.objects.create(
        winner=mine, state="positive", started_at=timezone.now(), started_by=hr_officer
    )
    OriginalCheck.objects.create(
        verification=verification, kind="capacity", label="Capacity", result="matches", checked_by=hr_officer
    )
    appointment = _appointment(mine, hr_officer)
    probation = Probation.objects.create(
        appointment=appointment,
        institution=institution,
        employee=me,
        act_date=D(2026, 3, 20),
        category="professional",
        mentor_name="Drita Mentor",
        mentor_unit="Secret unit of the mentor",
        mentor_category="professional",
        mentor_in_post_since=D(2001, 1, 1),
        decision_reasons="Met every objective.",
        act_pdf_path=_store("probation/act-1.pdf", b"%PDF-1.4 confirmation act"),
        created_at=timezone.now(),
    )
    Suspension.objects.create(
        probation=probation,
        cause="medical",
        starts_on=D(2026, 5, 1),
        ends_on=D(2026, 5, 10),
        note="Medical leave",
        recorded_by=hr_officer,
        recorded_at=timezone.now(),
    )
    Mandate.objects.create(
        appointment=appointment,
        institution=institution,
        holder=me,
        starts_on=D(2026, 3, 20),
        created_at=timezone.now(),
    )
    appeal = _appeal(mine.application, hr_officer, decided=True)

    client.force_login(me)
    response = client.get("/en/privacy/my-data/export.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    text = archive.read("data.json").decode()
    data = json.loads(text)
    (application,) = data["applications"]
    after = application["after_the_results"]
    (winner,) = after["winners"]
    assert winner["rank"] == 1 and winner["list"]["valid_until"]
    (inv,) = winner["invitations"]
    assert inv["consent_text"] == "I, Ana Krasniqi, consent." and "invited_by_id" not in inv
    assert archive.read(inv["consent_scan_in_zip"]) == b"%PDF-1.4 signed consent"
    assert after["final_verifications"][0]["checks"][0]["label"] == "Capacity"
    (appt,) = after["appointments"]
    assert appt["extension_reason"] == "My child was in hospital." and appt["extension_note"]
    assert "token" not in appt and "created_by_id" not in appt
    assert archive.read(appt["act_in_zip"][0]) == b"%PDF-1.4 act of appointment"
    assert appt["probation"]["decision_reasons"] == "Met every objective."
    assert appt["probation"]["mentor_name"] == "Drita Mentor"
    assert "mentor_unit" not in appt["probation"] and "Secret unit" not in text
    assert appt["probation"]["suspensions"][0]["cause"] == "medical"
    assert archive.read(appt["probation"]["act_in_zip"]) == b"%PDF-1.4 confirmation act"
    assert appt["mandate"]["holder_id"] == me.pk and appt["mandate"]["ends_on"]
    (exported_appeal,) = after["appeals"]
    assert exported_appeal["grounds"] == appeal.grounds and exported_appeal["decision_note"]
    assert {archive.read(name) for name in exported_appeal["files_in_zip"]} == {
        b"%PDF-1.4 my appeal",
        b"%PDF-1.4 decision",
    }
    # Nothing of the other winner.
    assert "Besa" not in text and other.email not in text
    assert not [n for n in archive.namelist() if n.endswith(f"consents/{their_invitation.pk}.pdf")]


# --- Erasure -----------------------------------------------------------------------------------------------------


def test_erasure_is_refused_to_a_winner_still_on_an_open_list(institution, hr_officer):
    me = winner_user("Ana Krasniqi")
    _list(institution, hr_officer, [me], published_ago=dt.timedelta(days=60))
    (reason,) = services.erasure_refusals(user=me)
    assert "winners list" in reason[0]
    with pytest.raises(services.ErasureRefused):
        services.personal_data_erase(user=me)


def test_erasure_is_refused_to_an_appointee_and_to_a_former_employee(client, institution, hr_officer):
    me = winner_user("Ana Krasniqi")
    winners_list, (winner,) = _list(institution, hr_officer, [me], published_ago=dt.timedelta(days=200))
    Winner.objects.filter(pk=winner.pk).update(state="appointed")
    appointment = _appointment(winner, hr_officer)
    assert any("employment record" in r[0] for r in services.erasure_refusals(user=me))
    client.force_login(me)
    html = client.get("/en/privacy/my-data/erase/").content.decode()
    assert "employment record" in html and "Type your e-mail address" not in html
    client.post("/en/privacy/my-data/erase/", {"email": me.email})
    me.refresh_from_db()
    assert me.is_active and me.email
    # Terminated after the probation: still the institution's personnel file.
    Appointment.objects.filter(pk=appointment.pk).update(state="revoked")
    Probation.objects.create(
        appointment=appointment,
        institution=institution,
        employee=me,
        act_date=D(2026, 3, 20),
        category="professional",
        state="terminated",
        created_at=timezone.now(),
    )
    assert any("employment record" in r[0] for r in services.erasure_refusals(user=me))


def test_erasure_is_refused_while_an_appeal_awaits_kpmshck(institution, hr_officer):
    me = winner_user("Ana Krasniqi")
    winners_list, (winner,) = _list(institution, hr_officer, [me], published_ago=dt.timedelta(days=200))
    Winner.objects.filter(pk=winner.pk).update(state="declined")
    _appeal(winner.application, hr_officer, decided=False)
    reasons = services.erasure_refusals(user=me)
    assert len(reasons) == 1 and "KPMSHCK" in reasons[0][0]


def test_erasure_after_the_results_deletes_the_scans_acts_and_free_texts_and_keeps_the_records(
    institution, hr_officer
):
    me = winner_user("Ana Krasniqi")
    winners_list, (winner,) = _list(institution, hr_officer, [me], published_ago=dt.timedelta(days=200))
    invitation = _paper_consent(winner, hr_officer, cause_note="My surgery on 3 May")
    verification = FinalVerification.objects.create(
        winner=winner, state="negative", started_at=timezone.now(), started_by=hr_officer
    )
    check = OriginalCheck.objects.create(
        verification=verification, kind="document", label="Diploma", result="differs", reason="Grade 7, not 9"
    )
    appointment = _appointment(winner, hr_officer, state="revoked")
    act = appointment.act_pdf_path("sq")
    Winner.objects.filter(pk=winner.pk).update(state="withdrawn", state_reason="R-30.3: did not report")
    appeal = _appeal(winner.application, hr_officer, decided=True)
    scans = [invitation.consent_scan_path, appeal.scan_path, appeal.decision_scan_path, act]
    assert all(_exists(p) for p in scans)

    counts = services.personal_data_erase(user=me)

    assert not any(_exists(p) for p in scans)
    invitation.refresh_from_db()
    assert (invitation.consent_scan_path, invitation.consent_text, invitation.cause_note) == ("", "", "")
    assert invitation.consent_scan_sha256 and invitation.outcome == "consented"  # the record stays
    winner.refresh_from_db()
    assert winner.state_reason == "" and winner.state == "withdrawn" and winner.rank == 1
    check.refresh_from_db()
    assert check.reason == "" and check.result == "differs"
    appointment.refresh_from_db()
    assert (appointment.extension_reason, appointment.extension_note) == ("", "")
    assert appointment.act_number == "KQZ 9/2026"
    appeal.refresh_from_db()
    assert (appeal.grounds, appeal.decision_note, appeal.effect_note, appeal.scan_path) == ("", "", "", "")
    assert appeal.decision == "rejected" and appeal.decision_number == "KPMSHCK 12/2026"
    assert counts["consent_scans_deleted"] == 1 and counts["act_files_deleted"] == 1
    assert counts["appeal_scans_deleted"] == 2
    assert audit_verify() == []


# --- Retention -----------------------------------------------------------------------------------------------------


def test_retention_after_the_results_deletes_what_is_due_and_keeps_employment_records_and_pending_appeals(
    institution, hr_officer, settings
):
    settings.RETENTION_WINNERS_YEARS = 2
    settings.RETENTION_APPEALS_YEARS = 5
    not_appointed, appointed, recent = winner_user("Ana A"), winner_user("Besa B"), winner_user("Drin C")
    old_list, (w_not, w_appointed) = _list(
        institution, hr_officer, [not_appointed, appointed], published_ago=dt.timedelta(days=4 * 365)
    )
    _recent_list, (w_recent,) = _list(
        institution, hr_officer, [recent], published_ago=dt.timedelta(days=500), reference="KQZ 81/2026"
    )
    Winner.objects.filter(pk=w_not.pk).update(state="declined", state_reason="Refused by letter")
    Winner.objects.filter(pk=w_appointed.pk).update(state="appointed")
    Winner.objects.filter(pk=w_recent.pk).update(state="declined", state_reason="Refused")
    scan_not = _paper_consent(w_not, hr_officer).consent_scan_path
    scan_appointed = _paper_consent(w_appointed, hr_officer).consent_scan_path
    scan_recent = _paper_consent(w_recent, hr_officer).consent_scan_path
    _appointment(w_appointed, hr_officer)
    documents = {w: _document(w.application) for w in (w_not, w_appointed, w_recent)}
    old_decided = _appeal(
        w_not.application,
        hr_officer,
        decided=True,
        decided_on=timezone.localdate() - dt.timedelta(days=6 * 365),
    )
    recent_decided = _appeal(
        w_recent.application,
        hr_officer,
        decided=True,
        decided_on=timezone.localdate() - dt.timedelta(days=365),
    )
    pending = _appeal(w_appointed.application, hr_officer, decided=False)

    run = services.retention_apply()

    assert not _exists(scan_not) and _exists(scan_appointed) and _exists(scan_recent)
    # The winner not appointed is an unsuccessful candidate once the period after the list passed.
    assert not _exists(documents[w_not]) and _exists(documents[w_appointed]) and _exists(documents[w_recent])
    assert w_not.application_id in run.details["applications_purged"]
    assert (
        Winner.objects.get(pk=w_not.pk).state_reason == "" and Winner.objects.get(pk=w_recent.pk).state_reason
    )
    old_decided.refresh_from_db()
    assert old_decided.grounds == "" and not _exists(old_decided.decision_scan_path)
    recent_decided.refresh_from_db()
    assert recent_decided.grounds and _exists(recent_decided.scan_path)
    pending.refresh_from_db()
    assert pending.grounds and _exists(pending.scan_path)
    assert w_appointed.application_id in run.details["applications_kept_for_an_appeal"]
    assert run.details["winners_anonymised"] == [w_not.pk]
    assert run.details["appeals_anonymised"] == [old_decided.pk]
    again = services.retention_apply()
    assert again.details["winners_anonymised"] == [] and again.details["appeals_anonymised"] == []
    assert audit_verify() == []


def test_the_privacy_notice_says_how_long_the_steps_after_the_results_are_kept(client, settings):
    settings.RETENTION_WINNERS_YEARS, settings.RETENTION_APPEALS_YEARS = 2, 5
    html = client.get("/en/privacy/").content.decode()
    for words in (
        "Winners lists (R-26.7)",
        "2 years after the list ended",
        "5 years after the decision",
        "employment record",
        "awaits KPMSHCK",
    ):
        assert words in html, words
