from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


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
