"""allauth adapters: where the portal's account rules differ from allauth's defaults."""

from allauth.mfa.adapter import DefaultMFAAdapter

from .permissions import requires_second_factor


class PortalMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator) -> bool:
        # Staff must keep a second factor: they cannot switch it off themselves. A lost phone is
        # handled with a recovery code, or by an administrator deleting the authenticator in the admin.
        return not requires_second_factor(authenticator.user)


def user_display(user) -> str:
    """How allauth names a person on its pages and in its e-mails."""
    return user.email or user.get_username()
