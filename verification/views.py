"""Public pages: a position's published shortlist (R-18.4, R-18.5), as an accessible page and as a PDF.
Nothing here before the publication (404): HR's decisions are internal until then."""

from django.core.files.storage import storages
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import get_language

from recruitment.lib.pdf import pdf_rate_limited

from . import selectors
from .pdf import shortlist_pdf_ensure


def shortlist_page(request, position_id):
    shortlist, entries = selectors.published_shortlist(position_id)
    position = shortlist.position
    return render(request, "verification/shortlist.html", {
        "shortlist": shortlist, "entries": entries, "position": position,
        "announcement": position.announcement, "institution": position.announcement.institution,
    })


@pdf_rate_limited  # issue 10: public PDFs are limited per client
def shortlist_pdf(request, position_id):
    shortlist, entries = selectors.published_shortlist(position_id)
    language = (get_language() or "sq").replace("-", "_")
    path = shortlist_pdf_ensure(shortlist, entries, language=language)
    code = "".join(c if c.isalnum() or c in "-_" else "-" for c in (shortlist.position.code or str(position_id)))
    response = FileResponse(storages["private"].open(path, "rb"), content_type="application/pdf",
                            filename=f"shortlist-{code}.pdf", as_attachment=False)
    response["X-Content-Type-Options"] = "nosniff"
    return response
