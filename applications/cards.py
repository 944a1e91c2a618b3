"""The cards of "My applications", written out in Python (issue 13).

Each card says where the application stands (templates/applications/_status.html) and the steps after the
results (_later_steps.html): no page renders those two templates any more; they are the reference the tests
compare these writers with. Rendered per card through
``{% include %}``, ``{% timezone %}``, ``blocktranslate`` and the ``date`` filter, a card cost about as much
as a whole bare request; here it is a few string operations. The texts are the templates' own msgids (the
translations apply unchanged), values are escaped as the templates escape them, translated texts are not
(as ``{% translate %}`` and ``blocktranslate`` leave them), and dates are the ``date`` filter's formats in
the same time zones: the institution's for the status (``{% timezone %}``), the reader's for the later steps.

The one status left to its template is the verification's outcome (``verification/_applicant_status.html``,
owned by verification), rendered for the cards that have one.

"My applications" writes its cards from rows read as values (applications.selectors.CardRow: ``row_*`` and
``card_html`` below, with what the page's cards share worked out once in ``_Page``); the application's page
writes its status from the model instance (``status_html``, ``later_steps_html``). Both are tested equal to
the templates.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import zoneinfo

from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from modeltranslation.fields import NONE

from recruitment.lib.languages import LANGS
from vacancies.choices import AnnouncementStatus, ClosingState

from .choices import ApplicationStatus
from .detail_html import esc
from .templatetags.apply_tags import told_result


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def _local(value, tz=None):
    """A time as the ``date`` filter shows it: an aware datetime in ``tz`` (else the current time zone)."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return value.astimezone(tz or timezone.get_current_timezone())
    return value


def _dmy(value, tz=None) -> str:
    """``|date:"d.m.Y"`` ("" for None)."""
    return "" if value is None else _local(value, tz).strftime("%d.%m.%Y")


def day(value, tz=None) -> str:
    """``|date:"d.m.Y"`` of a time in the current time zone (or ``tz``)."""
    return _dmy(value, tz)


def _dmy_hm(value, tz=None) -> str:
    """``|date:"d.m.Y H:i"`` ("" for None)."""
    return "" if value is None else _local(value, tz).strftime("%d.%m.%Y %H:%M")


def _dmy_hms(value, tz=None) -> str:
    """``|date:"d.m.Y H:i:s"`` ("" for None)."""
    return "" if value is None else _local(value, tz).strftime("%d.%m.%Y %H:%M:%S")


def _verdict(result, _) -> str:
    if result and result.get("winner"):
        return _("Selected.")
    if result and result.get("qualified"):
        return _("Qualified.")
    return _("Not qualified.")


def _after_results(app, result, _, reference: str) -> str:
    """templates/applications/_after_results_status.html (``reference``: the submission's, escaped)."""
    strong = esc(app.later_status) if app.later_status else _verdict(result, _)
    told = ""
    if result:
        if result.get("rank"):
            rank = _("Rank %(rank)s of %(n)s, with %(total)s points.") % {
                "rank": esc(result.get("rank")),
                "n": esc(result.get("candidates", "")),
                "total": esc(result.get("total", "")),
            }
        else:
            rank = _("Not ranked.")
        told = _("Result of the evaluation:")
        told = f"{told} {rank}"
        if app.later_status:
            told += f" {_verdict(result, _)}"
    reference = _("Reference number %(ref)s.") % {"ref": reference}
    return f'<p class="status status-submitted"><strong>{strong}</strong>\n{told}\n{reference}</p>'


def _time_left(deadline, now, _) -> str:
    from vacancies.templatetags.portal import duration_left

    delta = deadline - now
    if delta.total_seconds() <= 0:
        return ""
    left = _("%(left)s left.") % {"left": esc(duration_left(delta))}
    return f'<strong class="time-left">{left}</strong>'


def status_html(app, *, user, now, _=gettext) -> str:
    """templates/applications/_status.html for one card."""
    position = app.position
    institution = position.announcement.institution
    tz = _zone(institution.time_zone)
    result = told_result(app)
    outcome = app.verification_outcome
    if outcome not in ("not_eligible", "excluded") and (app.later_status or result):
        sub = app.last_submission
        return _after_results(app, result, _, esc(sub.reference if sub else ""))
    if outcome:
        with timezone.override(tz):
            return get_template("verification/_applicant_status.html").render({"app": app, "user": user})
    sub = app.last_submission
    if app.status == ApplicationStatus.SUBMITTED:
        text = _(
            "Received on %(when)s, reference number %(ref)s. The HR unit verifies every application "
            "after the deadline and will write to you."
        ) % {"when": _dmy_hms(sub and sub.submitted_at, tz), "ref": esc(sub.reference if sub else "")}
        return f'<p class="status status-submitted"><strong>{_("Submitted.")}</strong>\n{text}</p>'
    is_open = app.card_open
    if app.status == ApplicationStatus.WITHDRAWN:
        if is_open:
            text = _(
                "You withdrew it on %(when)s. It is not part of the competition, but you can prepare it "
                "again and submit it until %(deadline)s."
            ) % {"when": _dmy_hm(sub and sub.withdrawn_at, tz), "deadline": _dmy_hm(position.deadline, tz)}
        else:
            text = _("It is not part of the competition.")
        return f'<p class="status status-withdrawn"><strong>{_("Withdrawn.")}</strong>\n{text}</p>'
    if is_open:
        text = _(
            "Attach the documents and submit it before %(deadline)s (%(tzname)s). Until you submit, the "
            "institution does not have it."
        ) % {"deadline": _dmy_hm(position.deadline, tz), "tzname": esc(institution.time_zone)}
        left = _time_left(position.deadline, now, _)
        return f'<p class="status"><strong>{_("Not submitted yet.")}</strong>\n{left}\n{text}</p>'
    late = _("The deadline has passed; this draft can no longer be submitted.")
    return f'<p class="status status-late"><strong>{_("Not submitted.")}</strong> {late}</p>'


