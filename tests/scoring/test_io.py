"""scoring.io: every problem of a scores file named with its line and nothing saved; the import's writes; the export's
keys and values on worked examples (KQZ professional and F1); the admin's import and export for HR of the
institution only."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import Event
from demo.seed import seed_competition
from recruitment.permissions import NotAllowed
from scoring import io, score_import, services
from scoring.models import EvaluationCandidate, EvaluationStatus, InterviewSheet, SheetStatus
from tests.factories import UserFactory
from tests.helpers.auth import login_with_second_factor
from tests.helpers.scoring import NAMES, professional_questions, questions_csv

HEADER = "application,step,member,question,points"
MEMBERS = [
    "chair@example.org",
    "member@example.org",
    "member3@example.org",
    "member4@example.org",
    "member5@example.org",
]


def csv_of(*rows) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def sheet(application, member, marks, step="interview") -> list[str]:
    return [f"{application},{step},{member},{question},{points}" for question, points in marks.items()]


def full(points="6", count=5) -> dict:
    return {str(q): points for q in range(1, count + 1)}


def nothing_saved(evaluation) -> bool:
    return (
        not EvaluationCandidate.objects.filter(evaluation=evaluation, written_score__isnull=False).exists()
        and not InterviewSheet.objects.filter(candidate__evaluation=evaluation).exists()
        and not Event.objects.filter(action="scoring.scores_imported").exists()
    )


def refused(evaluation, data) -> list[str]:
    with pytest.raises(io.ImportRefused) as caught:
        score_import.scores_import(evaluation=evaluation, data=data)
    return caught.value.errors


# --- every problem, with its line ---------------------------------------------------------------------------


BAD_ROWS = {
    "unknown application": ("999999,written,,,50", "is not a candidate of this evaluation"),
    "step not in the scheme": ("{a},documents,chair@example.org,cv,3", "is not a step of this evaluation"),
    "unknown step": ("{a},oral,chair@example.org,1,3", "is not a step of this evaluation"),
    "unknown member": (
        "{b},interview,nobody@example.org,1,3",
        "is not a member of this position's committee",
    ),
    "member of another committee": (
        "{b},interview,other.member@example.org,1,3",
        "is not a member of this position's committee",
    ),
    "unknown question": (
        "{b},interview,chair@example.org,6,3",
        "is not a question or criterion of step interview",
    ),
    "criterion on an interview": ("{b},interview,chair@example.org,cv,3", "is not a question or criterion"),
    "7 on a question of 6 (R-23.5)": ("{b},interview,chair@example.org,1,7", "is above the maximum of 6"),
    "not a number": ("{b},interview,chair@example.org,1,abc", "is not a mark"),
    "empty points": ("{b},interview,chair@example.org,1,", "is not a mark"),
    "three decimals": ("{b},interview,chair@example.org,1,5.555", "at most two decimals"),
    "negative": ("{a},written,,,-1", "cannot be negative"),
    "written above 70 (R-20.4)": ("{a},written,,,70.01", "is above the maximum of 70"),
    "written with a member": ("{a},written,chair@example.org,,50", "scored once, not by a member"),
    "written with a question": ("{a},written,,1,50", "a written total has no question"),
    "duplicate": ("{b},written,,,41", "the same mark appears on line 2"),
    "application not a number": ("A-1,written,,,50", "is not an application number"),
    "too many cells": ("{a},written,,,39,99", "has 6 cells, not 5"),
}


@pytest.mark.parametrize("row, expected", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_each_bad_row_is_reported_with_its_line_and_nothing_is_saved(
    evaluation, candidates, english, row, expected
):
    a, b = candidates[0].application_id, candidates[1].application_id
    errors = refused(evaluation, csv_of(f"{b},written,,,40", row.format(a=a, b=b)))
    assert len(errors) == 1, errors
    assert errors[0].startswith("Line 3: ") and expected in errors[0], errors
    assert nothing_saved(evaluation)


def test_every_bad_row_is_reported_in_line_order(evaluation, candidates, english):
    a, b = candidates[0].application_id, candidates[1].application_id
    errors = refused(
        evaluation,
        csv_of(
            f"{a},written,,,80", f"{b},written,,,40", "1,written,,,5", f"{b},interview,chair@example.org,1,9"
        ),
    )
    assert [e.split(":")[0] for e in errors] == ["Line 2", "Line 4", "Line 5"]
    assert nothing_saved(evaluation)


def test_a_members_sheet_is_imported_whole(evaluation, candidates, english):
    b = candidates[1].application_id
    rows = [f"{b},written,,,40", *sheet(b, "chair@example.org", {"1": "5", "2": "5"})]
    errors = refused(evaluation, csv_of(*rows))
    assert errors == [
        f"Lines 3, 4: the sheet of chair@example.org for application {b} in step interview lacks "
        "3, 4, 5; a sheet is imported whole."
    ]


@pytest.mark.parametrize("written, reached", [("39.99", False), ("40", True)])
def test_interview_marks_only_for_a_candidate_at_the_gate_r23_2(
    evaluation, candidates, english, written, reached
):
    """R-23.2: "at least 40 points" in the written test, compared exactly (39.99 does not reach it)."""
    b = candidates[1].application_id
    data = csv_of(f"{b},written,,,{written}", *sheet(b, "chair@example.org", full()))
    if reached:
        score_import.scores_import(evaluation=evaluation, data=data)
        assert InterviewSheet.objects.get(candidate=candidates[1]).total == Decimal(30)
    else:
        errors = refused(evaluation, data)
        assert (
            len(errors) == 1
            and errors[0].startswith("Line 3: ")
            and "did not reach the interview" in errors[0]
        )
        assert nothing_saved(evaluation)


def test_interview_marks_need_a_written_score_recorded_or_in_the_file(evaluation, candidates, english):
    b = candidates[1].application_id
    errors = refused(evaluation, csv_of(*sheet(b, "chair@example.org", full())))
    assert len(errors) == 1 and "did not reach the interview" in errors[0]


def test_a_wrong_header_is_refused_on_line_1(evaluation, candidates, english):
    errors = refused(evaluation, b"application,step,member,points\n1,written,,40\n")
    assert errors == ["Line 1: the file needs exactly the columns application,step,member,question,points."]


def test_an_empty_file_is_refused(evaluation, candidates, english):
    assert refused(evaluation, csv_of()) == ["The file holds no marks."]


def test_an_import_over_existing_marks_is_refused_naming_the_rows(evaluation, candidates, english):
    b = candidates[1].application_id
    data = csv_of(f"{b},written,,,40", *sheet(b, "chair@example.org", full()))
    score_import.scores_import(evaluation=evaluation, data=data)
    errors = refused(evaluation, data)
    assert errors == [
        f"Line 2: application {b} already has a written score; an import does not overwrite it.",
        f"Lines 3, 4, 5, 6, 7: chair@example.org already has a sheet (Submitted) for application {b} in step "
        "interview; an import does not overwrite it.",
    ]
    assert InterviewSheet.objects.filter(candidate=candidates[1]).count() == 1


def test_a_sheet_being_filled_in_on_the_portal_is_not_overwritten(evaluation, candidates, committee, english):
    b = candidates[1]
    candidates[1].written_score = Decimal(50)
    candidates[1].save(update_fields=["written_score"])
    seat = committee.seats.get(member__user__username="chair@example.org")
    InterviewSheet.objects.create(candidate=b, seat=seat, marks={"1": "2.00"})
    errors = refused(evaluation, csv_of(*sheet(b.application_id, "chair@example.org", full())))
    assert len(errors) == 1 and "already has a sheet (Being filled in)" in errors[0]


def test_no_written_total_after_the_lock_and_no_mark_once_results_are_computed(
    evaluation, candidates, english
):
    a = candidates[0].application_id
    EvaluationCandidate.objects.filter(evaluation=evaluation).update(written_score=None)
    type(evaluation).objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.WRITTEN_LOCKED)
    errors = refused(evaluation, csv_of(f"{a},written,,,50"))
    assert errors == [
        "Results can be imported once the test is sealed and before the lock, and not while a sitting is under way."
    ]
    type(evaluation).objects.filter(pk=evaluation.pk).update(status="complete")
    errors = refused(evaluation, csv_of(f"{a},written,,,50"))
    assert errors[0] == "The results of this evaluation are computed: no mark can be imported."


def test_a_semicolon_file_with_a_decimal_comma_is_read(evaluation, candidates):
    b = candidates[1]
    score_import.scores_import(
        evaluation=evaluation,
        data=f"application;step;member;question;points\n{b.application_id};written;;;39,99\n".encode(),
    )
    b.refresh_from_db()
    assert (b.written_score, b.written_source) == (Decimal("39.99"), "import")


def test_the_import_writes_scores_and_submitted_sheets_with_one_audit_event(
    evaluation, candidates, committee
):
    b = candidates[1]
    rows = [f"{b.application_id},written,,,55.5"]
    for member in MEMBERS:
        rows += sheet(b.application_id, member, {"1": "6", "2": "5.5", "3": "4", "4": "0", "5": "1.25"})
    summary = score_import.scores_import(evaluation=evaluation, data=csv_of(*rows))
    assert (summary.written, summary.sheets, summary.marks) == (1, 5, 25)
    b.refresh_from_db()
    assert b.written_score == Decimal("55.50")
    sheets = InterviewSheet.objects.filter(candidate=b)
    assert {s.seat.member.user.username for s in sheets} == set(MEMBERS)
    for s in sheets:
        assert (s.step, s.status, s.total) == ("interview", SheetStatus.SUBMITTED, Decimal("16.75"))
        assert s.marks == {"1": "6.00", "2": "5.50", "3": "4.00", "4": "0.00", "5": "1.25"}
        assert s.submitted_at is not None
    event = Event.objects.get(action="scoring.scores_imported")
    assert event.data["file_sha256"] == summary.file_sha256
    assert event.data["written"] == 1 and event.data["sheets"] == 5
    # the audit event links no code to an application.
    assert b.code not in json.dumps(event.data) and str(b.application_id) not in json.dumps(event.data)


def test_only_hr_of_the_institution_imports_as_a_person(
    evaluation, candidates, other_hr_officer, committee_member, chair, english
):
    data = csv_of(f"{candidates[1].application_id},written,,,40")
    for actor in (other_hr_officer, committee_member):
        with pytest.raises(NotAllowed):
            score_import.scores_import(evaluation=evaluation, data=data, actor=actor)
    # The chair imports the written results by code only, not the marks file.
    with pytest.raises(io.ImportRefused, match="code, score"):
        score_import.scores_import(evaluation=evaluation, data=data, actor=chair)
    assert nothing_saved(evaluation)


def test_r20_5_a_test_being_drafted_here_takes_no_written_result(evaluation, candidates, chair, english):
    """Issue 12: HR's import took written totals into any draft, the chair's into none; one rule now
    (rules.written_results_refusal): a test whose questions are drafted here is sealed first (R-20.5); a draft
    without a question is a test held wholly in the other system (R-20.3), as the tests above import."""
    services.test_questions_import(
        evaluation=evaluation, data=questions_csv(professional_questions()), actor=chair
    )
    errors = refused(evaluation, csv_of(f"{candidates[0].application_id},written,,,50"))
    assert errors == [
        "Results can be imported once the test is sealed and before the lock, and not while a sitting is under way."
    ]
    assert nothing_saved(evaluation)


# --- the export ------------------------------------------------------------------------------------------------


def _kqz_example(evaluation, candidates):
    """A: 39.99, stopped at the gate. B: 40 + 30 = exactly 70, qualified (R-25.2 "70 and more"). C and D: 50 + the
    mean of 19.99, 20, 20, 20, 20 = 69.998, shown 69.99 (cut, never rounded up to 70.00), equal, ordered by lot."""
    a, b, c, d = (x.application_id for x in candidates)
    rows = [f"{a},written,,,39.99", f"{b},written,,,40", f"{c},written,,,50", f"{d},written,,,50"]
    for member in MEMBERS:
        rows += sheet(b, member, full("6"))
        for x in (c, d):
            rows += sheet(
                x, member, {**full("4"), "1": "3.99"} if member == "chair@example.org" else full("4")
            )
    score_import.scores_import(evaluation=evaluation, data=csv_of(*rows))
    return a, b, c, d


def test_export_records_on_a_worked_example_kqz_professional(evaluation, candidates):
    a, b, c, d = _kqz_example(evaluation, candidates)
    records = io.export_records(evaluation)
    assert all(tuple(r) == io.EXPORT_KEYS for r in records)
    assert records[0] == {
        "application": b,
        "rank": 1,
        "documents": "",
        "written": "40.00",
        "interview": "30.00",
        "total": "70.00",
        "reached_interview": True,
        "qualified": True,
        "winner": True,
        "tie_rule": "",
    }
    tied = records[1:3]
    assert {r["application"] for r in tied} == {c, d} and [r["rank"] for r in tied] == [2, 3]
    for r in tied:
        assert (r["written"], r["interview"], r["total"], r["qualified"], r["tie_rule"]) == (
            "50.00",
            "19.99",
            "69.99",
            False,
            "R-27.1.4",
        )
    assert records[3] == {
        "application": a,
        "rank": 4,
        "documents": "",
        "written": "39.99",
        "interview": "",
        "total": "39.99",
        "reached_interview": False,
        "qualified": False,
        "winner": False,
        "tie_rule": "",
    }


def test_export_as_csv_and_json(evaluation, candidates):
    _a, b, _c, _d = _kqz_example(evaluation, candidates)
    text = io.export_text(evaluation, "csv").splitlines()
    assert (
        text[0]
        == "application,rank,documents,written,interview,total,reached_interview,qualified,winner,tie_rule"
    )
    assert text[1] == f"{b},1,,40.00,30.00,70.00,true,true,true,"
    assert len(text) == 5
    data = json.loads(io.export_text(evaluation, "json"))
    assert data[0] == {
        "application": b,
        "rank": 1,
        "documents": "",
        "written": "40.00",
        "interview": "30.00",
        "total": "70.00",
        "reached_interview": True,
        "qualified": True,
        "winner": True,
        "tie_rule": "",
    }


@pytest.mark.django_db
def test_export_records_on_a_worked_example_f1():
    """F1 item 13: documents 40 (criteria) + interview 60, each the mean of the three members; "not more than 70"
    is not qualified, so exactly 70 fails and 70.0033… (shown 70.00) passes. A candidate not marked is unranked."""
    position, _reference, emails, evaluation = seed_competition(scheme_key="f1", candidates=3)
    x, y, z = evaluation.candidates.order_by("pk").values_list("application_id", flat=True)
    documents = {"cv": "5", "education": "15", "training": "5", "experience": "15"}
    rows = []
    for number, member in enumerate(emails):
        for app in (x, y):
            rows += sheet(app, member, documents, step="documents")
        rows += sheet(x, member, full("6"))
        rows += sheet(y, member, {**full("6"), "1": "6.01"} if number == 0 else full("6"))
    score_import.scores_import(evaluation=evaluation, data=csv_of(*rows))
    records = {r["application"]: r for r in io.export_records(evaluation)}
    assert records[y] == {
        "application": y,
        "rank": 1,
        "documents": "40.00",
        "written": "",
        "interview": "30.00",
        "total": "70.00",
        "reached_interview": True,
        "qualified": True,
        "winner": True,
        "tie_rule": "",
    }
    assert records[x] == {
        "application": x,
        "rank": 2,
        "documents": "40.00",
        "written": "",
        "interview": "30.00",
        "total": "70.00",
        "reached_interview": True,
        "qualified": False,
        "winner": False,
        "tie_rule": "",
    }
    assert records[z] == {
        "application": z,
        "rank": None,
        "documents": "",
        "written": "",
        "interview": "",
        "total": "",
        "reached_interview": False,
        "qualified": False,
        "winner": False,
        "tie_rule": "",
    }
    assert io.export_text(evaluation, "csv").splitlines()[-1] == f"{z},,,,,,false,false,false,"


def test_f1_documents_marks_are_checked_against_each_criterion(db, english):
    _position, _reference, emails, evaluation = seed_competition(scheme_key="f1", candidates=1)
    app = evaluation.candidates.get().application_id
    errors = refused(
        evaluation,
        csv_of(
            *sheet(
                app,
                emails[0],
                {"cv": "5.01", "education": "15", "training": "5", "experience": "15"},
                "documents",
            ),
            f"{app},documents,{emails[1]},languages,1",
            f"{app},written,,,30",
        ),
    )
    assert [e.split(":")[0] for e in errors] == ["Line 2", "Line 6", "Line 7"]
    assert "above the maximum of 5" in errors[0]
    assert "is not a question or criterion of step documents" in errors[1]
    assert "is not a step of this evaluation" in errors[2]


# --- the admin: HR of the institution only --------------------------------------------------------------------


def admin_client(client, user):
    return login_with_second_factor(client, user)


def test_hr_sees_the_links_and_no_name_on_the_evaluations_admin_page(
    client, evaluation, candidates, hr_officer
):
    page = admin_client(client, hr_officer).get(
        reverse("admin:scoring_evaluation_change", args=[evaluation.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("admin:scoring_evaluation_import_scores", args=[evaluation.pk]) in html
    assert reverse("admin:scoring_evaluation_export_results", args=[evaluation.pk, "csv"]) in html
    for _first, last in NAMES:  # no name next to anything before the lock
        assert last not in html
    for candidate in candidates:
        assert candidate.code not in html


def test_hr_imports_a_file_in_the_admin(client, evaluation, candidates, hr_officer):
    client = admin_client(client, hr_officer)
    url = reverse("admin:scoring_evaluation_import_scores", args=[evaluation.pk])
    assert client.get(url).status_code == 200
    b = candidates[1]
    upload = _upload(csv_of(f"{b.application_id},written,,,44.5"))
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.written_score == Decimal("44.50")
    assert Event.objects.get(action="scoring.scores_imported").actor == hr_officer


def test_a_bad_file_in_the_admin_lists_every_problem_and_saves_nothing(
    client, evaluation, candidates, hr_officer, english
):
    client = admin_client(client, hr_officer)
    url = reverse("admin:scoring_evaluation_import_scores", args=[evaluation.pk])
    a, b = candidates[0].application_id, candidates[1].application_id
    response = client.post(
        url, {"file": _upload(csv_of(f"{a},written,,,71", f"{b},written,,,40", "5,written,,,1"))}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Line 2: " in html and "Line 4: " in html and "Nothing was saved" in html
    assert nothing_saved(evaluation)


def test_hr_downloads_the_results_in_the_admin(client, evaluation, candidates, hr_officer):
    _a, b, _c, _d = _kqz_example(evaluation, candidates)
    client = admin_client(client, hr_officer)
    response = client.get(reverse("admin:scoring_evaluation_export_results", args=[evaluation.pk, "csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[1] == f"{b},1,,40.00,30.00,70.00,true,true,true,"
    response = client.get(reverse("admin:scoring_evaluation_export_results", args=[evaluation.pk, "json"]))
    assert json.loads(response.content)[0]["application"] == b


def test_hr_of_another_institution_is_refused_in_the_admin(client, evaluation, candidates, other_hr_officer):
    client = admin_client(client, other_hr_officer)
    b = candidates[1].application_id
    for url in (
        reverse("admin:scoring_evaluation_import_scores", args=[evaluation.pk]),
        reverse("admin:scoring_evaluation_export_results", args=[evaluation.pk, "csv"]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("admin:scoring_evaluation_import_scores", args=[evaluation.pk]),
        {"file": _upload(csv_of(f"{b},written,,,40"))},
    )
    assert response.status_code == 404
    assert nothing_saved(evaluation)
    listing = client.get(reverse("admin:scoring_evaluation_changelist"))
    assert f"/{evaluation.pk}/change/" not in listing.content.decode()


def test_a_superuser_who_is_not_hr_there_neither_imports_nor_exports(client, evaluation, candidates):
    admin_user = UserFactory(username="root@example.org", is_staff=True, is_superuser=True)
    client = admin_client(client, admin_user)
    assert client.get(reverse("admin:scoring_evaluation_change", args=[evaluation.pk])).status_code == 200
    for url in (
        reverse("admin:scoring_evaluation_import_scores", args=[evaluation.pk]),
        reverse("admin:scoring_evaluation_export_results", args=[evaluation.pk, "json"]),
    ):
        assert client.get(url).status_code == 403, url


def test_a_committee_member_never_reaches_the_admin_import(client, evaluation, candidates, committee_member):
    login_with_second_factor(client, committee_member)
    response = client.get(reverse("admin:scoring_evaluation_import_scores", args=[evaluation.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("scores.csv", content, content_type="text/csv")


def test_a_rejected_written_total_is_reported_once_not_again_at_the_gate(evaluation, candidates, english):
    b = candidates[1].application_id
    errors = refused(evaluation, csv_of(f"{b},written,,,80", *sheet(b, "chair@example.org", full())))
    assert len(errors) == 1 and errors[0].startswith("Line 2: ") and "above the maximum of 70" in errors[0]


@pytest.mark.django_db
def test_f1_item_13_the_export_names_the_three_candidates_presented_in_its_winner_column():
    """F1 item 13: the three best (above 70) are presented to the deciding authority: export_results says which."""
    _position, _reference, emails, evaluation = seed_competition(scheme_key="f1", candidates=5)
    apps = list(evaluation.candidates.order_by("pk").values_list("application_id", flat=True))
    documents = {"cv": "5", "education": "15", "training": "5", "experience": "15"}
    rows = []
    for member in emails:
        for n, app in enumerate(apps):
            rows += sheet(app, member, documents, step="documents")
            rows += sheet(app, member, full(str(12 - n)))  # 100, 95, 90, 85, 80 points
    score_import.scores_import(evaluation=evaluation, data=csv_of(*rows))
    records = {r["application"]: r for r in io.export_records(evaluation)}
    assert [records[app]["winner"] for app in apps] == [True, True, True, False, False]
    assert "winner" in io.export_text(evaluation, "csv").splitlines()[0].split(",")


def test_the_scores_file_is_written_only_by_its_service_and_read_in_the_chair_s_dialect():
    """Issue 12: scoring.io reads, checks and exports; score_import.scores_import is its one writer (permission,
    lock, audit event), and the delimiter and the decimal comma are read by the same helpers as the chair's files."""
    from pathlib import Path

    from scoring import imports

    source = Path(io.__file__).read_text()
    for write in (
        "bulk_create",
        "bulk_update",
        "UPDATE ",
        ".save(",
        "transaction.atomic",
        "audit_log(",
        "connection.",
    ):
        assert write not in source, write
    assert imports.csv_delimiter("application;step;member;question;points\n1;written;;;5,5\n") == ";"
    assert imports.decimal_point(" 5,5 ") == "5.5" and imports.decimal_point("1,000.5") == "1,000.5"
