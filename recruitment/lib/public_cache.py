"""What every anonymous visitor sees (home, lists, announcements, shortlists, results) is rendered once per
page and language and then served from a cache, until the public content changes (issue 13).

A *generation* (the time of the last change, in nanoseconds) is kept in the shared cache (``default``: the
database, so a Redis outage breaks no page); each stored page's key names the generation it was rendered in,
so ``public_pages_changed()`` retires every stored page at once by writing a new generation after the
transaction that changed the content commits. The apps connect it to the saves of what their public pages show
(``bump_on_save``, in their ``AppConfig.ready``), so no app imports another. The pages themselves are kept in
the process's memory (a bounded LocMemCache), so a hit costs no query (the generation is read again every
PUBLIC_CACHE_GENERATION_SECONDS, 2 s).

Never stored or served from the store: a request of a signed-in person, one with messages to show, a page that
used a CSRF token or set a cookie, anything but a 200 to GET/HEAD. A page also expires after
``PUBLIC_PAGE_CACHE_SECONDS`` (time moves: "time left", a deadline passing before the closing task runs).
Conditional requests (If-None-Match / If-Modified-Since) are answered 304.

Two places serve a stored page. ``PublicCacheMiddleware`` stands before the session, the language, CSRF,
authentication and the rest of the middleware: a request that carries no session or messages cookie cannot be
a signed-in person's, and its language is its URL's prefix, so a hit is answered there, with the headers the
inner middleware gave the page when it was rendered (CSP, X-Frame-Options, Content-Language, Vary). Only what
``public_page`` marked is kept there. A request with a session cookie (a visitor who signed out, a form's
message) goes on to the view, where ``public_page`` serves it from its own store when it is anonymous after
all.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language, get_language_from_path

GENERATION_KEY = "public-pages:generation"
DEFAULT_SECONDS = 60  # settings.PUBLIC_PAGE_CACHE_SECONDS; 0 turns the cache off
CACHE_HEADER = "X-Public-Cache"  # "hit" or "miss", for the tests and the benchmarks


# The rendered pages, in this process's memory: at most PUBLIC_PAGE_CACHE_ENTRIES (a page is 10–40 kB).
_PAGES = LocMemCache(
    "public-pages",
    {"OPTIONS": {"MAX_ENTRIES": getattr(settings, "PUBLIC_PAGE_CACHE_ENTRIES", 2000), "CULL_FREQUENCY": 4}},
)


def _store():
    return _PAGES


# The generation as this process last read it, and when: read again from the shared cache after
# PUBLIC_CACHE_GENERATION_SECONDS, so a hit costs no query at all; another process's change reaches this one
# within that time (the process that made the change sees it at once).
_memo = {"generation": None, "read_at": 0.0}


def current_generation() -> int:
    """The generation of the public content; started on first use."""
    now = time.monotonic()
    ttl = getattr(settings, "PUBLIC_CACHE_GENERATION_SECONDS", 2)
    if _memo["generation"] is not None and now - _memo["read_at"] < ttl:
        return _memo["generation"]
    shared = caches["default"]
    generation = shared.get(GENERATION_KEY)
    if generation is None:
        shared.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = shared.get(GENERATION_KEY)
    _memo.update(generation=generation, read_at=now)
    return generation


def _bump() -> None:
    generation = time.time_ns()
    caches["default"].set(GENERATION_KEY, generation, timeout=None)
    _memo.update(generation=generation, read_at=time.monotonic())


def on_commit_once(func) -> None:
    """transaction.on_commit(func), unless ``func`` already waits for this transaction's commit: a publication
    that saves 10,000 reviews asks for one bump, not 10,000. (A rolled-back transaction drops its callbacks,
    so nothing is skipped wrongly.)"""

    # Among the callbacks of the same (sub)transaction only: those of an outer block are run by its commit
    # too, but a caller (a test's capture) that watches this block must see its own.
    here = set(connection.savepoint_ids)
    if connection.in_atomic_block and any(
        pending is func and sids == here for sids, pending, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(func)


def public_pages_changed() -> None:
    """Something a public page shows changed: every stored page is stale once the current transaction commits
    (at once outside a transaction). Safe to call many times: one bump per transaction."""
    on_commit_once(_bump)


def bump_on_save(*models, when=None) -> None:
    """Calls public_pages_changed after each save or deletion of an instance of ``models`` (for which
    ``when``, if given, is true)."""

    def receiver(sender, instance, **kwargs):
        if when is None or when(instance):
            public_pages_changed()

    for model in models:
        uid = f"public-cache:{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":delete")


def part_seconds() -> int:
    """How long a shared part (``remembered``, the vacancy cards) is kept: PUBLIC_PART_CACHE_SECONDS, else
    as long as a page (PUBLIC_PAGE_CACHE_SECONDS); 0 turns the parts off. A page that is not stored (a
    search's other page, a signed-in reader, a benchmark with the page cache off) still uses the parts."""
    seconds = getattr(settings, "PUBLIC_PART_CACHE_SECONDS", None)
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", DEFAULT_SECONDS) if seconds is None else seconds


def remembered(name: str, compute):
    """``compute()`` kept like a page (per generation and language, ``part_seconds()``): a part of the
    public content that many pages and every filter combination share, e.g. the list's filter choices,
    computed once per change of the content instead of at every rendering."""

    seconds = part_seconds()
    if not seconds:
        return compute()
    key = f"public-part:{current_generation()}:{get_language()}:{name}"
    value = _store().get(key)
    if value is None:
        value = compute()
        _store().set(key, value, timeout=seconds)
    return value


def _storable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or len(request.get_full_path()) > 500:
        return False
    if request.user.is_authenticated:
        return False
    storage = getattr(request, "_messages", None)
    return storage is None or len(storage) == 0


def _storable_response(request, response) -> bool:
    storage = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and not request.user.is_authenticated
        and not (storage is not None and storage.used)
    )


