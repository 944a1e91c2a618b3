"""Typed text made safe to search with: no NUL or other control characters.

PostgreSQL refuses a string with a NUL character ("A string literal cannot contain NUL (0x00) characters"), so
a search for ``?q=%00`` answered 500 (issue 10). Control characters (Unicode category C: C0/C1 controls,
format characters such as the right-to-left override, surrogates, unassigned code points) have no place in a
search or a filter; they are dropped, and runs of white space become one space.
"""

import unicodedata

from django.http import QueryDict


def without_control_characters(value: str, *, max_length: int | None = None) -> str:
    cleaned = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in value or "")
    cleaned = " ".join(cleaned.split())
    return cleaned[:max_length] if max_length is not None else cleaned


class CleanQueryStringMiddleware:
    """Every request's query string (the searches and filters of the public lists and of the admin) reaches
    the views without control characters, so no form of search or filter can send a NUL to the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        if any(_has_control(k) or any(_has_control(v) for v in query.getlist(k)) for k in query):
            cleaned = QueryDict(mutable=True)
            for key in query:
                cleaned.setlist(
                    without_control_characters(key),
                    [without_control_characters(v) for v in query.getlist(key)],
                )
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


def _has_control(value: str) -> bool:
    return any(unicodedata.category(ch)[0] == "C" for ch in value)
