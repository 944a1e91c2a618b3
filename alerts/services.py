"""Every change of a job alert: subscribe (double opt-in), confirm, unsubscribe, and the beat's sending.
Each in one transaction with its audit event and its outbox message. Audit events carry the subscription's id,
never the e-mail address (the data-protection law: the log is kept longer than the alert)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from audit.services import audit_log
from notifications.services import notify
from recruitment.lib.transitions import mover
from vacancies.selectors import positions_search

from . import rules
from .models import SUBSCRIPTION_TRANSITIONS, AlertMatch, AlertSubscription, SubscriptionStatus

if TYPE_CHECKING:
    pass

ALERT_KIND = "job_alert"
CONFIRM_KIND = "job_alert_confirm"
# A digest lists at most so many vacancies; the rest follow in the next one.
MAX_PER_MESSAGE = 50


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else "subscriber"


def _link(name: str, subscription: AlertSubscription) -> str:
    with translation.override(subscription.language):
        return settings.SITE_URL.rstrip("/") + reverse(name, args=[subscription.token])


def alert_subscribe(
    *,
    email: str,
    user=None,
    language: str,
    q: str = "",
    category: str = "",
    institution: str = "",
    place: str = "",
    frequency: str,
) -> AlertSubscription:
    """A pending alert and the e-mail that asks to confirm it: nothing is sent to an address that did not."""
    with transaction.atomic():
        subscription = AlertSubscription.objects.create(
            email=email.strip(),
            user=user if getattr(user, "is_authenticated", False) else None,
            language=language,
            q=q.strip(),
            category=category,
            institution=institution,
            place=place,
            frequency=frequency,
        )
        audit_log(
            actor=_actor(user),
            action="alerts.subscribed",
            obj=subscription,
            data={"frequency": frequency, "search": subscription.search},
        )
        notify(
            email=subscription.email,
            recipient=subscription.user,
            kind=CONFIRM_KIND,
            template="job_alert_confirm",
            language=language,
            dedupe_key=f"job-alert-confirm:{subscription.pk}",
            context={
                "subscription": subscription,
                "confirm_url": _link("alerts:confirm", subscription),
                "unsubscribe_url": _link("alerts:unsubscribe", subscription),
            },
        )
    return subscription


# A move to the state held does nothing and returns False (a second click, a retried request).
_move = mover(
    SUBSCRIPTION_TRANSITIONS,
    None,
    ValueError,
    "A %(current)s alert can't become %(target)s.",
    idempotent=True,
)


def _token_move(token, target: str, *, stamp: str, action: str, unless=()) -> AlertSubscription | None:
    """The alert of the e-mail's link (``token``) moves to ``target`` once, stamping when (``stamp``) and
    auditing it; None for an unknown token or one in a state of ``unless``."""
    with transaction.atomic():
        subscription = AlertSubscription.objects.select_for_update().filter(token=token).first()
        if subscription is None or subscription.status in unless:
            return None
        if _move(subscription, target):
            setattr(subscription, stamp, timezone.now())
            subscription.save(update_fields=["status", stamp])
            audit_log(actor="subscriber", action=action, obj=subscription)
        return subscription


def alert_confirm(*, token) -> AlertSubscription | None:
    """Double opt-in: the link in the e-mail turns the alert on. None for an unknown or unsubscribed token."""
    return _token_move(
        token,
        SubscriptionStatus.ACTIVE,
        stamp="confirmed_at",
        action="alerts.confirmed",
        unless=(SubscriptionStatus.UNSUBSCRIBED,),
    )


def alert_unsubscribe(*, token) -> AlertSubscription | None:
    """Stops the alert at once (RFC 8058's one click, or the page's button); None for an unknown token."""
    return _token_move(
        token, SubscriptionStatus.UNSUBSCRIBED, stamp="unsubscribed_at", action="alerts.unsubscribed"
    )


def alert_send(*, subscription_id: int, now: dt.datetime | None = None) -> int:
    """Send one alert's new matches, if it is due. Returns how many vacancies were sent.

    Safe to run twice or concurrently: the row is locked (a second worker skips it), each vacancy is recorded
    as sent to the alert under a unique constraint, and an alert that is no longer active is left alone."""
    now = now or timezone.now()
    with transaction.atomic():
        subscription = (
            AlertSubscription.objects.select_for_update(skip_locked=True)
            .filter(pk=subscription_id, status=SubscriptionStatus.ACTIVE)
            .first()
        )
        if subscription is None or not rules.is_due(
            frequency=subscription.frequency, last_run_at=subscription.last_run_at, now=now
        ):
            return 0
        sent = AlertMatch.objects.filter(subscription=subscription).values("position_id")
        with translation.override(subscription.language):
            positions = list(
                positions_search(open_now=True, now=now, **subscription.search).exclude(pk__in=sent)[
                    :MAX_PER_MESSAGE
                ]
            )
            subscription.last_run_at = now
            subscription.save(update_fields=["last_run_at"])
            if not positions:
                return 0
            matches = AlertMatch.objects.bulk_create(
                [AlertMatch(subscription=subscription, position=p) for p in positions]
            )
            key = hashlib.sha256(",".join(str(p.pk) for p in positions).encode()).hexdigest()[:32]
            message = notify(
                email=subscription.email,
                recipient=subscription.user,
                kind=ALERT_KIND,
                template="job_alert",
                language=subscription.language,
                dedupe_key=f"job-alert:{subscription.pk}:{key}",
                context={
                    "subscription": subscription,
                    "positions": positions,
                    "unsubscribe_url": _link("alerts:unsubscribe", subscription),
                },
            )
        if message is not None:
            AlertMatch.objects.filter(pk__in=[m.pk for m in matches]).update(message=message)
        audit_log(
            actor="system",
            action="alerts.sent",
            obj=subscription,
            data={"positions": [p.pk for p in positions]},
        )
        return len(positions)


def alerts_send_due(*, now: dt.datetime | None = None) -> int:
    """The beat's sweep: every active alert whose day or week has come. Returns how many vacancies were
    sent."""
    now = now or timezone.now()
    ids = list(
        AlertSubscription.objects.filter(status=SubscriptionStatus.ACTIVE)
        .order_by("last_run_at", "pk")
        .values_list("pk", flat=True)
    )
    return sum(alert_send(subscription_id=pk, now=now) for pk in ids)


def unsubscribe_headers(message) -> dict:
    """RFC 2369 and RFC 8058 headers of an alert e-mail: a one-click POST to the unsubscribe URL stops it."""
    match = AlertMatch.objects.filter(message_id=message.pk).select_related("subscription").first()
    if match is None:
        return {}
    return {
        "List-Unsubscribe": f"<{_link('alerts:unsubscribe', match.subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
