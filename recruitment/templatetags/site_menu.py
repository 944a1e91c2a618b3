"""The base template's main menu and footer, rendered once per process for each language and kind of reader
(signed in or not, and which links the roles show) and then reused: two dozen URLs reversed and translated on
every page cost more than many pages' own content. What they show depends only on the key below (no path, no
name, no token), so a reused copy is the same HTML the template would render."""

from types import SimpleNamespace

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_rendered: dict[tuple, str] = {}
_MAX = 512  # languages × kinds of reader × templates: far fewer; a bound all the same


def _reader(context) -> tuple:
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
def site_brand(context) -> str:
    """The skip link and the header's emblem and name, up to the language switch."""
    return _render("partials/site_brand.html", context)