def later_steps_html(app, _=gettext) -> str:
    """templates/applications/_later_steps.html for one card (in the reader's time zone)."""
    if not app.later_steps:
        return ""
    return _later_steps(app.later_steps, esc(app.position.title), _dmy, _dmy_hm, _)


def _later_steps(steps, hidden: str, day, day_time, _) -> str:
    """The list of _later_steps.html (``hidden``: the position's title, escaped; ``day`` and ``day_time`` the
    writer's date formats, ``_`` its gettext): one writer for a model instance's card and a row's."""
    items = []
    for step in steps:
        when = day_time(step.at) if isinstance(step.at, dt.datetime) else day(step.at)
        text = f"<strong>{esc(step.text)}</strong>" if step.action else esc(step.text)
        due = ""
        if step.due:
            due = ' <span class="due">{}</span>'.format(_("By %(due)s.") % {"due": day(step.due)})
        link = ""
        if step.url:
            link = f' <a href="{esc(step.url)}">{esc(step.link_text or step.text)}</a>'
        css = ' class="later-step-action"' if step.action else ""
        items.append(f'<li{css}><span class="meta">{when}</span> {text}{due}{link}</li>')
    heading = _("After the results")
    return (
        f'<h3 class="later-steps-title">{heading}<span class="visually-hidden">: {hidden}</span></h3>\n'
        f'<ol class="later-steps">\n{"".join(items)}\n</ol>'
    )


class _Page:
    """What every card of a page shares, worked out once for the page (issue 13): gettext remembered
    (``tr``), the texts every card says, the title, institution and place picked in the reader's language as
    modeltranslation's descriptor picks them, and each date formatted once per distinct value and zone."""

    def __init__(self, now=None, tr=None):
        from modeltranslation.utils import get_language as translated_language
        from modeltranslation.utils import resolution_order

        from vacancies.models import Institution, Position, PositionPlace

        self.now = now or timezone.now()
        self.tr = tr or functools.cache(gettext)  # each text translated once for the page, not once per card
        _ = self.tr
        self.by_hr = _("submitted for you by HR (R-12.1)")
        self.carry_on = _("Continue your application")
        self.view = _("View your application")
        language = translated_language()
        self.pickers = {}
        for attribute, model, field in (
            ("position_title_", Position, "title"),
            ("institution_name_", Institution, "name"),
            ("place_place_", PositionPlace, "place"),
        ):
            descriptor = model.__dict__[field]
            undefined = descriptor.fallback_undefined
            if undefined is NONE:
                undefined = descriptor.field.get_default()
            order = [
                attribute + lang.replace("-", "_")
                for lang in resolution_order(language, descriptor.fallback_languages)
                if lang.replace("-", "_") in LANGS
            ]
            self.pickers[attribute] = (order, undefined, descriptor, model, field)
        self._dates: dict = {}

    def pick(self, app, attribute: str) -> str:
        """A translated field of the row as its model's descriptor gives it in the reader's language."""
        order, undefined, descriptor, model, field = self.pickers[attribute]
        for name in order:
            value = getattr(app, name)
            if value is not None and value != undefined:
                return value
        values = {f"{field}_{lang}": getattr(app, attribute + lang) for lang in LANGS}
        return descriptor.__get__(types.SimpleNamespace(**values), model)

    def date(self, value, tz, pattern: str) -> str:
        """``value|date`` in the zone ``tz`` (the reader's when None), once per value, zone and pattern."""
        key = (value, tz, pattern)
        text = self._dates.get(key)
        if text is None:
            text = self._dates[key] = "" if value is None else _local(value, tz).strftime(pattern)
        return text


def _reference(app) -> str:
    """``app.last_submission.reference`` as the templates print it ("" without a submission)."""
    return "" if app.last_submission_id is None else esc(app.submission_reference)


def deadline(app):
    """Position.deadline of a row (applications.selectors.CardRow) not submitted (a submitted one does not
    read the times: selectors._OPEN_TIMES)."""
    return app.card_extended_until or app.card_closes_at


