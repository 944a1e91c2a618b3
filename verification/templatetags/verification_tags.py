"""{% shortlist_link position %}: a link to the position's published shortlist (R-18.4), or nothing."""

from django import template

from ..models import Shortlist

register = template.Library()


@register.inclusion_tag("verification/_shortlist_link.html")
def shortlist_link(position):
    shortlist = (
        Shortlist.objects.filter(position_id=position.pk).only("id", "position_id", "published_at").first()
    )
    return {"shortlist": shortlist, "position": position}
