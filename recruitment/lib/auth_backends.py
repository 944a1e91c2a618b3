"""The portal's authentication backends: Django's and allauth's, with the signed-in user read by a query
compiled once per process (issue 13).

Every signed-in request reads its user (``ModelBackend.get_user``: ``User._default_manager.get(pk=...)``);
the ORM compiled that query anew each time, about a million instructions, a fifth of what a signed-in request
costs before its page. These classes read the same row into the same instance (recruitment.lib.compiled) and
apply the same check (``user_can_authenticate``: an inactive account is nobody); signing in, passwords,
permissions and allauth's e-mail log-in are the parents' own. Sessions signed in under the parents' names are
read as these (recruitment/lib/sessions.py).
"""

from __future__ import annotations

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends, get_user_model

from recruitment.lib import compiled


def _user_query(pk: int):
    return get_user_model()._default_manager.filter(pk=pk)


class _UserReadOnce:
    def get_user(self, user_id):
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        rows = compiled.rows(("auth-backends:user",), _user_query, pk)
        user = rows[0] if rows else None
        return user if user is not None and self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(_UserReadOnce, backends.ModelBackend):
    pass


class AuthenticationBackend(_UserReadOnce, allauth_backends.AuthenticationBackend):
    pass


# The parents' dotted names, as sessions signed in before these classes recorded them.
RENAMED = {
    "django.contrib.auth.backends.ModelBackend": f"{__name__}.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": f"{__name__}.AuthenticationBackend",
}
