"""load_demo's stages of a procedure (demo/stages.py): every role has something to open right after `make run`,
each stage made through the services, and a second load changes nothing. The demo is loaded once for the module
(twice, to compare), inside a transaction rolled back at the end; each test runs in a savepoint of its own."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationDocument, ApplicationSubmission
from committees.models import Seat, SeatStatus
from demo import data, stages
from notifications.models import Message, NoticeRun
from notifications.services import notice_run_write
from scoring import services as scoring_services
from scoring.models import Evaluation, EvaluationCandidate, EvaluationResult, EvaluationStatus, InterviewSheet
from scoring.services.notices import results_notices_key
from vacancies.models import Position
from verification import closing
from verification.models import Review, ReviewCount

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STAGE_MODELS = [
    Application,
    ApplicationSubmission,
    ApplicationDocument,
    Evaluation,
    EvaluationCandidate,
    InterviewSheet,
    EvaluationResult,
    Review,
    ReviewCount,
    Seat,
    Message,
]


def dump() -> dict:
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in STAGE_MODELS}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            started = timezone.now()
            call_command("load_demo", stdout=io.StringIO())
            first = dump()
            second_output = io.StringIO()
            call_command("load_demo", stdout=second_output)
            yield {
                "started": started,
                "first": first,
                "second": dump(),
                "second_output": second_output.getvalue(),
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(loaded, db):
    return loaded


def position(reference: str) -> Position:
    return Position.objects.select_related("announcement__institution").get(
        announcement__institution__short_name="KQZ", announcement__reference=reference
    )


def chair_of(position_):
    seats = Seat.objects.filter(committee__position=position_, status=SeatStatus.ACTIVE).select_related(
        "member__user", "committee"
    )
    return next(seat.member.user for seat in seats if seat.is_chair)


def test_a_second_load_changes_nothing_in_any_stage(demo):
    assert "nothing changed" in demo["second_output"]
    assert demo["second"] == demo["first"]
    assert sum(len(rows) for rows in demo["first"].values()) > 100  # not an empty comparison


def test_a_closed_competition_has_at_least_six_applications_waiting_for_hr_s_verification(demo):
    waiting = position(data.VERIFICATION_STAGE["reference"])
    assert waiting.closing_state == "closed" and waiting.closed_at < timezone.now()
    submitted = Application.objects.filter(position=waiting, status="submitted")
    assert submitted.count() >= 6
    assert not Review.objects.filter(position=waiting).exists()  # nothing verified yet
    # Each with its documents, submitted by its own applicant, who can log in.
    for application in submitted.select_related("applicant"):
        assert application.documents.filter(submitted=True).count() == 4
        assert application.last_submission.submitted_by_id == application.applicant_id
    assert Client().login(username=data.stage_applicant_email(1), password=data.DEMO_PASSWORD)


def test_r20_5_the_written_test_was_sealed_yesterday_so_its_chair_opens_the_sitting_today(demo):
    sealed = position(data.EVALUATION_STAGES[0]["reference"])
    evaluation = Evaluation.objects.get(position=sealed)
    tz = sealed.announcement.institution.tzinfo
    assert evaluation.status == EvaluationStatus.SEALED
    assert evaluation.sealed_at.astimezone(tz).date() < timezone.now().astimezone(tz).date()
    opened = scoring_services.sitting_open(evaluation=evaluation, minutes=90, actor=chair_of(sealed))
    assert opened.status == EvaluationStatus.SITTING


def test_one_competition_is_at_the_interview_and_a_member_marks_an_invited_candidate(demo):
    interview = position(data.EVALUATION_STAGES[1]["reference"])
    evaluation = Evaluation.objects.get(position=interview)
    assert evaluation.status == EvaluationStatus.INTERVIEWS
    invited = list(evaluation.candidates.filter(invited_to_interview=True))
    assert 0 < len(invited) < evaluation.candidates.count()  # two stayed under R-23.2's 40 points
    assert evaluation.interview_questions.count() == 5
    member = next(
        seat.member.user
        for seat in Seat.objects.filter(
            committee__position=interview, status=SeatStatus.ACTIVE
        ).select_related("member__user", "committee")
        if not seat.is_chair
    )
    sheet = scoring_services.sheet_save(
        candidate=invited[0],
        actor=member,
        submit=True,
        marks={str(q): "4" for q in range(1, 6)},
        justifications={str(q): "Mirë." for q in range(1, 6)},
    )
    assert sheet.status == "submitted"


def test_one_competition_has_its_results_published_with_act_public_list_and_notices(demo):
    published = position(data.EVALUATION_STAGES[2]["reference"])
    evaluation = Evaluation.objects.get(position=published)
    result = EvaluationResult.objects.get(evaluation=evaluation)
    assert evaluation.status == EvaluationStatus.PUBLISHED and result.published_at
    assert result.act_number == data.EVALUATION_STAGES[2]["act_number"]
    # The notices are written by a task once the publication commits; this module's load never commits,
    # so the test runs the task's body as the worker would.
    notice_run_write(run_id=NoticeRun.objects.get(key=results_notices_key(evaluation.pk, None)).pk)
    candidates = evaluation.candidates.values_list("application__applicant__email", flat=True)
    assert Message.objects.filter(kind="scoring.result", email__in=candidates).count() == len(candidates)
    page = Client().get(reverse("scoring:public_results", args=[evaluation.pk]))
    assert page.status_code == 200


def test_r12_2_one_position_reaches_its_deadline_minutes_after_the_load_with_too_few_applications(demo):
    soon = position(data.EXTENSION_STAGE["reference"])
    assert soon.closing_state == "open"
    assert (
        demo["started"]
        < soon.deadline
        <= demo["started"] + dt.timedelta(seconds=data.EXTENSION_STAGE["deadline_seconds"] + 60)
    )
    assert Application.objects.filter(position=soon, status="submitted").count() == 1
    # What the beat does once the deadline has passed: extend once (one position, fewer than three applications).
    assert closing.position_closing_decide(
        position_id=soon.pk, now=soon.deadline + dt.timedelta(seconds=1)
    ) == (closing.EXTEND)
    assert Message.objects.filter(kind="position.extended").exists()


def test_the_deadline_of_the_extension_stage_is_set_by_option_or_environment(monkeypatch):
    monkeypatch.delenv("DEMO_DEADLINE_SECONDS", raising=False)
    assert stages.deadline_seconds() == data.EXTENSION_STAGE["deadline_seconds"] == 180
    monkeypatch.setenv("DEMO_DEADLINE_SECONDS", "20")
    assert stages.deadline_seconds() == 20
    assert stages.deadline_seconds(45) == 45


def test_every_stage_applicant_has_a_log_in_in_the_table(demo):
    users = get_user_model().objects
    for n in range(1, len(data.STAGE_APPLICANTS) + 1):
        assert users.filter(username=data.stage_applicant_email(n), applicant_profile__isnull=False).exists()


# -- nothing said twice (issue 9) ------------------------------------------------------------------------------


def page_text(url: str) -> str:
    from django.utils.html import strip_tags

    response = Client().get(url)
    assert response.status_code == 200, url
    return " ".join(strip_tags(response.content.decode()).split())


def position_url(code: str, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return Position.objects.get(code=code).get_absolute_url()


def test_the_open_vacancy_s_breadcrumb_does_not_repeat_its_reference(demo):
    text = page_text(position_url(data.R_VACANCY["positions"][0]["code"], "sq"))
    assert "KQZ 12/2026 › KQZ 12/2026" not in text
    assert "KQZ 12/2026 › Zyrtar për Teknologji Informative" in text


def test_f1_s_contract_says_pa_afat_once(demo):
    f1 = Position.objects.get(announcement__institution__short_name="MM")
    from django.utils import translation

    with translation.override("sq"):
        url = f1.get_absolute_url()
    assert "Pa afat · Pa afat" not in page_text(url)
    assert "Pa afat" in page_text(url)


def test_a_requirement_that_says_advantage_or_its_years_is_not_tagged_again(demo):
    albanian = page_text(position_url(data.R_VACANCY["positions"][0]["code"], "sq"))
    assert "konsiderohet përparësi përparësi" not in albanian
    english = page_text(position_url(data.R_VACANCY["positions"][0]["code"], "en"))
    assert "At least two (2) years of professional work experience in information technology" in english
    assert "at least 2 years" not in english
    assert "is considered an advantage an advantage" not in english


def test_the_draw_page_names_the_institution_once(demo):
    from committees.models import Draw

    competition = position(data.EVALUATION_STAGES[0]["reference"])
    draw = Draw.objects.get(committee__position=competition)
    text = page_text(reverse("committees:draw", args=[draw.pk]))
    assert "KQZ KQZ" not in text and "KQZ 11/2026 P-1" in text


def test_every_position_with_reviews_keeps_their_number_for_hr_s_list(demo):
    """Issue 13: HR's list reads the number of a position's reviews that opening them kept (ReviewCount), both
    where the stages open them through the service and where the seed opens them in bulk."""
    from django.db.models import Count

    counted = dict(Review.objects.values_list("position").annotate(n=Count("pk")).order_by())
    assert counted  # not an empty comparison
    assert dict(ReviewCount.objects.values_list("position_id", "reviews")) == counted


def test_every_admitted_candidate_keeps_the_shortlists_name(demo):
    """Issue 13: the committee's lists order and name candidates by the name each kept from the shortlist
    (R-18.4, the review's), both where the stages admit them through the service and where the seed admits
    them in bulk."""
    kept = list(
        EvaluationCandidate.objects.values_list(
            "first_name", "last_name", "application__review__first_name", "application__review__last_name"
        )
    )
    assert kept  # not an empty comparison
    assert all(
        first and last and (first, last) == (review_first, review_last)
        for first, last, review_first, review_last in kept
    )
