"""``{% url_of 'scoring:test' evaluation.pk %}``: ``{% url %}`` for a URL of integer ids, reversed once per
process, language and script prefix (recruitment.lib.urls.url). A ``{% url %}`` reverses at each render,
which cost the evaluation page more than a table row per link (issue 13)."""

from django import template

from recruitment.lib.urls import url

register = template.Library()


@register.simple_tag
def url_of(name: str, *ids: int) -> str:
    return url(name, *ids)
