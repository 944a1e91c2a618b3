"""Small helpers the account tests share: verified addresses, the demo mailbox, TOTP codes."""

import html
import re
import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse
from django.utils import translation

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's password


def url(name, language="en", *args, **kwargs):
    with translation.override(language):
        return reverse(name, args=args, kwargs=kwargs)


def verified(user):
    """The account of a person who has confirmed their address (what allauth needs to let them in)."""
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def link_from_mailbox(client, *, to, contains):
    """The newest link to ``to`` containing ``contains``, read from the /mailbox/ demo page as a person would."""
    page = client.get(url("demo_mailbox")).content.decode()
    for article in page.split("<article")[1:]:
        if html.escape(to) in article:
            for href in re.findall(r'href="([^"]+)"', article):
                href = html.unescape(href)
                if contains in href:
                    return href
    raise AssertionError(f"no e-mail to {to} with a link containing {contains!r} in the mailbox")


def activate_totp(user) -> str:
    """Give the user an authenticator app (allauth's own activation helper); returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now (allauth's own HOTP helpers)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def log_in(client, email, password=PASSWORD, language="en"):
    return client.post(url("account_login", language), {"login": email, "password": password})


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session
