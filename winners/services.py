"""Every change of the winners' tables (R-26): the list made from published results, the invitations, the
winner's answer (a post chosen and consent in writing, a refusal, a reasonable cause), the clocks, and the
services the apps above call (appointments, probation, appeals): winner_remove, winner_mark_appointed,
winner_reinstate, post_release.

Each service locks what it changes, checks the state against choices' tables, and writes the audit event and
the message in the same transaction. A "pool" is what one winner may choose from (R-26.1, R-26.7): the posts
of the position (or of its group of positions) and the winners of the open lists of that position (or group);
a pool's lists are locked in id order before any change, so two answers never invite two winners at once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.documents import PDF, DocumentRefused, inspect_upload
from audit.services import audit_log, text_digest
from notifications.services import notify
from recruitment.lib.files import save_atomically
from recruitment.lib.transitions import mover
from recruitment.permissions import hr_users, is_hr_of, require_hr_of
from scoring.models import EvaluationResult

from . import rules
from .choices import (
    ACTIVE_WINNER_STATES,
    INVITATION_TRANSITIONS,
    LIST_TRANSITIONS,
    POST_TRANSITIONS,
    WINNER_TRANSITIONS,
    InvitationOutcome,
    ListState,
    PostState,
    ReasonableCause,
    WinnerState,
)
from .models import Invitation, Post, Winner, WinnersList

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class WinnersError(ValidationError):
    """A step the rules or the state refuse; the message says why, for the person who tried."""


# --- helpers -------------------------------------------------------------------------------------------


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _tz(winners_list: WinnersList):
    return winners_list.position.announcement.institution.tzinfo


def _local_date(moment: dt.datetime, tz) -> dt.date:
    return timezone.localtime(moment, tz).date()


def _end_of_day(day: dt.date, tz) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz)


def _institution_id(winners_list: WinnersList) -> int:
    return winners_list.position.announcement.institution_id


# A move to the state already held does nothing (idempotent); a refused one names both states by their values.
_NOT_NOW = gettext_lazy("Not possible now: %(current)s cannot become %(target)s.")
_move_list = mover(LIST_TRANSITIONS, None, WinnersError, _NOT_NOW, field="state", idempotent=True)
_move_post = mover(POST_TRANSITIONS, None, WinnersError, _NOT_NOW, field="state", idempotent=True)
_move_winner = mover(WINNER_TRANSITIONS, None, WinnersError, _NOT_NOW, field="state", idempotent=True)
_move_invitation = mover(
    INVITATION_TRANSITIONS, None, WinnersError, _NOT_NOW, field="outcome", idempotent=True
)


def _set_winner_state(
    winner: Winner, target, now: dt.datetime, *, reason: str = "", article: str = ""
) -> None:
    _move_winner(winner, target)
    winner.state_reason = reason
    winner.state_article = article
    winner.changed_at = now


def _pool_lists_q(winners_list: WinnersList) -> Q:
    if winners_list.job_group_id:
        return Q(job_group_id=winners_list.job_group_id)
    return Q(pk=winners_list.pk)


def _lock_pool(winners_list: WinnersList) -> list[WinnersList]:
    """Locks the open lists of the pool (always in id order: no deadlock between two answers) and returns
    them."""
    lists = list(
        WinnersList.objects.select_for_update()
        .filter(_pool_lists_q(winners_list), state=ListState.OPEN)
        .order_by("pk")
    )
    if winners_list.state == ListState.OPEN and winners_list.pk not in {wl.pk for wl in lists}:
        lists.append(winners_list)
    return lists


def _pool_posts(winners_list: WinnersList) -> QuerySet[Post]:
    if winners_list.job_group_id:
        return Post.objects.filter(job_group_id=winners_list.job_group_id)
    return Post.objects.filter(position_id=winners_list.position_id)


def _post_pool_list(post: Post) -> WinnersList | None:
    """The open list whose winners may choose ``post`` (the latest of its group, else of its position)."""
    lists = WinnersList.objects.select_related("position__announcement__institution").filter(
        state=ListState.OPEN
    )
    if post.job_group_id:
        lists = lists.filter(job_group_id=post.job_group_id)
    else:
        lists = lists.filter(position_id=post.position_id)
    return lists.order_by("-published_on", "-pk").first()


def _tell_winner(winner: Winner, event: str, *, dedupe_key: str | None = None, **context) -> None:
    applicant = winner.application.applicant
    position = winner.winners_list.position
    notify(
        recipient=applicant,
        email=applicant.email,
        kind=f"winners.{event}",
        template="winners_step",
        context={"event": event, "winner": winner, "position": position, **context},
        dedupe_key=dedupe_key,
    )


def _tell_hr(winners_list: WinnersList, event: str, **context) -> None:
    evaluation_id = (
        EvaluationResult.objects.filter(pk=winners_list.result_id)
        .values_list("evaluation_id", flat=True)
        .first()
    )
    for officer in hr_users(_institution_id(winners_list)):
        notify(
            recipient=officer,
            email=officer.email,
            kind=f"winners.hr_{event}",
            template="winners_hr_step",
            language="sq",
            context={
                "event": event,
                "winners_list": winners_list,
                "evaluation_id": evaluation_id,
                "position": winners_list.position,
                **context,
            },
        )


def _winner_locked(winner_id: int) -> Winner:
    return (
        Winner.objects.select_for_update(of=("self",))
        .select_related("winners_list__position__announcement__institution", "application__applicant", "post")
        .get(pk=winner_id)
    )


def _invitation_locked(invitation_id: int) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related(
            "winner__winners_list__position__announcement__institution", "winner__application__applicant"
        )
        .get(pk=invitation_id)
    )


def _require_winner_or_hr(actor: User, winner: Winner) -> bool:
    """True when HR acts (on paper), False when the winner acts; anyone else: not found."""
    if actor is not None and getattr(actor, "pk", None) == winner.application.applicant_id:
        return False
    if actor is not None and is_hr_of(actor, _institution_id(winner.winners_list)):
        return True
    raise Http404


def _require_hr(actor: User | None, winners_list: WinnersList) -> None:
    """``actor`` None is the system (a beat task, a service of an app above acting on its own clock)."""
    if actor is not None:
        require_hr_of(actor, _institution_id(winners_list))


def _actor_or_system(actor: User | None) -> User | str:
    return actor if actor is not None else "system"


# --- the list (R-26.3, R-26.7) ----------------------------------------------------------------------------


def _seats(position) -> list[str]:
    """One post per seat: per place of K23's split when there is one, else the number of positions."""
    places = list(position.places.all())
    if places:
        return [place.place for place in places for _seat in range(place.count)]
    return [position.place] * position.number_of_positions


