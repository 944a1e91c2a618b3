from django import template
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context, language_code):
    """The current page in another language (the switch keeps the page and its query string)."""
    request = context.get("request")
    if request is None:
        return "/"
    full_path = request.get_full_path()
    match = getattr(request, "resolver_match", None)
    if match is None:  # an error page outside the view's resolution: Django's own translation of the URL
        return translate_url(full_path, language_code)
    # translate_url(full_path, code), without resolving the path again (issue 13): the request's own match,
    # reversed in the other language (a third of every page's frame went into resolving it three times).
    if not match.url_name:
        return full_path
    with override(language_code):
        try:
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return full_path
    _path, mark, query = full_path.partition("?")
    return url + mark + query


@register.filter
def duration_left(delta):
    """A time left as 'N days, H hours' (or minutes in the last hour), for the reader."""
    if delta is None:
        return ""
    total_minutes = int(delta.total_seconds() // 60)
    days, rem = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(rem, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if not days and minutes:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return ", ".join(parts) or _("less than a minute")


@register.filter
def lines(text):
    """Split a multi-line text field into its non-empty lines."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
