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
import zoneinfo

from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


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
    from django.template.defaultfilters import filesizeformat, truncatechars

    _ = functools.cache(gettext)  # each text translated once for the page, and only if a line shows it
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
                f'\n        <li><a href="{esc(doc.url)}">{esc(doc.label)}</a> <span class="meta">'
                f"{esc(filesizeformat(doc.size))}</span> "
                f'<span class="hash" title="SHA-256">{esc(truncatechars(doc.sha256, 17))}</span>\n'
                f'          <form method="post" action="{esc(doc.remove_url)}" class="inline-form">'
                f'{csrf_input}<button type="submit" class="button-secondary" aria-label="'
                f'{remove_name % {"name": esc(doc.label)}}">{remove}</button></form>'
                f"</li>\n      "
                for doc in row["documents"]
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