def winners_list_create(
    *, result: EvaluationResult, actor: User | None = None, now: dt.datetime | None = None
) -> WinnersList:
    """Makes the winners list of a published result: its posts and its winners in rank order (R-26.1); a list
    of a group re-ranks the winners still on the group's open lists (R-26.7). Idempotent: an existing list is
    returned."""
    now = _now(now)
    with transaction.atomic():
        result = (
            EvaluationResult.objects.select_for_update(of=("self",))
            .select_related(
                "evaluation__position__announcement__institution", "evaluation__position__job_group"
            )
            .get(pk=result.pk)
        )
        existing = WinnersList.objects.filter(result=result).first()
        if existing is not None:
            return existing
        if result.published_at is None:
            raise WinnersError(_("The results are not published yet."))
        position = result.evaluation.position
        if actor is not None:
            require_hr_of(actor, position.announcement.institution_id)
        tz = position.announcement.institution.tzinfo
        published_on = _local_date(result.published_at, tz)
        winners_list = WinnersList.objects.create(
            result=result,
            position=position,
            job_group=position.job_group,
            published_on=published_on,
            valid_until=rules.valid_until(published_on),
            created_at=now,
            corrections_applied=len(result.corrections or []),  # the rows already say them
        )
        Post.objects.bulk_create(
            Post(
                position=position,
                job_group=position.job_group,
                title=position.title,
                unit=position.department,
                place=place,
                available_from=published_on,
                created_at=now,
            )
            for place in _seats(position)
        )
        rows = [row for row in result.rows if row.get("winner") and row.get("application_id")]
        winners = Winner.objects.bulk_create(
            Winner(
                winners_list=winners_list,
                application_id=row["application_id"],
                rank=number,
                result_rank=row.get("rank") or number,
                total=str(row.get("total") or "0"),
                changed_at=now,
            )
            for number, row in enumerate(rows, start=1)
        )
        if winners_list.job_group_id:
            _rerank_group(winners_list)
        audit_log(
            actor=_actor_or_system(actor),
            action="winners.list_create",
            obj=winners_list,
            data={
                "result": result.pk,
                "winners": len(winners),
                "posts": len(_seats(position)),
                "valid_until": winners_list.valid_until.isoformat(),
                "job_group": winners_list.job_group_id,
            },
        )
        for winner in Winner.objects.filter(winners_list=winners_list).select_related(
            "application__applicant"
        ):
            winner.winners_list = winners_list
            _tell_winner(winner, "listed", dedupe_key=f"winners-listed:{winner.pk}")
    return winners_list


def _rerank_group(winners_list: WinnersList) -> None:
    """R-26.7: the winners still on the open lists of the group, numbered again by the result of both
    lists."""
    lists = _lock_pool(winners_list)
    active = list(
        Winner.objects.select_for_update(of=("self",))
        .filter(winners_list__in=lists, state__in=ACTIVE_WINNER_STATES)
        .select_related("winners_list")
    )
    order = rules.rerank(
        [
            rules.ListedWinner(
                key=winner.pk,
                total=rules.parse_total(winner.total),
                published_on=winner.winners_list.published_on,
                list_id=winner.winners_list_id,
                result_rank=winner.result_rank,
            )
            for winner in active
        ]
    )
    by_id = {winner.pk: winner for winner in active}
    for number, listed in enumerate(order, start=1):
        by_id[listed.key].rank = number
    Winner.objects.bulk_update(active, ["rank"])
    if len(lists) > 1:
        audit_log(
            actor="system",
            action="winners.group_rerank",
            obj=winners_list,
            data={"lists": [wl.pk for wl in lists], "order": [listed.key for listed in order]},
        )


