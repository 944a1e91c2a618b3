"""schema.org JobPosting of an open position, as search engines read it (https://schema.org/JobPosting).

Required by Google's job-posting guidelines: title, description, datePosted, hiringOrganization, jobLocation
(with an address); recommended: validThrough (the deadline, R-9.1.8, or its extension, R-12.2) and
employmentType. Rendered as data (``<script type="application/ld+json">``), never executed, so a strict CSP
allows it.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

# As django.utils.html.json_script: "<", ">" and "&" can't close the script element or start a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# Our contract types in schema.org's employmentType vocabulary (decision: a fixed term is TEMPORARY).
EMPLOYMENT_TYPES = {"indefinite": "FULL_TIME", "fixed_term": "TEMPORARY"}


def _places(position) -> list[str]:
    places = [p.place for p in position.places.all()]
    return places or [position.place or ""]


def job_posting(position, *, request=None) -> dict:
    """The JobPosting of one position; its announcement and institution are read from the instance (no query
    beyond the prefetched places)."""
    announcement = position.announcement
    institution = announcement.institution
    description = position.description or announcement.general_description or announcement.title
    address_country = institution.country
    url = request.build_absolute_uri(position.get_absolute_url()) if request is not None else ""
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": position.title,
        "description": strip_tags(description).strip() or position.title,
        "datePosted": (announcement.published_at or announcement.opens_at).isoformat(),
        "validThrough": position.deadline.isoformat(),
        "employmentType": EMPLOYMENT_TYPES.get(position.contract_type, "OTHER"),
        "hiringOrganization": {
            "@type": "Organization",
            "name": institution.name,
            **({"sameAs": institution.website} if institution.website else {}),
        },
        "jobLocation": [
            {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": place or institution.address or institution.name,
                    **({"streetAddress": institution.address} if institution.address else {}),
                    "addressCountry": address_country,
                },
            }
            for place in _places(position)
        ],
        "totalJobOpenings": position.number_of_positions,
        "identifier": {
            "@type": "PropertyValue",
            "name": institution.short_name,
            "value": position.code or announcement.reference,
        },
    }
    if position.salary_reference:
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "value": {"@type": "QuantitativeValue", "description": position.salary_reference},
        }
    if url:
        data["url"] = url
    return data


def json_ld(data: dict) -> str:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
