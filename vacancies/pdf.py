"""The announcement as a printable PDF: a pure renderer (announcement, language) -> bytes."""

import hashlib

from django.template.loader import render_to_string
from django.utils import timezone, translation

from recruitment.lib.pdf import html_to_pdf, store_once

from . import rules


def render_announcement_pdf(announcement, *, language: str, request=None) -> bytes:

    with translation.override(language):
        html = render_to_string(
            "vacancies/announcement_pdf.html",
            {
                "announcement": announcement,
                "institution": announcement.institution,
                "positions": list(announcement.positions.all()),
                "amendments": list(announcement.amendments.all()),
                "notices": rules.notices_for(announcement.rule_set),
                "printed_at": timezone.now(),
                "LANGUAGE_CODE": language,
            },
        )
    return html_to_pdf(html)


def announcement_pdf_path(announcement, language: str) -> str:
    """Where the stored PDF of a published announcement is, in ``language``: named by its content version (its
    last change, its amendments and its positions' extensions and closings), so a change is a new file. Reads
    only what announcement_for_reader prefetched."""
    parts = [announcement.updated_at.isoformat(), announcement.status]
    parts += [f"a{a.pk}" for a in announcement.amendments.all()]
    parts += [
        f"p{p.pk}:{p.closing_state}:{p.extended_until}:{p.closed_at}" for p in announcement.positions.all()
    ]
    # The group of positions is printed: its code and names in every language are part of the version.
    parts += [
        f"g{p.job_group_id}:{p.job_group.code}:"
        + "|".join(f"{k}={v}" for k, v in sorted(vars(p.job_group).items()) if k.startswith("name"))
        for p in announcement.positions.all()
        if p.job_group_id
    ]
    version = hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
    return f"vacancies/announcements/{announcement.pk}-{version}-{language.replace('_', '-')}.pdf"


def announcement_pdf_ensure(announcement, language: str) -> str:
    return store_once(
        announcement_pdf_path(announcement, language),
        lambda: render_announcement_pdf(announcement, language=language.replace("_", "-")),
    )
