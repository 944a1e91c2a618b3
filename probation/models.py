"""The probation after an appointment (R-33 … R-39). Every change goes through probation.services; the dates
of the clocks are never stored: they are computed from the act's date, the suspensions and the extension
(rules.r33_4_end, rules.clocks), so a suspension recorded late moves every clock at once."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules
from .choices import CivilServiceCategory, Outcome, ProbationState, SuspensionCause


class Probation(models.Model):
    appointment = models.OneToOneField(
        "appointments.Appointment",
        verbose_name=_("appointment"),
        on_delete=models.PROTECT,
        related_name="probation",
    )
    # Denormalised from the appointment so that HR's lists and the due items are scoped by one indexed column.
    institution = models.ForeignKey(
        "vacancies.Institution", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="probations",
    )
    # "nga data e nënshkrimit të aktit të emërimit".
    act_date = models.DateField(_("date of the appointment act"))
    # the facts the mentor is checked against.
    unit = models.CharField(_("organisational unit"), max_length=255, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=CivilServiceCategory.choices)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=ProbationState.choices,
        default=ProbationState.RUNNING,
        editable=False,
    )
    # the months of extension decided by the supervisor, in all (at most 6).
    extension_months = models.PositiveSmallIntegerField(_("extended by (months)"), default=0, editable=False)

    # the mentor, as HR records the facts.
    mentor_name = models.CharField(_("mentor"), max_length=255, blank=True)
    mentor_unit = models.CharField(_("mentor's unit"), max_length=255, blank=True)
    mentor_category = models.CharField(
        _("mentor's category"), max_length=20, choices=CivilServiceCategory.choices, blank=True
    )
    mentor_in_post_since = models.DateField(_("mentor in the post since"), null=True, blank=True)
    mentor_assigned_on = models.DateField(_("mentor assigned on"), null=True, blank=True)

    # HR's written request to the supervisor (the current end's; cleared by an extension).
    evaluation_requested_on = models.DateField(_("evaluation requested on"), null=True, blank=True)
    # –38.3: the meeting and the day its notice reached the employee.
    meeting_on = models.DateField(_("evaluation meeting on"), null=True, blank=True)
    meeting_announced_on = models.DateField(_("meeting announced on"), null=True, blank=True)

    # the supervisor's reasoned written decision, as received by HR.
    outcome = models.CharField(_("supervisor's decision"), max_length=10, choices=Outcome.choices, blank=True)
    decision_received_on = models.DateField(_("decision received on"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons given"), blank=True)
    supervisor_name = models.CharField(_("direct supervisor"), max_length=255, blank=True)

    # –39.5, R-39.7: the act of confirmation or termination, issued when HR informs the employee.
    act_number = models.CharField(_("number of the act"), max_length=60, blank=True)
    decided_on = models.DateField(_("date of the act"), null=True, blank=True)
    act_pdf_path = models.CharField(_("act (private file)"), max_length=255, blank=True, editable=False)
    informed_on = models.DateField(_("employee informed on"), null=True, blank=True)

    # a termination annulled by KPMSHCK (recorded by the appeals app through
    # probation_termination_annul).
    annulled_on = models.DateField(_("termination annulled on"), null=True, blank=True)
    annulment_reason = models.TextField(_("why the termination was annulled"), blank=True)

    created_at = models.DateTimeField(_("started in the portal at"))

    class Meta:
        ordering = ["act_date", "id"]
        verbose_name = _("probation")
        verbose_name_plural = _("probations")
        indexes = [models.Index(fields=["institution", "state"], name="probation_inst_state_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extension_months__lte=6), name="probation_r39_6_six_months"
            ),
        ]

    def __str__(self):
        return f"{self.employee} · {self.act_date:%d.%m.%Y}"

    def end(self, today: dt.date | None = None) -> dt.date:
        """R-33.1, R-33.4, R-39.6: the end, moved by the suspensions (prefetched or read) and the
        extension."""
        periods = [(s.starts_on, s.ends_on) for s in self.suspensions.all()]
        return rules.r33_4_end(self.act_date, periods, extension_months=self.extension_months, as_of=today)

    def clocks(self, today: dt.date | None = None) -> rules.Clocks:
        return rules.clocks(self.end(today))

    @property
    def is_suspended(self) -> bool:
        return any(s.ends_on is None for s in self.suspensions.all())

    @property
    def meeting_held(self) -> bool:
        return self.meeting_on is not None


class Suspension(models.Model):
    """R-33.4: a period the probation is suspended for, both days included; an open one has no last day
    yet."""

    probation = models.ForeignKey(
        Probation, verbose_name=_("probation"), on_delete=models.CASCADE, related_name="suspensions"
    )
    cause = models.CharField(_("cause"), max_length=12, choices=SuspensionCause.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to (included)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="suspension_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.get_cause_display()} {self.starts_on:%d.%m.%Y}"
