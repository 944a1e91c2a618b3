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
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


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
    return (
        f'<section class="card" aria-labelledby="review-h">\n'
        f'  <h2 id="review-h">{_("Your profile")}</h2>\n'
        f"  {summary}\n"
        f"  {gaps_html}\n"
        f'  <p><a href="{esc(profile_url)}">{_("Review or complete the profile")}</a></p>\n'
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
