"""Job alerts: a saved search of the open vacancies, confirmed by e-mail (double opt-in), sent daily or
weekly."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the confirmation by e-mail")
    ACTIVE = "active", _("Active")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


# The only moves of a subscription (services.py makes them).
SUBSCRIPTION_TRANSITIONS = {
    SubscriptionStatus.PENDING: {SubscriptionStatus.ACTIVE, SubscriptionStatus.UNSUBSCRIBED},
    SubscriptionStatus.ACTIVE: {SubscriptionStatus.UNSUBSCRIBED},
    SubscriptionStatus.UNSUBSCRIBED: set(),
}


class AlertSubscription(models.Model):
    email = models.EmailField(_("e-mail"))
    # Set when the person was signed in; an alert needs no account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="job_alerts",
    )
    language = models.CharField(_("language"), max_length=10)
    # The search, as the open vacancies' filters take it (vacancies.selectors.positions_search).
    q = models.CharField(_("words"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, blank=True)
    institution = models.CharField(_("institution"), max_length=30, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    frequency = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.PENDING,
        editable=False,
    )
    # The key of the confirmation and unsubscribe links: random, never derived from the address.
    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True, editable=False)
    # When the beat last looked for new matches (sent or not): the next look is a day or a week later.
    last_run_at = models.DateTimeField(_("last run at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job alert")
        verbose_name_plural = _("job alerts")
        indexes = [
            # The beat's query: active alerts, least recently run first.
            models.Index(fields=["last_run_at"], name="alert_active", condition=models.Q(status="active")),
            models.Index(fields=["email"], name="alert_by_email"),
        ]

    def __str__(self):
        return f"{self.email} · {self.get_frequency_display()} · {self.get_status_display()}"

    @property
    def search(self) -> dict:
        return {"q": self.q, "category": self.category, "institution": self.institution, "place": self.place}


class AlertMatch(models.Model):
    """A vacancy sent to a subscription: once, whatever the number of runs (the unique constraint)."""

    subscription = models.ForeignKey(
        AlertSubscription, verbose_name=_("subscription"), on_delete=models.CASCADE, related_name="matches"
    )
    position = models.ForeignKey(
        "vacancies.Position", verbose_name=_("position"), on_delete=models.CASCADE, related_name="+"
    )
    matched_at = models.DateTimeField(_("matched at"), auto_now_add=True)
    message = models.ForeignKey(
        "notifications.Message",
        verbose_name=_("message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["subscription", "matched_at", "id"]
        verbose_name = _("vacancy sent by a job alert")
        verbose_name_plural = _("vacancies sent by job alerts")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "position"], name="alert_position_once"),
        ]

    def __str__(self):
        return f"{self.subscription_id} · {self.position_id}"
