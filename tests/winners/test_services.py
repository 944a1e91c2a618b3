"""The winners' services (R-26): each step changes what it must, audits and notifies in one transaction."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from audit.models import Event
from notifications.models import Message
from tests.factories import AnnouncementFactory, PositionFactory
from tests.helpers.applications import pdf_bytes
from tests.helpers.winners import at, published_result
from vacancies.models import JobGroup
from winners import services
from winners.choices import InvitationOutcome, ListState, PostState, WinnerState
from winners.models import Invitation, Post, Winner, WinnersList

pytestmark = pytest.mark.django_db


def _list(result):
    return services.winners_list_create(result=result, now=at(5, 13))


def _winners(winners_list):
    return list(Winner.objects.filter(winners_list=winners_list).order_by("rank"))


def test_r26_1_the_list_holds_the_winners_in_rank_order_and_a_post_per_seat(result):
    winners_list = _list(result)
    assert winners_list.published_on == dt.date(2026, 3, 5)
    assert winners_list.valid_until == dt.date(2027, 3, 5)
    assert [w.rank for w in _winners(winners_list)] == [1, 2, 3]
    assert [w.total for w in _winners(winners_list)] == ["90", "85", "80"]
    assert Post.objects.filter(position=winners_list.position, state=PostState.VACANT).count() == 2
    assert Message.objects.filter(kind="winners.listed").count() == 3
    assert Event.objects.filter(action="winners.list_create").count() == 1


def test_the_beat_makes_one_list_per_published_result_and_is_idempotent(result):
    assert services.winners_lists_create_for_published(now=at(5, 13)) == 1
    assert services.winners_lists_create_for_published(now=at(5, 14)) == 0
    assert WinnersList.objects.count() == 1
    assert Message.objects.filter(kind="winners.listed").count() == 3


def test_r26_3_hr_invites_the_first_winner_and_only_one_chooses_at_a_time(result, hr_officer):
    winners_list = _list(result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    first = _winners(winners_list)[0]
    assert invitation.winner == first
    assert first.state == WinnerState.INVITED
    assert invitation.respond_by.date() == dt.date(2026, 3, 13)  # 7 days, to the end of the day
    with pytest.raises(ValidationError):
        services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    assert Message.objects.filter(kind="winners.invited").count() == 1


def test_hr_of_another_institution_cannot_invite(result, other_hr_officer):
    winners_list = _list(result)
    with pytest.raises(PermissionDenied):
        services.winner_invite(actor=other_hr_officer, winners_list=winners_list, now=at(6))
    assert not Invitation.objects.exists()


def test_r26_3_the_winner_chooses_a_post_and_consents_and_the_next_is_invited(result, hr_officer):
    winners_list = _list(result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    first = invitation.winner
    post = Post.objects.filter(position=winners_list.position).first()
    services.invitation_consent(
        actor=first.application.applicant,
        invitation=invitation,
        post=post,
        now=at(7),
        consent_text="I consent.",
    )
    invitation.refresh_from_db()
    first.refresh_from_db()
    post.refresh_from_db()
    assert invitation.outcome == InvitationOutcome.CONSENTED and invitation.consent_at == at(7)
    assert first.state == WinnerState.CONSENTED and first.post == post
    assert post.state == PostState.OFFERED
    second = _winners(winners_list)[1]
    assert second.state == WinnerState.INVITED  # one post left: the next is invited at once
    assert Event.objects.filter(action="winners.consent").count() == 1


def test_another_person_cannot_answer_the_winner_s_invitation(result, hr_officer, other_applicant):
    invitation = services.winner_invite(actor=hr_officer, winners_list=_list(result), now=at(6))
    post = Post.objects.first()
    with pytest.raises(Http404):
        services.invitation_consent(actor=other_applicant, invitation=invitation, post=post, now=at(7))
    with pytest.raises(Http404):
        services.invitation_decline(actor=other_applicant, invitation=invitation, now=at(7))


def test_r26_3_refusal_passes_the_choice_to_the_next(result, hr_officer):
    winners_list = _list(result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    services.invitation_decline(
        actor=invitation.winner.application.applicant, invitation=invitation, now=at(7)
    )
    first, second, third = _winners(winners_list)
    assert (first.state, second.state, third.state) == ("declined", "invited", "waiting")


@pytest.mark.parametrize(("day", "hour", "lapsed"), [(13, 23, False), (14, 0, True), (14, 12, True)])
def test_r26_3_silence_lapses_at_the_deadline_once_and_the_next_is_invited(
    result, hr_officer, day, hour, lapsed
):
    winners_list = _list(result)
    services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    assert services.invitations_lapse(now=at(day, hour)) == int(lapsed)
    assert services.invitations_lapse(now=at(day, hour)) == 0  # run twice: once
    first, second, _third = _winners(winners_list)
    assert first.state == ("declined" if lapsed else "invited")
    assert second.state == ("invited" if lapsed else "waiting")
    assert Message.objects.filter(kind="winners.lapsed").count() == int(lapsed)


def test_r26_3_an_answer_after_the_deadline_is_refused(result, hr_officer):
    invitation = services.winner_invite(actor=hr_officer, winners_list=_list(result), now=at(6))
    with pytest.raises(ValidationError):
        services.invitation_decline(
            actor=invitation.winner.application.applicant, invitation=invitation, now=at(14, 1)
        )


def test_r26_4_r26_5_a_reasonable_cause_postpones_and_the_winner_is_invited_again_in_rank(result, hr_officer):
    winners_list = _list(result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    applicant = invitation.winner.application.applicant
    with pytest.raises(ValidationError):  # more than 3 months after the deadline of 13 March
        services.invitation_cause_record(
            actor=applicant,
            invitation=invitation,
            cause="illness",
            note="Spital",
            postponed_until=dt.date(2026, 6, 14),
            now=at(7),
        )
    services.invitation_cause_record(
        actor=applicant,
        invitation=invitation,
        cause="illness",
        note="Spital",
        postponed_until=dt.date(2026, 6, 13),
        now=at(7),
    )
    first, second, _ = _winners(winners_list)
    assert first.state == WinnerState.POSTPONED and second.state == WinnerState.INVITED
    # The second refuses; the third is invited (the first's date has not come).
    services.invitation_decline(
        actor=second.application.applicant, invitation=second.invitations.get(), now=at(8)
    )
    _, _, third = _winners(winners_list)
    assert third.state == WinnerState.INVITED
    services.invitation_decline(
        actor=third.application.applicant, invitation=third.invitations.get(), now=at(9)
    )
    assert services.invitations_send_due(now=at(12, 12, month=6)) == 0  # the day before the new date
    assert services.invitations_send_due(now=at(13, 12, month=6)) == 1
    first.refresh_from_db()
    assert first.state == WinnerState.INVITED and first.invitations.count() == 2


def test_r26_6_a_cause_not_in_the_list_is_refused(result, hr_officer):
    invitation = services.winner_invite(actor=hr_officer, winners_list=_list(result), now=at(6))
    with pytest.raises(ValidationError):
        services.invitation_cause_record(
            actor=hr_officer,
            invitation=invitation,
            cause="holiday",
            note="",
            postponed_until=dt.date(2026, 4, 1),
            now=at(7),
        )


def test_r26_3_the_beat_sends_the_first_invitation_when_hr_has_not(result):
    _list(result)
    assert services.invitations_send_due(now=at(10)) == 0  # 5 days after: HR's to send
    assert services.invitations_send_due(now=at(11)) == 1  # 6 days after (WINNERS_AUTO_INVITE_AFTER_DAYS)
    assert services.invitations_send_due(now=at(11, 13)) == 0
    assert Invitation.objects.get().invited_by is None


def test_hr_records_a_consent_on_paper_with_its_scan(result, hr_officer, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }

    winners_list = _list(result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    post = Post.objects.first()
    scan = SimpleUploadedFile("consent.pdf", pdf_bytes(), content_type="application/pdf")
    services.invitation_consent_record_paper(
        actor=hr_officer,
        invitation=invitation,
        post=post,
        consented_on=dt.date(2026, 3, 9),
        scan=scan,
        now=at(10),
    )
    invitation.refresh_from_db()
    assert (
        invitation.consent_on_paper and invitation.consent_scan_path and invitation.recorded_by == hr_officer
    )
    assert (tmp_path / invitation.consent_scan_path).exists()


def test_winner_remove_frees_the_post_and_invites_the_next(result, hr_officer):
    winners_list = _list(result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    post = Post.objects.first()
    applicant = invitation.winner.application.applicant
    services.invitation_consent(actor=applicant, invitation=invitation, post=post, now=at(7))
    second = _winners(winners_list)[1]
    services.invitation_decline(
        actor=second.application.applicant, invitation=second.invitations.get(), now=at(7)
    )
    # The third is invited for the second post; the first fails the final verification.
    first = _winners(winners_list)[0]
    services.winner_remove(actor=hr_officer, winner=first, reason="Diploma", article="R-29.4", now=at(8))
    first.refresh_from_db()
    post.refresh_from_db()
    assert first.state == WinnerState.WITHDRAWN and post.state == PostState.VACANT
    services.winner_remove(
        actor=hr_officer, winner=first, reason="again", article="R-29.4", now=at(8)
    )  # idempotent
    assert Event.objects.filter(action="winners.remove").count() == 1


def test_winner_mark_appointed_fills_the_post_and_post_release_frees_it(result, hr_officer):
    winners_list = _list(result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    post = Post.objects.first()
    services.invitation_consent(
        actor=invitation.winner.application.applicant, invitation=invitation, post=post, now=at(7)
    )
    winner = services.winner_mark_appointed(actor=hr_officer, winner=invitation.winner, now=at(9))
    post.refresh_from_db()
    assert winner.state == WinnerState.APPOINTED and post.state == PostState.FILLED
    services.post_release(actor=None, post=post, reason="R-40", now=at(20))
    post.refresh_from_db()
    assert post.state == PostState.VACANT


def test_winner_reinstate_puts_a_declined_winner_back_in_rank(result, hr_officer):
    winners_list = _list(result)
    invitation = services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    services.invitation_decline(
        actor=invitation.winner.application.applicant, invitation=invitation, now=at(7)
    )
    first = _winners(winners_list)[0]
    services.winner_reinstate(actor=hr_officer, winner=first, reason="KPMSHCK", now=at(20))
    first.refresh_from_db()
    assert first.state == WinnerState.WAITING and first.rank == 1


@pytest.mark.parametrize(("day", "expired"), [(5, False), (6, True)])
def test_r26_7_the_list_expires_the_day_after_its_year(result, hr_officer, day, expired):
    winners_list = _list(result)
    services.winner_invite(actor=hr_officer, winners_list=winners_list, now=at(6))
    now = at(day, 12, month=3).replace(year=2027)
    assert services.winners_lists_expire(now=now) == int(expired)
    assert services.winners_lists_expire(now=now) == 0
    winners_list.refresh_from_db()
    assert (winners_list.state == ListState.EXPIRED) is expired
    if expired:
        assert set(Winner.objects.values_list("state", flat=True)) == {"expired"}
        assert Invitation.objects.get().outcome == InvitationOutcome.CANCELLED


def test_r26_7_a_later_list_of_the_same_group_re_ranks_both(institution, hr_officer):
    group = JobGroup.objects.create(
        institution=institution, code="G-IT", name_sq="Zyrtarë të IT", name="Zyrtarë të IT"
    )

    def competition(reference):
        return PositionFactory(
            announcement=AnnouncementFactory(institution=institution, reference=reference),
            code=reference,
            category="professional",
            scoring_scheme="kqz-professional",
            job_group=group,
        )

    old = services.winners_list_create(
        result=published_result(competition("KQZ 1/2026"), hr_officer, [90, 80]), now=at(5, 13)
    )
    new = services.winners_list_create(
        result=published_result(
            competition("KQZ 9/2026"), hr_officer, [85, 80], published_at=at(1, 9, month=9)
        ),
        now=at(1, 10, month=9),
    )
    order = [(w.winners_list_id, w.total) for w in Winner.objects.order_by("rank")]
    assert order == [(old.pk, "90"), (new.pk, "85"), (old.pk, "80"), (new.pk, "80")]
    assert Post.objects.filter(job_group=group).count() == 2


@pytest.mark.parametrize(("day", "closes"), [(5, False), (6, True)])
def test_r26_7_hr_closes_a_list_only_once_its_year_is_over(result, hr_officer, day, closes):
    winners_list = _list(result)
    now = at(day, 12, month=3).replace(year=2027)
    if closes:
        services.winners_list_expire(actor=hr_officer, winners_list=winners_list, now=now)
        services.winners_list_expire(actor=hr_officer, winners_list=winners_list, now=now)  # idempotent
        assert Event.objects.filter(action="winners.list_expire").count() == 1
    else:
        with pytest.raises(ValidationError):
            services.winners_list_expire(actor=hr_officer, winners_list=winners_list, now=now)
    winners_list.refresh_from_db()
    assert (winners_list.state == ListState.EXPIRED) is closes
