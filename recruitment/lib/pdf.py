"""The PDFs' two shared steps: HTML to PDF bytes (WeasyPrint), and one stored copy in the private storage,
written by whoever needs it first (receipts, verification decisions and shortlists)."""

from django.core.files.base import ContentFile
from django.core.files.storage import storages


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango, which the web pages never need

    return HTML(string=html, base_url=None).write_pdf()


def store_once(path: str, render) -> str:
    """``path`` in the private storage, calling ``render() -> bytes`` and storing its result first when it
    is not there yet. When another process stored it a moment earlier, its copy is kept."""
    storage = storages["private"]
    if not storage.exists(path):
        saved = storage.save(path, ContentFile(render()))
        if saved != path:
            storage.delete(saved)
    return path
