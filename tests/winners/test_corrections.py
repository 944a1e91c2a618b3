"""R-9.3 after the winners list is made: a correction of the published results (scoring's exclusion_apply saves the
recomputed ``rows`` and appends to ``corrections``) reaches the list once it commits; the beat follows any
correction missed; nothing happens twice."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import TestCase

from audit.models import Event
from notifications.models import Message
from recruitment.lib import due_items
from scoring.models import EvaluationResult
from tests.helpers.winners import at, published_result
from winners import services
from winners.choices import InvitationOutcome, PostState, WinnerState
from winners.models import Invitation, Post, Winner, WinnersList

pytestmark = pytest.mark.django_db


def _list(result):
    return services.winners_list_create(result=result, now=at(5, 13))


def _by_total(winners_list):
    return {w.total: w for w in Winner.objects.filter(winners_list=winners_list)}


def correct(result, excluded_total, *, at_=None, new_winner_total=None, signal=True):
    """What scoring.services.exclusion_apply does to a published result: the excluded candidate's row is no longer
    ranked nor a winner, the others move up, and a correction is recorded; saved with update_fields as scoring does
    (``signal=False``: written without the save signal, as a bulk update would)."""
    result.refresh_from_db()
    rows = [dict(row) for row in result.rows]
    excluded = next(row for row in rows if row["total"] == str(excluded_total) and row["application_id"])
    excluded.update(rank=None, winner=False, qualified=False, excluded=True)
    ranked = [row for row in rows if row["rank"] is not None]
    for number, row in enumerate(sorted(ranked, key=lambda r: r["rank"]), start=1):
        row["rank"] = number
    if new_winner_total is not None:
        row = next(row for row in rows if row["total"] == str(new_winner_total))
        row.update(winner=True, qualified=True)
    rows = sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0))
    corrections = [
        *result.corrections,
        {
            "at": (at_ or at(10)).isoformat(),
            "application_id": excluded["application_id"],
            "reference": "",
            "article": "R-9.3",
            "published": True,
            "by": None,
        },
    ]
    if signal:
        # exclusion_apply runs inside the exclusion's transaction; the list follows when it commits.
        with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
            result.rows, result.corrections = rows, corrections
            result.save(update_fields=["rows", "corrections"])
    else:
        EvaluationResult.objects.filter(pk=result.pk).update(rows=rows, corrections=corrections)
    return excluded["application_id"]


def test_r9_3_an_invited_winner_excluded_leaves_the_list_and_the_next_is_invited(result, hr_officer):
    winners_list = _list(result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    correct(result, 90)
    first, second, third = (_by_total(winners_list)[t] for t in ("90", "85", "80"))
    invitation.refresh_from_db()
    assert (
        first.state == WinnerState.WITHDRAWN
        and first.state_article == "R-9.3"
        and first.excluded_at == at(10)
    )
    assert invitation.outcome == InvitationOutcome.CANCELLED
    assert second.state == WinnerState.INVITED and third.state == WinnerState.WAITING
    assert (second.rank, third.rank, first.rank) == (1, 2, 3)  # the corrected order, the excluded last
    assert (second.result_rank, third.result_rank) == (1, 2)
    assert (
        Message.objects.filter(kind="winners.removed", email=first.application.applicant.email).count() == 1
    )
    assert Message.objects.filter(kind="winners.hr_corrected").count() == 1
    event = Event.objects.get(action="winners.list_follow_correction")
    assert event.data["removed"] == [first.pk] and event.data["correction"] == 1
    winners_list.refresh_from_db()
    assert winners_list.corrections_applied == 1


def test_r9_3_following_a_correction_is_idempotent(result, hr_officer):
    winners_list = _list(result)
    services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    correct(result, 90)
    assert services.winners_list_follow_result(result_id=result.pk, now=at(11)) is None
    assert services.winners_lists_follow_results(now=at(11)) == 0  # the beat: nothing left
    result.refresh_from_db()
    result.save(update_fields=["rows", "corrections"])  # saved again: nothing new
    assert Event.objects.filter(action="winners.list_follow_correction").count() == 1
    assert Invitation.objects.filter(outcome=InvitationOutcome.OPEN).count() == 1
    assert Message.objects.filter(kind="winners.removed").count() == 1


def test_r9_3_a_consented_winner_excluded_frees_the_post_they_chose(result, hr_officer):
    winners_list = _list(result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    post = Post.objects.filter(position=winners_list.position).first()
    services.invitation_consent(
        actor=invitation.winner.application.applicant, invitation=invitation, post=post, now=at(7)
    )
    second = _by_total(winners_list)["85"]
    services.invitation_decline(
        actor=second.application.applicant, invitation=second.invitations.get(), now=at(8)
    )
    third = _by_total(winners_list)["80"]
    services.invitation_decline(
        actor=third.application.applicant, invitation=third.invitations.get(), now=at(8)
    )
    correct(result, 90)
    post.refresh_from_db()
    first = _by_total(winners_list)["90"]
    assert first.state == WinnerState.WITHDRAWN and post.state == PostState.VACANT


def test_r9_3_an_appointed_winner_excluded_keeps_the_act_and_hr_has_the_decision_due(result, hr_officer):
    winners_list = _list(result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    post = Post.objects.filter(position=winners_list.position).first()
    services.invitation_consent(
        actor=invitation.winner.application.applicant, invitation=invitation, post=post, now=at(7)
    )
    services.winner_mark_appointed(actor=hr_officer, winner=invitation.winner, now=at(9))
    correct(result, 90)
    first = _by_total(winners_list)["90"]
    post.refresh_from_db()
    assert first.state == WinnerState.APPOINTED and post.state == PostState.FILLED and first.excluded_at
    assert not Message.objects.filter(kind="winners.removed").exists()
    institution_id = winners_list.position.announcement.institution_id

    def r9_3_items():
        items = due_items.collect({institution_id}, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
        return [item for item in items if item.article == "R-9.3"]

    [item] = r9_3_items()
    assert str(first.pk) in item.url
    services.winner_exclusion_decide(
        actor=hr_officer, winner=first, decision="Akti nr. 5/2026 u anulua.", now=at(12)
    )
    services.winner_exclusion_decide(actor=hr_officer, winner=first, decision="again", now=at(12))  # once
    assert r9_3_items() == []
    assert Event.objects.filter(action="winners.exclusion_decide").count() == 1


def test_r9_3_a_candidate_the_correction_makes_a_winner_is_added_in_rank_order(position, hr_officer):
    """A scheme with one winner (R-31.1, the best qualified): the winner is excluded, the next becomes the winner."""
    result = published_result(position, hr_officer, [90, 85])
    rows = [dict(row) for row in result.rows]
    rows[1]["winner"] = False  # only the best is a winner
    EvaluationResult.objects.filter(pk=result.pk).update(rows=rows)
    winners_list = _list(result)
    services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    assert Winner.objects.filter(winners_list=winners_list).count() == 1
    correct(result, 90, new_winner_total=85)
    added = _by_total(winners_list)["85"]
    assert added.rank == 1 and added.result_rank == 1
    assert added.state == WinnerState.INVITED  # the list had started: the next is invited
    assert Message.objects.filter(kind="winners.listed", email=added.application.applicant.email).count() == 1
    assert Event.objects.get(action="winners.list_follow_correction").data["added"] == [added.pk]


def test_r9_3_before_the_first_invitation_nobody_is_invited_by_the_correction(result):
    winners_list = _list(result)
    correct(result, 85)
    assert not Invitation.objects.exists()
    assert [w.total for w in Winner.objects.filter(winners_list=winners_list).order_by("rank")] == [
        "90",
        "80",
        "85",
    ]


def test_r9_3_the_beat_follows_a_correction_written_without_the_save_signal(result, hr_officer):
    winners_list = _list(result)
    services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    correct(result, 90, signal=False)
    assert _by_total(winners_list)["90"].state == WinnerState.INVITED  # not seen yet
    assert services.run_clocks(now=at(10, 13))["corrected"] == 1
    assert services.run_clocks(now=at(10, 14))["corrected"] == 0
    assert _by_total(winners_list)["90"].state == WinnerState.WITHDRAWN
    assert _by_total(winners_list)["85"].state == WinnerState.INVITED


def test_r9_3_a_list_made_after_the_correction_starts_from_the_corrected_rows(result):
    correct(result, 90)  # no list yet: nothing to follow
    winners_list = _list(result)
    assert winners_list.corrections_applied == 1
    assert sorted(w.total for w in Winner.objects.filter(winners_list=winners_list)) == ["80", "85"]
    assert services.winners_lists_follow_results(now=at(11)) == 0


def test_r9_3_the_public_lists_leave_out_the_excluded_candidate(result, hr_officer):
    from winners.selectors import public_lists

    winners_list = _list(result)
    correct(result, 90)
    _appointed, others = public_lists(WinnersList.objects.get(pk=winners_list.pk))
    assert sorted(w.total for w in others) == ["80", "85"]


# --- the real path: verification's exclusion → scoring's correction → the list -------------------------------


@pytest.fixture
def scored(institution, hr_officer, committee_member):
    """A professional position evaluated by its committee: Ana 85, Besa 70, Dea 65 (two winners, R-25.2)."""
    from scoring import services as scoring_services
    from tests.factories import AnnouncementFactory, PositionFactory, UserFactory
    from tests.helpers.scoring import make_committee
    from tests.scoring.results_helpers import candidate, submit_sheets, written_and_interviews
    from tests.scoring.test_r9_3_exclusion import reviewed

    position = PositionFactory(
        announcement=AnnouncementFactory(institution=institution, reference="KQZ 71/2026"),
        code="P-71",
        category="professional",
        scoring_scheme="kqz-professional",
    )
    chair = UserFactory(username="chair71@example.org")
    members = [chair, committee_member] + [UserFactory(username=f"m71-{i}@example.org") for i in (3, 4, 5)]
    make_committee(position, members, hr_officer)
    evaluation = scoring_services.evaluation_create(position=position, actor=hr_officer)
    entrants = {name: candidate(evaluation, name) for name in ("Ana Gashi", "Besa Hoxha", "Dea Krasniqi")}
    for entrant in entrants.values():
        reviewed(entrant)
    written_and_interviews(
        evaluation,
        chair,
        {entrants["Ana Gashi"]: "60", entrants["Besa Hoxha"]: "45", entrants["Dea Krasniqi"]: "45"},
    )
    for name, totals in (("Ana Gashi", ["25"] * 5), ("Besa Hoxha", ["25"] * 5), ("Dea Krasniqi", ["20"] * 5)):
        submit_sheets(evaluation, members, entrants[name], totals)
    scoring_services.evaluation_complete(evaluation=evaluation, actor=chair)
    return evaluation, entrants


def test_r9_3_an_exclusion_after_the_list_is_made_reaches_it_when_it_commits(
    scored, hr_officer, django_capture_on_commit_callbacks
):
    from scoring import services as scoring_services
    from tests.scoring.results_helpers import approve_act
    from tests.scoring.test_r9_3_exclusion import exclude

    evaluation, entrants = scored
    approve_act(evaluation)
    with django_capture_on_commit_callbacks(execute=True):
        scoring_services.results_publish(evaluation=evaluation, actor=hr_officer, act_number="7/2026")
    evaluation.refresh_from_db()
    winners_list = services.winners_list_create(result=evaluation.result)
    ana, besa = (entrants[n].application for n in ("Ana Gashi", "Besa Hoxha"))
    assert set(Winner.objects.filter(winners_list=winners_list).values_list("application", flat=True)) == {
        ana.pk,
        besa.pk,
    }
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list)
    assert invitation.winner.application == ana
    with django_capture_on_commit_callbacks(execute=True):
        exclude(entrants["Ana Gashi"], hr_officer)
    by_app = {w.application_id: w for w in Winner.objects.filter(winners_list=winners_list)}
    assert by_app[ana.pk].state == WinnerState.WITHDRAWN and by_app[ana.pk].state_article == "R-9.3"
    assert by_app[besa.pk].state == WinnerState.INVITED and by_app[besa.pk].rank == 1
    assert Invitation.objects.get(pk=invitation.pk).outcome == InvitationOutcome.CANCELLED
    assert Event.objects.filter(action="winners.list_follow_correction").count() == 1
    assert services.winners_lists_follow_results() == 0