def winners_lists_create_for_published(*, now: dt.datetime | None = None) -> int:
    """Beat: a list for each published result that has none (scoring does not know of winners). Idempotent."""
    made = 0
    pending = EvaluationResult.objects.filter(
        published_at__isnull=False, winners_list__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(pending):
        winners_list_create(result=EvaluationResult(pk=pk), now=now)
        made += 1
    return made


# --- invitations (R-26.1, R-26.3) ---------------------------------------------------------------------


def _invite_next(winners_list: WinnersList, *, actor: User | None, now: dt.datetime) -> Invitation | None:
    """Inside a transaction that holds the pool's lock: invites the best-ranked winner who may be invited when
    a post is vacant and nobody else is choosing (rules.next_to_invite)."""
    lists = _lock_pool(winners_list)
    if not lists:
        return None
    tz = _tz(winners_list)
    today = _local_date(now, tz)
    winners = list(
        Winner.objects.filter(winners_list__in=lists).select_related(
            "winners_list__position__announcement__institution", "application__applicant"
        )
    )
    appointed = {w.application.applicant_id for w in winners if w.state == WinnerState.APPOINTED}
    free_posts = _pool_posts(winners_list).filter(state=PostState.VACANT, available_from__lte=today).count()
    open_invitations = Invitation.objects.filter(
        winner__winners_list__in=lists, outcome=InvitationOutcome.OPEN
    ).count()
    candidate = rules.next_to_invite(
        [
            rules.Candidate(
                key=w.pk,
                rank=w.rank,
                state=w.state,
                postponed_until=w.postponed_until,
                appointed_in_group=w.application.applicant_id in appointed,
            )
            for w in winners
        ],
        free_posts=free_posts,
        open_invitations=open_invitations,
        today=today,
    )
    if candidate is None:
        return None
    winner = _winner_locked(candidate.key)
    answer_by = rules.answer_deadline(today, settings.WINNERS_ANSWER_DAYS)
    _set_winner_state(winner, WinnerState.INVITED, now, article="R-26.3")
    winner.postponed_until = None
    winner.save(update_fields=["state", "state_reason", "state_article", "changed_at", "postponed_until"])
    invitation = Invitation.objects.create(
        winner=winner,
        invited_at=now,
        invited_by=actor if getattr(actor, "pk", None) else None,
        respond_by=_end_of_day(answer_by, tz),
    )
    audit_log(
        actor=_actor_or_system(actor),
        action="winners.invite",
        obj=invitation,
        data={
            "winner": winner.pk,
            "rank": winner.rank,
            "respond_by": invitation.respond_by.isoformat(),
            "in_time": rules.invited_in_time(winner.winners_list.published_on, today),
        },
    )
    _tell_winner(winner, "invited", invitation=invitation, dedupe_key=f"winners-invited:{invitation.pk}")
    return invitation


def winner_invite(*, actor: User, winners_list: WinnersList, now: dt.datetime | None = None) -> Invitation:
    """HR invites the next winner in rank order to choose a post (R-26.3)."""
    now = _now(now)
    with transaction.atomic():
        winners_list = WinnersList.objects.select_related("position__announcement__institution").get(
            pk=winners_list.pk
        )
        require_hr_of(actor, _institution_id(winners_list))
        if winners_list.state != ListState.OPEN:
            raise WinnersError(_("The list has expired (R-26.7): nobody is invited from it."))
        invitation = _invite_next(winners_list, actor=actor, now=now)
        if invitation is None:
            raise WinnersError(
                _(
                    "Nobody to invite now: a winner is choosing already, no post is vacant, or no winner is "
                    "waiting."
                )
            )
    return invitation


def invitations_send_due(*, now: dt.datetime | None = None) -> int:
    """Beat: each open list whose first invitation HR has not sent WINNERS_AUTO_INVITE_AFTER_DAYS after the
    publication (R-26.3: 7 days at most), and each pool already started where the next may be invited (a
    postponed winner whose date came, a post released). Idempotent: one open invitation per pool."""
    now = _now(now)
    sent = 0
    lists = WinnersList.objects.filter(state=ListState.OPEN).select_related(
        "position__announcement__institution"
    )
    seen_groups: set[int] = set()
    for winners_list in lists:
        if winners_list.job_group_id:
            if winners_list.job_group_id in seen_groups:
                continue
            seen_groups.add(winners_list.job_group_id)
        today = _local_date(now, _tz(winners_list))
        started = Invitation.objects.filter(winner__winners_list=winners_list).exists()
        due = rules.auto_invite_due(winners_list.published_on, today, settings.WINNERS_AUTO_INVITE_AFTER_DAYS)
        if not (started or due):
            continue
        with transaction.atomic():
            if _invite_next(winners_list, actor=None, now=now) is not None:
                sent += 1
    return sent


# --- the winner's answer (R-26.3 …) --------------------------------------------------------------


def _open_invitation(invitation: Invitation, now: dt.datetime) -> None:
    if invitation.outcome != InvitationOutcome.OPEN:
        raise WinnersError(_("This invitation has already been answered."))
    if rules.has_lapsed(invitation.respond_by, now):
        raise WinnersError(_("The deadline to answer this invitation has passed."))


def _answer_locked(invitation: Invitation, actor: User) -> tuple[Invitation, Winner, bool]:
    """Inside the answer's transaction: lock the list's pool, then the invitation read again; only its winner
    or HR of the institution may answer (anyone else: not found). Returns the locked invitation, its winner,
    and whether HR records the answer (on paper)."""
    _lock_pool(invitation.winner.winners_list)
    invitation = _invitation_locked(invitation.pk)
    winner = invitation.winner
    return invitation, winner, _require_winner_or_hr(actor, winner)


def _after_answer(invitation: Invitation, outcome, *, actor: User, on_paper: bool, now: dt.datetime) -> None:
    _move_invitation(invitation, outcome)
    invitation.answered_at = now
    invitation.recorded_by = actor if on_paper else None


def invitation_consent(
    *, actor: User, invitation: Invitation, post: Post, now: dt.datetime | None = None, consent_text: str = ""
) -> Invitation:
    """The winner chooses a vacant post and consents in writing in the portal (R-26.3)."""
    return _consent(actor=actor, invitation=invitation, post=post, now=now, consent_text=consent_text)


def invitation_consent_record_paper(
    *,
    actor: User,
    invitation: Invitation,
    post: Post,
    consented_on: dt.date,
    scan,
    now: dt.datetime | None = None,
) -> Invitation:
    """HR records a written consent received on paper, with its scan (a PDF kept privately) (R-26.3)."""
    return _consent(
        actor=actor, invitation=invitation, post=post, now=now, scan=scan, consented_on=consented_on
    )


def _consent(
    *,
    actor: User,
    invitation: Invitation,
    post: Post,
    now: dt.datetime | None,
    consent_text="",
    scan=None,
    consented_on=None,
) -> Invitation:
    now = _now(now)
    with transaction.atomic():
        invitation, winner, on_paper = _answer_locked(invitation, actor)
        if on_paper != (scan is not None):
            raise Http404  # the winner consents in the portal; HR records a paper consent with its scan
        tz = _tz(winner.winners_list)
        if on_paper:
            if invitation.outcome != InvitationOutcome.OPEN:
                raise WinnersError(_("This invitation has already been answered."))
            if consented_on is None or consented_on > _local_date(invitation.respond_by, tz):
                raise WinnersError(_("The consent must be dated on or before the deadline to answer."))
            if consented_on > _local_date(now, tz):
                raise WinnersError(_("The consent cannot be dated in the future."))
        else:
            _open_invitation(invitation, now)
        post = Post.objects.select_for_update().get(pk=post.pk)
        if not _pool_posts(winner.winners_list).filter(pk=post.pk).exists():
            raise Http404
        if post.state != PostState.VACANT or post.available_from > _local_date(now, tz):
            raise WinnersError(_("This post is no longer vacant: choose another."))
        if on_paper:
            try:
                checked = inspect_upload(scan)
            except DocumentRefused as exc:
                raise WinnersError(str(exc)) from exc
            if checked.content_type != PDF:
                raise WinnersError(_("The scan of the consent must be a PDF file."))
            path = save_atomically(
                _private_storage(), f"winners/consents/{invitation.pk}-{checked.sha256[:16]}.pdf", scan
            )
            invitation.consent_scan_path = path
            invitation.consent_scan_sha256 = checked.sha256
            invitation.consent_on_paper = True
            invitation.consent_at = _end_of_day(consented_on, tz).replace(hour=12, minute=0, second=0)
        else:
            invitation.consent_at = now
            invitation.consent_text = consent_text
        _move_post(post, PostState.OFFERED)
        post.save(update_fields=["state"])
        invitation.post = post
        _after_answer(invitation, InvitationOutcome.CONSENTED, actor=actor, on_paper=on_paper, now=now)
        invitation.save()
        _set_winner_state(winner, WinnerState.CONSENTED, now, article="R-26.3")
        winner.post = post
        winner.save(update_fields=["state", "state_reason", "state_article", "changed_at", "post"])
        audit_log(
            actor=actor,
            action="winners.consent",
            obj=invitation,
            data={
                "winner": winner.pk,
                "post": post.pk,
                "on_paper": on_paper,
                "scan_sha256": invitation.consent_scan_sha256,
            },
        )
        _tell_winner(winner, "consented", invitation=invitation, post=post)
        _tell_hr(winner.winners_list, "consented", winner=winner, post=post)
        _invite_next(winner.winners_list, actor=None, now=now)
    return invitation


def _private_storage():
    return storages["private"]


def invitation_decline(*, actor: User, invitation: Invitation, now: dt.datetime | None = None) -> Invitation:
    """The winner refuses (or HR records a refusal received on paper): the choice passes to the next
    (R-26.3)."""
    now = _now(now)
    with transaction.atomic():
        invitation, winner, on_paper = _answer_locked(invitation, actor)
        _open_invitation(invitation, now)
        _after_answer(invitation, InvitationOutcome.REFUSED, actor=actor, on_paper=on_paper, now=now)
        invitation.save()
        _set_winner_state(winner, WinnerState.DECLINED, now, article="R-26.3")
        winner.save(update_fields=["state", "state_reason", "state_article", "changed_at"])
        audit_log(actor=actor, action="winners.decline", obj=invitation, data={"winner": winner.pk})
        _tell_winner(winner, "declined", invitation=invitation)
        _tell_hr(winner.winners_list, "declined", winner=winner)
        _invite_next(winner.winners_list, actor=None, now=now)
    return invitation


def invitation_cause_record(
    *,
    actor: User,
    invitation: Invitation,
    cause: str,
    note: str,
    postponed_until: dt.date,
    now: dt.datetime | None = None,
) -> Invitation:
    """A reasonable cause (R-26.6) told by the deadline (R-26.5): the winner keeps their place (R-26.4) and is
    invited again on the new date, at most three months after the one set (R-26.5); the next winner is
    invited."""
    now = _now(now)
    with transaction.atomic():
        invitation, winner, on_paper = _answer_locked(invitation, actor)
        _open_invitation(invitation, now)
        if not rules.is_reasonable_cause(cause):
            raise WinnersError(_("Only the causes of R-26.6 keep a winner on the list."))
        answer_by = _local_date(invitation.respond_by, _tz(winner.winners_list))
        if not rules.postponement_allowed(answer_by, postponed_until):
            raise WinnersError(
                _(
                    "The new date must be after %(day)s and no later than %(latest)s (R-26.5: at most 3 "
                    "months)."
                )
                % {
                    "day": answer_by.strftime("%d.%m.%Y"),
                    "latest": rules.latest_postponement(answer_by).strftime("%d.%m.%Y"),
                }
            )
        invitation.cause = cause
        invitation.cause_note = note
        invitation.postponed_until = postponed_until
        _after_answer(invitation, InvitationOutcome.CAUSE_RECORDED, actor=actor, on_paper=on_paper, now=now)
        invitation.save()
        _set_winner_state(winner, WinnerState.POSTPONED, now, reason=note, article="R-26.4")
        winner.postponed_until = postponed_until
        winner.save(update_fields=["state", "state_reason", "state_article", "changed_at", "postponed_until"])
        audit_log(
            actor=actor,
            action="winners.cause_record",
            obj=invitation,
            data={"winner": winner.pk, "cause": cause, "postponed_until": postponed_until.isoformat()},
        )
        _tell_winner(winner, "postponed", invitation=invitation)
        _tell_hr(winner.winners_list, "postponed", winner=winner, invitation=invitation)
        _invite_next(winner.winners_list, actor=None, now=now)
    return invitation


def invitations_lapse(*, now: dt.datetime | None = None) -> int:
    """Beat: each open invitation past its answer's deadline lapses (silence: the winner leaves the race,
    R-26.3) and the next is invited. Decided by ``respond_by``, not by when the task runs; idempotent."""
    now = _now(now)
    lapsed = 0
    due = Invitation.objects.filter(outcome=InvitationOutcome.OPEN, respond_by__lt=now).values_list(
        "pk", flat=True
    )
    for pk in list(due):
        with transaction.atomic():
            invitation = Invitation.objects.select_related("winner__winners_list").get(pk=pk)
            _lock_pool(invitation.winner.winners_list)
            invitation = _invitation_locked(pk)
            if invitation.outcome != InvitationOutcome.OPEN or not rules.has_lapsed(
                invitation.respond_by, now
            ):
                continue
            winner = invitation.winner
            _move_invitation(invitation, InvitationOutcome.LAPSED)
            invitation.answered_at = invitation.respond_by
            invitation.save(update_fields=["outcome", "answered_at"])
            _set_winner_state(winner, WinnerState.DECLINED, now, article="R-26.3")
            winner.save(update_fields=["state", "state_reason", "state_article", "changed_at"])
            audit_log(
                actor="system",
                action="winners.lapse",
                obj=invitation,
                data={"winner": winner.pk, "respond_by": invitation.respond_by.isoformat()},
            )
            _tell_winner(
                winner, "lapsed", invitation=invitation, dedupe_key=f"winners-lapsed:{invitation.pk}"
            )
            _invite_next(winner.winners_list, actor=None, now=now)
            lapsed += 1
    return lapsed


def _expire_locked(winners_list: WinnersList, *, actor: User | None, now: dt.datetime) -> int:
    """Inside the transaction holding the list's lock: the list expires; its winners still waiting, invited or
    postponed are told; their open invitations are cancelled. Returns how many winners expired."""
    _move_list(winners_list, ListState.EXPIRED)
    winners_list.expired_at = now
    winners_list.save(update_fields=["state", "expired_at"])
    active = list(
        Winner.objects.select_for_update(of=("self",))
        .filter(winners_list=winners_list, state__in=ACTIVE_WINNER_STATES)
        .select_related("application__applicant")
    )
    Invitation.objects.filter(winner__in=active, outcome=InvitationOutcome.OPEN).update(
        outcome=InvitationOutcome.CANCELLED, answered_at=now
    )
    for winner in active:
        winner.winners_list = winners_list
        _set_winner_state(winner, WinnerState.EXPIRED, now, article="R-26.7")
        winner.save(update_fields=["state", "state_reason", "state_article", "changed_at"])
        _tell_winner(winner, "expired", dedupe_key=f"winners-expired:{winner.pk}")
    audit_log(
        actor=_actor_or_system(actor),
        action="winners.list_expire",
        obj=winners_list,
        data={"valid_until": winners_list.valid_until.isoformat(), "winners_expired": len(active)},
    )
    return len(active)


def _list_locked(pk: int) -> WinnersList:
    return (
        WinnersList.objects.select_for_update()
        .select_related("position__announcement__institution")
        .get(pk=pk)
    )


def winners_lists_expire(*, now: dt.datetime | None = None) -> int:
    """Beat: a list expires the day after its year (R-26.7). Decided by ``valid_until``; idempotent."""
    now = _now(now)
    expired = 0
    candidates = WinnersList.objects.filter(
        state=ListState.OPEN, valid_until__lt=(now + dt.timedelta(days=1)).date()
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            winners_list = _list_locked(pk)
            today = _local_date(now, _tz(winners_list))
            if winners_list.state != ListState.OPEN or rules.is_valid(winners_list.published_on, today):
                continue
            _expire_locked(winners_list, actor=None, now=now)
            expired += 1
    return expired


def winners_list_expire(
    *, actor: User, winners_list: WinnersList, now: dt.datetime | None = None
) -> WinnersList:
    """HR closes a list whose year is over (R-26.7) without waiting for the beat. Idempotent."""
    now = _now(now)
    with transaction.atomic():
        winners_list = _list_locked(winners_list.pk)
        require_hr_of(actor, _institution_id(winners_list))
        if winners_list.state == ListState.EXPIRED:
            return winners_list
        if rules.is_valid(winners_list.published_on, _local_date(now, _tz(winners_list))):
            raise WinnersError(
                _("The list is valid until %(day)s (R-26.7): it cannot be closed before.")
                % {"day": winners_list.valid_until.strftime("%d.%m.%Y")}
            )
        _expire_locked(winners_list, actor=actor, now=now)
    return winners_list


# --- posts ---------------------------------------------------------------------------------------------


def post_add(
    *,
    actor: User,
    winners_list: WinnersList,
    title: str,
    unit: str,
    place: str,
    available_from: dt.date,
    now: dt.datetime | None = None,
) -> Post:
    """HR adds a post of the group that falls vacant within the list's year (R-26.1)."""
    now = _now(now)
    with transaction.atomic():
        winners_list = WinnersList.objects.select_related("position__announcement__institution").get(
            pk=winners_list.pk
        )
        require_hr_of(actor, _institution_id(winners_list))
        _lock_pool(winners_list)
        if winners_list.state != ListState.OPEN:
            raise WinnersError(_("The list has expired (R-26.7)."))
        if not rules.post_in_year(winners_list.published_on, available_from):
            raise WinnersError(
                _("Only a post vacant by %(day)s may be offered from this list (R-26.1).")
                % {"day": winners_list.valid_until.strftime("%d.%m.%Y")}
            )
        if not title.strip():
            raise WinnersError(_("Give the post's title."))
        post = Post.objects.create(
            position=winners_list.position,
            job_group=winners_list.job_group,
            title=title.strip(),
            unit=unit.strip(),
            place=place.strip(),
            available_from=available_from,
            created_at=now,
        )
        audit_log(actor=actor, action="winners.post_add", obj=post, data={"list": winners_list.pk})
        if _started(winners_list):
            _invite_next(winners_list, actor=actor, now=now)
    return post


def _started(winners_list: WinnersList) -> bool:
    return Invitation.objects.filter(winner__winners_list=winners_list).exists()


def post_release(*, actor: User, post: Post, reason: str, now: dt.datetime | None = None) -> Post:
    """Published for the apps above: a post becomes vacant again (e.g. R-40: a termination of the probation
    stands once its appeal is decided); the next winner of an open list of its group or position is
    invited."""
    now = _now(now)
    with transaction.atomic():
        winners_list = _post_pool_list(post)
        if winners_list is not None:
            _lock_pool(winners_list)
        post = (
            Post.objects.select_for_update(of=("self",))
            .select_related("position__announcement__institution")
            .get(pk=post.pk)
        )
        if actor is not None:
            require_hr_of(actor, post.position.announcement.institution_id)
        if post.state == PostState.VACANT:
            return post
        _move_post(post, PostState.VACANT)
        post.available_from = max(post.available_from, timezone.localdate(now))
        post.save(update_fields=["state", "available_from"])
        audit_log(
            actor=_actor_or_system(actor), action="winners.post_release", obj=post, data={"reason": reason}
        )
        if winners_list is not None:
            _invite_next(winners_list, actor=None, now=now)
    return post


# --- published for appointments, probation, appeals ---------------------------------------------------------


def winner_remove(
    *,
    actor: User | None,  # None: the beat (R-30.3's revocation)
    winner: Winner,
    reason: str,
    article: str,
    now: dt.datetime | None = None,
    states: tuple | None = None,
    tell_winner: bool = True,
) -> Winner:
    """The winner leaves the list (R-29.4 a negative final verification, R-30 an appointment revoked, or HR's
    removal from the list's page: a withdrawal in writing, a death): their post becomes vacant again and the
    next winner is invited. ``states``: the states the caller may remove from (checked under the lock);
    ``tell_winner`` False when there is nobody to tell (a death). Idempotent: a winner already removed is
    returned as is."""
    now = _now(now)
    with transaction.atomic():
        _lock_pool(winner.winners_list)
        winner = _winner_locked(winner.pk)
        _require_hr(actor, winner.winners_list)
        if winner.state == WinnerState.WITHDRAWN:
            return winner
        if states is not None and winner.state not in states:
            raise WinnersError(
                _("Winner number %(rank)s cannot be removed from the list now (%(state)s).")
                % {"rank": winner.rank, "state": winner.get_state_display()}
            )
        post = winner.post
        if post is not None and winner.state in (WinnerState.CONSENTED, WinnerState.APPOINTED):
            post = Post.objects.select_for_update().get(pk=post.pk)
            if post.state != PostState.VACANT:
                _move_post(post, PostState.VACANT)
                post.save(update_fields=["state"])
        Invitation.objects.filter(winner=winner, outcome=InvitationOutcome.OPEN).update(
            outcome=InvitationOutcome.CANCELLED, answered_at=now
        )
        _set_winner_state(winner, WinnerState.WITHDRAWN, now, reason=reason, article=article)
        winner.save(update_fields=["state", "state_reason", "state_article", "changed_at"])
        audit_log(
            actor=_actor_or_system(actor),
            action="winners.remove",
            obj=winner,
            # A reason typed about a person enters the chain as its digest (README: who acted, in the audit
            # log).
            data={
                "reason_sha256": text_digest(reason),
                "article": article,
                "post": post.pk if post else None,
            },
        )
        if tell_winner:
            _tell_winner(winner, "removed", reason=reason, article=article)
        if _started(winner.winners_list):  # before HR's first invitation, HR (or the beat, R-26.3) starts it
            _invite_next(winner.winners_list, actor=None, now=now)
    return winner


def winner_mark_appointed(*, actor: User, winner: Winner, now: dt.datetime | None = None) -> Winner:
    """The winner who consented is appointed to the chosen post (R-29, R-30): the post is filled.
    Idempotent."""
    now = _now(now)
    with transaction.atomic():
        winner = _winner_locked(winner.pk)
        _require_hr(actor, winner.winners_list)
        if winner.state == WinnerState.APPOINTED:
            return winner
        if winner.post_id is None:
            raise WinnersError(_("The winner has not chosen a post."))
        post = Post.objects.select_for_update().get(pk=winner.post_id)
        _move_post(post, PostState.FILLED)
        post.save(update_fields=["state"])
        _set_winner_state(winner, WinnerState.APPOINTED, now, article="R-30")
        winner.save(update_fields=["state", "state_reason", "state_article", "changed_at"])
        audit_log(
            actor=_actor_or_system(actor), action="winners.appointed", obj=winner, data={"post": post.pk}
        )
    return winner


def winner_reinstate(*, actor: User, winner: Winner, reason: str, now: dt.datetime | None = None) -> Winner:
    """An appeal decided in the winner's favour (R-32): back on the list in their rank, waiting; invited when
    it is their turn. Idempotent for a winner already in the race."""
    now = _now(now)
    with transaction.atomic():
        _lock_pool(winner.winners_list)
        winner = _winner_locked(winner.pk)
        _require_hr(actor, winner.winners_list)
        if winner.state in ACTIVE_WINNER_STATES:
            return winner
        if winner.winners_list.state != ListState.OPEN:
            raise WinnersError(_("The list has expired (R-26.7): the winner cannot be put back on it."))
        _set_winner_state(winner, WinnerState.WAITING, now, reason=reason, article="R-32")
        winner.post = None
        winner.save(update_fields=["state", "state_reason", "state_article", "changed_at", "post"])
        audit_log(
            actor=_actor_or_system(actor), action="winners.reinstate", obj=winner, data={"reason": reason}
        )
        _tell_winner(winner, "reinstated", reason=reason)
        if _started(winner.winners_list):
            _invite_next(winner.winners_list, actor=None, now=now)
    return winner


# --- a correction of the published results (R-9.3) ----------------------------------------------------------


def _correction_time(result: EvaluationResult, now: dt.datetime) -> dt.datetime:
    """When the last correction was made (scoring records it), else ``now``: the list changes as of that
    time."""
    try:
        return dt.datetime.fromisoformat(result.corrections[-1]["at"])
    except (IndexError, KeyError, TypeError, ValueError):
        return now


def _renumber(winners_list: WinnersList, winners: list[Winner], rows_by_app: dict) -> None:
    """The list's own numbering after a correction: the winners the corrected results name, in their order,
    then those they no longer name (in their old order). A group's active winners are then numbered across the
    group's lists (R-26.7)."""
    if winners_list.job_group_id:
        _rerank_group(winners_list)
        return
    named = sorted(
        (w for w in winners if w.application_id in rows_by_app), key=lambda w: (w.result_rank, w.pk)
    )
    others = sorted((w for w in winners if w.application_id not in rows_by_app), key=lambda w: (w.rank, w.pk))
    for number, winner in enumerate([*named, *others], start=1):
        winner.rank = number
    Winner.objects.bulk_update(winners, ["rank"])


def winners_list_follow_result(*, result_id: int, now: dt.datetime | None = None) -> dict | None:
    """R-9.3 after the list was made: the published result was corrected (scoring's exclusion_apply recomputes
    ``rows`` and appends to ``corrections``), and the list follows it. A winner the corrected results no
    longer name leaves the list (their open invitation is cancelled, a post they chose becomes vacant again);
    an appointed one keeps the appointment (the act is the institution's, R-9.3 excludes "from the procedure"
    and the appointment ended it) and HR is given the exclusion to decide on; a candidate the correction makes
    a winner (a scheme with one winner or the top n) is added in rank order and told; the ranks of the others
    follow the corrected ranking; the next winner is invited when a post became vacant. One audit event per
    correction.

    Runs once the correction commits (the receiver of the result's save, WinnersConfig.ready) and from the
    beat for any correction not yet followed. Idempotent: ``corrections_applied`` counts what was followed."""
    given = now
    with transaction.atomic():
        winners_list = WinnersList.objects.filter(result_id=result_id).first()
        if winners_list is None:
            return None  # made later from the corrected rows
        _lock_pool(winners_list)
        winners_list = _list_locked(winners_list.pk)
        result = EvaluationResult.objects.only("pk", "rows", "corrections").get(pk=result_id)
        corrections = len(result.corrections or [])
        if winners_list.corrections_applied >= corrections:
            return None
        at = _correction_time(result, _now(given))
        now = given or at  # right after the correction: its clock
        rows = [row for row in result.rows if row.get("winner") and row.get("application_id")]
        rows_by_app = {row["application_id"]: row for row in rows}
        excluded_apps = {row.get("application_id") for row in result.rows if row.get("excluded")}
        winners = list(
            Winner.objects.select_for_update(of=("self",))
            .filter(winners_list=winners_list)
            .select_related("application__applicant", "post")
        )
        removed, left_to_hr, added = [], [], []
        for winner in winners:
            winner.winners_list = winners_list
            row = rows_by_app.get(winner.application_id)
            if row is not None:
                winner.result_rank = row.get("rank") or winner.result_rank
                continue
            if winner.excluded_at is not None:
                continue  # an earlier correction reached them
            winner.excluded_at = at
            reason = (
                _("Excluded from the procedure for a false declaration (R-9.3); the results were corrected.")
                if winner.application_id in excluded_apps
                else _("The corrected results no longer name this candidate a winner (R-9.3).")
            )
            if winner.state == WinnerState.APPOINTED:
                # Left to HR: the appointment act stands until the institution decides on it.
                winner.save(update_fields=["excluded_at"])
                left_to_hr.append(winner.pk)
                continue
            if winner.state in (WinnerState.CONSENTED,) and winner.post_id:
                post = Post.objects.select_for_update().get(pk=winner.post_id)
                if post.state == PostState.OFFERED:
                    _move_post(post, PostState.VACANT)
                    post.save(update_fields=["state"])
            if winner.state in (*ACTIVE_WINNER_STATES, WinnerState.CONSENTED):
                Invitation.objects.filter(winner=winner, outcome=InvitationOutcome.OPEN).update(
                    outcome=InvitationOutcome.CANCELLED, answered_at=at
                )
                _set_winner_state(winner, WinnerState.WITHDRAWN, at, reason=reason, article="R-9.3")
                winner.save(
                    update_fields=["state", "state_reason", "state_article", "changed_at", "excluded_at"]
                )
                _tell_winner(
                    winner,
                    "removed",
                    reason=reason,
                    article="R-9.3",
                    dedupe_key=f"winners-corrected:{winner.pk}:{corrections}",
                )
                removed.append(winner.pk)
            else:  # declined, withdrawn or expired already: only marked
                winner.save(update_fields=["excluded_at"])
        if winners_list.state == ListState.OPEN:
            known = {winner.application_id for winner in winners}
            top = max((winner.rank for winner in winners), default=0)
            for row in rows:
                if row["application_id"] in known:
                    continue
                top += 1
                winner = Winner.objects.create(
                    winners_list=winners_list,
                    application_id=row["application_id"],
                    rank=top,
                    result_rank=row.get("rank") or top,
                    total=str(row.get("total") or "0"),
                    state_reason=_("Named a winner by the corrected results (R-9.3)."),
                    state_article="R-9.3",
                    changed_at=at,
                )
                winners.append(winner)
                added.append(winner)
        Winner.objects.bulk_update(winners, ["result_rank"])
        _renumber(winners_list, winners, rows_by_app)
        winners_list.corrections_applied = corrections
        winners_list.save(update_fields=["corrections_applied"])
        summary = {
            "result": result_id,
            "correction": corrections,
            "removed": removed,
            "left_to_hr": left_to_hr,
            "added": [winner.pk for winner in added],
        }
        audit_log(actor="system", action="winners.list_follow_correction", obj=winners_list, data=summary)
        for winner in Winner.objects.filter(pk__in=[w.pk for w in added]).select_related(
            "application__applicant", "winners_list__position__announcement__institution"
        ):
            _tell_winner(winner, "listed", dedupe_key=f"winners-listed:{winner.pk}")
        if removed or left_to_hr or added:
            _tell_hr(
                winners_list,
                "corrected",
                correction=corrections,
                removed=len(removed),
                added=len(added),
                left_to_hr=len(left_to_hr),
            )
        if _started(winners_list):
            _invite_next(winners_list, actor=None, now=now)
    return summary


def winners_lists_follow_results(*, now: dt.datetime | None = None) -> int:
    """Beat: each list whose result has a correction the list has not followed yet (R-9.3). Idempotent."""
    pending = [
        result_id
        for result_id, applied, corrections in WinnersList.objects.values_list(
            "result_id", "corrections_applied", "result__corrections"
        )
        if len(corrections or []) > applied
    ]
    return sum(1 for result_id in pending if winners_list_follow_result(result_id=result_id, now=now))


def winner_exclusion_decide(
    *, actor: User, winner: Winner, decision: str, now: dt.datetime | None = None
) -> Winner:
    """HR records what the institution decided about the appointment of a winner excluded after it (R-9.3):
    e.g. the act annulled (then revoked through the appointment) or kept, with its number and date. The item
    leaves HR's Due this week. Idempotent: recorded once."""
    now = _now(now)
    with transaction.atomic():
        winner = _winner_locked(winner.pk)
        require_hr_of(actor, _institution_id(winner.winners_list))
        if winner.exclusion_decided_at is not None:
            return winner
        if winner.excluded_at is None or winner.state != WinnerState.APPOINTED:
            raise WinnersError(_("Nothing to decide: this winner was not excluded after an appointment."))
        if not decision.strip():
            raise WinnersError(_("Say what the institution decided about the appointment."))
        winner.exclusion_decided_at = now
        winner.exclusion_decision = decision.strip()
        winner.save(update_fields=["exclusion_decided_at", "exclusion_decision"])
        audit_log(
            actor=actor,
            action="winners.exclusion_decide",
            obj=winner,
            data={"decision_sha256": text_digest(winner.exclusion_decision)},
        )
    return winner


def run_clocks(*, now: dt.datetime | None = None) -> dict:
    """The beat's one entry: lists for new results, corrections to follow, lapses, expiries, then the
    invitations due."""
    now = _now(now)
    return {
        "lists": winners_lists_create_for_published(now=now),
        "corrected": winners_lists_follow_results(now=now),
        "lapsed": invitations_lapse(now=now),
        "expired": winners_lists_expire(now=now),
        "invited": invitations_send_due(now=now),
    }


__all__ = [
    "ReasonableCause",
    "WinnersError",
    "invitation_cause_record",
    "invitation_consent",
    "invitation_consent_record_paper",
    "invitation_decline",
    "invitations_lapse",
    "invitations_send_due",
    "post_add",
    "post_release",
    "run_clocks",
    "winner_invite",
    "winner_mark_appointed",
    "winner_exclusion_decide",
    "winner_reinstate",
    "winner_remove",
    "winners_list_create",
    "winners_lists_create_for_published",
    "winners_list_expire",
    "winners_list_follow_result",
    "winners_lists_expire",
    "winners_lists_follow_results",
]
