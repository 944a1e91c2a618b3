"""The appointments' choices (R-29, R-30): plain values that rules.py imports without the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VerificationState(models.TextChoices):
    """The final verification of originals before the appointment (R-29)."""

    OPEN = "open", _("Being verified (R-29.1)")
    POSITIVE = "positive", _("Positive: the conditions are met (R-29)")
    NEGATIVE = "negative", _("Negative: removed from the winners list (R-29.4)")


class CheckKind(models.TextChoices):
    """What one row of the final verification checks (R-29.2)."""

    DOCUMENT = "document", _("Original of a submitted document (R-29.2.1)")
    CAPACITY = "capacity", _("Full legal capacity and fit for the duty (R-29.2.2)")
    CONDITIONS = "conditions", _("Still meets the other conditions of the Law (R-29.2.3)")


class CheckResult(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    MATCHES = "matches", _("Matches / met")
    DIFFERS = "differs", _("Differs / not met")


class AppointmentState(models.TextChoices):
    APPOINTED = "appointed", _("Appointed: to report to work (R-30.2)")
    REPORTED = "reported", _("Reported to work")
    REVOKED = "revoked", _("Revoked: did not report in time (R-30.3)")


class ExtensionState(models.TextChoices):
    """The appointee's request to report later, for reasonable causes (R-30.2)."""

    NONE = "none", _("Not requested")
    REQUESTED = "requested", _("Requested, awaiting HR's decision")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


# The appointment's transitions: state -> states its services may move it to.
APPOINTMENT_TRANSITIONS: dict[str, set[str]] = {
    AppointmentState.APPOINTED: {AppointmentState.REPORTED, AppointmentState.REVOKED},
    AppointmentState.REPORTED: set(),
    AppointmentState.REVOKED: set(),
}

VERIFICATION_TRANSITIONS: dict[str, set[str]] = {
    VerificationState.OPEN: {VerificationState.POSITIVE, VerificationState.NEGATIVE},
    VerificationState.POSITIVE: set(),
    VerificationState.NEGATIVE: set(),
}

EXTENSION_TRANSITIONS: dict[str, set[str]] = {
    ExtensionState.NONE: {ExtensionState.REQUESTED},
    ExtensionState.REQUESTED: {ExtensionState.GRANTED, ExtensionState.REFUSED},
    ExtensionState.GRANTED: set(),
    ExtensionState.REFUSED: set(),
}
