"""allauth adapters: where the portal's account rules differ from allauth's defaults."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.utils.translation import gettext_lazy

from .permissions import requires_second_factor


class PortalMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        # Staff must keep a second factor: they cannot switch it off themselves. A lost phone is
        # handled with a recovery code, or by an administrator deleting the authenticator in the admin.
        return not requires_second_factor(authenticator.user)


def user_display(user) -> str:
    """How allauth names a person on its pages and in its e-mails."""
    return user.email or user.get_username()


def portal_site() -> SimpleNamespace:
    """The portal as allauth's e-mails name it ("Hello from …!"): SITE_NAME, else "Recruitment portal" in the
    language the e-mail is written in, and the host of SITE_URL; never the address a request happened to
    use."""
    return SimpleNamespace(
        name=settings.SITE_NAME or gettext_lazy("Recruitment portal"),
        domain=urlsplit(settings.SITE_URL).netloc or settings.SITE_URL,
    )


class PortalAccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {"current_site": portal_site(), **context})