def is_open(app, now) -> bool:
    """Position.is_open of a row (applications.selectors.CardRow) not submitted, at ``now``."""
    return (
        app.position_closing_state != ClosingState.CLOSED
        and app.announcement_status == AnnouncementStatus.PUBLISHED
        and app.card_opens_at <= now < deadline(app)
    )


def row_status_html(app, *, user, now=None, page: _Page | None = None) -> str:
    """templates/applications/_status.html for one card (``app``: an applications.selectors.CardRow after
    outcomes and later_steps attached theirs)."""
    page = page or _Page(now)
    _ = page.tr
    tz = _zone(app.institution_time_zone)
    result = app.told_result_data
    outcome = app.verification_outcome
    if outcome not in ("not_eligible", "excluded") and (app.later_status or result):
        return _after_results(app, result, _, _reference(app))
    if outcome:
        with timezone.override(tz):
            return get_template("verification/_applicant_status.html").render({"app": app, "user": user})
    if app.status == ApplicationStatus.SUBMITTED:
        text = _(
            "Received on %(when)s, reference number %(ref)s. The HR unit verifies every application "
            "after the deadline and will write to you."
        ) % {"when": page.date(app.submission_submitted_at, tz, "%d.%m.%Y %H:%M:%S"), "ref": _reference(app)}
        return f'<p class="status status-submitted"><strong>{_("Submitted.")}</strong>\n{text}</p>'
    open_now = is_open(app, page.now)
    if app.status == ApplicationStatus.WITHDRAWN:
        if open_now:
            text = _(
                "You withdrew it on %(when)s. It is not part of the competition, but you can prepare it "
                "again and submit it until %(deadline)s."
            ) % {
                "when": page.date(app.submission_withdrawn_at, tz, "%d.%m.%Y %H:%M"),
                "deadline": page.date(deadline(app), tz, "%d.%m.%Y %H:%M"),
            }
        else:
            text = _("It is not part of the competition.")
        return f'<p class="status status-withdrawn"><strong>{_("Withdrawn.")}</strong>\n{text}</p>'
    if open_now:
        text = _(
            "Attach the documents and submit it before %(deadline)s (%(tzname)s). Until you submit, the "
            "institution does not have it."
        ) % {
            "deadline": page.date(deadline(app), tz, "%d.%m.%Y %H:%M"),
            "tzname": esc(app.institution_time_zone),
        }
        left = _time_left(deadline(app), page.now, _)
        return f'<p class="status"><strong>{_("Not submitted yet.")}</strong>\n{left}\n{text}</p>'
    late = _("The deadline has passed; this draft can no longer be submitted.")
    return f'<p class="status status-late"><strong>{_("Not submitted.")}</strong> {late}</p>'


def row_later_steps_html(app, page: _Page | None = None, title: str | None = None) -> str:
    """templates/applications/_later_steps.html for one card's row (in the reader's time zone)."""
    if not app.later_steps:
        return ""
    page = page or _Page()
    hidden = esc(page.pick(app, "position_title_") if title is None else title)
    return _later_steps(
        app.later_steps,
        hidden,
        lambda value: page.date(value, None, "%d.%m.%Y"),
        lambda value: page.date(value, None, "%d.%m.%Y %H:%M"),
        page.tr,
    )


def card_html(app, *, user, detail_url: str, page: _Page) -> str:
    """One card (the <li> of templates/applications/my_applications.html's list)."""
    url = esc(detail_url.format(app.pk))
    shown = page.pick(app, "position_title_")
    title = esc(shown)
    code = f'<span class="code">{esc(app.position_code)}</span> ' if app.position_code else ""
    meta = f"{esc(page.pick(app, 'institution_name_'))} · {esc(app.announcement_reference)}"
    if app.place_id is not None:
        meta += f" · {esc(page.pick(app, 'place_place_'))}"
    if app.assisted:
        meta += f" · {page.by_hr}"
    carry_on = app.status == ApplicationStatus.DRAFT and is_open(app, page.now)
    button = "button" if carry_on else "button button-secondary"
    steps = row_later_steps_html(app, page, shown) if app.later_steps else ""
    return (
        f'<li class="card">\n'
        f'    <h2 class="card-title"><a href="{url}">{code}{title}</a></h2>\n'
        f'    <p class="meta">{meta}</p>\n'
        f"    {row_status_html(app, user=user, page=page)}\n"
        f"    {steps}\n"
        f'    <p><a class="{button}" href="{url}">{page.carry_on if carry_on else page.view}'
        f'<span class="visually-hidden">: {title}</span></a></p>\n'
        f"  </li>"
    )


def cards_html(applications: list, *, user, now, detail_url: str) -> str:
    """Every card, in order (``applications``: applications.selectors.CardRow; ``detail_url``: the
    application's page with ``{0}`` for its id, recruitment.lib.urls.pattern)."""
    page = _Page(now)
    return mark_safe(  # noqa: S308 (every value escaped above)
        "\n  ".join(card_html(app, user=user, detail_url=detail_url, page=page) for app in applications)
    )
