"""The permission matrix: every URL of the site, requested by every role, answers as this table says.

A URL added without a row here fails `test_every_url_has_a_row` — decide who may see it, then add it.
Outcomes:
  ok     200 (the page, or a file)
  login  a redirect to the log-in page (the person must log in first)
  deny   403 or 404 (refused, or "not found" so that nobody learns what exists)
  405    the URL only takes POST; a GET is refused before anything is read
  go     a redirect elsewhere than the log-in page (e.g. an applicant sent to their own page)
Staff roles (HR, committee members) are logged in with their second factor; the second-factor rule itself
is tested in tests/accounts/test_second_factor.py.

Admin pages are walked separately: every registered model's list and, where the world holds one, the
change page of an object of the KQZ procedure.
"""

import hashlib

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications import services as application_services
from committees import services as committee_services
from tests.committees.factories import FieldFactory, MemberPoolFactory, fill_pool_for_professional
from tests.factories import AnnouncementFactory, PositionFactory, RequiredDocumentFactory, UserFactory
from tests.helpers.applications import attach_required, complete_profile, start_draft
from tests.helpers.auth import login_with_second_factor

ROLES = ("anonymous", "applicant", "other_applicant", "hr", "other_hr", "member", "other_member", "observer")

# URL names that belong to libraries and are tested as such (allauth's pages in tests/accounts), or carry no
# data of anyone (the language switch).
LIBRARY_PREFIXES = ("account_", "mfa_", "admin:", "set_language")


def _all(outcome):
    return dict.fromkeys(ROLES, outcome)


def _only(allowed: dict, others: str = "deny", anonymous: str = "login"):
    table = {role: others for role in ROLES}
    table["anonymous"] = anonymous
    table.update(allowed)
    return table


PUBLIC = _all("ok")
LOGGED_IN = {**_all("ok"), "anonymous": "login"}
# One application's pages: a signed-out visitor gets "not found" with a log-in link (the same answer
# whether the application exists or not); the owner, and HR of the institution, see it.
OWNER_AND_HR = _only({"applicant": "ok", "hr": "ok"}, anonymous="deny")
POST_ONLY = {**_all("405"), "anonymous": "deny"}
# R-12.1: HR fills in a candidate's profile only while its assisted application is a draft.
CANDIDATE_PROFILE = _only({})
HR_ONLY = _only({"hr": "ok", "other_hr": "ok"}, anonymous="deny")


def _evaluation(world):
    """The world's position's evaluation, started by HR the first time a row needs it."""
    if "evaluation" not in world:
        from scoring import services as scoring_services

        world["evaluation"] = scoring_services.evaluation_create(
            position=world["position"], actor=world["users"]["hr"]
        )
    return world["evaluation"]


def _library_document(world):
    """A file of the applicant's document library, kept the first time a row needs it."""
    if "library_document" not in world:
        from applications.library import library_documents_add
        from tests.helpers.applications import pdf_bytes, upload

        user = world["users"]["applicant"]
        (world["library_document"],) = library_documents_add(
            owner=user, uploads=[upload("cv.pdf", pdf_bytes())], actor=user
        )
    return world["library_document"]


def _appeal(world):
    """An appeal of the world's applicant with a scan, made the first time a row needs it (the world's results are
    not published, so it is written directly: the services' own tests are in tests/appeals)."""
    if "appeal" not in world:
        import datetime as dt

        from django.core.files.base import ContentFile
        from django.core.files.storage import storages
        from django.utils import timezone

        from appeals.models import Appeal

        application = world["application"]
        world["appeal"] = Appeal.objects.create(
            kind="results",
            institution_id=world["position"].announcement.institution_id,
            application=application,
            appellant=world["users"]["applicant"],
            filed_on=dt.date(2026, 3, 10),
            counted_from=dt.date(2026, 3, 2),
            last_day=dt.date(2026, 4, 1),
            lodged_in_portal=True,
            recorded_by=world["users"]["applicant"],
            recorded_at=timezone.now(),
            grounds="The marks",
            scan_path=storages["private"].save("appeals/appeal.pdf", ContentFile(b"%PDF-1.4 appeal")),
            scan_content_type="application/pdf",
        )
    return world["appeal"]


