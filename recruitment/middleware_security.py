"""Sessions that end when left alone, and private pages no cache keeps.

SessionTimeoutMiddleware signs a person out after SESSION_IDLE_TIMEOUT seconds without a request
(SESSION_IDLE_TIMEOUT_STAFF for staff: HR, committee members, admins, who see other people's data), and in
any case SESSION_ABSOLUTE_TIMEOUT seconds after the sign-in. The last activity is written at most once a
minute, so a page view does not always write the session.

PrivateNoStoreMiddleware marks every response to a signed-in person (and to anyone whose session holds
something, e.g. a candidate at the written test) `Cache-Control: no-store`: pages and files with personal
data never stay in a browser's or a proxy's cache. Public pages to anonymous visitors keep their caching.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

from .permissions import requires_second_factor

SIGNED_IN_AT = "_portal_signed_in_at"
LAST_SEEN_AT = "_portal_last_seen_at"
IS_STAFF = "_portal_staff"
# The last activity is rewritten only when it is older than this: a session row is not written per request.
_TOUCH_EVERY = 60


def idle_timeout_for(*, staff: bool) -> int:
    return settings.SESSION_IDLE_TIMEOUT_STAFF if staff else settings.SESSION_IDLE_TIMEOUT


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = int(time.time())
            if SIGNED_IN_AT not in session:
                # The first request of this sign-in (log-in cycles the session key and keeps its data; log-out
                # flushes it): start both clocks. Who is staff is read once per sign-in.
                session[SIGNED_IN_AT] = now
                session[LAST_SEEN_AT] = now
                session[IS_STAFF] = requires_second_factor(user)
            idle_limit = idle_timeout_for(staff=bool(session.get(IS_STAFF)))
            idle = now - int(session.get(LAST_SEEN_AT, now))
            age = now - int(session.get(SIGNED_IN_AT, now))
            if idle > idle_limit or age > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                if idle > idle_limit:
                    text = _(
                        "You were signed out after %(minutes)s minutes without activity. Please sign in "
                        "again."
                    )
                    messages.info(request, text % {"minutes": idle_limit // 60})
                else:
                    text = _("You were signed out %(hours)s hours after signing in. Please sign in again.")
                    messages.info(request, text % {"hours": settings.SESSION_ABSOLUTE_TIMEOUT // 3600})
            elif now - int(session.get(LAST_SEEN_AT, 0)) >= _TOUCH_EVERY:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)


class PrivateNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        personal = (user is not None and user.is_authenticated) or (
            session is not None and session.accessed and not session.is_empty()
        )
        if personal:
            add_never_cache_headers(response)
            # "public" (e.g. a draw's JSON) would let a shared cache keep a copy: a signed-in response is
            # private.
            patch_cache_control(response, private=True)
        return response
