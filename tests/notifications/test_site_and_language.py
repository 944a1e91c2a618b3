"""Messages in the reader's language wherever they are shown, and the portal's own name and address in e-mails
(issue 9): the inbox and the demo mailbox follow the language the reader chose, not the one the message was sent
in; allauth's e-mails greet with SITE_NAME (else "Recruitment portal" in the e-mail's language), never with the
host a request came in on; the "verify your e-mail" page points to the demo mailbox when there is one."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from notifications.models import Message, StoredEmail
from notifications.services import message_deliver, notify

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_mail(settings):
    cache.clear()  # allauth's rate limits
    settings.EMAIL_BACKEND = "notifications.backends.DatabaseEmailBackend"
    settings.DEMO_MAILBOX = True
    yield
    cache.clear()


def _albanian_message(applicant) -> Message:
    with transaction.atomic():
        message = notify(
            recipient=applicant,
            kind="test.generic",
            template="generic",
            language="sq",
            context={"subject": "Njoftim", "text": "Teksti i njoftimit."},
        )
    assert message_deliver(message_id=message.pk)
    return message


def _page(client, name: str, language: str) -> str:
    with translation.override(language):
        return client.get(reverse(name)).content.decode()


def test_a_message_sent_in_albanian_is_read_in_english_in_the_inbox_after_switching_language(applicant):
    message = _albanian_message(applicant)
    assert "Portali i rekrutimit" in message.body  # the e-mail went out in the recipient's language
    client = Client()
    client.force_login(applicant)
    english, albanian = _page(client, "notifications:inbox", "en"), _page(client, "notifications:inbox", "sq")
    assert "Recruitment portal" in english and "Portali i rekrutimit" not in english
    assert "Portali i rekrutimit" in albanian


def test_the_demo_mailbox_shows_a_portal_message_in_the_reader_s_language_too(applicant):
    _albanian_message(applicant)
    assert StoredEmail.objects.get().message is not None
    serbian = _page(Client(), "demo_mailbox", "sr-latn")
    assert "Portal za zapošljavanje" in serbian and "Portali i rekrutimit" not in serbian


def test_message_links_use_the_configured_site_url(settings, applicant):
    settings.SITE_URL = "http://portal.example.org:8101"
    message = _albanian_message(applicant)
    assert "http://portal.example.org:8101" in message.body and "127.0.0.1:8000" not in message.body


def _sign_up_mail(client) -> StoredEmail:
    with translation.override("en"):
        url = reverse("account_signup")
    response = client.post(
        url,
        {
            "email": "drita@example.org",
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
        },
        HTTP_HOST="127.0.0.1:8101",
    )
    assert response.status_code == 302
    return StoredEmail.objects.get(to="drita@example.org")


def test_the_sign_up_e_mail_greets_with_the_portal_s_name_not_the_host_it_was_served_on(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    mail = _sign_up_mail(Client())
    assert "Hello from Recruitment portal!" in mail.body
    assert "Hello from 127.0.0.1:8101" not in mail.body


def test_the_sign_up_e_mail_uses_site_name_when_it_is_set(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.SITE_NAME = "KQZ Rekrutimi"
    assert "Hello from KQZ Rekrutimi!" in _sign_up_mail(Client()).body


@pytest.mark.parametrize("mailbox", [True, False])
def test_the_verify_your_e_mail_page_points_to_the_demo_mailbox_only_when_there_is_one(settings, mailbox):
    settings.DEMO_MAILBOX = mailbox
    with translation.override("en"):
        page = Client().get(reverse("account_email_verification_sent")).content.decode()
        mailbox_url = reverse("demo_mailbox")
    assert (f'href="{mailbox_url}"' in page) is mailbox
    assert ("demo mailbox" in page) is mailbox
