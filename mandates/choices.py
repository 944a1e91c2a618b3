"""The mandates' choices (R-31): plain values that rules.py imports without the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MandateState(models.TextChoices):
    FIRST = "first", _("First mandate (R-31.1)")
    RENEWED = "renewed", _("Renewed without competition (R-31.3–31.5)")
    ENDED = "ended", _("Ended (R-31.6–31.9)")


class Performance(models.TextChoices):
    """The civil service's yearly performance ratings, highest first; R-31.5 needs an average of at least
    "arrin pritshmëritë" (meets expectations)."""

    FAR_EXCEEDS = "far_exceeds", _("Far exceeds expectations")
    EXCEEDS = "exceeds", _("Exceeds expectations")
    MEETS = "meets", _("Meets expectations")
    PARTLY_MEETS = "partly_meets", _("Partly meets expectations")
    DOES_NOT_MEET = "does_not_meet", _("Does not meet expectations")


# each rating's value for the mandate's average (a higher value is a better rating).
PERFORMANCE_VALUE: dict[str, int] = {
    Performance.FAR_EXCEEDS: 5,
    Performance.EXCEEDS: 4,
    Performance.MEETS: 3,
    Performance.PARTLY_MEETS: 2,
    Performance.DOES_NOT_MEET: 1,
}


class EndOutcome(models.TextChoices):
    """What follows the end of a mandate not renewed, or of the second one (R-31.6–31.9)."""

    PLACED = "placed", _("Placed in a vacant post of the professional category (R-31.7)")
    RELEASED = (
        "released",
        _("Released from the civil service: not a civil servant before the mandate (R-31.8)"),
    )
    REFUSED_PLACEMENT = "refused_placement", _("Released: refused the professional post assigned (R-31.9)")


class ProposalDecision(models.TextChoices):
    """HR's decision on the supervisor's proposal to renew (R-31.3)."""

    PENDING = "pending", _("Awaiting HR's decision")
    RENEWED = "renewed", _("Renewed")
    REFUSED = "refused", _("Not renewed")


MANDATE_TRANSITIONS: dict[str, set[str]] = {
    MandateState.FIRST: {MandateState.RENEWED, MandateState.ENDED},
    MandateState.RENEWED: {MandateState.ENDED},
    MandateState.ENDED: set(),
}
