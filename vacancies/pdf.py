"""The announcement as a printable PDF: a pure renderer (announcement, language) -> bytes."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import rules


def render_announcement_pdf(announcement, *, language: str, request=None) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango, which the web pages never need

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
    return HTML(string=html, base_url=None).write_pdf()
