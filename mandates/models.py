"""A management mandate (R-31): four years from the appointment, one renewal without competition, and the
placement or release at its end. Every change goes through mandates.services; the end is computed
(rules.r31_1_end)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import rules
from .choices import EndOutcome, MandateState, ProposalDecision


class Mandate(models.Model):
    appointment = models.OneToOneField(
        "appointments.Appointment",
        verbose_name=_("appointment"),
        on_delete=models.PROTECT,
        related_name="mandate",
    )
    institution = models.ForeignKey(
        "vacancies.Institution", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="mandates"
    )
    # counted from the appointment act.
    starts_on = models.DateField(_("start of the mandate"))
    mandates_held = models.PositiveSmallIntegerField(_("mandates held"), default=1, editable=False)
    state = models.CharField(
        _("state"), max_length=10, choices=MandateState.choices, default=MandateState.FIRST, editable=False
    )
    # –31.8: whether the holder was a civil servant before the appointment (HR records it).
    was_civil_servant = models.BooleanField(
        _("a civil servant before the appointment"), null=True, blank=True
    )

    # –31.5: the supervisor's proposal to renew, as HR records it, with the mandate's yearly ratings.
    proposed_on = models.DateField(_("renewal proposed on"), null=True, blank=True)
    proposed_by = models.CharField(_("proposed by (direct supervisor)"), max_length=255, blank=True)
    ratings = models.JSONField(_("performance ratings of the mandate"), default=list, blank=True)
    proposal_decision = models.CharField(
        _("decision on the proposal"), max_length=10, choices=ProposalDecision.choices, blank=True
    )
    proposal_decided_on = models.DateField(_("proposal decided on"), null=True, blank=True)
    proposal_refusal = models.TextField(_("why not renewed"), blank=True)

    # –31.9: what followed the end.
    end_outcome = models.CharField(
        _("outcome at the end"), max_length=20, choices=EndOutcome.choices, blank=True
    )
    end_post = models.CharField(_("professional post assigned (R-31.7)"), max_length=255, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_note = models.TextField(_("note"), blank=True)

    created_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("management mandate")
        verbose_name_plural = _("management mandates")
        indexes = [models.Index(fields=["institution", "state"], name="mandate_inst_state_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mandates_held__gte=1, mandates_held__lte=2),
                name="mandate_r31_1_one_renewal",
            ),
        ]

    def __str__(self):
        return f"{self.holder} · {self.starts_on:%d.%m.%Y}"

    @property
    def end(self) -> dt.date:
        return rules.r31_1_end(self.starts_on, self.mandates_held)

    @property
    def proposal_by(self) -> dt.date:
        return rules.r31_4_proposal_by(self.end)
