"""Job alerts: double opt-in, sent once per new match through the outbox, never after unsubscribing, with the
one-click unsubscribe headers of RFC 8058."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from alerts import services
from alerts.models import AlertMatch, AlertSubscription
from audit.services import audit_verify
from notifications.models import Message
from notifications.services import message_deliver
from tests.factories import AnnouncementFactory, PositionFactory


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://portal.example.org"


@pytest.fixture
def legal(db, institution):
    return PositionFactory(
        announcement=AnnouncementFactory(institution=institution),
        title_sq="Zyrtar ligjor",
        title_en="Legal officer",
        category="professional",
    )


def _subscribe(client, **extra):
    data = {
        "email": "reader@example.org",
        "q": "",
        "category": "professional",
        "institution": "",
        "frequency": "daily",
        "consent": "on",
        **extra,
    }
    response = client.post("/en/alerts/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return AlertSubscription.objects.get(email=data["email"])


def _link(body, kind):
    return re.search(rf"https://portal\.example\.org(/\S+/{kind}/)", body).group(1)


def _confirm(client, subscription):
    body = Message.objects.get(kind=services.CONFIRM_KIND).body
    path = _link(body, "confirm")
    assert client.get(path).status_code == 200  # asks only
    subscription.refresh_from_db()
    assert subscription.status == "pending"
    client.post(path)
    subscription.refresh_from_db()
    return subscription


def _alerts():
    return Message.objects.filter(kind=services.ALERT_KIND)


def test_nothing_is_sent_before_the_address_confirms_the_alert(client, legal):
    subscription = _subscribe(client)
    assert Message.objects.filter(kind=services.CONFIRM_KIND, email="reader@example.org").count() == 1
    services.alerts_send_due()
    assert not _alerts().exists()
    assert _confirm(client, subscription).status == "active"


def test_a_new_match_is_sent_once_whatever_the_number_of_runs(client, legal):
    subscription = _confirm(client, _subscribe(client))
    now = timezone.now()
    assert services.alerts_send_due(now=now) == 1
    assert services.alerts_send_due(now=now) == 0  # the same run again
    assert services.alerts_send_due(now=now + dt.timedelta(days=2)) == 0  # the next day: nothing new
    (message,) = _alerts()
    assert "Legal officer" in message.body and message.language == "en"
    assert list(
        AlertMatch.objects.filter(subscription=subscription).values_list("position_id", flat=True)
    ) == [legal.pk]
    newer = PositionFactory(
        announcement=AnnouncementFactory(institution=legal.announcement.institution),
        title_en="Auditor",
        category="professional",
    )
    PositionFactory(announcement=AnnouncementFactory(), category="specialist")  # does not match the search
    assert services.alerts_send_due(now=now + dt.timedelta(hours=12)) == 0  # a daily alert waits its day
    assert services.alerts_send_due(now=now + dt.timedelta(days=3)) == 1
    assert _alerts().count() == 2 and "Auditor" in _alerts().first().body
    assert AlertMatch.objects.filter(position=newer).count() == 1


def test_a_weekly_alert_waits_a_week(client, legal):
    _confirm(client, _subscribe(client, frequency="weekly"))
    now = timezone.now()
    services.alerts_send_due(now=now)
    PositionFactory(announcement=AnnouncementFactory(), category="professional")
    assert services.alerts_send_due(now=now + dt.timedelta(days=3)) == 0
    assert services.alerts_send_due(now=now + dt.timedelta(days=7)) == 1


def test_nothing_is_sent_after_unsubscribing(client, legal):
    subscription = _confirm(client, _subscribe(client))
    services.alerts_send_due()
    body = _alerts().get().body
    path = _link(body, "unsubscribe")
    assert client.get(path).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "active"  # a GET (a link checker) stops nothing
    client.post(path)
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed"
    PositionFactory(announcement=AnnouncementFactory(), category="professional")
    assert services.alerts_send_due(now=timezone.now() + dt.timedelta(days=30)) == 0
    assert _alerts().count() == 1


def test_the_alert_email_carries_the_one_click_unsubscribe_headers_and_they_work(client, legal):
    subscription = _confirm(client, _subscribe(client))
    services.alerts_send_due()
    message = _alerts().get()
    mail.outbox.clear()
    message_deliver(message_id=message.pk) or message.refresh_from_db()
    (email,) = [m for m in mail.outbox if m.subject == message.subject]
    unsubscribe = email.extra_headers["List-Unsubscribe"]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<https://portal\.example\.org/\S+/unsubscribe/>", unsubscribe)
    # RFC 8058: the mail client POSTs the form body, without a CSRF token or a cookie.
    path = unsubscribe[1:-1].removeprefix("https://portal.example.org")
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed"


def test_the_confirmation_email_has_no_unsubscribe_headers(client, legal):
    _subscribe(client)
    message = Message.objects.get(kind=services.CONFIRM_KIND)
    mail.outbox.clear()
    message_deliver(message_id=message.pk)
    assert all("List-Unsubscribe" not in m.extra_headers for m in mail.outbox)


def test_subscribing_needs_the_consent_and_a_valid_address(client, db):
    response = client.post("/en/alerts/", {"email": "not-an-address", "frequency": "daily"})
    assert response.status_code == 200 and not AlertSubscription.objects.exists()


def test_an_unknown_token_is_not_found(client, db):
    assert client.get("/en/alerts/00000000-0000-0000-0000-000000000000/unsubscribe/").status_code == 404
    assert client.get("/en/alerts/00000000-0000-0000-0000-000000000000/confirm/").status_code == 404


def test_the_audit_log_records_each_step_without_the_address(client, legal):
    from audit.models import Event

    subscription = _confirm(client, _subscribe(client))
    services.alerts_send_due()
    services.alert_unsubscribe(token=subscription.token)
    events = list(Event.objects.filter(object_type="alerts.alertsubscription").values_list("action", "data"))
    assert [a for a, _d in events] == [
        "alerts.subscribed",
        "alerts.confirmed",
        "alerts.sent",
        "alerts.unsubscribed",
    ]
    assert "reader@example.org" not in str(events)
    assert audit_verify() == []
