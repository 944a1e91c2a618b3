"""recruitment.lib.urls: a URL of integer ids reversed once per process, language and script prefix gives what
reverse() gives, in each language, for each page written in Python that uses it."""

from unittest import mock

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation

from recruitment.lib import urls

NAMES = (
    ("applications:detail", 1),
    ("applications:document", 2),
    ("applications:profile", 0),
    ("vacancies:position", 2),
    ("scoring:sheet", 2),
    ("admin:verification_review_change", 1),
)


@pytest.fixture(autouse=True)
def _forget():
    urls._patterns.clear()
    yield
    urls._patterns.clear()


@pytest.mark.parametrize("language", ["sq", "sr-latn", "en"])
def test_each_url_is_the_one_reverse_gives_in_each_language(language):
    with translation.override(language):
        for name, count in NAMES:
            for ids in ((7, 12)[:count], (123456789, 1)[:count]):
                assert urls.url(name, *ids) == reverse(name, args=list(ids)), name


def test_a_name_is_reversed_once_per_language_and_script_prefix():
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[0])
        return reverse(*args, **kwargs)

    with mock.patch.object(urls, "reverse", counting), translation.override("en"):
        for pk in range(5):
            urls.url("applications:detail", pk)
        assert calls == ["applications:detail"]
        with translation.override("sq"):
            assert urls.url("applications:detail", 3) == reverse("applications:detail", args=[3])
        assert len(calls) == 2
        set_script_prefix("/portal/")
        try:
            assert urls.url("applications:detail", 3) == reverse("applications:detail", args=[3])
            assert urls.url("applications:detail", 3).startswith("/portal/")
        finally:
            set_script_prefix("/")
        assert len(calls) == 3


def test_the_kept_patterns_are_forgotten_when_the_urlconf_changes(settings):
    with translation.override("en"):
        urls.url("applications:detail", 1)
        assert urls._patterns
        settings.ROOT_URLCONF = "tests.accounts.urls"
        assert urls._patterns == {}
