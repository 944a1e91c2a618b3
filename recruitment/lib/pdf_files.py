"""PDFs are never rendered in a web request (issue 13): a worker renders each one when its content is fixed
(publication, amendment, completion) and stores it in the private storage under a name that says the object,
the language and the content version; a request only sends the stored file. A file not there yet (a new
version, a first request in a language, a worker behind) is asked of a worker once and the reader gets a page
saying it is being prepared, with Retry-After, instead of a render in the request (which took 8 s to minutes
for a long list and kept a web worker's memory at 750 MiB). With Celery eager (no broker: the demo), the task
runs at once and the file is sent in the same request."""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection, transaction
from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language

RETRY_AFTER_SECONDS = 60
LANGUAGES = ("sq", "sr_latn", "en")  # the PDFs' languages (modeltranslation's field suffixes)


def reader_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).replace("-", "_").lower()


def enqueue_once(path: str, enqueue: Callable[[], object]) -> None:
    """Ask a worker for ``path`` unless it was asked in the last two minutes (a crowd of readers of a missing
    file queues one task, not one each)."""
    if cache.add(f"pdf-queued:{path}", 1, timeout=2 * RETRY_AFTER_SECONDS):
        enqueue()


def stored_pdf_response(
    request, *, path: str, enqueue: Callable[[], object], filename: str, private: bool = False
) -> HttpResponse:
    """The stored PDF at ``path``; when missing, ``enqueue`` (a task's delay) once and a 503 page "being
    prepared" with Retry-After. The caller checked who may read it."""
    storage = storages["private"]
    if not storage.exists(path):
        enqueue_once(path, enqueue)
        if not storage.exists(path):  # with a broker the worker renders it; eager, it is there now
            html = render_to_string(
                "pdf_preparing.html",
                {"retry_after": RETRY_AFTER_SECONDS, "again": request.get_full_path()},
                request=request,
            )
            response = HttpResponse(html, status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            response["Cache-Control"] = "no-store"
            return response
    response = FileResponse(
        storage.open(path, "rb"), content_type="application/pdf", filename=filename, as_attachment=False
    )
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


class _Prerender:
    """The callback of ``prerender``: equal for the same key, so a transaction asks once per document."""

    def __init__(self, key: str, enqueue_language: Callable[[str], object]):
        self.key, self.enqueue_language = key, enqueue_language

    def __eq__(self, other):
        return isinstance(other, _Prerender) and other.key == self.key

    def __hash__(self):
        return hash(self.key)

    def __call__(self):
        for language in LANGUAGES:
            self.enqueue_language(language)


def prerender(key: str, enqueue_language: Callable[[str], object]) -> None:
    """After the commit of the change that fixed a PDF's content, ask a worker for it in every language;
    ``key`` names the document, so the many saves of one transaction (a closing sweep, a publication) ask
    once. Nothing with Celery eager (the first reader's request renders it: no worker to hand it to), nor on
    the demo's filesystem broker, whose one solo worker also runs the deadlines: load_demo's dozens of
    publications would queue minutes of rendering ahead of a closing (there too the first reader asks for the
    file)."""

    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False) or settings.CELERY_BROKER_URL.startswith(
        "filesystem:"
    ):
        return
    callback = _Prerender(key, enqueue_language)
    here = set(connection.savepoint_ids)  # as public_cache.on_commit_once: within the same (sub)transaction
    if connection.in_atomic_block and any(
        pending == callback and sids == here for sids, pending, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(callback)
