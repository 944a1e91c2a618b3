"""Staff see no candidate's data before they have used a second factor in this session.

Who counts as staff is recruitment.permissions.requires_second_factor (extensible by other apps).
Whether the session used a second factor is what allauth itself records: its list of the
session's authentication methods holds an "mfa" entry after a sign-in with an authenticator code
or recovery code, and after an MFA reauthentication. We keep no flag of our own.
"""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from .permissions import requires_second_factor


def used_second_factor(request) -> bool:
    """Whether allauth recorded an MFA authentication of this user in this session."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


class SecondFactorRequiredMiddleware:
    """Redirects a signed-in staff user who has not used a second factor in this session.

    Without an authenticator they go to the authenticator-app setup; with one, to allauth's
    MFA reauthentication, which asks for a code and records it (this happens to sessions
    opened before the app was activated). Exempt: every allauth page (log-in, log-out, MFA,
    e-mail, password), the views named in SECOND_FACTOR_EXEMPT_VIEWS (the public vacancy pages,
    /healthz, the language switch) and static files. The admin's own log-in form is replaced
    by allauth's, which asks for the code and applies the rate limits.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt_views = frozenset(settings.SECOND_FACTOR_EXEMPT_VIEWS)
        self.exempt_only_if_public = dict(getattr(settings, "SECOND_FACTOR_EXEMPT_ONLY_IF_PUBLIC", {}))

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        user = request.user
        if match.view_name == "admin:login" and (not user.is_authenticated or request.method == "POST"):
            # The admin's form would sign in with a password alone and outside allauth's rate limits.
            return HttpResponseRedirect(
                _with_next(reverse("account_login"), request.GET.get("next") or reverse("admin:index"))
            )
        exempt = self._is_exempt(request, match, view_func)
        if exempt and match.view_name not in self.exempt_only_if_public:
            return None
        # Cheapest first: the session is already loaded; requires_second_factor may query.
        if not user.is_authenticated or used_second_factor(request) or not requires_second_factor(user):
            return None
        if exempt and self._public(match.view_name, view_kwargs):
            return None
        return self._ask_for_second_factor(request)

    def _public(self, view_name, view_kwargs) -> bool:
        """Whether the object in the URL is public (a published announcement), not a staff-only preview."""
        model_label, kwarg, public_lookup = self.exempt_only_if_public[view_name]
        model = apps.get_model(model_label)
        return model._default_manager.filter(pk=view_kwargs.get(kwarg), **public_lookup).exists()

    def _is_exempt(self, request, match, view_func) -> bool:
        if match.view_name in self.exempt_views:
            return True
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        # allauth's views: log-in and log-out, MFA setup and authentication, e-mail, password.
        return (getattr(view_func, "__module__", "") or "").startswith("allauth.")

    def _ask_for_second_factor(self, request):
        if is_mfa_enabled(request.user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]):
            url = _with_next(reverse("mfa_reauthenticate"), request.get_full_path())
            messages.info(request, _("Enter a code from your authenticator app to continue."))
        else:
            url = reverse("mfa_activate_totp")
            messages.warning(
                request,
                _(
                    "Staff accounts must use two-factor authentication. Set up an authenticator app to "
                    "continue."
                ),
            )
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
