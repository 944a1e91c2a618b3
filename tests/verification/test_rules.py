"""The verification's rules as tables (no database), each quoting its article."""

import datetime as dt
import zoneinfo

import pytest

from verification import rules
from verification.models import CheckResult as C
from verification.models import Decision as D
from verification.models import Reason as R

BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")


def at(text: str, tz=BELGRADE) -> dt.datetime:
    return dt.datetime.strptime(text, "%d.%m.%Y %H:%M").replace(tzinfo=tz)


# "Vendimi për mosplotësimin e kriterëve për aplikim, arsyetohet dhe njoftohen individualisht aplikantët"
# "Vetëm kandidatët që plotësojnë kriteret për aplikim kanë të drejtë të vazhdojnë më tej konkurrimin"
@pytest.mark.parametrize(
    "decision, reasons, explanation, checks, problems",
    [
        (D.NOT_ELIGIBLE, [R.EDUCATION], "Diploma e inxhinierisë, jo e informatikës.", [C.NOT_MET], []),
        (D.NOT_ELIGIBLE, [], "Pa arsye të koduar.", [C.NOT_MET], ["reason_required"]),
        (D.NOT_ELIGIBLE, [R.EXPERIENCE], "   ", [C.NOT_MET], ["explanation_required"]),
        (D.NOT_ELIGIBLE, [], "", [C.UNCHECKED], ["reason_required", "explanation_required"]),
        (
            D.NOT_ELIGIBLE,
            [R.MISSING_DOCUMENT, R.LATE],
            "Mungon diploma; arriti pas afatit.",
            [C.UNCHECKED],
            [],
        ),
        (D.NOT_ELIGIBLE, ["astrology"], "x", [C.MET], ["unknown_reason"]),
        (D.ELIGIBLE, [], "", [C.MET, C.MET], []),
        (D.ELIGIBLE, [], "", [C.MET, C.NOT_MET], ["explanation_for_not_met"]),
        (D.ELIGIBLE, [], "", [C.MET, C.NOT_VERIFIABLE], ["explanation_for_not_met"]),
        (
            D.ELIGIBLE,
            [],
            "Diploma e njohur nga MASHT pas verifikimit zyrtar (R-18.2).",
            [C.MET, C.NOT_MET],
            [],
        ),
        (D.ELIGIBLE, [], "", [C.MET, C.UNCHECKED], ["unchecked"]),
        (D.ELIGIBLE, [R.EDUCATION], "", [C.MET], ["reasons_on_eligible"]),
        (D.UNDECIDED, [], "", [C.NOT_MET], []),
        (D.EXCLUDED, [R.FALSE_DECLARATION], "x", [C.MET], ["unknown_decision"]),
        (D.NOT_ELIGIBLE, [R.FALSE_DECLARATION], "x", [C.MET], ["false_declaration_by_exclusion"]),
    ],
)
def test_r18_3_r18_6_a_decision_is_valid_only_when_reasoned(decision, reasons, explanation, checks, problems):
    assert (
        rules.decision_problems(
            decision=decision, reasons=reasons, explanation=explanation, check_results=checks
        )
        == problems
    )


# "Deklarimi i rrejshëm paraqet shkak për përjashtimin nga procedura e pranimit në cilëndo fazë"
@pytest.mark.parametrize(
    "evidence, explanation, problems",
    [
        ("Certifikata e gjykatës nr. 123 tregon dënim.", "Deklaruat se nuk jeni dënuar.", []),
        ("", "Deklaruat se nuk jeni dënuar.", ["evidence_required"]),
        ("Certifikata", " ", ["explanation_required"]),
    ],
)
def test_r9_3_an_exclusion_keeps_its_evidence_and_tells_why(evidence, explanation, problems):
    assert rules.exclusion_problems(evidence=evidence, explanation=explanation) == problems


# "jo më vonë se pesëmbëdhjetë (15) ditë nga data përfundimtare e pranimit të aplikacioneve"
@pytest.mark.parametrize(
    "closed, now, left",
    [
        ("24.03.2023 16:00", "24.03.2023 17:00", 15),  # the closing day is day 0
        ("24.03.2023 16:00", "25.03.2023 00:01", 14),  # day 1 is the day after the closing
        ("24.03.2023 16:00", "08.04.2023 23:59", 0),  # the 15th day: the last day
        ("24.03.2023 16:00", "09.04.2023 00:00", -1),  # late
        (
            "24.03.2023 23:30",
            "25.03.2023 00:30",
            14,
        ),  # calendar days in the institution's zone, not 24-hour spans
    ],
)
def test_r18_5_days_left_of_the_15_count_calendar_days_from_the_day_after_closing(closed, now, left):
    assert rules.days_left(at(closed), at(now), BELGRADE) == left
    assert rules.shortlist_deadline(at("24.03.2023 16:00"), BELGRADE) == dt.date(2023, 4, 8)


