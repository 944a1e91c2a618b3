"""Public pages: a position's published shortlist (R-18.4, R-18.5), as an accessible page and as a PDF.
Nothing here before the publication (404): HR's decisions are internal until then. And the document view of
HR's review screen: an applicant's document shown inline beside the criteria."""

from django.core.files.storage import storages
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from applications import documents as application_documents
from applications.selectors import get_document_for_user
from applications.views import _download_name, _private_file, object_view
from recruitment.lib.pdf import pdf_rate_limited
from recruitment.lib.pdf_files import reader_language, stored_pdf_response
from recruitment.lib.public_cache import public_page

from . import selectors, tasks
from .models import Shortlist

SHORTLIST_PER_PAGE = 100


@public_page
def shortlist_page(request, position_id):
    """The public shortlist, a page of SHORTLIST_PER_PAGE names at a time (the PDF holds the whole list)."""
    shortlist, page = selectors.published_shortlist_page(
        position_id, request.GET.get("page"), per_page=SHORTLIST_PER_PAGE
    )
    position = shortlist.position
    return render(
        request,
        "verification/shortlist.html",
        {
            "shortlist": shortlist,
            "entries": page.object_list,
            "page": page,
            "total": page.paginator.count,
            "start": page.start_index() - 1,
            "position": position,
            "announcement": position.announcement,
            "institution": position.announcement.institution,
        },
    )


@pdf_rate_limited  # issue 10: public PDFs are limited per client
def shortlist_pdf(request, position_id):
    """The stored PDF of the shortlist's current version, rendered by a worker (issue 13: never in a
    request)."""
    shortlist = Shortlist.objects.defer("entries").filter(position_id=position_id).first()
    if shortlist is None:
        raise Http404
    language = reader_language()
    code = "".join(
        c if c.isalnum() or c in "-_" else "-" for c in (shortlist.position.code or str(position_id))
    )
    return stored_pdf_response(
        request,
        path=shortlist.pdf_path(language),
        filename=f"shortlist-{code}.pdf",
        enqueue=lambda: tasks.shortlist_pdf_render.delay(position_id, language),
    )


# --- HR's review screen: a document shown beside the criteria (R-18.1) --------------------------------------


@object_view
@xframe_options_sameorigin
def document_inline(request, pk, document_pk):
    """The download of applications.views.document_download shown inside a page: the same permission check
    (the owner and HR of the institution; anyone else "not found"), the same headers (no-store, nosniff, a
    sandbox), inline only for a PDF, JPEG or PNG recognised again here by its first bytes (anything else is
    downloaded), and framed by the portal's own pages only."""
    _application, document = get_document_for_user(request.user, pk, document_pk)
    inline = _recognised_inline(document)
    response = _private_file(
        document.storage_path,
        content_type=document.content_type,
        filename=_download_name(document),
        as_attachment=not inline,
    )
    if inline:
        # Nothing to run and nothing to load: Chromium's PDF viewer and an image still show in a sandbox.
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; frame-ancestors 'self'"
    return response


def _recognised_inline(document) -> bool:
    if document.content_type not in application_documents.EXTENSION:
        return False
    try:
        with storages["private"].open(document.storage_path, "rb") as handle:
            head = handle.read(16)
    except FileNotFoundError as exc:
        raise Http404 from exc
    return application_documents.sniff(head) == document.content_type
