from django import template

from publicdata.jobposting import job_posting, json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def job_posting_json_ld(context, position):
    """The schema.org JobPosting of a position open for applications; nothing for a closed one (search engines
    drop postings past their validThrough, and a closed vacancy must not be advertised)."""
    if not position.is_open:
        return ""
    return json_ld(job_posting(position, request=context.get("request")))
