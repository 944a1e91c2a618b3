from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .permissions import is_committee_member, is_hr, observer_of


class _Roles:
    """What the signed-in person is, for the navigation: read only when a template asks, one query each."""

    def __init__(self, user):
        self.user = user

    @property
    def hr(self) -> bool:
        return is_hr(self.user)

    @property
    def committee_member(self) -> bool:
        return is_committee_member(self.user)

    @property
    def observer(self) -> bool:
        return observer_of(self.user) is not None


def portal(request):
    user = getattr(request, "user", None)
    roles = SimpleLazyObject(lambda: _Roles(user)) if user is not None and user.is_authenticated else None
    return {"DEMO_MAILBOX": settings.DEMO_MAILBOX, "roles": roles}
