"""The final verification of originals (R-29) and the appointment with its reporting clock (R-30).

Every change goes through appointments.services. Published for the apps above (probation, mandates, appeals):
``Appointment.act_date``, ``Appointment.reported_on``, ``Appointment.post`` and ``selectors.appointment_for``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (  # noqa: F401
    APPOINTMENT_TRANSITIONS,
    EXTENSION_TRANSITIONS,
    VERIFICATION_TRANSITIONS,
    AppointmentState,
    CheckKind,
    CheckResult,
    ExtensionState,
    VerificationState,
)


class FinalVerification(models.Model):
    """HR's final verification of a winner who consented (R-29.1): one ``OriginalCheck`` per submitted
    document and per condition of R-29.2; one that differs makes it negative (R-29.4) and removes the
    winner."""

    winner = models.OneToOneField(
        "winners.Winner",
        verbose_name=_("winner"),
        on_delete=models.PROTECT,
        related_name="final_verification",
    )
    state = models.CharField(
        _("result"), max_length=10, choices=VerificationState.choices, default=VerificationState.OPEN
    )
    started_at = models.DateTimeField(_("started at"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("final verification (R-29)")
        verbose_name_plural = _("final verifications (R-29)")
        # HR's due items: the verifications still open.
        indexes = [models.Index(fields=["state"], name="appt_verification_state_idx")]

    def __str__(self):
        return f"{self.winner} · {self.get_state_display()}"


class OriginalCheck(models.Model):
    """One thing checked in the final verification: the original of a submitted document (R-29.2.1, R-29.3),
    or a condition of R-29.2.2 / R-29.2.3; with the reason when it differs (R-29.4)."""

    verification = models.ForeignKey(
        FinalVerification,
        verbose_name=_("final verification"),
        on_delete=models.PROTECT,
        related_name="checks",
    )
    kind = models.CharField(_("what is checked"), max_length=12, choices=CheckKind.choices)
    document = models.ForeignKey(
        "applications.ApplicationDocument",
        verbose_name=_("submitted document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.CharField(_("label"), max_length=255)
    result = models.CharField(
        _("result"), max_length=10, choices=CheckResult.choices, default=CheckResult.UNCHECKED
    )
    reason = models.TextField(_("why it differs"), blank=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["verification", "position", "id"]
        verbose_name = _("check of an original")
        verbose_name_plural = _("checks of originals")

    def __str__(self):
        return f"{self.label}: {self.get_result_display()}"


class Appointment(models.Model):
    """The appointment act of a winner (R-30.1) and its reporting clock (R-30.2, R-30.3)."""

    winner = models.OneToOneField(
        "winners.Winner", verbose_name=_("winner"), on_delete=models.PROTECT, related_name="appointment"
    )
    post = models.ForeignKey(
        "winners.Post", verbose_name=_("post"), on_delete=models.PROTECT, related_name="appointments"
    )
    # The act: HR's protocol number and its date, the day the appointee receives it through the portal
    #
    act_number = models.CharField(_("number of the act"), max_length=60)
    act_date = models.DateField(_("date of the act"))
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=AppointmentState.choices, default=AppointmentState.APPOINTED
    )
    # 14 days from the act; extended on request up to one month in all.
    report_by = models.DateField(_("report to work by (R-30.2)"))
    extension_state = models.CharField(
        _("extension"), max_length=10, choices=ExtensionState.choices, default=ExtensionState.NONE
    )
    extension_requested_at = models.DateTimeField(_("extension requested at"), null=True, blank=True)
    extension_reason = models.TextField(_("reasons given for the extension"), blank=True)
    extension_decided_at = models.DateTimeField(_("extension decided at"), null=True, blank=True)
    extension_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("extension decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_note = models.TextField(_("HR's note on the extension"), blank=True)
    report_by_extended = models.DateField(_("extended deadline (R-30.2)"), null=True, blank=True)
    reported_on = models.DateField(_("reported to work on"), null=True, blank=True)
    reported_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporting recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at (R-30.3)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("appointed by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-act_date", "-id"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        # The beat's query (appointed, past the deadline) and HR's due items.
        indexes = [models.Index(fields=["state", "report_by"], name="appt_state_report_by_idx")]

    def __str__(self):
        return f"{self.act_number} · {self.post}"

    @property
    def deadline(self):
        """The last day to report (R-30.2): the extended one when HR granted it."""
        return self.report_by_extended or self.report_by

    def act_pdf_path(self, language: str) -> str:
        # In the private storage, named by a random token (the act carries the person's name).
        return f"appointments/acts/{self.token.hex}-{language}.pdf"