# name -> (kwargs from the world, expected outcome per role)
MATRIX = {
    "healthz": (None, PUBLIC),
    # Prometheus metrics: METRICS_TOKEN or a superuser only (tests/ops/test_operator_kit.py); 404 to everyone else.
    "metrics": (None, _all("deny")),
    "home": (None, PUBLIC),
    # The demo's mailbox exists only with DEMO_MAILBOX on (the demo); the world runs as production does.
    "demo_mailbox": (None, _all("deny")),
    "vacancies:list": (None, PUBLIC),
    "vacancies:archive": (None, PUBLIC),
    "vacancies:announcement": (lambda w: {"announcement_id": w["position"].announcement_id}, PUBLIC),
    "vacancies:announcement_pdf": (lambda w: {"announcement_id": w["position"].announcement_id}, PUBLIC),
    "vacancies:position": (
        lambda w: {"announcement_id": w["position"].announcement_id, "position_id": w["position"].pk},
        PUBLIC,
    ),
    # The audit log's signed checkpoints: public, so anyone can keep a copy (tests/security/test_audit_tamper.py).
    "audit:checkpoints": (None, PUBLIC),
    "audit:checkpoints_json": (None, PUBLIC),
    "audit:checkpoints_text": (None, PUBLIC),
    "committees:draw_list": (None, PUBLIC),
    "committees:draw": (lambda w: {"pk": w["draw"].pk}, PUBLIC),
    "committees:draw_json": (lambda w: {"pk": w["draw"].pk}, PUBLIC),
    "committees:my_committees": (None, _only({"member": "ok", "other_member": "ok"})),
    "committees:my_committee": (lambda w: {"pk": w["committee"].pk}, _only({"member": "ok"})),
    # A registered observer is sent on to their page; anyone else signed in to the registration form.
    "committees:observer_register": (None, {**LOGGED_IN, "observer": "go"}),
    "committees:observer_home": (None, _only({"observer": "ok"}, others="go")),
    "committees:observer_evaluation": (lambda w: {"pk": w["committee"].pk}, _only({"observer": "ok"})),
    # HR accepts or refuses observers' notices (R-16.1); until accepted an observer sees nothing.
    "committees:observer_notices": (None, _only({"hr": "ok", "other_hr": "ok"})),
    "committees:observer_notice_decide": (lambda w: {"pk": w["notice"].pk}, _all("405")),
    "committees:compensation_report": (None, _only({"hr": "ok", "other_hr": "ok"})),
    # A position's shortlist is public once published (R-18.4); the world's is not: "not found" for everyone
    # (tests/verification/test_views.py covers the published list).
    "verification:shortlist": (lambda w: {"position_id": w["position"].pk}, _all("deny")),
    "verification:shortlist_pdf": (lambda w: {"position_id": w["position"].pk}, _all("deny")),
    # The evaluation (scoring): committee pages for this position's members only; chair's actions take POST only;
    # the written-test sitting is public (the code is the key). tests/scoring/test_permissions.py goes further.
    "scoring:evaluations": (None, _only({"member": "ok", "other_member": "ok"})),
    "scoring:evaluation": (lambda w: {"pk": _evaluation(w).pk}, _only({"member": "ok"})),
    "scoring:test": (lambda w: {"pk": _evaluation(w).pk}, _only({"member": "ok"})),
    "scoring:test_import": (lambda w: {"pk": _evaluation(w).pk}, _all("405")),
    # Acts that cannot be undone: GET is the confirmation page, for the chair only (the world's member chairs,
    # _seat_as_chair);
    # a POST without its confirmation shows that page again (tests/scoring/test_confirmations.py).
    "scoring:test_seal": (lambda w: {"pk": _evaluation(w).pk}, _only({"member": "ok"})),
    "scoring:sitting_open": (lambda w: {"pk": _evaluation(w).pk}, _all("405")),
    "scoring:results_import": (lambda w: {"pk": _evaluation(w).pk}, _all("405")),
    # Not at the world's stage (a draft): the chair is sent back to the evaluation with the reason.
    "scoring:written_lock": (lambda w: {"pk": _evaluation(w).pk}, _only({"member": "go"})),
    "scoring:interview_setup": (lambda w: {"pk": _evaluation(w).pk}, _only({})),  # not before the lock
    "scoring:sheet": (lambda w: {"pk": _evaluation(w).pk, "candidate_pk": 1}, _only({})),
    "scoring:interview_absence": (lambda w: {"pk": _evaluation(w).pk, "candidate_pk": 1}, _only({})),
    "scoring:act_approve": (lambda w: {"pk": _evaluation(w).pk}, _all("405")),
    "scoring:sheet_correct": (
        lambda w: {"pk": _evaluation(w).pk, "candidate_pk": 1, "sheet_pk": 1},
        _all("405"),
    ),
    # F1's documents sheets, the end of the evaluation and the results (this world's evaluation is a KQZ one at its
    # start: no documents step, nothing computed, nothing published). tests/scoring/test_results_access.py goes
    # further with completed and published evaluations.
    # F1's documents step: its confirmation page exists only for a scheme with documents (not the world's).
    "scoring:documents_open": (lambda w: {"pk": _evaluation(w).pk}, _only({})),
    "scoring:documents_sheet": (lambda w: {"pk": _evaluation(w).pk, "candidate_pk": 1}, _only({})),
    "scoring:documents_sheet_correct": (
        lambda w: {"pk": _evaluation(w).pk, "candidate_pk": 1, "sheet_pk": 1},
        _all("405"),
    ),
    "scoring:complete": (lambda w: {"pk": _evaluation(w).pk}, _only({"member": "go"})),
    "scoring:ranking": (lambda w: {"pk": _evaluation(w).pk}, _only({})),
    "scoring:act_pdf": (lambda w: {"pk": _evaluation(w).pk}, _only({})),
    # HR's confirmation page of the publication, once the evaluation is complete (not the world's): "not found".
    "scoring:results_publish": (lambda w: {"pk": _evaluation(w).pk}, _only({})),
    "scoring:representation": (None, _only({"hr": "ok", "other_hr": "ok"})),
    "scoring:public_results": (lambda w: {"pk": _evaluation(w).pk}, _all("deny")),
    "scoring:public_results_pdf": (lambda w: {"pk": _evaluation(w).pk}, _all("deny")),
    "scoring:hr_evaluations": (None, _only({"hr": "ok", "other_hr": "ok"})),
    # The world's position has a preset scheme: no composition page (tests/scoring/test_custom_scheme.py).
    "scoring:scheme_compose": (lambda w: {"position_pk": w["position"].pk}, _only({})),
    "scoring:slips": (lambda w: {"pk": _evaluation(w).pk}, _only({"hr": "ok"})),
    "scoring:sitting_enter": (None, PUBLIC),
    "scoring:sitting_paper": (None, _all("go")),  # no code entered: back to the code page
    "notifications:inbox": (None, LOGGED_IN),
    "applications:mine": (None, LOGGED_IN),
    "applications:profile": (None, LOGGED_IN),
    "applications:profile_personal": (None, LOGGED_IN),
    "applications:profile_section": (lambda w: {"section": "education"}, LOGGED_IN),
    # The applicant who already applied is sent to their application.
    "applications:apply": (lambda w: {"position_id": w["position"].pk}, {**LOGGED_IN, "applicant": "go"}),
    # The document library: one's own (a file of another person's library is not found; deleting asks first).
    "applications:library": (None, LOGGED_IN),
    "applications:library_document": (lambda w: {"pk": _library_document(w).pk}, _only({"applicant": "ok"})),
    "applications:library_delete": (lambda w: {"pk": _library_document(w).pk}, _only({"applicant": "ok"})),
    "applications:attach_from_library": (lambda w: {"pk": w["application"].pk}, POST_ONLY),
    "applications:assisted_list": (None, HR_ONLY),
    "applications:assisted_start": (None, HR_ONLY),
    "applications:detail": (lambda w: {"pk": w["application"].pk}, OWNER_AND_HR),
    "applications:place": (lambda w: {"pk": w["application"].pk}, POST_ONLY),
    "applications:upload": (lambda w: {"pk": w["application"].pk}, POST_ONLY),
    "applications:document": (
        lambda w: {"pk": w["application"].pk, "document_pk": w["document"].pk},
        OWNER_AND_HR,
    ),
    # The same document shown inside HR's review screen (inline, sandboxed): the same people.
    "verification:document_inline": (
        lambda w: {"pk": w["application"].pk, "document_pk": w["document"].pk},
        OWNER_AND_HR,
    ),
    "applications:document_remove": (
        lambda w: {"pk": w["application"].pk, "document_pk": w["document"].pk},
        POST_ONLY,
    ),
    # The preview before submitting: the owner of a submitted application is sent to its page.
    "applications:preview": (
        lambda w: {"pk": w["application"].pk},
        _only({"applicant": "go"}, anonymous="deny"),
    ),
    "applications:submit": (lambda w: {"pk": w["application"].pk}, POST_ONLY),
    # GET asks the owner to confirm.
    "applications:withdraw": (
        lambda w: {"pk": w["application"].pk},
        _only({"applicant": "ok"}, anonymous="deny"),
    ),
    "applications:reopen": (lambda w: {"pk": w["application"].pk}, POST_ONLY),
    "applications:receipt": (lambda w: {"pk": w["application"].pk}, OWNER_AND_HR),
    "applications:receipt_number": (lambda w: {"pk": w["application"].pk, "number": 1}, OWNER_AND_HR),
    # The reasoned decision (R-18.6) of one's own application, once told: the world's is not decided (not found for
    # everyone); tests/applications/test_decision.py serves it to its owner and to nobody else.
    "applications:decision": (lambda w: {"pk": w["application"].pk}, _all("deny")),
    "applications:candidate_profile": (lambda w: {"application_pk": w["application"].pk}, CANDIDATE_PROFILE),
    "applications:candidate_profile_personal": (
        lambda w: {"application_pk": w["application"].pk},
        CANDIDATE_PROFILE,
    ),
    "applications:candidate_profile_section": (
        lambda w: {"application_pk": w["application"].pk, "section": "education"},
        CANDIDATE_PROFILE,
    ),
    # Open data (publicdata): feeds, sitemap, robots.txt, favicon: public.
    "sitemap": (None, PUBLIC),
    "robots_txt": (None, PUBLIC),
    "favicon": (None, PUBLIC),
    "publicdata:feed": (None, PUBLIC),
    "publicdata:feed_institution": (
        lambda w: {"short_name": w["position"].announcement.institution.short_name},
        PUBLIC,
    ),
    "publicdata:feed_category": (lambda w: {"category": "professional"}, PUBLIC),
    "publicdata:statistics": (None, PUBLIC),
    "publicdata:statistics_csv": (None, PUBLIC),
    "publicdata:statistics_position": (lambda w: {"position_id": w["position"].pk}, PUBLIC),
    "publicdata:api_docs": (None, PUBLIC),
    # The public API (/api/v1/): the public pages' data; the world's shortlist and results are not published.
    "api:index": (None, PUBLIC),
    "api:openapi": (None, PUBLIC),
    "api:positions": (None, PUBLIC),
    "api:position": (lambda w: {"pk": w["position"].pk}, PUBLIC),
    "api:announcements": (None, PUBLIC),
    "api:announcement": (lambda w: {"pk": w["position"].announcement_id}, PUBLIC),
    "api:shortlists": (None, PUBLIC),
    "api:shortlist": (lambda w: {"position_id": w["position"].pk}, _all("deny")),
    "api:results": (None, PUBLIC),
    "api:result": (lambda w: {"pk": _evaluation(w).pk}, _all("deny")),
    "api:draws": (None, PUBLIC),
    "api:draw": (lambda w: {"pk": w["draw"].pk}, PUBLIC),
    "api:statistics": (None, PUBLIC),
    # Job alerts: anyone subscribes; the confirm and unsubscribe pages open only with the e-mail's secret token.
    "alerts:subscribe": (None, PUBLIC),
    "alerts:confirm": (lambda w: {"token": "00000000-0000-0000-0000-000000000000"}, _all("deny")),
    "alerts:unsubscribe": (lambda w: {"token": "00000000-0000-0000-0000-000000000000"}, _all("deny")),
    # Data protection: the notices are public; a person's own data (export, erasure) needs their log-in.
    "privacy:notice": (None, PUBLIC),
    "privacy:accessibility": (None, PUBLIC),
    "privacy:my_data": (None, LOGGED_IN),
    "privacy:export": (None, LOGGED_IN),
    "privacy:erase": (None, LOGGED_IN),
    # Winners (R-26): the world's results are not published, so it has no winners list nor invitation (the pages
    # with a list, an invitation and a scan are walked in tests/winners/test_views.py). HR of the institution sees
    # the evaluation's page saying the list is made once the results are published; the invitation's pages answer
    # "not found" to everyone signed in; the POST-only actions refuse a GET first.
    "winners:invitation": (lambda w: {"pk": 999_999}, _only({})),
    "winners:invitation_consent": (lambda w: {"pk": 999_999}, _all("405")),
    "winners:invitation_decline": (lambda w: {"pk": 999_999}, _only({})),
    "winners:invitation_cause": (lambda w: {"pk": 999_999}, _only({})),
    "winners:consent_scan": (lambda w: {"pk": 999_999}, _only({})),
    "winners:hr_list": (lambda w: {"evaluation_pk": _evaluation(w).pk}, _only({"hr": "ok"})),
    "winners:hr_list_create": (lambda w: {"evaluation_pk": _evaluation(w).pk}, _all("405")),
    "winners:hr_invite": (lambda w: {"evaluation_pk": _evaluation(w).pk}, _only({})),
    "winners:hr_post_add": (lambda w: {"evaluation_pk": _evaluation(w).pk}, _only({})),
    "winners:hr_expire": (lambda w: {"evaluation_pk": _evaluation(w).pk}, _only({})),
    "winners:hr_paper_consent": (lambda w: {"pk": 999_999}, _only({})),
    "winners:hr_cause": (lambda w: {"pk": 999_999}, _only({})),
    "winners:hr_decline": (lambda w: {"pk": 999_999}, _only({})),
    # HR takes a winner off the list, or records the institution's decision on an appointment R-9.3 reached
    # (tests/winners/test_removal.py walks a real winner with every role).
    "winners:hr_remove": (lambda w: {"pk": 999_999}, _only({})),
    "winners:hr_exclusion_decide": (lambda w: {"pk": 999_999}, _only({})),
    # R-26.8: public once the list exists; the world has none.
    "winners:public_lists": (lambda w: {"evaluation_pk": _evaluation(w).pk}, _all("deny")),
    # HR's "Due this week" (appointments, issue 15): HR of any institution sees its own items; others 404.
    "appointments:due_this_week": (None, _only({"hr": "ok", "other_hr": "ok"})),
    # Probation (R-33 … R-39) and management mandates (R-31): HR's lists show its own institution's rows; the world
    # has no appointment, so a probation or mandate is "not found" for everyone (tests/probation/test_views.py and
    # tests/mandates/test_views.py walk real ones, HR of another institution and the employee included). Steps
    # take POST only; the decision, the act and the end go through a confirmation page (GET).
    "probation:list": (None, _only({"hr": "ok", "other_hr": "ok"})),
    "probation:detail": (lambda w: {"pk": 999999}, _only({})),
    "probation:suspension_add": (lambda w: {"pk": 999999}, _all("405")),
    "probation:suspension_end": (lambda w: {"pk": 999999, "suspension_pk": 999999}, _all("405")),
    "probation:mentor": (lambda w: {"pk": 999999}, _all("405")),
    "probation:evaluation_request": (lambda w: {"pk": 999999}, _all("405")),
    "probation:meeting": (lambda w: {"pk": 999999}, _all("405")),
    "probation:decision": (lambda w: {"pk": 999999}, _only({})),
    "probation:inform": (lambda w: {"pk": 999999}, _only({})),
    "probation:act_pdf": (lambda w: {"pk": 999999}, _only({})),
    "probation:start": (lambda w: {"appointment_pk": 999999}, _all("405")),
    "mandates:list": (None, _only({"hr": "ok", "other_hr": "ok"})),
    "mandates:detail": (lambda w: {"pk": 999999}, _only({})),
    "mandates:start": (lambda w: {"appointment_pk": 999999}, _all("405")),
    "mandates:civil_servant": (lambda w: {"pk": 999999}, _all("405")),
    "mandates:proposal": (lambda w: {"pk": 999999}, _all("405")),
    "mandates:renewal": (lambda w: {"pk": 999999}, _only({})),
    "mandates:end": (lambda w: {"pk": 999999}, _only({})),
    # The final verification and the appointment (R-29, R-30): the world has no winner, so these ask for one that
    # does not exist: "not found" even for HR; non-HR never learn more (tests/appointments/test_views.py walks every
    # page with a real winner and appointment, per role).
    "appointments:hr_list": (None, _only({"hr": "ok", "other_hr": "ok"})),
    "appointments:verification": (lambda w: {"winner_id": 999999}, _only({})),
    "appointments:check": (lambda w: {"pk": 999999}, _only({"hr": "405", "other_hr": "405"})),
    "appointments:appoint": (lambda w: {"winner_id": 999999}, _only({})),
    "appointments:appointment": (lambda w: {"pk": 999999}, _only({})),
    "appointments:extension_decide": (lambda w: {"pk": 999999}, _only({"hr": "405", "other_hr": "405"})),
    "appointments:report_record": (lambda w: {"pk": 999999}, _only({})),
    "appointments:mine": (lambda w: {"pk": 999999}, _only({})),
    "appointments:extension_request": (lambda w: {"pk": 999999}, _only({}, others="405")),
    "appointments:act_pdf": (lambda w: {"pk": 999999}, _only({})),
    # Appeals to KPMSHCK (R-32, R-40). The world's applicant has appealed (_appeal): the owner is sent on to the
    # appeal; HR lodges nothing in a candidate's name there (tests/appeals/test_views.py: the page before appealing).
    # An appeal (with its scan, no decision yet): its appellant and HR of its institution; HR's pages for HR (of its
    # institution for one appeal).
    "appeals:lodge": (
        lambda w: {"application_pk": w["application"].pk},
        _only({"applicant": "go"}, anonymous="deny"),
    ),
    "appeals:detail": (lambda w: {"pk": _appeal(w).pk}, OWNER_AND_HR),
    "appeals:scan": (lambda w: {"pk": _appeal(w).pk}, OWNER_AND_HR),
    "appeals:decision_scan": (lambda w: {"pk": _appeal(w).pk}, _all("deny")),
    "appeals:hr_list": (None, _only({"hr": "ok", "other_hr": "ok"})),
    "appeals:hr_record": (None, _only({"hr": "ok", "other_hr": "ok"})),
    "appeals:hr_detail": (lambda w: {"pk": _appeal(w).pk}, _only({"hr": "ok"})),
    "appeals:hr_decision_scan": (lambda w: {"pk": _appeal(w).pk}, _only({"hr": "405", "other_hr": "405"})),
    "appeals:hr_decide": (lambda w: {"pk": _appeal(w).pk}, _only({"hr": "ok"})),
}

