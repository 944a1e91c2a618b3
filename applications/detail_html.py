"""Parts of an application's page (templates/applications/detail.html) written out in Python (issue 13).

The profile's summary (templates/applications/_profile_review.html, which the apply page still includes) and
the history cost more through ``{% include %}``, ``blocktranslate count``, ``{% timezone %}`` and the ``date``
filter than the rest of a draft's content. Written here in the templates' own msgids (the translations apply
unchanged), values escaped as the templates escape them, translated texts not (as ``{% translate %}`` and
``blocktranslate`` leave them), times in the ``date`` filter's formats in the institution's time zone.
Tested equal to the templates' rendering (tests/applications/test_draft_page_written_out.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import zoneinfo

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext as _


def esc(value) -> str:
    """django.utils.html.conditional_escape's text: a safe string's HTML as it is, any other value escaped as
    Django's ``escape`` escapes it (html.escape of its text), without the lazy-argument check and the
    SafeString that each call built (a few dozen values a page)."""
    html_of = getattr(value, "__html__", None)
    if html_of is not None:
        return html_of()
    return html.escape(str(value))


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def library_options(library) -> str:
    """The library's choices (``<option>`` per file: its label and the day it was kept, ``|date:"d.m.Y"`` in
    the current time zone), the same for every line of the checklist."""
    tz = timezone.get_current_timezone()
    return mark_safe(  # noqa: S308 (every value escaped)
        "".join(
            f'<option value="{int(d.pk)}">{html.escape(d.label)} '
            f"({d.uploaded_at.astimezone(tz).strftime('%d.%m.%Y')})</option>"
            for d in library
        )
    )


_FILE_SIZE_UNITS = ((1 << 40, "%s TB"), (1 << 30, "%s GB"), (1 << 20, "%s MB"), (1 << 10, "%s KB"))


def file_size(size, language: str | None) -> str:
    """``|filesizeformat`` of a file's size (bytes) in ``language`` (the current one): a kilobyte or more,
    below a petabyte, written here (the filter looks the language's formats and words up on every call), in
    the same words; else the filter's own."""
    if isinstance(size, int) and (1 << 10) <= size < (1 << 50):
        separator, units = _file_size_words(language)
        for (unit, _text), text in zip(_FILE_SIZE_UNITS, units, strict=True):
            if size >= unit:
                whole, point, tenths = str(round(size / unit, 1)).partition(".")
                if point and len(whole) <= 3 and whole.isdigit():
                    return (text % f"{whole}{separator}{tenths[:1]}").replace(" ", "\xa0")
                break
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(size)


@functools.lru_cache(maxsize=16)
def _file_size_words(language: str | None) -> tuple[str, tuple[str, ...]]:
    """The language's decimal separator and filesizeformat's units (its own msgids), once per process."""
    from django.utils.formats import get_format
    from django.utils.translation import override

    with override(language):
        units = tuple(gettext(text) for _unit, text in _FILE_SIZE_UNITS)
    return str(get_format("DECIMAL_SEPARATOR", language)), units


def short_hash(sha256: str, language: str | None) -> str:
    """``|truncatechars:17`` of a SHA-256's hex digits in ``language`` (the current one): its first digits and
    the language's truncation text (Django's "%(truncated_text)s…", translated); the filter's own for a text
    that is not ASCII."""
    if sha256.isascii():  # (no combining character: each counts as one)
        if len(sha256) <= 17:
            return sha256
        keep, written = _truncation(language)
        return written.replace("\x00", sha256[:keep])
    from django.template.defaultfilters import truncatechars

    return truncatechars(sha256, 17)


@functools.lru_cache(maxsize=16)
def _truncation(language: str | None) -> tuple[int, str]:
    """How many characters truncatechars:17 keeps of a longer text without combining characters, and its
    truncation text around a NUL standing for them (django.utils.text, Truncator.chars)."""
    from django.utils import text
    from django.utils.translation import override

    with override(language):
        return text.calculate_truncate_chars_length(17, None), text.add_truncation_text("\x00")


def profile_review_html(profile, gaps, *, profile_url: str) -> str:
    """templates/applications/_profile_review.html: ``profile_url`` is the link the template chose (the
    candidate's profile for HR's assisted application, else the person's own)."""
    summary = ""
    if profile:
        line = f"{esc(profile.first_name)} {esc(profile.last_name)}"
        if profile.personal_number:
            line += f" · {esc(profile.personal_number)}"
        if profile.email:
            line += f" · {esc(profile.email)}"
        counts = (
            ngettext("%(n)s degree", "%(n)s degrees", n := len(profile.education.all())) % {"n": n},
            ngettext("%(n)s job", "%(n)s jobs", n := len(profile.experience.all())) % {"n": n},
            ngettext("%(n)s language", "%(n)s languages", n := len(profile.languages.all())) % {"n": n},
            ngettext("%(n)s referee", "%(n)s referees", n := len(profile.referees.all())) % {"n": n},
        )
        items = "\n      ".join(f"<li>{count}</li>" for count in counts)
        summary = f'\n    <p>{line}</p>\n    <ul class="inline">\n      {items}\n    </ul>\n  '
    gaps_html = ""
    if gaps:
        gaps_html = '<div class="gaps"><ul>{}</ul></div>'.format(
            "".join(f"<li>{esc(gap)}</li>" for gap in gaps)
        )
    title, review = _("Your profile"), _("Review or complete the profile")  # (outside the f-string: xgettext)
    return (
        f'<section class="card" aria-labelledby="review-h">\n'
        f'  <h2 id="review-h">{title}</h2>\n'
        f"  {summary}\n"
        f"  {gaps_html}\n"
        f'  <p><a href="{esc(profile_url)}">{review}</a></p>\n'
        f"</section>"
    )


def history_html(events, *, applicant_id: int, time_zone: str) -> str:
    """The history's lines (the <li> of detail.html's ``<ol class="history">``), in the institution's time
    zone as ``{% timezone institution.time_zone %}`` showed them."""
    tz = _zone(time_zone)
    by_hr = None
    lines = []
    for event in events:
        at = event.at
        if isinstance(at, dt.datetime) and at.tzinfo is not None:
            at = at.astimezone(tz)
        line = (
            f'<li><time datetime="{at.isoformat()}">{at.strftime("%d.%m.%Y %H:%M:%S")}</time>'
            f" · {esc(event.get_kind_display())}"
        )
        detail = event.detail
        if detail:
            line += f": {esc(detail)}"
        data = event.data
        reference = data.get("reference") if isinstance(data, dict) else None
        if reference:
            line += f" ({esc(reference)})"
        if event.actor_id and event.actor_id != applicant_id:
            if by_hr is None:
                by_hr = _("by HR")
            line += f" · {by_hr}"
        lines.append(line + "</li>")
    return "\n  ".join(lines)


def checklist_html(
    items: list, *, upload_url: str, attach_url: str, csrf_input: str, library_options: str
) -> str:
    """The lines of a draft's checklist (the <li> of templates/applications/detail.html's list), each with its
    files, its upload form and, when the person keeps a library (``library_options`` not empty), the form
    that attaches one of its files: written out once per line (issue 13), in the template's words.

    Its texts are translated outside the f-strings that place them: makemessages (xgettext) does not read a
    call inside an f-string, and a msgid only found there is dropped from the catalogue."""
    _ = functools.cache(gettext)  # each text translated once for the page, and only if a line shows it
    language, escape = get_language(), html.escape  # (a document's values are plain strings)
    sending, file_for, upload = _("Sending…"), _("File for: %(name)s"), _("Upload")
    upload_url, attach_url = esc(upload_url), esc(attach_url)
    lines = []
    for row in items:
        item, name, slot = row["item"], esc(row["name"]), esc(row["item"].slot)
        tag = _("required") if item.required else _("if any")
        state = ""
        if row["documents"]:
            attached = _("attached")
            state = f'<span class="done">✓ {attached}</span>'
        elif item.required:
            missing = _("missing")
            state = f'<span class="missing">{missing}</span>'
        notes = f'<p class="note">{esc(row["notes"])}</p>' if row["notes"] else ""
        files = ""
        if row["documents"]:
            remove, remove_name = _("Remove"), _("Remove %(name)s")
            files = "".join(
                f'\n        <li><a href="{escape(doc.url)}">{label}</a> <span class="meta">'
                f"{escape(file_size(doc.size, language))}</span> "
                f'<span class="hash" title="SHA-256">{escape(short_hash(doc.sha256, language))}</span>\n'
                f'          <form method="post" action="{escape(doc.remove_url)}" class="inline-form">'
                f'{csrf_input}<button type="submit" class="button-secondary" aria-label="'
                f'{remove_name % {"name": label}}">{remove}</button></form>'
                f"</li>\n      "
                for doc in row["documents"]
                for label in (escape(doc.label),)
            )
            files = f'<ul class="files">{files}</ul>'
        form = row["form"]
        library = ""
        if library_options:
            from_library, attach = _("Or attach from my library"), _("Attach")
            library = (
                f'<form method="post" action="{attach_url}" class="upload-row library-row">\n'
                f'        {csrf_input}<input type="hidden" name="slot" value="{slot}">\n'
                f'        <label for="library-{slot}">{from_library}</label>\n'
                f'        <select name="document" id="library-{slot}">{library_options}</select>\n'
                f'        <button type="submit" class="button-secondary">{attach}'
                f'<span class="visually-hidden">: {name}</span></button>\n'
                f"      </form>"
            )
        lines.append(
            f'<li id="item-{slot}">\n'
            f'      <h3>{name} <span class="tag">{tag}</span>\n'
            f"        {state}</h3>\n"
            f"      {notes}\n"
            f"      {files}\n"
            f'      <form method="post" action="{upload_url}" enctype="multipart/form-data" '
            f'class="upload-row" data-upload data-anchor="#item-{slot}" data-sending="{sending}">\n'
            f"        {csrf_input}{form['slot']}\n"
            f'        <label for="{esc(form["files"].id_for_label)}" class="visually-hidden">'
            f"{file_for % {'name': name}}</label>\n"
            f"        {form['files']}\n"
            f'        <button type="submit">{upload}</button>\n'
            f"      </form>\n"
            f"      {library}\n"
            f"    </li>"
        )
    return mark_safe("\n    ".join(lines))  # noqa: S308 (every value escaped above)


@functools.lru_cache(maxsize=16)
def _page_texts(language: str | None) -> dict[str, str]:
    """The draft page's own texts in ``language`` (detail.html's translate tags), once per process."""
    return {
        "mine": _("My applications"),
        "assisted_list": _("Applications made for candidates"),
        "assisted": _("Application made by HR for the candidate (R-12.1)"),
        "place": _("Place"),
        "save": _("Save"),
        "documents": _("Documents"),
        "limits": _(
            "PDF, JPEG or PNG; at most %(max_file_mb)s MB a file and %(max_total_mb)s MB in all; up to "
            "%(max_files)s files at a time. Attach each document to its line; a required line must have at "
            "least one file."
        ),
        "library_kept": _(
            "Files of your document library can be attached to any line without uploading them again."
        ),
        "library_none": _(
            "A file you will attach to other applications too (a diploma, a CV) can be kept in your document "
            "library and attached from there."
        ),
        "library": _("My document library"),
        "submit": _("Submit"),
        "before": _(
            "Before you submit, read the whole application as the HR unit will see it: the profile, the "
            "checklist and every file. The self-declaration and the submit button are at the end of the "
            "preview."
        ),
        "preview": _("Preview and submit"),
        "history": _("History"),
        "application": _("Application"),
        "portal": _("Civil service recruitment portal"),
    }


def draft_title(position) -> str:
    """detail.html's title block: "Application · <the position's title> · " and base.html's title."""
    t = _page_texts(get_language())
    return f"{t['application']} · {esc(position.title)} · {t['portal']}"


def draft_content(
    *,
    app,
    own: bool,
    urls: dict[str, str],
    css_html: str,
    status_html: str,
    later_steps_html: str,
    profile_review_html: str,
    place_form,
    csrf_input: str,
    limits: dict,
    library: bool,
    checklist_html: str,
    history_html: str,
) -> str:
    """templates/applications/detail.html's content block for a draft the reader may change while its
    position is open (no result, no decision, no earlier receipts: the view renders the template for any
    other), written out once per page (issue 13). ``urls``: the breadcrumb's (``back``), the position's, the
    library's, the preview's and the place's; ``limits``: the blocktranslate's values as the template shows
    them (the sizes' text and the count); the ``*_html`` parts are the page's, already written and escaped."""
    t = _page_texts(get_language())
    position = app.position
    announcement = position.announcement
    code = f'<span class="code">{esc(position.code)}</span> ' if position.code else ""
    assisted = f" · <strong>{t['assisted']}</strong>" if app.assisted else ""
    place = ""
    if place_form is not None and place_form.fields.get("place") is not None:
        field = place_form["place"]
        place = (
            f'<section class="card" aria-labelledby="place-h">\n'
            f'    <h2 id="place-h">{t["place"]}</h2>\n'
            f'    <form method="post" action="{esc(urls["place"])}" class="upload-row">\n'
            f"      {csrf_input}{field.label_tag()} {field} "
            f'<button type="submit" class="button-secondary">{t["save"]}</button>\n'
            f"    </form>\n"
            f"  </section>"
        )
    library_note = ""
    if own:
        note = t["library_kept"] if library else t["library_none"]
        library_note = f'<p class="meta">{note} <a href="{esc(urls["library"])}">{t["library"]}</a></p>'
    limits_text = t["limits"] % {name: esc(value) for name, value in limits.items()}
    return (
        f"{css_html}\n"
        f'<nav class="breadcrumb"><a href="{esc(urls["back"])}">'
        f"{t['mine'] if own else t['assisted_list']}</a></nav>\n"
        f'<p class="institution">{esc(announcement.institution.name)}</p>\n'
        f"<h1>{code}{esc(position.title)}</h1>\n"
        f'<p class="meta"><a href="{esc(urls["position"])}">{esc(announcement.reference)} · '
        f"{esc(announcement.title)}</a>{assisted}</p>\n"
        f"{status_html}\n"
        f"{later_steps_html}\n"
        f"{profile_review_html}\n"
        f"{place}\n"
        f"<h2>{t['documents']}</h2>\n"
        f'<p class="meta">{limits_text}</p>\n'
        f"{library_note}\n"
        f'<ul class="checklist">\n{checklist_html}\n</ul>\n'
        f"<h2>{t['submit']}</h2>\n"
        f"<p>{t['before']}</p>\n"
        f'<p><a class="button" href="{esc(urls["preview"])}" id="preview-link">{t["preview"]}</a></p>\n'
        f"<h2>{t['history']}</h2>\n"
        f'<ol class="history">\n  {history_html}\n</ol>\n'
    )
