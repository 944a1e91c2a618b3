"""The project's catalogues are complete and compiled: Albanian is the default language, so an
untranslated string would show English to most readers."""

import gettext
import os
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale"
LANGS = ["sq", "sr_Latn"]


def _needs(tool):
    if not shutil.which(tool):
        pytest.skip(f"{tool} (Debian's gettext) is not installed")


@pytest.mark.parametrize("lang", LANGS)
def test_every_string_is_translated(lang):
    _needs("msgattrib")
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
    ).stdout
    # msgattrib prints the header entry alone when nothing matches.
    assert untranslated.count("msgid ") <= 1, untranslated[:2000]
    assert fuzzy.count("msgid ") <= 1, fuzzy[:2000]


@pytest.mark.parametrize("lang", LANGS + ["en"])
def test_the_compiled_catalogue_says_what_the_po_says(lang, tmp_path):
    _needs("msgfmt")
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True)
    with open(fresh, "rb") as a, open(po.with_suffix(".mo"), "rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            f"locale/{lang}: run `make messages` to recompile"
        )


def test_the_catalogue_holds_every_string_of_the_code(tmp_path):
    """makemessages, run on a copy of the code, finds no msgid the catalogue lacks: a string added to the
    code without `make messages` (and its translation) would show English to Albanian readers."""
    _needs("xgettext")
    import sys

    import polib

    root = LOCALE.parent
    skip = shutil.ignore_patterns(
        ".venv",
        "node_modules",
        "test-artifacts",
        "staticfiles",
        "media",
        "private-media",
        "__pycache__",
        "*.pyc",
        "*.mo",
        ".git",
        "db.sqlite3",
        "locale_vendor",
        "tests",
        "bench",
    )
    copy = tmp_path / "code"
    shutil.copytree(root, copy, ignore=skip)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "sq",
            "--ignore=.venv",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "recruitment.settings",
            "DATABASE_URL": "sqlite:///" + str(tmp_path / "unused.sqlite3"),
        },
    )
    fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/sq/LC_MESSAGES/django.po"))}
    kept = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(LOCALE / "sq/LC_MESSAGES/django.po")) if not e.obsolete
    }
    missing = sorted(m for _c, m in fresh - kept)
    assert not missing, (
        f"{len(missing)} strings are not in locale/: run `make messages` and translate: {missing[:20]}"
    )
