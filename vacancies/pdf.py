"""The announcement as a printable PDF: a pure renderer (announcement, language) -> bytes."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from recruitment.lib.pdf import html_to_pdf

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
                "notices": rules.R9_2_NOTICES,
                "printed_at": timezone.now(),
                "LANGUAGE_CODE": language,
            },
        )
    return html_to_pdf(html)
