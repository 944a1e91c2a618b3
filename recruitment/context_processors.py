from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .permissions import is_committee_member, is_hr, is_registered_observer, load_roles


class _Roles:
    """What the signed-in person is, for the navigation: read only when a template asks, all in the one roles
    query (none when the middleware's roles query of this request already filled the caches)."""

    def __init__(self, user):
        self.user = user
        load_roles(user)

    @property
    def hr(self) -> bool:
        return is_hr(self.user)

    @property
    def committee_member(self) -> bool:
        return is_committee_member(self.user)

    @property
    def observer(self) -> bool:
        return is_registered_observer(self.user)


def portal(request):
    user = getattr(request, "user", None)
    roles = SimpleLazyObject(lambda: _Roles(user)) if user is not None and user.is_authenticated else None
    return {"DEMO_MAILBOX": settings.DEMO_MAILBOX, "roles": roles}
