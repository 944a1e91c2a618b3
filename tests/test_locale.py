"""The project's catalogues are complete and compiled: Albanian is the default language, so an
untranslated string would show English to most readers."""

import gettext
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
    untranslated = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", str(po)],
                                  capture_output=True, text=True, check=True).stdout
    fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)],
                           capture_output=True, text=True, check=True).stdout
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
            f"locale/{lang}: run `make messages` to recompile")