def test_r18_5_the_days_are_counted_in_the_institution_s_time_zone():
    # 23:30 UTC on 24.03 is already 25.03 in Belgrade (UTC+1): the 15 days start a day later than in UTC.
    closed = dt.datetime(2023, 3, 24, 23, 30, tzinfo=dt.UTC)
    assert rules.shortlist_deadline(closed, BELGRADE) == dt.date(2023, 4, 9)
    assert rules.shortlist_deadline(closed, dt.UTC) == dt.date(2023, 4, 8)


@pytest.mark.parametrize(
    "now, stage",
    [
        ("02.04.2023 12:00", None),  # 9 days after
        ("03.04.2023 00:00", 10),  # 10 days after
        ("05.04.2023 12:00", 10),  # 12 days after: still the first reminder (sent once by its key)
        ("06.04.2023 08:00", 13),  # 13 days after
        ("12.04.2023 08:00", 13),  # late: no new stage
    ],
)
def test_r18_5_hr_is_reminded_ten_and_thirteen_days_after_the_closing(now, stage):
    assert rules.reminder_stage(at("24.03.2023 16:00"), at(now), BELGRADE) == stage


@pytest.mark.parametrize(
    "decisions, ok",
    [
        ([D.ELIGIBLE, D.NOT_ELIGIBLE, D.EXCLUDED], True),
        ([D.ELIGIBLE, D.UNDECIDED], False),
        ([], True),
    ],
)
def test_r18_3_the_list_is_published_only_when_every_application_is_decided(decisions, ok):
    assert rules.may_publish(decisions) is ok


@pytest.mark.parametrize(
    "results, obvious",
    [
        ([C.MET, C.MET], True),
        ([C.MET, C.UNCHECKED], False),
        ([C.MET, C.NOT_MET], False),
        ([C.NOT_VERIFIABLE], False),
        ([], False),
    ],
)
def test_r18_3_only_an_application_meeting_every_checked_criterion_is_obviously_eligible(results, obvious):
    assert rules.obviously_eligible(results) is obvious


def test_r9_2_2_the_missing_required_documents_are_named():
    assert rules.missing_required_documents(["doc-1", "doc-2", "doc-3"], ["doc-2"]) == ["doc-1", "doc-3"]


# "Kandidatët të cilët plotësojnë kushtet për aplikim renditen në një listë të ngushtë sipas rendit alfabetik."
def test_r18_4_the_shortlist_is_in_albanian_alphabetical_order_of_last_names():
    names = [
        "Çeku",
        "Cana",
        "Dushi",
        "Dhima",
        "Ely",
        "Ëmini",
        "Gashi",
        "Gjoni",
        "Lika",
        "Llapi",
        "Zeka",
        "Zhuri",
    ]
    people = [
        {"last_name": n, "first_name": "Arta", "reference": f"R-{i}"} for i, n in enumerate(reversed(names))
    ]
    assert [p["last_name"] for p in rules.shortlist_order(people)] == [
        "Cana",
        "Çeku",
        "Dushi",
        "Dhima",
        "Ely",
        "Ëmini",
        "Gashi",
        "Gjoni",
        "Lika",
        "Llapi",
        "Zeka",
        "Zhuri",
    ]


def test_r18_4_namesakes_are_ordered_by_first_name_then_reference():
    people = [
        {"last_name": "Gashi", "first_name": "Xhevdet", "reference": "B"},
        {"last_name": "Gashi", "first_name": "Xhemajl", "reference": "A"},
        {"last_name": "Gashi", "first_name": "Xeni", "reference": "C"},
        {"last_name": "Gashi", "first_name": "Xeni", "reference": "A"},
    ]
    assert [(p["first_name"], p["reference"]) for p in rules.shortlist_order(people)] == [
        ("Xeni", "A"),
        ("Xeni", "C"),
        ("Xhemajl", "A"),
        ("Xhevdet", "B"),
    ]


@pytest.mark.parametrize(
    ("kind", "advantage", "criterion"),
    [
        ("general", False, "general"),  # R-9.1.4's general requirements
        ("education", False, "specific"),  # the position's own
        ("experience", False, "specific"),
        ("other", True, None),  # an advantage is weighed in the evaluation, not checked here
    ],
)
def test_r18_1_which_requirements_are_criteria_of_the_preliminary_verification(kind, advantage, criterion):
    assert rules.criterion_kind(kind, advantage) == criterion


def test_r18_1_required_documents_are_criteria_and_the_rows_read_general_specific_documents():
    assert rules.document_is_criterion(True) and not rules.document_is_criterion(False)
    rows = [
        {"kind": "document", "n": 1},
        {"kind": "specific", "n": 2},
        {"kind": "general", "n": 3},
        {"kind": "specific", "n": 4},
    ]
    assert [r["n"] for r in rules.criteria_in_order(rows)] == [3, 2, 4, 1]
