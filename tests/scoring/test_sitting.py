"""The electronic sitting end to end through the pages (R-20.3, R-21.11): the chair drafts, seals and opens; a
candidate enters a code with no account, answers, hands in and is marked automatically; late saving is refused;
the committee sees codes only until the lock."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import Event
from scoring.models import EvaluationStatus
from tests.helpers.auth import login_with_second_factor
from tests.helpers.scoring import NAMES, end_sitting, professional_questions, questions_csv, sealed_yesterday

pytestmark = pytest.mark.django_db
CONFIRM = {"confirm": "yes"}  # the confirmation page's button (views._confirmed_chair_act)


def chair_client(chair):
    return login_with_second_factor(Client(), chair)


def post_file(client, url, data: bytes):
    return client.post(
        url, {"file": SimpleUploadedFile("file.csv", data, content_type="text/csv")}, follow=True
    )


def open_sitting(client, evaluation, minutes=60):
    rows = professional_questions()
    post_file(client, reverse("scoring:test_import", args=[evaluation.pk]), questions_csv(rows))
    client.post(reverse("scoring:test_seal", args=[evaluation.pk]), CONFIRM)
    sealed_yesterday(evaluation)  # drafted the day before the sitting
    client.post(reverse("scoring:sitting_open", args=[evaluation.pk]), {"minutes": minutes, **CONFIRM})
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SITTING
    return evaluation.test_snapshot["questions"]


def answer_post(questions, right: int, *, hand_in=False):
    """The first ``right`` questions answered right ("A", index 0), the others wrong ("B")."""
    data = {f"q{q['id']}": ["0"] if i < right else ["1"] for i, q in enumerate(questions)}
    data["hand_in" if hand_in else "save"] = "1"
    return data


def leaked(body: str, candidates) -> list[str]:
    found = [f"{first} {last}" for first, last in NAMES if first in body or last in body]
    found += [str(c.application_id) for c in candidates if re.search(rf"\b{c.application_id}\b", body)]
    return found


def test_a_sitting_is_marked_automatically_end_to_end(evaluation, candidates, chair):
    client = chair_client(chair)
    questions = open_sitting(client, evaluation)
    alba = Client()  # no account: the code is the key
    page = alba.post(reverse("scoring:sitting_enter"), {"code": candidates[0].code.lower()}, follow=True)
    assert page.status_code == 200 and "Pyetja 1?" in page.content.decode()
    alba.post(reverse("scoring:sitting_paper"), answer_post(questions, 10))  # saved, not handed in yet
    candidates[0].refresh_from_db()
    assert len(candidates[0].answers) == 50 and candidates[0].written_score is None
    alba.post(reverse("scoring:sitting_paper"), answer_post(questions, 30, hand_in=True))
    candidates[0].refresh_from_db()
    # 10 general-knowledge and 14 general-skills questions of 1.75, then 6 job-knowledge questions of 1 point
    assert candidates[0].written_score == Decimal("1.75") * 24 + 6
    assert candidates[0].handed_in_at is not None
    # One-time: the code no longer opens the test once handed in.
    again = Client().post(reverse("scoring:sitting_enter"), {"code": candidates[0].code})
    assert again.status_code == 200 and "Pyetja 1?" not in again.content.decode()


def test_the_paper_is_never_shown_before_the_sitting_opens(evaluation, candidates, chair):
    client = chair_client(chair)
    post_file(
        client, reverse("scoring:test_import", args=[evaluation.pk]), questions_csv(professional_questions())
    )
    client.post(reverse("scoring:test_seal", args=[evaluation.pk]), CONFIRM)
    page = Client().post(reverse("scoring:sitting_enter"), {"code": candidates[0].code}, follow=True)
    assert "Pyetja 1?" not in page.content.decode()
    assert Client().get(reverse("scoring:sitting_paper")).status_code == 302


def test_saving_after_the_time_is_refused_and_the_saved_answers_are_marked_at_the_lock(
    evaluation, candidates, chair, english
):
    client = chair_client(chair)
    questions = open_sitting(client, evaluation)
    besnik = Client()
    besnik.post(reverse("scoring:sitting_enter"), {"code": candidates[1].code})
    besnik.post(reverse("scoring:sitting_paper"), answer_post(questions, 24))
    end_sitting(evaluation)
    late = besnik.post(
        reverse("scoring:sitting_paper"), answer_post(questions, 50, hand_in=True), follow=True
    )
    assert "The time of the test is over" in late.content.decode()
    candidates[1].refresh_from_db()
    assert candidates[1].handed_in_at is None and candidates[1].written_score is None
    assert client.post(reverse("scoring:written_lock", args=[evaluation.pk]), CONFIRM).status_code == 302
    candidates[1].refresh_from_db()
    assert candidates[1].written_score == Decimal("1.75") * 24  # what was saved in time, nothing after
    assert candidates[1].invited_to_interview  # 42 ≥ 40
    candidates[2].refresh_from_db()
    assert candidates[2].written_score is None and not candidates[2].invited_to_interview  # did not sit


def test_an_unknown_code_and_a_code_out_of_its_sitting_get_the_same_message(evaluation, candidates, chair):
    open_sitting(chair_client(chair), evaluation)
    unknown = Client().post(reverse("scoring:sitting_enter"), {"code": "ZZZZZZZZZZZZ"}).content.decode()
    end_sitting(evaluation)
    expired = Client().post(reverse("scoring:sitting_enter"), {"code": candidates[0].code}).content.decode()
    assert re.search(r'class="errorlist[^>]*>(.*?)</ul>', unknown, re.S).group(1) == re.search(
        r'class="errorlist[^>]*>(.*?)</ul>', expired, re.S
    ).group(1)


def test_the_committee_sees_no_name_and_no_application_id_before_the_lock(
    evaluation, candidates, chair, committee_member
):
    client = chair_client(chair)
    questions = open_sitting(client, evaluation)
    sitter = Client()
    sitter.post(reverse("scoring:sitting_enter"), {"code": candidates[0].code})
    sitter.post(reverse("scoring:sitting_paper"), answer_post(questions, 50, hand_in=True))
    member = login_with_second_factor(Client(), committee_member)
    pages = [
        reverse("scoring:evaluations"),
        reverse("scoring:evaluation", args=[evaluation.pk]),
        reverse("scoring:test", args=[evaluation.pk]),
    ]
    for url in pages:
        for who in (client, member):
            body = who.get(url).content.decode()
            assert leaked(body, candidates) == [], url
            # During the sitting not even the codes are shown: a code opens a candidate's paper.
            assert not any(c.code in body for c in candidates), url
    end_sitting(evaluation)
    body = member.get(reverse("scoring:evaluation", args=[evaluation.pk])).content.decode()
    assert leaked(body, candidates) == []
    assert not any(c.code in body for c in candidates)  # codes only after the lock (R-20.3, issue 10)
    client.post(reverse("scoring:written_lock", args=[evaluation.pk]), CONFIRM)
    body = member.get(reverse("scoring:evaluation", args=[evaluation.pk])).content.decode()
    assert "Arta Zhubi" in body and candidates[0].code in body  # after the lock: names linked to codes


def test_the_lock_is_audited_and_refused_while_the_sitting_is_open(evaluation, candidates, chair):
    client = chair_client(chair)
    open_sitting(client, evaluation)
    client.post(reverse("scoring:written_lock", args=[evaluation.pk]), CONFIRM)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SITTING
    end_sitting(evaluation)
    client.post(reverse("scoring:written_lock", args=[evaluation.pk]), CONFIRM)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.WRITTEN_LOCKED and evaluation.written_locked_by == chair
    event = Event.objects.get(action="scoring.written_locked")
    assert event.data["sha256"] == evaluation.test_sha256 and event.data["candidates"] == 4
    assert not any(first in str(event.data) for first, _ in NAMES)


def test_the_sitting_lasts_the_time_the_chair_sets(evaluation, candidates, chair):
    before = timezone.now()
    open_sitting(chair_client(chair), evaluation, minutes=45)
    assert dt.timedelta(minutes=45) == evaluation.sitting_closes_at - evaluation.sitting_opens_at
    assert evaluation.sitting_opens_at >= before