def _finish(request, response, *, etag: str, generation: int, state: str):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(generation / 1e9)
    response[CACHE_HEADER] = state
    response._public_generation = generation  # for PublicCacheMiddleware's store
    # Anyone may keep it, but must ask again (a publication changes it at any moment); the language is in the
    # URL.
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return get_conditional_response(
        request, etag=etag, last_modified=int(generation / 1e9), response=response
    )


def public_page(view):
    """Serve an anonymous visitor's view from the store (see the module's docstring)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", DEFAULT_SECONDS)
        if not seconds or not _storable_request(request):
            return view(request, *args, **kwargs)
        generation = current_generation()
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"public-page:{generation}:{language}:{path}"
        stored = _store().get(key)
        if stored is not None:
            content, content_type, etag = stored
            response = HttpResponse(content, content_type=content_type)
            return _finish(request, response, etag=etag, generation=generation, state="hit")
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if not _storable_response(request, response):
            return response
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        _store().set(key, (response.content, response["Content-Type"], etag), timeout=seconds)
        return _finish(request, response, etag=etag, generation=generation, state="miss")

    return wrapped


# Headers the middleware keeps with a page: what the inner middleware and the view set, not what differs per
# request or is set again by the outer middleware on the way out.
_NOT_KEPT = {"set-cookie", "x-request-id", CACHE_HEADER.lower()}


class PublicCacheMiddleware:
    """Serves an anonymous visitor's public page before the session, language and authentication middleware
    run (see the module's docstring); keeps what ``public_page`` rendered and marked, with its final
    headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _key(self, request) -> str | None:
        if not getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", DEFAULT_SECONDS):
            return None
        if request.method not in ("GET", "HEAD") or len(request.get_full_path()) > 500:
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return None
        # As LocaleMiddleware decides it with i18n_patterns(prefix_default_language=False): the URL's prefix,
        # or the default language at the root.
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        return f"public-response:{language}:{path}"

    def __call__(self, request):
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        # The generation is read only for a page this process keeps: a request for anything else (the health
        # check, a form) costs no read of the shared cache.
        stored = _store().get(key)
        if stored is not None:
            content, headers, etag, generation = stored
            if generation == current_generation():
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                return _finish(request, response, etag=etag, generation=generation, state="hit")
        response = self.get_response(request)
        generation = getattr(response, "_public_generation", None)
        if (
            generation is not None
            and response.status_code == 200
            and response.get(CACHE_HEADER) in ("hit", "miss")
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        ):
            headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_KEPT]
            seconds = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", DEFAULT_SECONDS)
            _store().set(key, (response.content, headers, response["ETag"], generation), timeout=seconds)
        return response
