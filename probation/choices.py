"""The probation's choices (R-33 … R-39): plain values that rules.py imports without the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProbationState(models.TextChoices):
    RUNNING = "running", _("On probation (R-33)")
    CONFIRMED = "confirmed", _("Confirmed in the civil service (R-39.4)")
    TERMINATED = "terminated", _("Not confirmed: employment ended (R-39.5)")
    # KPMSHCK upheld the appeal against the termination (recorded by the appeals app through our
    # service).
    ANNULLED = "annulled", _("Termination annulled on appeal (R-40)")


class SuspensionCause(models.TextChoices):
    """R-33.4: "pushimit të lehonisë, pushimit të atësisë, pushimit prindëror, pushimit mjekësor, shërbimit
    ushtarak, fushatës zgjedhore dhe/apo rrethanave të tjera të veçanta"."""

    MATERNITY = "maternity", _("Maternity leave")
    PATERNITY = "paternity", _("Paternity leave")
    PARENTAL = "parental", _("Parental leave")
    MEDICAL = "medical", _("Medical leave")
    MILITARY = "military", _("Military service")
    ELECTORAL = "electoral", _("Electoral campaign")
    OTHER = "other", _("Other special circumstance")


class Outcome(models.TextChoices):
    """The direct supervisor's written decision (R-39.1, R-39.3, R-39.6)."""

    CONFIRM = "confirm", _("Confirm the employment")
    EXTEND = "extend", _("Extend the probation (R-39.6)")
    TERMINATE = "terminate", _("Do not confirm: end the employment")


class CivilServiceCategory(models.TextChoices):
    """The categories of the civil service, lowest first (R-2.1 lists professional, specialist, lower and
    middle management; senior management sits above them in the Law). R-35.3 compares a mentor's category with
    the employee's by this order."""

    PROFESSIONAL = "professional", _("Professional")
    SPECIALIST = "specialist", _("Specialist")
    LOWER_MANAGEMENT = "lower_management", _("Lower management")
    MIDDLE_MANAGEMENT = "middle_management", _("Middle management")
    SENIOR_MANAGEMENT = "senior_management", _("Senior management")


# the order of the categories (a higher number is a higher category).
CATEGORY_RANK: dict[str, int] = {
    value: rank for rank, value in enumerate(CivilServiceCategory.values, start=1)
}

PROBATION_TRANSITIONS: dict[str, set[str]] = {
    ProbationState.RUNNING: {ProbationState.CONFIRMED, ProbationState.TERMINATED},
    ProbationState.CONFIRMED: set(),
    ProbationState.TERMINATED: {ProbationState.ANNULLED},
    ProbationState.ANNULLED: set(),
}
