"""URLs of integer ids reversed once per process (issue 13): a ``reverse()`` cost a page more than a table row
per link, and the pages written in Python (the evaluation page, a draft's page, "My applications", HR's review
list) put many such links in every request.

:func:`pattern` reverses a URL name once per language and script prefix with ids no object has, and
keeps it as a format string with ``{0}``, ``{1}``… in their places; :func:`url` fills it in. The result is the
string ``reverse(name, args=ids)`` gives (tests/lib/test_urls.py). The kept patterns are forgotten when the
URLconf changes (``ROOT_URLCONF`` overridden, as Django's own URL caches are); the portal sets no URLconf per
request.
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

# Ids no object has: their places in a URL reversed once.
_MARKS = (2**62 + 11, 2**62 + 13, 2**62 + 17)
_patterns: dict[tuple, str] = {}


def url(name: str, *ids: int) -> str:
    """``reverse(name, args=ids)`` for integer ids."""
    return pattern(name, len(ids)).format(*ids)


def pattern(name: str, count: int) -> str:
    """The URL ``name`` of ``count`` integer ids as a format string ("/evaluations/{0}/…/{1}/sheet/"),
    reversed once per process, language and script prefix."""
    key = (name, count, get_language(), get_script_prefix())
    found = _patterns.get(key)
    if found is None:
        found = reverse(name, args=_MARKS[:count]).replace("{", "{{").replace("}", "}}")
        for n, mark in enumerate(_MARKS[:count]):
            found = found.replace(str(mark), f"{{{n}}}")
        _patterns[key] = found
    return found


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _patterns.clear()
