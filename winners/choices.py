"""The winners' states and their transition tables (R-26). Imports no models: rules.py and the models read
them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListState(models.TextChoices):
    OPEN = "open", _("open")
    EXPIRED = "expired", _("expired (one year passed, R-26.7)")


LIST_TRANSITIONS = {
    ListState.OPEN: {ListState.EXPIRED},
    ListState.EXPIRED: set(),
}


class PostState(models.TextChoices):
    VACANT = "vacant", _("vacant")
    # Chosen by a winner who consented: held for them until the appointment or their removal.
    OFFERED = "offered", _("chosen by a winner")
    FILLED = "filled", _("filled (appointed)")


POST_TRANSITIONS = {
    PostState.VACANT: {PostState.OFFERED},
    PostState.OFFERED: {PostState.FILLED, PostState.VACANT},
    PostState.FILLED: {PostState.VACANT},  # post_release: e.g. a probation ended in a termination
}


class WinnerState(models.TextChoices):
    WAITING = "waiting", _("waiting for the invitation")
    INVITED = "invited", _("invited to choose a post")
    CONSENTED = "consented", _("chose a post and consented in writing")
    POSTPONED = "postponed", _("postponed for a reasonable cause")
    DECLINED = "declined", _("refused or did not answer")
    WITHDRAWN = "withdrawn", _("removed from the list")
    APPOINTED = "appointed", _("appointed")
    EXPIRED = "expired", _("the list expired")


WINNER_TRANSITIONS = {
    WinnerState.WAITING: {WinnerState.INVITED, WinnerState.WITHDRAWN, WinnerState.EXPIRED},
    WinnerState.INVITED: {
        WinnerState.CONSENTED,
        WinnerState.DECLINED,  # refusal, or silence past the answer's deadline
        WinnerState.POSTPONED,  # a reasonable cause (R-26.4–26.6)
        WinnerState.WITHDRAWN,
        WinnerState.EXPIRED,
    },
    WinnerState.POSTPONED: {WinnerState.INVITED, WinnerState.WITHDRAWN, WinnerState.EXPIRED},
    # a negative final verification, R-30 an appointment revoked: winner_remove.
    WinnerState.CONSENTED: {WinnerState.APPOINTED, WinnerState.WITHDRAWN},
    WinnerState.APPOINTED: {WinnerState.WITHDRAWN},
    # An appeal decided in the winner's favour: winner_reinstate puts them back in their rank.
    WinnerState.DECLINED: {WinnerState.WAITING},
    WinnerState.WITHDRAWN: {WinnerState.WAITING},
    WinnerState.EXPIRED: set(),
}

# The winners still in the race for a post: re-ranked with a later list of the group, expired with
# theirs.
ACTIVE_WINNER_STATES = (WinnerState.WAITING, WinnerState.INVITED, WinnerState.POSTPONED)


class InvitationOutcome(models.TextChoices):
    OPEN = "open", _("awaiting the answer")
    CONSENTED = "consented", _("consented in writing")
    REFUSED = "refused", _("refused")
    LAPSED = "lapsed", _("no answer by the deadline")
    CAUSE_RECORDED = "cause_recorded", _("reasonable cause: postponed")
    CANCELLED = "cancelled", _("cancelled (the winner was removed or the list expired)")


INVITATION_TRANSITIONS = {
    InvitationOutcome.OPEN: {
        InvitationOutcome.CONSENTED,
        InvitationOutcome.REFUSED,
        InvitationOutcome.LAPSED,
        InvitationOutcome.CAUSE_RECORDED,
        InvitationOutcome.CANCELLED,
    },
    InvitationOutcome.CONSENTED: set(),
    InvitationOutcome.REFUSED: set(),
    InvitationOutcome.LAPSED: set(),
    InvitationOutcome.CAUSE_RECORDED: set(),
    InvitationOutcome.CANCELLED: set(),
}


class ReasonableCause(models.TextChoices):
    """R-26.6: the reasonable causes, and only these."""

    ILLNESS = (
        "illness",
        _("illness of the winner, their minor child or spouse, with a medical document (R-26.6.1)"),
    )
    DEATH = "death", _("death of a parent, spouse, child, brother or sister (R-26.6.2)")
    FORCE_MAJEURE = "force_majeure", _("force majeure (R-26.6.3)")


class RemovalReason(models.TextChoices):
    """Why HR takes a winner off the list (winner_remove from the list's page), before any appointment."""

    WITHDREW = "withdrew", _("the winner withdrew from the list in writing")
    DIED = "died", _("the winner has died")
    OTHER = "other", _("another reason, stated below")


# The states from which HR may take a winner off the list: an appointed winner leaves the post through the
# appointment's own procedure (R-30 revocation, the probation's end), never from the list.
HR_REMOVABLE_STATES = (
    WinnerState.WAITING,
    WinnerState.INVITED,
    WinnerState.POSTPONED,
    WinnerState.CONSENTED,
)
