"""Appeals to KPMSHCK (R-32, R-40): who appealed what and when, KPMSHCK's decision as HR records it, and what
the decision re-opened. Every change goes through appeals.services; an appeal is never deleted (the
history)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import AppealKind, AppealState, Decision, Effect


class Appeal(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=AppealKind.choices)
    # Denormalised from the procedure (or the probation) so that HR's lists are scoped by one indexed column.
    institution = models.ForeignKey(
        "vacancies.Institution", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="+"
    )
    # the application whose results are appealed. R-40: the application that led to the appointment, so
    # that the appellant's "My applications" shows the appeal beside it.
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    # the probation whose decision not to confirm (its termination) is appealed.
    probation = models.ForeignKey(
        "probation.Probation",
        verbose_name=_("probation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appellant"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    # The date on which the appeal was lodged (the portal's date, or the date on the paper appeal): R-32,
    #
    filed_on = models.DateField(_("lodged on"))
    # The date the clock counted from (the results' publication, the decision not to confirm) and its last
    # day.
    counted_from = models.DateField(_("counted from"))
    last_day = models.DateField(_("last day to appeal"))
    lodged_in_portal = models.BooleanField(_("lodged in the portal by the candidate"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    grounds = models.TextField(_("grounds"))
    # The appeal itself (a paper appeal's scan, or the candidate's attachment): private storage, never a
    # public URL.
    scan_path = models.CharField(
        _("scan of the appeal (private)"), max_length=255, blank=True, editable=False
    )
    scan_sha256 = models.CharField(_("SHA-256 of the scan"), max_length=64, blank=True, editable=False)
    scan_content_type = models.CharField(_("type of the scan"), max_length=100, blank=True, editable=False)

    state = models.CharField(
        _("state"), max_length=10, choices=AppealState.choices, default=AppealState.RECEIVED, editable=False
    )
    # KPMSHCK's decision, recorded by HR from the board's act.
    decision = models.CharField(_("KPMSHCK's decision"), max_length=10, choices=Decision.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_number = models.CharField(_("number of KPMSHCK's decision"), max_length=60, blank=True)
    decision_note = models.TextField(_("what KPMSHCK decided"), blank=True)
    decision_scan_path = models.CharField(
        _("scan of the decision (private)"), max_length=255, blank=True, editable=False
    )
    decision_scan_sha256 = models.CharField(_("SHA-256 of the decision's scan"), max_length=64, blank=True)
    decision_scan_content_type = models.CharField(
        _("type of the decision's scan"), max_length=100, blank=True
    )
    effect = models.CharField(_("effect"), max_length=24, choices=Effect.choices, blank=True)
    effect_note = models.TextField(_("what was re-opened"), blank=True)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decision recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_recorded_at = models.DateTimeField(_("decision recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            # KPMSHCK decides one appeal per candidate and results, one per probation decision.
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(kind="results"),
                name="appeals_one_results_appeal_per_application",
            ),
            models.UniqueConstraint(
                fields=["probation"],
                condition=models.Q(kind="probation"),
                name="appeals_one_appeal_per_probation",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="results", probation__isnull=True)
                | models.Q(kind="probation", probation__isnull=False),
                name="appeals_probation_appeal_names_its_probation",
            ),
            models.CheckConstraint(
                condition=models.Q(state="received", decision="")
                | models.Q(state="decided", decided_on__isnull=False)
                & ~models.Q(decision="")
                & ~models.Q(effect=""),
                name="appeals_decided_has_its_decision",
            ),
        ]
        # HR's list and the due items: the appeals of an institution awaiting a decision.
        indexes = [models.Index(fields=["institution", "state"], name="appeals_inst_state_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.filed_on:%d.%m.%Y}"

    @property
    def is_open(self) -> bool:
        return self.state == AppealState.RECEIVED