# POST-only URLs: a POST by anyone but the owner is refused and changes nothing.
POST_REFUSED = {
    "applications:place",
    "applications:upload",
    "applications:document_remove",
    "applications:submit",
    "applications:withdraw",
    "applications:reopen",
    "applications:attach_from_library",
}


def site_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                walk(p.url_patterns, f"{namespace}:{ns}" if namespace and ns else (ns or namespace))
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns)
    return {n for n in names if not n.startswith(LIBRARY_PREFIXES)}


def test_every_url_has_a_row():
    missing = sorted(site_url_names() - set(MATRIX))
    assert not missing, f"URLs without a row in the permission matrix: {missing}"
    stale = sorted(set(MATRIX) - site_url_names())
    assert not stale, f"rows for URLs that no longer exist: {stale}"


# --- The world: one KQZ procedure with an application, a drawn and appointed committee, an observer ---------


@pytest.fixture
def world(
    db,
    settings,
    tmp_path,
    institution,
    other_institution,
    applicant,
    other_applicant,
    hr_officer,
    other_hr_officer,
    committee_member,
    other_committee_member,
    observer,
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEMO_MAILBOX = False
    field = FieldFactory(code="it", name="Information technology")

    def procedure(reference, member):
        position = PositionFactory(
            announcement=AnnouncementFactory(institution=institution, reference=reference),
            code=reference,
            category="professional",
            scoring_scheme="kqz-professional",
        )
        RequiredDocumentFactory(
            position=position, order=1, name="CV", name_sq="CV", name_en="CV", required=True
        )
        pool = MemberPoolFactory(institution=institution)
        made = fill_pool_for_professional(pool, field, managers=3)
        made["managers"][0].user = member
        made["managers"][0].save(update_fields=["user"])
        committee = committee_services.committee_create(
            position=position, pool=pool, fields=[field], actor=hr_officer
        )
        secret = f"secret of {reference}"
        draw = committee_services.committee_draw_announce(
            committee=committee, commitment=hashlib.sha256(secret.encode()).hexdigest(), actor=hr_officer
        )
        draw = committee_services.draw_perform(draw=draw, secret=secret, actor=hr_officer)
        committee.refresh_from_db()
        _seat_as_chair(committee, made["managers"][0])
        committee_services.committee_appoint(committee=committee, actor=hr_officer)
        return position, committee, draw

    position, committee, draw = procedure("KQZ 44/2026", committee_member)
    procedure("KQZ 45/2026", other_committee_member)

    complete_profile(applicant)
    application = start_draft(applicant, position)
    attach_required(application, applicant)
    application_services.application_submit(
        application=application, actor=applicant, declaration_accepted=True
    )
    document = application.documents.get()

    registered = committee_services.observer_register(
        user=observer, organisation="Sindikata", kind="trade_union", accepts_data_protection=True
    )
    notice = committee_services.observer_notice_give(observer=registered, committee=committee, actor=observer)
    committee_services.observer_notice_decide(notice=notice, accept=True, actor=hr_officer)  # R-16.1
    UserFactory(username="nobody@example.org")
    return {
        "position": position,
        "committee": committee,
        "draw": draw,
        "application": application,
        "notice": notice,
        "document": document,
        "users": {
            "applicant": applicant,
            "other_applicant": other_applicant,
            "hr": hr_officer,
            "other_hr": other_hr_officer,
            "member": committee_member,
            "other_member": other_committee_member,
            "observer": observer,
        },
    }


def _seat_as_chair(committee, pool_member) -> None:
    """The persona sits in the chair (R-16.3's first slot), whatever the draw's random value gave it, so the rows of
    the chair's pages are the same on every run: its seat and the chair's swap places (the lot is not under test)."""
    from committees.models import Seat

    seats = {seat.member_id: seat for seat in committee.seats.all()}
    mine = seats[pool_member.pk]
    chair = next(seat for seat in seats.values() if seat.is_chair)
    if chair.pk != mine.pk:
        places = (mine.seat_key, mine.slot), (chair.seat_key, chair.slot)
        Seat.objects.filter(pk=mine.pk).update(slot=999)
        Seat.objects.filter(pk=chair.pk).update(seat_key=places[0][0], slot=places[0][1])
        Seat.objects.filter(pk=mine.pk).update(seat_key=places[1][0], slot=places[1][1])


def client_for(world, role) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    user = world["users"][role]
    if role in ("hr", "other_hr", "member", "other_member"):
        return login_with_second_factor(client, user)
    client.force_login(user)
    return client


def outcome(response) -> str:
    code = response.status_code
    if code == 200:
        return "ok"
    if code in (403, 404):
        return "deny"
    if code == 405:
        return "405"
    if code in (301, 302):
        return "login" if "/accounts/login/" in response["Location"] else "go"
    return str(code)


def test_every_role_gets_what_the_matrix_says(world):
    wrong = []
    for role in ROLES:
        client = client_for(world, role)
        for name, (kwargs, expected) in MATRIX.items():
            url = reverse(name, kwargs=kwargs(world) if kwargs else None)
            got = outcome(client.get(url))
            if got != expected[role]:
                wrong.append(f"{role:16} GET {url}: {got}, expected {expected[role]}")
    assert not wrong, "\n" + "\n".join(wrong)


def test_a_post_by_anyone_but_the_owner_is_refused_and_changes_nothing(world):
    application = world["application"]
    application.refresh_from_db()
    assert application.status == "submitted"
    before = (application.status, application.documents.count(), application.events.count())
    for role in ROLES:
        if role == "applicant":
            continue
        client = client_for(world, role)
        for name in sorted(POST_REFUSED):
            kwargs, _expected = MATRIX[name]
            url = reverse(name, kwargs=kwargs(world))
            got = outcome(client.post(url, {"declaration": "on", "place": ""}))
            assert got in ("deny", "login"), f"{role} POST {url}: {got}"
    application.refresh_from_db()
    assert (application.status, application.documents.count(), application.events.count()) == before


# --- The admin ---------------------------------------------------------------------------------------------

NON_STAFF = ("anonymous", "applicant", "other_applicant", "observer", "member", "other_member")


def admin_changelists() -> list[str]:
    return [
        reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry
    ]


def test_people_who_are_not_staff_never_reach_an_admin_page(world):
    urls = [reverse("admin:index"), *admin_changelists()]
    for role in NON_STAFF:
        client = client_for(world, role)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (role, url)


def test_hr_of_another_institution_cannot_open_the_procedures_objects_in_the_admin(world):
    application, position, committee = world["application"], world["position"], world["committee"]
    objects = [
        ("applications", "application", application.pk),
        ("vacancies", "announcement", position.announcement_id),
        ("vacancies", "position", position.pk),
        ("committees", "committee", committee.pk),
        ("scoring", "evaluation", _evaluation(world).pk),
    ]
    own, other = client_for(world, "hr"), client_for(world, "other_hr")
    for app_label, model, pk in objects:
        url = reverse(f"admin:{app_label}_{model}_change", args=[pk])
        assert own.get(url).status_code == 200, url
        response = other.get(url)
        # The admin answers a change page it may not show with a redirect to its index ("does not exist").
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].endswith(reverse("admin:index")), url
        listing = other.get(reverse(f"admin:{app_label}_{model}_changelist"))
        if listing.status_code == 200:
            assert f"/{pk}/change/" not in listing.content.decode(), url
