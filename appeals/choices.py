"""Appeals to KPMSHCK: their kinds, states, KPMSHCK's decisions and what a decision does (R-32, R-40).

Imports nothing of models: the transition tables are read by rules.py and services.py alike.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealKind(models.TextChoices):
    # "pas shpalljes së rezultateve përfundimtare kanë të drejtë ankese në KPMSHCK".
    RESULTS = "results", _("Appeal against the results (R-32)")
    # "ankesë kundër këtij vendimi [për moskonfirmim] ... në KPMSHCK".
    PROBATION = "probation", _("Appeal against the probation decision (R-40)")


class AppealState(models.TextChoices):
    RECEIVED = "received", _("Awaiting KPMSHCK's decision")
    DECIDED = "decided", _("Decided by KPMSHCK")


class Decision(models.TextChoices):
    """KPMSHCK's decision as HR records it from the board's act."""

    UPHELD = "upheld", _("Upheld")
    PARTLY = "partly", _("Partly upheld")
    REJECTED = "rejected", _("Rejected")


class Effect(models.TextChoices):
    """What the decision re-opens, done through the owning app's published service (never written here)."""

    NONE = "none", _("The outcome stands")
    # An upheld results appeal of a winner removed from the list: winners.winner_reinstate.
    WINNER_REINSTATED = "winner_reinstated", _("The candidate is put back on the winners list")
    # KPMSHCK orders a corrected ranking: HR corrects it (scoring) and the winners list follows; recorded here
    # with HR's note so that the appellant and the history say what changed.
    RANKING_CORRECTED = "ranking_corrected", _("The ranking is corrected as KPMSHCK decided")
    # R-40 upheld: the termination is annulled (probation's service) and the employee keeps the post.
    TERMINATION_ANNULLED = (
        "termination_annulled",
        _("The termination is annulled; the employee keeps the post"),
    )
    # ends: the termination stands, the post held vacant is released (winners.post_release).
    POST_RELEASED = "post_released", _("The termination stands; the post is released")


# The only moves a service may make.
APPEAL_TRANSITIONS: dict[str, set[str]] = {
    AppealState.RECEIVED: {AppealState.DECIDED},
    AppealState.DECIDED: set(),
}

# Which effects HR may choose for a decision, per kind. A rejection changes nothing of the outcome; for a
# probation appeal it ends the hold (the post is released). "Partly" leaves HR the choice KPMSHCK's act
# makes.
ALLOWED_EFFECTS: dict[tuple[str, str], set[str]] = {
    (AppealKind.RESULTS, Decision.UPHELD): {Effect.WINNER_REINSTATED, Effect.RANKING_CORRECTED, Effect.NONE},
    (AppealKind.RESULTS, Decision.PARTLY): {Effect.WINNER_REINSTATED, Effect.RANKING_CORRECTED, Effect.NONE},
    (AppealKind.RESULTS, Decision.REJECTED): {Effect.NONE},
    (AppealKind.PROBATION, Decision.UPHELD): {Effect.TERMINATION_ANNULLED},
    (AppealKind.PROBATION, Decision.PARTLY): {Effect.TERMINATION_ANNULLED, Effect.POST_RELEASED},
    (AppealKind.PROBATION, Decision.REJECTED): {Effect.POST_RELEASED},
}


class PostHold(models.TextChoices):
    """R-40.2 for a post whose holder was not confirmed."""

    HELD = "held", _("Held vacant (R-40.2)")
    RELEASE = "release", _("To be released")
    KEPT = "kept", _("Kept by the employee (termination annulled)")
