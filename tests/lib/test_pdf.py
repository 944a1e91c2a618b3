"""recruitment.lib.pdf: one stored copy, rendered by whoever needs it first."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from recruitment.lib.pdf import store_once


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


def test_store_once_renders_the_first_time_only():
    calls = []

    def render():
        calls.append(1)
        return b"%PDF-1.4 first"

    assert store_once("x/a.pdf", render) == "x/a.pdf"
    assert store_once("x/a.pdf", lambda: pytest.fail("rendered again")) == "x/a.pdf"
    assert calls == [1]
    with storages["private"].open("x/a.pdf", "rb") as f:
        assert f.read() == b"%PDF-1.4 first"


def test_store_once_keeps_the_copy_another_process_stored_meanwhile():
    def render():
        storages["private"].save("x/b.pdf", ContentFile(b"%PDF-1.4 theirs"))  # the other process, first
        return b"%PDF-1.4 mine"

    assert store_once("x/b.pdf", render) == "x/b.pdf"
    with storages["private"].open("x/b.pdf", "rb") as f:
        assert f.read() == b"%PDF-1.4 theirs"
    assert storages["private"].listdir("x")[1] == ["b.pdf"]
