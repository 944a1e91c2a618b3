"""What winners tells the other apps' pages: the applicant's later steps (recruitment.lib.later_steps) and
HR's due items (recruitment.lib.due_items). Registered in WinnersConfig.ready()."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from recruitment.lib.due_items import DueItem
from recruitment.lib.later_steps import STAGE_WINNERS, Step

from . import rules
from .choices import InvitationOutcome, ListState, WinnerState
from .models import Invitation, Winner, WinnersList

_WINNER_TEXT = {
    WinnerState.WAITING: lambda w: (
        _(
            "You are a winner, number %(rank)s on the list: you will be invited to choose a post in rank "
            "order (R-26.1)."
        )
        % {"rank": w.rank}
    ),
    # Invited, with no open invitation to show (a moment between two steps): said without a link.
    WinnerState.INVITED: lambda w: _("You are invited to choose a post in rank order (R-26.3)."),
    WinnerState.CONSENTED: lambda w: (
        _("You chose the post “%(post)s” and consented in writing (R-26.3).") % {"post": w.post}
    ),
    WinnerState.POSTPONED: lambda w: (
        _("Your choice is postponed for a reasonable cause until %(day)s (R-26.5).")
        % {"day": w.postponed_until.strftime("%d.%m.%Y") if w.postponed_until else ""}
    ),
    WinnerState.DECLINED: lambda w: _("You refused the invitation, or did not answer it in time (R-26.3)."),
    WinnerState.WITHDRAWN: lambda w: (
        _("You were removed from the winners list (%(article)s).") % {"article": w.state_article}
    ),
    WinnerState.APPOINTED: lambda w: _("You were appointed to the post “%(post)s”.") % {"post": w.post},
    WinnerState.EXPIRED: lambda w: _("The winners list expired one year after its publication (R-26.7)."),
}

# Where the winner stands, for the status card of My applications (recruitment.lib.later_steps).
_WINNER_STATUS = {
    WinnerState.WAITING: lambda w: _("Winner, number %(rank)s on the list.") % {"rank": w.rank},
    WinnerState.INVITED: lambda w: _("Winner: invited to choose a post."),
    WinnerState.CONSENTED: lambda w: _("Winner: post chosen."),
    WinnerState.POSTPONED: lambda w: _("Winner: choice of a post postponed."),
    WinnerState.DECLINED: lambda w: _("Winner: invitation refused."),
    WinnerState.WITHDRAWN: lambda w: _("Removed from the winners list."),
    WinnerState.APPOINTED: lambda w: _("Appointed."),
    WinnerState.EXPIRED: lambda w: _("Winners list expired."),
}


def has_winner():
    """The later-steps probe of every step that follows a place on a winners list (this app's, and the
    appointment's, probation's and mandate's, all reached through a Winner): whether the application has one
    (recruitment.lib.later_steps; served by the winner's application index)."""
    return Exists(Winner.objects.filter(application_id=OuterRef("pk")))


def later_steps_for(applications: list) -> dict[int, list[Step]]:
    ids = [a.pk for a in applications]
    winners = Winner.objects.filter(application_id__in=ids).select_related("post", "winners_list")
    open_invitations = {
        i.winner_id: i
        for i in Invitation.objects.filter(winner__application_id__in=ids, outcome=InvitationOutcome.OPEN)
    }
    steps: dict[int, list[Step]] = {}
    for winner in winners:
        invitation = open_invitations.get(winner.pk)
        if winner.state == WinnerState.INVITED and invitation is not None:
            step = Step(
                at=invitation.invited_at,
                text=_("You are invited to choose a post and give your consent in writing (R-26.3)."),
                url=reverse("winners:invitation", args=[invitation.pk]),
                link_text=_("Open your invitation"),
                action=True,
                due=invitation.respond_by,
                order=2,
                status=_WINNER_STATUS[WinnerState.INVITED](winner),
                stage=STAGE_WINNERS,
            )
        else:
            status = _WINNER_STATUS.get(winner.state)
            step = Step(
                at=winner.changed_at,
                text=_WINNER_TEXT[winner.state](winner),
                order=1,
                status=status(winner) if status else "",
                stage=STAGE_WINNERS,
            )
        steps.setdefault(winner.application_id, []).append(step)
    return steps


def _due_item(*, due: dt.date, today: dt.date, text: str, article: str, position, url: str) -> DueItem:
    """One of HR's due items of a position's institution: overdue once its day is past."""
    return DueItem(
        due=due,
        text=text,
        article=article,
        institution_id=position.announcement.institution_id,
        url=url,
        overdue=due < today,
    )


def due_items_for(institution_ids: set[int], start: dt.date, end: dt.date):
    today = timezone.localdate()
    items: list[DueItem] = []
    # lists not yet invited from: the first invitation is due within 7 days of the publication.
    lists = (
        WinnersList.objects.filter(
            state=ListState.OPEN,
            position__announcement__institution__in=institution_ids,
        )
        .exclude(Exists(Invitation.objects.filter(winner__winners_list=OuterRef("pk"))))
        .select_related("position__announcement")
        .annotate(evaluation_id=F("result__evaluation_id"))  # the result's frozen rows are never read here
    )
    for winners_list in lists:
        due = rules.invite_by(winners_list.published_on)
        if due > end:
            continue
        items.append(
            _due_item(
                due=due,
                today=today,
                text=_("Invite the first winner to choose a post: %(position)s")
                % {"position": winners_list.position},
                article="R-26.3",
                position=winners_list.position,
                url=reverse("winners:hr_list", args=[winners_list.evaluation_id]),
            )
        )
    # the consents awaited, by the invitation's deadline.
    invitations = (
        Invitation.objects.filter(
            outcome=InvitationOutcome.OPEN,
            winner__winners_list__position__announcement__institution__in=institution_ids,
            respond_by__date__lte=end,
        )
        .select_related("winner__winners_list__position__announcement")
        .annotate(evaluation_id=F("winner__winners_list__result__evaluation_id"))
    )
    for invitation in invitations:
        winners_list = invitation.winner.winners_list
        due = timezone.localdate(invitation.respond_by)
        items.append(
            _due_item(
                due=due,
                today=today,
                text=_("Consent awaited from winner number %(rank)s: %(position)s")
                % {"rank": invitation.winner.rank, "position": winners_list.position},
                article="R-26.3",
                position=winners_list.position,
                url=reverse("winners:hr_list", args=[invitation.evaluation_id]),
            )
        )
    # an appointed winner excluded by a correction of the results: the institution decides on the act;
    # due from the day of the correction until HR records the decision.
    excluded = (
        Winner.objects.filter(
            state=WinnerState.APPOINTED,
            excluded_at__isnull=False,
            exclusion_decided_at__isnull=True,
            winners_list__position__announcement__institution__in=institution_ids,
        )
        .select_related("winners_list__position__announcement")
        .annotate(evaluation_id=F("winners_list__result__evaluation_id"))
    )
    for winner in excluded:
        position = winner.winners_list.position
        due = timezone.localdate(winner.excluded_at)
        items.append(
            _due_item(
                due=due,
                today=today,
                text=_(
                    "Appointed winner number %(rank)s was excluded for a false declaration: record the "
                    "institution's decision on the appointment: %(position)s"
                )
                % {"rank": winner.rank, "position": position},
                article="R-9.3",
                position=position,
                url=reverse("winners:hr_exclusion_decide", args=[winner.pk]),
            )
        )
    return items
