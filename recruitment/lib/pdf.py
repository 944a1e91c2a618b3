"""The PDFs' shared steps: HTML to PDF bytes (WeasyPrint) with a URL fetcher that reads only the portal's own
static files, one stored copy in the private storage, and the per-client limit of the PDF pages.

Why the fetcher: WeasyPrint's default fetcher opens any http, https, ftp or file URL a template's HTML or CSS
names. A text typed by someone (an announcement's reference) that reached the CSS once made the renderer
request an internal address on every download (issue 10, finding 2). Templates keep such texts out of CSS and
escaped; the fetcher is the second wall: whatever a page names, only files under the static folders are read.
"""

import os
from functools import wraps
from pathlib import Path
from urllib.parse import unquote, urlsplit

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages


class ResourceRefused(ValueError):
    """A PDF's HTML or CSS named a resource outside the portal's static files; WeasyPrint skips it."""


def static_roots() -> list[Path]:
    """The folders whose files a PDF may embed: the collected static files and the project's static
    sources."""
    roots = [Path(settings.STATIC_ROOT)] if getattr(settings, "STATIC_ROOT", None) else []
    roots += [
        Path(p if isinstance(p, str | os.PathLike) else p[1])
        for p in getattr(settings, "STATICFILES_DIRS", [])
    ]
    return [root.resolve() for root in roots]


def _static_file(url: str) -> Path:
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise ResourceRefused(f"not a local file: {url[:80]}")
    path = Path(unquote(parts.path)).resolve()  # resolves "..", and symbolic links out of the folder
    if path.is_file() and any(path.is_relative_to(root) for root in static_roots()):
        return path
    raise ResourceRefused(f"not one of the portal's static files: {url[:80]}")


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # late, as HTML below: it loads Pango

    class StaticOnlyFetcher(URLFetcher):
        """Serves data: URIs and files under the static folders; refuses everything else (no network at
        all)."""

        def __init__(self):
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, timeout=2)

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                raise ResourceRefused(f"PDFs load no {scheme or 'relative'} resources: {url[:80]}")
            path = _static_file(url)
            return URLFetcherResponse(url, body=path.read_bytes())

    return StaticOnlyFetcher()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango, which the web pages never need

    return HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf()


def store_once(path: str, render) -> str:
    """``path`` in the private storage, calling ``render() -> bytes`` and storing its result first when it
    is not there yet. When another process stored it a moment earlier, its copy is kept."""
    storage = storages["private"]
    if not storage.exists(path):
        saved = storage.save(path, ContentFile(render()))
        if saved != path:
            storage.delete(saved)
    return path


def pdf_rate_limited(view):
    """Until PDFs are rendered by workers, a client (by IP, as allauth's log-in limits count it) may ask one
    PDF endpoint for so many PDFs per window (setting ``PDF_RATE_LIMIT``, allauth's syntax, e.g. "20/m/ip");
    above it the answer is 429 with the site's 429 page. The counts live in the cache, like the log-in
    limits'."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        rate = getattr(settings, "PDF_RATE_LIMIT", "")
        if rate:
            action = f"pdf:{view.__module__}.{view.__name__}"  # each PDF endpoint counted on its own
            usage = ratelimit.consume(
                request, app="recruitment", action=action, config={action: rate}, limit_get=True
            )
            if usage is None:
                return ratelimit.respond_429(request)
        return view(request, *args, **kwargs)

    return wrapper
