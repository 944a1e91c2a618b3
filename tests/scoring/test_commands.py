"""The commands HR and other systems rely on, end to end on the database: seed_competition, import_scores,
export_results (issue 6)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from applications.models import Application, ApplicationStatus
from audit.models import Event
from committees.models import CommitteeStatus, Seat, SeatStatus
from committees.services import position_reference
from notifications.models import Message
from scoring import services as scoring_services
from scoring.models import EvaluationCandidate, EvaluationStatus, InterviewSheet
from vacancies.models import ClosingState, InstitutionStaff, Position, StaffRole
from verification import services as verification_services
from verification.models import Decision, Review, Shortlist
from verification.selectors import eligible_applications

pytestmark = pytest.mark.django_db

HEADER = "application,step,member,question,points"


def seed(scheme: str, candidates: int) -> list[str]:
    out = StringIO()
    call_command("seed_competition", "--scheme", scheme, "--candidates", str(candidates), stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.parametrize(
    "scheme, candidates, category, members",
    [
        (
            "kqz-professional",
            2,
            "professional",
            5,
        ),  # 2 applications for 1 position: extends, then it closes
        ("kqz-specialist", 3, "specialist", 5),
        ("kqz-management", 3, "middle_management", 5),
        ("f1", 4, "professional", 3),
    ],
)
def test_seed_competition_prints_the_reference_then_the_members(scheme, candidates, category, members):
    lines = seed(scheme, candidates)
    position = Position.objects.select_related("announcement__institution", "committee", "evaluation").get(
        scoring_scheme=scheme
    )
    assert lines[0] == position_reference(position)
    seats = Seat.objects.filter(committee=position.committee, status=SeatStatus.ACTIVE).select_related(
        "member__user", "committee"
    )
    assert len(lines) == 1 + members == 1 + seats.count()
    assert sorted(lines[1:]) == sorted(seat.member.user.email for seat in seats)
    assert next(s for s in seats if s.is_chair).member.user.email == lines[1]  # the chair first

    # The position: of the scheme's category, closed, its shortlist published with every applicant eligible.
    assert (position.category, position.closing_state) == (category, ClosingState.CLOSED)
    assert position.closed_at is not None
    assert (
        Application.objects.filter(
            position=position, status=ApplicationStatus.SUBMITTED, last_submission__isnull=False
        ).count()
        == candidates
    )
    assert Review.objects.filter(position=position, decision=Decision.ELIGIBLE).count() == candidates
    shortlist = Shortlist.objects.get(position=position)
    assert [e["application"] for e in shortlist.entries] == list(
        eligible_applications(position).values_list("pk", flat=True)
    )
    # The committee drawn and appointed; the evaluation started with everyone on the shortlist admitted.
    assert position.committee.status == CommitteeStatus.APPOINTED
    assert all(seat.appointed_at for seat in seats)
    evaluation = position.evaluation
    assert (evaluation.scheme_key, evaluation.status, evaluation.category) == (
        scheme,
        EvaluationStatus.DRAFT,
        category,
    )
    assert set(evaluation.candidates.values_list("application_id", flat=True)) == {
        e["application"] for e in shortlist.entries
    }
    assert Event.objects.filter(action="scoring.competition_seeded").count() == 1


def test_the_seeded_state_is_what_the_services_would_have_made():
    """The bulk-written applicants meet the services' own contracts: doing their steps again changes nothing."""
    reference = seed("kqz-professional", 5)[0]
    position = Position.objects.get(scoring_scheme="kqz-professional")
    assert reference == position_reference(position)
    hr = InstitutionStaff.objects.get(institution=position.announcement.institution, role=StaffRole.HR).user
    assert verification_services.reviews_open(position=position, actor=hr) == 0
    assert (
        verification_services.shortlist_publish(position=position, actor=hr).pk == Shortlist.objects.get().pk
    )
    assert scoring_services.candidates_admit(evaluation=position.evaluation, actor=hr) == 0
    assert EvaluationCandidate.objects.filter(evaluation=position.evaluation).count() == 5
    # Nobody fictitious is e-mailed: only the committee's appointment letters are in the outbox.
    assert not Message.objects.filter(kind__startswith="verification.").exists()
    assert not Message.objects.filter(kind__startswith="application.").exists()


def _members(lines):
    return lines[1:]


