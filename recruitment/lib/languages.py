"""The portal's three languages as the translated fields spell them, and reading a frozen per-language value.

Pure helpers: no app, no database. ``LANGS`` are the suffixes django-modeltranslation gives a translated field
(``title_sq``, ``title_sr_latn``, ``title_en``); a frozen copy stores such a field as ``{language: text}``.
"""

LANGS = ("sq", "sr_latn", "en")


def pick_language(value, language: str):
    """A frozen {language: text} value in the reader's language, Albanian as the fallback."""
    if not isinstance(value, dict):
        return value or ""
    key = language.replace("-", "_")
    return value.get(key) or value.get("sq") or next((v for v in value.values() if v), "")
