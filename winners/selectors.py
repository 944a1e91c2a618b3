"""Reads of the winners' tables for the pages: one query or a few, never one per row."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from recruitment.permissions import hr_institution_ids
from scoring.models import Evaluation
from scoring.selectors import names_by_application

from .choices import HR_REMOVABLE_STATES, ListState, PostState, WinnerState
from .models import Invitation, Post, Winner, WinnersList


def _list_qs() -> QuerySet[WinnersList]:
    return WinnersList.objects.select_related(
        "position__announcement__institution", "job_group", "result__evaluation"
    ).defer("result__rows", "result__lot", "result__tie_context", "result__scheme_data")


def winners_list_for_hr(*, user, evaluation_id: int) -> tuple[Evaluation, WinnersList | None]:
    """HR of the institution: (the evaluation, its list or None while not made); 404 for anyone else."""
    evaluation = (
        Evaluation.objects.select_related("position__announcement__institution")
        .filter(pk=evaluation_id, position__announcement__institution__in=hr_institution_ids(user))
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation, _list_qs().filter(result__evaluation=evaluation).first()


def winners_list_public(*, evaluation_id: int) -> WinnersList | None:
    """The list of published results (None in the minutes before the beat makes it)."""
    return _list_qs().filter(result__evaluation_id=evaluation_id).first()


def winners_of(winners_list: WinnersList) -> list[Winner]:
    """The list's winners in rank order, each with its name and its invitations (newest first)."""
    winners = list(
        Winner.objects.filter(winners_list=winners_list)
        .select_related("post", "application__applicant")
        .prefetch_related(Prefetch("invitations", queryset=Invitation.objects.select_related("post")))
        .order_by("rank", "pk")
    )
    names = names_by_application(w.application_id for w in winners)
    for winner in winners:
        winner.name = names.get(winner.application_id, "")
        invitations = list(winner.invitations.all())
        winner.open_invitation = next((i for i in invitations if i.outcome == "open"), None)
        winner.all_invitations = invitations
        winner.removable = winner.state in HR_REMOVABLE_STATES  # HR's "Remove from the list"
    return winners


def pool_posts(winners_list: WinnersList) -> QuerySet[Post]:
    posts = Post.objects.select_related("position")
    if winners_list.job_group_id:
        return posts.filter(job_group_id=winners_list.job_group_id).order_by("pk")
    return posts.filter(position_id=winners_list.position_id).order_by("pk")


def vacant_posts(winners_list: WinnersList, today: dt.date) -> QuerySet[Post]:
    return pool_posts(winners_list).filter(state=PostState.VACANT, available_from__lte=today)


def invitation_for_winner(*, user, pk: int) -> Invitation:
    """The winner's own invitation; 404 for anyone else (not even HR: HR works from the list's page)."""
    invitation = (
        Invitation.objects.select_related(
            "winner__winners_list__position__announcement__institution",
            "winner__winners_list__job_group",
            "winner__application",
            "post",
        )
        .filter(pk=pk, winner__application__applicant_id=getattr(user, "pk", None))
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def winner_for_hr(*, user, pk: int) -> Winner:
    """A winner of a list of HR's institution; 404 for anyone else."""
    winner = (
        Winner.objects.select_related(
            "winners_list__position__announcement__institution",
            "winners_list__result",
            "application__applicant",
            "post",
        )
        .defer(
            "winners_list__result__rows",
            "winners_list__result__lot",
            "winners_list__result__tie_context",
            "winners_list__result__scheme_data",
        )
        .filter(pk=pk, winners_list__position__announcement__institution__in=hr_institution_ids(user))
        .first()
    )
    if winner is None:
        raise Http404
    return winner


def invitation_for_hr(*, user, pk: int) -> Invitation:
    invitation = (
        Invitation.objects.select_related(
            "winner__winners_list__position__announcement__institution",
            "winner__winners_list__result",
            "winner__application__applicant",
            "post",
        )
        .defer(
            "winner__winners_list__result__rows",
            "winner__winners_list__result__lot",
            "winner__winners_list__result__tie_context",
            "winner__winners_list__result__scheme_data",
        )
        .filter(pk=pk, winner__winners_list__position__announcement__institution__in=hr_institution_ids(user))
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


def public_lists(winners_list: WinnersList) -> tuple[list[Winner], list[Winner]]:
    """R-26.8: the appointed and the not appointed winners of the list, in rank order."""
    winners = winners_of(winners_list)
    appointed = [w for w in winners if w.state == WinnerState.APPOINTED]
    # a candidate the corrected results no longer name is not on the corrected public lists either.
    others = [w for w in winners if w.state != WinnerState.APPOINTED and w.excluded_at is None]
    return appointed, others


def is_open(winners_list: WinnersList) -> bool:
    return winners_list.state == ListState.OPEN