def test_import_then_export_end_to_end(tmp_path):
    lines = seed("kqz-management", 3)
    reference, members = lines[0], _members(lines)
    evaluation = Position.objects.get().evaluation
    low, mid, top = evaluation.candidates.order_by("pk").values_list("application_id", flat=True)
    rows = [HEADER, f"{low},written,,,29.99", f"{mid},written,,,30", f"{top},written,,,60"]
    for member in members:
        rows += [f"{mid},interview,{member},{q},8" for q in range(1, 6)]  # 5 × 8 = 40
        rows += [f"{top},interview,{member},{q},2" for q in range(1, 6)]
    path = tmp_path / "scores.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = StringIO()
    call_command("import_scores", reference, str(path), stdout=out)
    assert out.getvalue().startswith("3 written score(s), 10 sheet(s) with 50 mark(s) imported")
    assert InterviewSheet.objects.filter(candidate__evaluation=evaluation, status="submitted").count() == 10

    csv_out = StringIO()
    call_command("export_results", reference, "--format", "csv", stdout=csv_out)
    # 30 reaches the interview, 29.99 does not; 30 + 40 and 60 + 10 are both exactly 70, qualified
    # (R-25.2 "70 and more"), a tie ordered by lot as no representation figures are declared.
    records = csv_out.getvalue().splitlines()
    assert records[-1] == f"{low},3,,29.99,,29.99,false,false,false,"
    assert {r.split(",", 2)[1] for r in records[1:3]} == {"1", "2"}
    assert {r.split(",", 2)[0] for r in records[1:3]} == {str(mid), str(top)}
    # the best qualified is the one winner of a management position (the first after the lot).
    assert records[1].endswith(",70.00,true,true,true,R-27.1.4")
    assert records[2].endswith(",70.00,true,true,false,R-27.1.4")

    json_out = StringIO()
    call_command("export_results", reference, "--format", "json", stdout=json_out)
    data = json.loads(json_out.getvalue())
    assert [list(r) for r in data] == [
        [
            "application",
            "rank",
            "documents",
            "written",
            "interview",
            "total",
            "reached_interview",
            "qualified",
            "winner",
            "tie_rule",
        ]
    ] * 3
    assert data[2] == {
        "application": low,
        "rank": 3,
        "documents": "",
        "written": "29.99",
        "interview": "",
        "total": "29.99",
        "reached_interview": False,
        "qualified": False,
        "winner": False,
        "tie_rule": "",
    }


def test_import_command_reports_every_bad_row_with_its_line_and_saves_nothing(tmp_path, english):
    lines = seed("kqz-professional", 3)
    reference, members = lines[0], _members(lines)
    evaluation = Position.objects.get().evaluation
    a, b, _c = evaluation.candidates.order_by("pk").values_list("application_id", flat=True)
    path = tmp_path / "bad.csv"
    path.write_text(
        "\n".join(
            [
                HEADER,
                f"{a},written,,,50",
                f"{b},written,,,70.5",  # above the maximum of 70
                f"{a},interview,{members[0]},1,7",  # 7 on a question of 6
                f"{a},interview,stranger@example.org,1,3",  # not on this committee
                f"{a},written,,,50",  # again
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError, match="refused, nothing saved"):
        call_command("import_scores", reference, str(path), stderr=err)
    messages = err.getvalue().splitlines()
    assert [m.split(":")[0] for m in messages] == ["Line 3", "Line 4", "Line 5", "Line 6"]
    assert "above the maximum of 70" in messages[0]
    assert "above the maximum of 6" in messages[1]
    assert "is not a member of this position's committee" in messages[2]
    assert "the same mark appears on line 2" in messages[3]
    assert not EvaluationCandidate.objects.filter(written_score__isnull=False).exists()
    assert not InterviewSheet.objects.exists()
    assert not Event.objects.filter(action="scoring.scores_imported").exists()


def test_commands_refuse_an_unknown_reference_and_a_missing_file(tmp_path, english):
    reference = seed("f1", 1)[0]
    with pytest.raises(CommandError, match="No position has the reference"):
        call_command("export_results", "NOPE 1/2026 P-1", "--format", "json", stdout=StringIO())
    with pytest.raises(CommandError, match="No position has the reference"):
        call_command("import_scores", "NOPE 1/2026 P-1", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="x.csv"):
        call_command("import_scores", reference, str(tmp_path / "x.csv"))
    # The reference is compared without regard to case or repeated spaces.
    out = StringIO()
    call_command(
        "export_results", "  " + reference.lower().replace(" ", "   "), "--format", "csv", stdout=out
    )
    assert out.getvalue().startswith("application,rank,")
