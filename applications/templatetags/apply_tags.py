"""The Apply control of the vacancy pages (position page, announcement page, list cards).

``{% apply_control position %}`` shows, for an open position, "Apply" (a signed-out visitor goes through
sign-in or sign-up and comes back to the same application: the link's ``next``); for a person who already has
an application, "Continue your application" (a draft) or "View your application"; for a closed position
nothing (or the person's own application). The person's applications are read once per request.
"""

from django import template
from django.utils import timezone

from .. import selectors

register = template.Library()


def _states(request) -> dict:
    if request is None:
        return {}
    if not hasattr(request, "_application_states"):
        request._application_states = selectors.application_states_by_position(
            user=getattr(request, "user", None)
        )
    return request._application_states


@register.inclusion_tag("applications/_apply_link.html", takes_context=True)
def apply_control(context, position, compact=False):
    request = context.get("request")
    pk, status = _states(request).get(position.pk, (None, ""))
    user = getattr(request, "user", None)
    return {
        "position": position,
        "application_pk": pk,
        "application_status": status,
        "is_open": position.is_open,
        "compact": compact,
        "signed_in": bool(getattr(user, "is_authenticated", False)),
    }


@register.filter
def time_left(position):
    """What is left of a position's effective deadline (R-12.2: its extension, else the announcement's) on the
    server's clock, or None once it passed; shown with vacancies' ``duration_left`` ("2 days, 3 hours")."""

    delta = position.deadline - timezone.now()
    return delta if delta.total_seconds() > 0 else None


@register.simple_tag(takes_context=True)
def my_open_drafts(context):
    """The signed-in person's drafts whose position still accepts applications: the profile's way back to
    them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        app for app in selectors.my_applications(user=user).filter(status="draft") if app.position.is_open
    ]


@register.filter
def told_result(application):
    """The result told to the candidate when the results were published (R-25.4: the event scoring writes, its
    ``data`` with rank, candidates, total, qualified, winner), the latest one, read from the application's
    events (prefetched by the application's page), or read with the application (``told_result_data``:
    selectors.my_application_cards); None before the results."""
    from ..choices import EventKind

    if hasattr(application, "told_result_data"):
        return application.told_result_data

    told = [event for event in application.events.all() if event.kind == EventKind.RESULT_PUBLISHED]
    return max(told, key=lambda event: (event.at, event.pk)).data if told else None
