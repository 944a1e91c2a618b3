"""Table tests of applications/rules.py, named by article."""

import datetime as dt

import pytest

from applications import rules
from applications.models import ApplicationStatus as S

UTC = dt.UTC
OPENS = dt.datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
CLOSES = dt.datetime(2026, 3, 24, 15, 0, tzinfo=UTC)  # 16:00 in Kosovo, as K23


@pytest.mark.parametrize(
    ("now", "status", "accepted"),
    [
        (CLOSES - dt.timedelta(seconds=1), "published", True),  # one second before: in time
        (CLOSES, "published", False),  # the closing instant itself is late
        (CLOSES + dt.timedelta(seconds=1), "published", False),  # one second after: late
        (OPENS, "published", True),
        (OPENS - dt.timedelta(seconds=1), "published", False),  # not open yet
        (CLOSES - dt.timedelta(days=1), "closed", False),  # HR closed it
        (CLOSES - dt.timedelta(days=1), "draft", False),
    ],
)
def test_r9_1_8_applications_are_accepted_until_the_closing_date_and_hour(now, status, accepted):
    assert rules.accepting_applications(now=now, status=status, opens_at=OPENS, closes_at=CLOSES) is accepted


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (S.DRAFT, S.SUBMITTED, True),
        (S.SUBMITTED, S.WITHDRAWN, True),
        (S.WITHDRAWN, S.DRAFT, True),  # prepared again, then submitted through every check
        (S.SUBMITTED, S.DRAFT, False),  # a submitted application cannot be edited
        (S.WITHDRAWN, S.SUBMITTED, False),
        (S.DRAFT, S.WITHDRAWN, False),
        (S.SUBMITTED, S.SUBMITTED, False),
    ],
)
def test_the_application_workflow_allows_only_its_transitions(current, target, allowed):
    assert rules.may_transition(current, target) is allowed


@pytest.mark.parametrize(
    ("diploma", "institution", "foreign"),
    [("XK", "XK", False), ("AL", "XK", True), ("AL", "AL", False), ("XK", "AL", True), ("ZZ", "XK", True)],
)
def test_r11_2_1_a_diploma_from_outside_the_institutions_country_is_foreign(diploma, institution, foreign):
    assert rules.diploma_is_foreign(diploma_country=diploma, institution_country=institution) is foreign


def _item(slot, required=True):
    return rules.ChecklistItem(slot=slot, name=slot, required=required)


def test_r11_2_1_a_foreign_diploma_adds_its_nostrification_to_the_checklist():
    items = rules.checklist(
        position_documents=[_item("doc-1")],
        foreign_diploma=True,
        assisted=False,
        nostrification_name="N",
        consent_name="C",
    )
    assert [i.slot for i in items] == ["doc-1", rules.SLOT_NOSTRIFICATION]
    assert items[-1].required


def test_r12_1_an_application_made_by_hr_requires_the_candidates_consent():
    items = rules.checklist(
        position_documents=[_item("doc-1")],
        foreign_diploma=False,
        assisted=True,
        nostrification_name="N",
        consent_name="C",
    )
    assert [i.slot for i in items] == ["doc-1", rules.SLOT_CONSENT]
    assert rules.missing_required(items, {"doc-1"}) == [items[-1]]


@pytest.mark.parametrize(
    ("present", "missing"),
    [
        (set(), ["doc-1", "doc-2"]),
        ({"doc-1"}, ["doc-2"]),
        ({"doc-1", "doc-2"}, []),
        ({"doc-1", "doc-2", "doc-3"}, []),
        ({"doc-3"}, ["doc-1", "doc-2"]),  # an optional document does not stand in for a required one
    ],
)
def test_r9_2_2_an_application_missing_a_required_document_is_incomplete(present, missing):
    items = [_item("doc-1"), _item("doc-2"), _item("doc-3", required=False)]
    assert [i.slot for i in rules.missing_required(items, present)] == missing


@pytest.mark.parametrize(
    ("facts", "gaps"),
    [
        (rules.ProfileFacts(education_count=1, referee_count=2), 0),
        (rules.ProfileFacts(education_count=1, referee_count=1), 1),  # two referees
        (rules.ProfileFacts(education_count=0, referee_count=2), 1),
        (rules.ProfileFacts(personal_missing=["phone"], education_count=1, referee_count=2), 1),
        (rules.ProfileFacts(personal_missing=["phone"]), 3),
    ],
)
def test_r11_1_the_profile_needs_personal_data_education_and_two_referees(facts, gaps):
    assert len(rules.profile_gaps(facts)) == gaps


def test_r11_1_8_two_referees_are_required():
    assert rules.REFEREES_REQUIRED == 2


@pytest.mark.parametrize(
    ("current", "added", "ok"),
    [
        (0, 50 * 1024 * 1024, True),
        (40 * 1024 * 1024, 10 * 1024 * 1024, True),
        (40 * 1024 * 1024, 10 * 1024 * 1024 + 1, False),
    ],
)
def test_an_application_holds_at_most_application_max_bytes(current, added, ok):
    assert rules.application_total_within_limit(current_total=current, added=added) is ok


def test_the_limits_are_settings(settings):
    settings.APPLICATION_MAX_BYTES = 100
    assert not rules.application_total_within_limit(current_total=60, added=41)
    settings.DOCUMENT_MAX_FILES_PER_REQUEST = 2
    assert rules.files_per_request_max() == 2


@pytest.mark.parametrize(
    ("hours_before", "due"),
    [(49, False), (48, True), (47.9, True), (1, True), (0, False), (-1, False)],
)
def test_a_draft_reminder_is_due_within_48_hours_of_closing(hours_before, due):
    now = CLOSES - dt.timedelta(hours=hours_before)
    assert rules.draft_reminder_due(now=now, closes_at=CLOSES) is due


def test_the_reference_number_names_the_institution_year_application_and_submission():
    assert (
        rules.reference_number(institution_code="KQZ", year=2026, application_id=42, number=1)
        == "KQZ-2026-000042-1"
    )
    assert (
        rules.reference_number(institution_code="m/m", year=2026, application_id=7, number=2)
        == "MM-2026-000007-2"
    )


def test_r9_3_the_self_declaration_keeps_the_full_wording():
    text = str(rules.R9_3_SELF_DECLARATION)
    assert "self-declares to be true" in text
    assert "bears responsibility for their truthfulness" in text
    assert "false declaration is a ground for exclusion" in text
    assert "at any stage of the procedure" in text
