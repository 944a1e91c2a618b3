"""load_demo's competition after its results (data.AFTER_RESULTS_STAGE, KQZ 08/2026): the winners are applicants with
a log-in who applied through the services with their documents, ranked as the data says; and seed_competition
--stage walks a new competition through the same services. The demo is loaded once for the module, inside a
transaction rolled back at the end; each test runs in a savepoint of its own."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from applications.models import Application, ApplicationDocument
from demo import data
from scoring.models import EvaluationResult

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STAGE = data.AFTER_RESULTS_STAGE


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            output = io.StringIO()
            call_command("load_demo", stdout=output)
            yield output.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo(loaded, db):
    return loaded


def result(reference: str) -> EvaluationResult:
    return EvaluationResult.objects.select_related("evaluation__position").get(
        evaluation__position__announcement__institution__short_name="KQZ",
        evaluation__position__announcement__reference=reference,
    )


def test_the_after_results_competition_has_published_results_with_the_winners_in_the_data_s_order(demo):
    published = result(STAGE["reference"])
    assert published.published_at is not None
    emails = dict(
        Application.objects.filter(pk__in=[row["application_id"] for row in published.rows]).values_list(
            "pk", "applicant__email"
        )
    )
    winners = [emails[row["application_id"]] for row in published.rows if row["winner"]]
    assert winners == [data.stage_applicant_email(n) for n in STAGE["winners"]]
    assert len(winners) >= 2


def test_its_winners_log_in_and_applied_with_their_documents(demo):
    for n in STAGE["applicants"]:
        email = data.stage_applicant_email(n)
        assert Client().login(username=email, password=data.DEMO_PASSWORD)
        application = Application.objects.get(
            applicant__email=email, position__announcement__reference=STAGE["reference"]
        )
        assert application.last_submission is not None
        assert ApplicationDocument.objects.filter(application=application).exists()


def test_load_demo_lists_the_stage_and_its_winners_log_ins(demo):
    assert STAGE["reference"] in demo
    for n in STAGE["applicants"]:
        assert f"{data.stage_applicant_email(n)} " in demo


def test_seed_competition_walks_a_new_competition_to_its_published_results(demo):
    output = io.StringIO()
    call_command(
        "seed_competition", scheme="kqz-professional", candidates=3, stage="after_results", stdout=output
    )
    published = EvaluationResult.objects.get(
        evaluation__position__announcement__reference=output.getvalue().split()[1]
    )
    assert published.published_at is not None
    assert len(published.rows) == 3 and any(row["winner"] for row in published.rows)


def test_r26_3_the_winners_list_is_made_and_the_first_winner_has_an_open_invitation_with_days_to_answer(demo):
    from django.utils import timezone

    from winners.models import Invitation, Post, Winner

    published = result(STAGE["reference"])
    winners = list(
        Winner.objects.filter(winners_list__result=published)
        .select_related("application__applicant")
        .order_by("rank")
    )
    assert [w.application.applicant.email for w in winners] == [
        data.stage_applicant_email(n) for n in STAGE["winners"]
    ]
    assert [w.state for w in winners] == ["invited", "waiting", "waiting", "waiting"]
    invitation = Invitation.objects.get(winner__winners_list__result=published)
    assert invitation.winner == winners[0] and invitation.outcome == "open"
    assert invitation.respond_by > timezone.now()
    assert Post.objects.filter(position=published.evaluation.position, state="vacant").count() >= 1
