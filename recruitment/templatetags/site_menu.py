"""The base template's main menu and footer, rendered once per process for each language and kind of reader
(signed in or not, and which links the roles show) and then reused: two dozen URLs reversed and translated on
every page cost more than many pages' own content. What they show depends only on the key below (no path, no
name, no token), so a reused copy is the same HTML the template would render."""

from types import SimpleNamespace

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override

register = template.Library()

_rendered: dict[tuple, str] = {}
_MAX = 512  # languages × kinds of reader × templates: far fewer; a bound all the same


def _reader(context) -> tuple:
    request = context.get("request")
    reader = getattr(request, "_site_menu_reader", None)
    if reader is None:
        reader = _read(context)
        if request is not None:
            request._site_menu_reader = reader  # the page's four partials ask the same
    return reader


def _read(context) -> tuple:
    user = context.get("user")
    signed_in = bool(getattr(user, "is_authenticated", False))
    roles = context.get("roles") if signed_in else None
    return (
        signed_in,
        bool(signed_in and user.is_staff),
        bool(roles and roles.hr),
        bool(roles and roles.committee_member),
        bool(roles and roles.observer),
        bool(context.get("DEMO_MAILBOX")),
    )


def _render(name: str, context) -> str:
    reader = _reader(context)
    key = (name, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, reader)
    html = _rendered.get(key)
    if html is None:
        signed_in, staff, hr, committee_member, observer, demo_mailbox = reader
        html = get_template(name).render(
            {
                "user": SimpleNamespace(is_authenticated=signed_in, is_staff=staff),
                "roles": SimpleNamespace(hr=hr, committee_member=committee_member, observer=observer),
                "DEMO_MAILBOX": demo_mailbox,
            }
        )
        if len(_rendered) >= _MAX:
            _rendered.clear()
        _rendered[key] = html
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


@register.simple_tag(takes_context=True)
def site_nav(context) -> str:
    return _render("partials/site_nav.html", context)


@register.simple_tag(takes_context=True)
def site_footer(context) -> str:
    return _render("partials/site_footer.html", context)


@register.simple_tag(takes_context=True)
def site_head(context) -> str:
    """The stylesheet, icons and feed links of every page's head (the same for every reader)."""
    return _render("partials/site_head.html", context)


@register.simple_tag(takes_context=True)
def language_switch(context) -> str:
    """The header's language switch, its markup kept per language like the menu; each link the current page in
    that language (portal's url_in_language), put in per request."""
    html = _render("partials/language_switch.html", context)
    for code, _name in settings.LANGUAGES:
        html = html.replace(f"[[{code}]]", escape(url_in_language(context, code)))
    return mark_safe(html)  # noqa: S308 - the kept markup escaped by the template engine, the links here


@register.simple_tag(takes_context=True)
def site_brand(context) -> str:
    """The skip link and the header's emblem and name, up to the language switch."""
    return _render("partials/site_brand.html", context)


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
