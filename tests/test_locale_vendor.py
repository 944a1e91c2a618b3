"""The vendored Albanian catalogue of django-allauth (locale_vendor/sq): allauth ships no Albanian, and
the portal's default language is sq. No database: the catalogue is read as gettext reads it."""

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import allauth
import pytest

CATALOGUE_DIR = Path(__file__).resolve().parents[1] / "locale_vendor" / "sq" / "LC_MESSAGES"
PO_FILE = CATALOGUE_DIR / "django.po"
MO_FILE = CATALOGUE_DIR / "django.mo"
ALLAUTH_EN_PO = Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"

# The allauth modules the portal uses, as they appear in the `#:` references of allauth's catalogue.
# Left out on purpose: socialaccount, usersessions, headless, idp, openid, saml.
USED_MODULES = (
    "account/",
    "mfa/",
    "core/",
    "templates/account/",
    "templates/mfa/",
    "templates/allauth/",
)
# Names that read the same in Albanian.
SAME_IN_ALBANIAN = {"WebAuthn"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")
HTML_TAG = re.compile(r"<[^>]+>")
REFRESH_HINT = "refresh locale_vendor as locale_vendor/README.md describes (msgmerge, translate, msgfmt)"


def read_po(path):
    """The entries of a PO file as dicts: refs, msgctxt, msgid, msgid_plural, msgstr / msgstr[n]."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, field = {"refs": []}, None
        for line in block.strip("\n").splitlines():
            if line.startswith("#:"):
                entry["refs"] += [ref.rsplit(":", 1)[0] for ref in line[2:].split()]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[field] += ast.literal_eval(line)
            else:
                field, _, value = line.partition(" ")
                entry[field] = ast.literal_eval(value)
        if entry.get("msgid"):
            entries.append(entry)
    return entries


def used_allauth_entries():
    return [
        entry
        for entry in read_po(ALLAUTH_EN_PO)
        if any(ref.startswith(USED_MODULES) for ref in entry["refs"])
    ]


def translations_of(entry, catalogue):
    """(source text, translation) pairs of an allauth entry, as the compiled catalogue holds them."""
    msgid = entry["msgid"]
    if "msgctxt" in entry:
        msgid = f"{entry['msgctxt']}\x04{msgid}"
    if "msgid_plural" in entry:
        return [
            (entry["msgid"], catalogue.get((msgid, 0))),
            (entry["msgid_plural"], catalogue.get((msgid, 1))),
        ]
    return [(entry["msgid"], catalogue.get(msgid))]


@pytest.fixture(scope="module")
def compiled():
    with MO_FILE.open("rb") as mo:
        return gettext.GNUTranslations(mo)


@pytest.fixture(scope="module")
def used_entries():
    entries = used_allauth_entries()
    # A parser that silently found nothing would make every check below pass.
    assert len(entries) > 200, f"only {len(entries)} allauth strings selected from {ALLAUTH_EN_PO}"
    return entries


def test_the_compiled_catalogue_exists():
    assert MO_FILE.is_file(), (
        f"{MO_FILE} is missing: run msgfmt --check -o django.mo django.po in {CATALOGUE_DIR}"
    )


def test_the_compiled_catalogue_says_what_the_po_file_says(tmp_path, compiled):
    if shutil.which("msgfmt") is None:
        pytest.skip(
            "msgfmt (Debian package gettext) is not installed, so the .po cannot be compiled to compare"
        )
    fresh_mo = tmp_path / "django.mo"
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(fresh_mo), str(PO_FILE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    # Compared as gettext reads them rather than byte for byte, so another gettext version's layout
    # of the same messages is not taken for a stale file.
    with fresh_mo.open("rb") as mo:
        fresh = gettext.GNUTranslations(mo)
    assert fresh._catalog == compiled._catalog, (
        f"{MO_FILE.name} is out of date with {PO_FILE.name}: recompile it with msgfmt"
    )


def test_the_catalogue_declares_albanian_with_its_two_plural_forms(compiled):
    info = compiled.info()
    assert info["language"] == "sq"
    assert info["content-type"] == "text/plain; charset=UTF-8"
    assert info["plural-forms"] == "nplurals=2; plural=(n != 1);"


def test_every_allauth_string_the_portal_uses_has_an_albanian_translation(compiled, used_entries):
    untranslated = [
        source
        for entry in used_entries
        for source, text in translations_of(entry, compiled._catalog)
        if not text
    ]
    assert not untranslated, (
        f"{len(untranslated)} allauth strings lack Albanian ({REFRESH_HINT}): {untranslated}"
    )


def test_no_translation_is_left_in_english(compiled, used_entries):
    english = [
        source
        for entry in used_entries
        for source, text in translations_of(entry, compiled._catalog)
        if text == source and source not in SAME_IN_ALBANIAN
    ]
    assert not english, english


def test_every_translation_keeps_the_placeholders_of_its_source(compiled, used_entries):
    mismatched = [
        (source, text)
        for entry in used_entries
        for source, text in translations_of(entry, compiled._catalog)
        if text and sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source))
    ]
    assert not mismatched, mismatched


def test_every_translation_keeps_the_html_tags_of_its_source(compiled, used_entries):
    mismatched = [
        (source, text)
        for entry in used_entries
        for source, text in translations_of(entry, compiled._catalog)
        if text and sorted(HTML_TAG.findall(text)) != sorted(HTML_TAG.findall(source))
    ]
    assert not mismatched, mismatched


def test_every_translation_keeps_the_surrounding_whitespace_and_line_breaks_of_its_source(
    compiled, used_entries
):
    def shape(text):
        return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :], text.count("\n")

    mismatched = [
        (source, text)
        for entry in used_entries
        for source, text in translations_of(entry, compiled._catalog)
        if text and shape(text) != shape(source)
    ]
    assert not mismatched, mismatched


@pytest.mark.parametrize(
    ("msgid", "albanian"),
    [
        ("Sign In", "Hyni"),
        ("Sign Out", "Dilni"),
        ("Sign Up", "Regjistrohuni"),
        ("Password", "Fjalëkalimi"),
        ("Email address", "Adresa e e-mailit"),
        ("Code", "Kodi"),
        ("Authenticator App", "Aplikacioni autentikues"),
        ("Recovery Codes", "Kodet rezervë"),
        ("Two-Factor Authentication", "Vërtetimi me dy hapa"),
    ],
)
def test_the_portals_terms_are_used(compiled, msgid, albanian):
    assert compiled.gettext(msgid) == albanian


def test_a_string_with_a_context_is_translated_for_that_context(compiled):
    assert compiled.pgettext("action", "Change Phone") == "Ndryshoni telefonin"
    assert compiled.pgettext("field label", "Login") != "Login"


def test_plural_forms_follow_the_count(compiled):
    one = compiled.ngettext(
        "You have added %(count)s security key.", "You have added %(count)s security keys.", 1
    )
    two = compiled.ngettext(
        "You have added %(count)s security key.", "You have added %(count)s security keys.", 2
    )
    assert one % {"count": 1} == "Keni shtuar 1 çelës sigurie."
    assert two % {"count": 2} == "Keni shtuar 2 çelësa sigurie."
