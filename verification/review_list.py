"""HR's list of one position's reviews (issue 13): the admin's URL of the reviews filtered on a position
(``?position__id__exact=<pk>``), served by a list built for it instead of Django's ChangeList.

A signed-in page is meant to cost at most 15 times a bare Django request (about 15 M instructions), and the
portal's middleware alone takes 6 of them. The ChangeList cost about 90 M before its first row (its
filters, counts, headers, result templates, the side navigation's list of every app) and 2.5 M a row. This
list does the same work with less machinery:

- three queries: the position filter's choices (the closed positions the user may verify; the requested one
  among them is also the check of its scope, else one more query and a 404) and the page's rows with their
  criteria met / all, each compiled to SQL once per process, and the number of the position's reviews
  (ReviewCount's row, written when they were opened: not a count of 10,000 rows). The page's rows are read in
  the order of an index (migration 0004: the position, the names in R-18.4's order, the reference), so
  PostgreSQL stops after the page: a count in the same pass (a window) made it read and sort every review of
  the position for each page (issue 13: 10,000 reviews, 10.8 ms against 0.6). A fourth query counts the
  rows shown only when a filter or the search narrows them;
- the rows written out in Python (the same cells as the ChangeList's), the page in one template of its own
  that writes the admin's frame (admin/base.html, admin/base_site.html) without the side navigation, with
  the URLs and static files of the frame resolved once per process and language.

What it does not serve (a column's sorting, "show all", a popup, an invalid parameter, a page past the last,
the actions' POST) stays with the ChangeList, unchanged; so does the list of every position's reviews.
"""

import json
import re
import types
from html import escape
from urllib.parse import urlencode

from django.contrib.admin import helpers
from django.contrib.admin.views.main import ALL_VAR, ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.contrib.messages import get_messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_bidi, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import NONE
from modeltranslation.utils import build_localized_fieldname, resolution_order
from modeltranslation.utils import get_language as translated_language

from recruitment.collation import albanian_name_order
from recruitment.lib import compiled
from recruitment.lib.urls import pattern as url_pattern
from recruitment.permissions import hr_institution_ids
from vacancies.models import ClosingState, Position

from .models import Check, CheckResult, Decision, Reason, Review, ReviewCount

POSITION_VAR = "position__id__exact"
DECISION_VAR = "decision__exact"
FACETS_VAR = "_facets"  # django.contrib.admin.views.main.IS_FACETS_VAR (not in django-stubs)
PER_PAGE = 100  # the ChangeList's list_per_page
# The parameters this list serves; any other (o, all, e, _facets, _popup, _to_field, ...) goes to the
# ChangeList.
SERVED = frozenset({POSITION_VAR, DECISION_VAR, SEARCH_VAR, PAGE_VAR})
# The columns the ChangeList sorts by (their index in its list_display, the action checkbox being 0): a
# header's link asks the ChangeList for that order.
SORTABLE = {"name_shown": 1, "reference_shown": 2, "decision_shown": 3}
COLUMNS = ("name_shown", "reference_shown", "decision_shown", "reason_list", "checks_summary")

# The decisions as the list's column shows them: the choices' full labels (with their articles) take three
# lines in a column; the filter keeps them.
DECISION_SHORT = {
    Decision.UNDECIDED: _("not decided"),
    Decision.ELIGIBLE: _("eligible"),
    Decision.NOT_ELIGIBLE: _("not eligible"),
    Decision.EXCLUDED: _("excluded (R-9.3)"),
}


def served(request) -> bool:
    """Whether this list serves the request: a GET of one position's reviews with only the filters, the
    search and the page (each once; the page a number)."""
    if request.method != "GET":
        return False
    params = request.GET
    if not params.keys() <= SERVED or any(len(values) > 1 for _key, values in params.lists()):
        return False
    position = params.get(POSITION_VAR, "")
    if not (position.isascii() and position.isdigit()):
        return False
    if DECISION_VAR in params and params[DECISION_VAR] not in Decision.values:
        return False
    page = params.get(PAGE_VAR, "1")
    return page.isascii() and page.isdigit() and int(page) >= 1


# --- Queries compiled once (recruitment.lib.compiled.tuples) ----------------------------------------------
# Compiling these queries (the Albanian order, the subqueries, the window, the translated titles' columns)
# cost more than running them. The columns are named: modeltranslation reorders a values_list's fields.


_TITLES = tuple(
    f.name
    for f in Position._meta.concrete_fields
    if f.name.startswith("title_") and not f.name.endswith("_id")
)


_POSITION_COLUMNS = ("pk", "code", "announcement__reference", *_TITLES)


def _closed_positions_query(*institution_ids):
    qs = Position.objects.filter(closing_state=ClosingState.CLOSED)
    if institution_ids:
        qs = qs.filter(announcement__institution__in=institution_ids)
    return qs.order_by("-closed_at", "pk").values_list("pk", "code", "announcement__reference", *_TITLES)[
        :200
    ]


def _closed_positions(request) -> list[tuple[int, str, str]]:
    """The closed positions the user may verify (their institutions'; a superuser's all), newest closing
    first, at most 200: (pk, "reference · position" as the position filter labels it, the position's code or
    title)."""
    if request.user.is_superuser:
        rows = compiled.tuples(("review_list:positions",), _closed_positions_query, columns=_POSITION_COLUMNS)
    else:
        ids = tuple(sorted(hr_institution_ids(request.user)))
        if not ids:
            return []
        if len(ids) > 4:  # rare: compiled on each request (a key for each count up to 4)
            rows = list(_closed_positions_query(*ids))
        else:
            rows = compiled.tuples(
                ("review_list:positions", len(ids)), _closed_positions_query, *ids, columns=_POSITION_COLUMNS
            )
    # The title in the reader's language with modeltranslation's fallback (its descriptor's order and idea of
    # an empty value, worked out once, not per position); a title empty in every language by the descriptor.
    descriptor = Position.__dict__["title"]
    order = [
        _TITLES.index(name)
        for language in resolution_order(translated_language(), descriptor.fallback_languages)
        if (name := build_localized_fieldname("title", language)) in _TITLES
    ]
    undefined = descriptor.fallback_undefined
    if undefined is NONE:
        undefined = descriptor.field.get_default()
    out = []
    for pk, code, reference, *titles in rows:
        shown = next((t for i in order if (t := titles[i]) is not None and t != undefined), None)
        if shown is None:
            shown = descriptor.__get__(
                types.SimpleNamespace(**dict(zip(_TITLES, titles, strict=True))), Position
            )
        name = f"{code} {shown}".strip()  # Position.__str__
        out.append((pk, f"{reference} · {name}", code or shown))
    return out


def position_choices(request) -> list[tuple[int, str]]:
    """The position filter's choices: the closed positions the user may verify, as "reference · position"."""
    return [(pk, label) for pk, label, _short in _closed_positions(request)]


def _position(request, pk: int, closed) -> tuple[int, str, str]:
    """The position as _closed_positions gives it, only if the user may see its verification (their
    institution's; a superuser any): 404 otherwise, without saying whether it exists."""
    for position in closed:
        if position[0] == pk:
            return position
    # Not a closed position of the filter's list (still open, or past its 200): read and scoped on its own.
    position = Position.objects.filter(pk=pk).select_related("announcement").first()
    if position is None or not (
        request.user.is_superuser or position.announcement.institution_id in hr_institution_ids(request.user)
    ):
        raise Http404
    return position.pk, f"{position.announcement.reference} · {position}", position.code or position.title


def _shown(position_id, decision=None, search_admin=None, request=None, search=""):
    """The reviews the list shows: the position's, narrowed by the decision's filter and the search."""
    qs = Review.objects.filter(position_id=position_id)
    if decision is not None:
        qs = qs.filter(decision=decision)
    if search:
        qs, _duplicates = search_admin.get_search_results(request, qs, search)
    return qs


def _position_reviews(position_id: int) -> int:
    """How many reviews the position has: ReviewCount's row (services.reviews_open writes it), or a count."""
    stored = ReviewCount.objects.filter(position_id=position_id).values_list("reviews", flat=True).first()
    return stored if stored is not None else Review.objects.filter(position_id=position_id).count()


def _rows_query(position_id, decision=None, search_admin=None, request=None, search=""):
    """The rows of the list in the order of R-18.4 (an index's, on PostgreSQL: migration 0004): the columns
    shown and the criteria met and all (subqueries PostgreSQL evaluates for the page's rows only, after the
    LIMIT)."""
    checks = Check.objects.filter(review=OuterRef("pk")).order_by().values("review")
    return (
        _shown(position_id, decision, search_admin, request, search)
        .order_by(*albanian_name_order("last_name", "first_name", "reference", "id"))
        .annotate(
            met=Coalesce(
                Subquery(checks.filter(result=CheckResult.MET).annotate(n=Count("pk")).values("n")), 0
            ),
            criteria=Coalesce(Subquery(checks.annotate(n=Count("pk")).values("n")), 0),
        )
        .values_list(*_ROW_COLUMNS)
    )


_ROW_COLUMNS = (
    "pk",
    "first_name",
    "last_name",
    "reference",
    "decision",
    "reasons",
    "met",
    "criteria",
)


def _page_rows(model_admin, request, position_id: int, decision, search: str, page: int) -> list[tuple]:
    """The page's rows: (pk, first name, last name, reference, decision, reasons, criteria met, criteria)."""
    offset = (page - 1) * PER_PAGE
    if search:  # what HR types: the ORM's search, compiled on each request
        qs = _rows_query(position_id, decision, model_admin, request, search)
        return [(*row[:5], row[5] or (), *row[6:]) for row in qs[offset : offset + PER_PAGE]]
    if decision is None:
        key, values = ("review_list:rows",), (position_id,)
    else:
        key, values = ("review_list:rows", "decision"), (position_id, decision)
    # The reasons as the driver gives them (JSON text): parsed only for the rows that have some.
    return compiled.tuples(
        key, _rows_query, *values, columns=_ROW_COLUMNS, limit=PER_PAGE, offset=offset, convert=False
    )


# --- The page ---------------------------------------------------------------------------------------------

_SPECIAL = re.compile(r"[&<>\"']")


def _e(text: str) -> str:
    # html.escape only where it changes something: most names and references have nothing to escape.
    return escape(text) if _SPECIAL.search(text) else text


_per_language: dict = {}


def _texts() -> dict:
    """What every row and the frame write in the reader's language, resolved once per process and language
    (translations and URLs do not change while it runs)."""
    key = (get_language(), get_script_prefix())
    texts = _per_language.get(key)
    if texts is None:
        texts = _per_language[key] = {
            "decisions": {value: escape(str(label)) for value, label in DECISION_SHORT.items()},
            "reasons": {value: str(Reason(value).label) for value in Reason.values},
            "select": gettext("Select this object for an action - {}"),
            "change_url": url_pattern("admin:verification_review_change", 1),
            "urls": {
                "index": reverse("admin:index"),
                "app": reverse("admin:app_list", kwargs={"app_label": "verification"}),
                "positions": reverse("admin:verification_verificationposition_changelist"),
                "password_change": reverse("admin:password_change"),
                "logout": reverse("admin:logout"),
                "jsi18n": reverse("admin:jsi18n"),
            },
            "static": {
                name.replace("/", "_").replace(".", "_"): static(name)
                for name in (
                    "admin/css/base.css",
                    "admin/css/dark_mode.css",
                    "admin/js/theme.js",
                    "css/admin.css",
                    "admin/css/changelists.css",
                    "verification/admin.css",
                    "admin/js/actions.js",
                    "admin/js/filters.js",
                    "admin/css/responsive.css",
                    "admin/css/rtl.css",
                    "admin/css/responsive_rtl.css",
                    "admin/img/search.svg",
                )
            },
        }
    return texts


def _rows_html(rows, texts: dict, *, actions: bool, empty: str) -> str:
    """The table's rows, written out: the same cells (classes and content) as the ChangeList's, without a
    template or a URL resolved per row; ``empty``: the admin's mark of an empty cell."""
    url_start, url_end = texts["change_url"].split("{0}")
    # ModelAdmin.action_checkbox's HTML: format_html of the translated label with str(review).
    label_start, label_end = texts["select"].split("{}") if actions else ("", "")
    check_start = (
        f'<td class="action-checkbox"><input type="checkbox" name="{helpers.ACTION_CHECKBOX_NAME}" value="'
        if actions
        else ""
    )
    decisions, reasons = texts["decisions"], texts["reasons"]
    search = _SPECIAL.search
    out = []
    for pk, first_name, last_name, reference, decision, reason_values, met, total in rows:
        if search(f"{first_name}{last_name}{reference}"):  # rare: most names have nothing to escape
            first_name, last_name, reference = escape(first_name), escape(last_name), escape(reference)
        if last_name and first_name:
            name, full_name = f"{last_name}, {first_name}", f"{first_name} {last_name}"
        else:
            name = full_name = last_name or first_name
        checkbox = (
            f'{check_start}{pk}" class="action-select" aria-label="{label_start}{full_name} · {reference}'
            f'{label_end}"></td>'
            if actions
            else ""
        )
        reason_text = empty
        if reason_values and reason_values != "[]":
            if isinstance(reason_values, str):  # the JSON column as the driver gives it
                reason_values = json.loads(reason_values)
            reason_text = _e("; ".join(reasons[r] for r in reason_values if r in reasons)) or empty
        out.append(
            f"<tr>{checkbox}"
            f'<th class="field-name_shown" scope="row"><a href="{url_start}{pk}{url_end}">'
            f'{name or reference}</a></th><td class="field-reference_shown"><span class="nowrap">{reference}'
            "</span></td>"
            f'<td class="field-decision_shown">{decisions.get(decision) or _e(decision)}</td>'
            f'<td class="field-reason_list">{reason_text}</td>'
            f'<td class="field-checks_summary">{met} / {total}</td></tr>'
        )
    return mark_safe("\n".join(out))


class _Pages(Paginator):
    """Django's paginator for its page links, told the count instead of counting."""

    def __init__(self, count: int):
        super().__init__((), PER_PAGE)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count


def _query(params: dict, **changes) -> str:
    """The list's query string with ``changes`` (None removes a parameter); a change of filter or search
    goes back to the first page."""
    merged = {**params, **changes}
    if set(changes) - {PAGE_VAR}:
        merged.pop(PAGE_VAR, None)
    return "?" + urlencode([(k, v) for k, v in merged.items() if v is not None])


def _links(params: dict, var: str, choices) -> str:
    """A filter's choices as the admin writes them: (label, value, selected), the value None for "All"."""
    rest = urlencode([(k, v) for k, v in params.items() if k not in (var, PAGE_VAR)]).replace("&", "&amp;")
    out = []
    for label, value, selected in choices:
        # A query string of urlencode has no character to escape but "&".
        url = "?" + "&amp;".join(p for p in (rest, value is not None and f"{var}={value}") if p)
        if selected:
            out.append(f'<li class="selected"><a href="{url}" aria-current="true">{_e(str(label))}</a></li>')
        else:
            out.append(f'<li><a href="{url}">{_e(str(label))}</a></li>')
    return mark_safe("\n".join(out))


def _page_links(params: dict, pages: _Pages, page: int) -> str:
    """The admin's page links (admin_list.paginator_number), the current page marked for screen readers."""
    rest = escape(urlencode([(k, v) for k, v in params.items() if k != PAGE_VAR]))
    out = []
    for number in pages.get_elided_page_range(page):
        if number == pages.ELLIPSIS:
            out.append(f"{number} ")
        elif number == page:
            out.append(f'<span class="this-page" aria-current="page">{number}</span> ')
        else:
            end = ' class="end"' if number == pages.num_pages else ""
            out.append(f'<a href="?{rest}&amp;{PAGE_VAR}={number}"{end}>{number}</a> ')
    return mark_safe("".join(out))


# The page's template rendered once per process, language and shape (the conditions it tests) with a marker
# in place of each value of the request; each request fills the markers in. Django's template engine took a
# third of the page's allowance to render the frame alone on every request.
TEMPLATE = "admin/verification/review/position_list.html"
_MARKER = re.compile("\x00([a-z_]+)\x00")
_frames: dict = {}


def _frame(model_admin, shape: dict, slots) -> list[str]:
    """The template's output for ``shape``, split at the markers: text and slot names alternate."""
    key = (get_language(), get_script_prefix(), *sorted(shape.items()))
    parts = _frames.get(key)
    if parts is None:
        texts, site = _texts(), model_admin.admin_site
        context = {
            **shape,
            **{name: f"\x00{name}\x00" for name in slots},
            "LANGUAGE_CODE": get_language(),
            "LANGUAGE_BIDI": get_language_bidi(),
            "title": gettext("Verification of the applications (R-18)"),
            "site_title": site.site_title,
            "site_header": site.site_header,
            "opts": model_admin.model._meta,
            "urls": texts["urls"],
            "static": texts["static"],
        }
        headers = [(f, capfirst(str(getattr(model_admin, f).short_description))) for f in COLUMNS]
        context["columns"] = [(f, text, f"\x00sort_{f}\x00" if f in SORTABLE else "") for f, text in headers]
        parts = _frames[key] = _MARKER.split(get_template(TEMPLATE).render(context))
    return parts


def _messages(request) -> str:
    """The admin's message list (admin/base.html's block messages); reading them marks them shown."""
    items = []
    for message in get_messages(request):
        text = capfirst(str(message))
        if not isinstance(message.message, SafeString):
            text = escape(text)
        tags = f' class="{escape(message.tags)}"' if message.tags else ""
        items.append(f"<li{tags}>{text}</li>")
    return mark_safe(f'<ul class="messagelist">{"".join(items)}</ul>') if items else ""


def position_reviews_view(model_admin, request):
    """One position's reviews (see the module's docstring); the caller checked the admin's permission.
    None when the ChangeList answers instead (a page past the last)."""
    params = {key: request.GET[key] for key in request.GET}
    pk = int(params[POSITION_VAR])
    decision = params.get(DECISION_VAR)
    search = params.get(SEARCH_VAR, "")
    page = int(params.get(PAGE_VAR, "1"))
    closed = _closed_positions(request)
    position_pk, position_label, position_short = _position(request, pk, closed)

    rows = _page_rows(model_admin, request, pk, decision, search, page)
    if not rows and page > 1:
        return None  # the ChangeList's answer to a page that is not there (its error page)
    filtered = decision is not None or bool(search)
    total = _position_reviews(pk)
    # The rows shown counted only when a filter or the search narrows them (else the position's reviews).
    shown = _shown(pk, decision, model_admin, request, search).count() if filtered else total
    pages = _Pages(shown)
    multi_page = pages.num_pages > 1

    texts = _texts()
    site = model_admin.admin_site
    user = request.user
    action_choices = model_admin.get_action_choices(request) if model_admin.get_actions(request) else []
    opts = model_admin.model._meta
    on_page = len(rows)
    script_name = request.META["SCRIPT_NAME"]
    shape = {
        "actions": bool(action_choices),
        "has_permission": site.has_permission(request),
        "password_change": user.has_usable_password(),
        "has_site_url": bool(script_name if site.site_url == "/" and script_name else site.site_url),
        "filtered": filtered,
        "has_rows": bool(on_page),
        "partial": shown != on_page,
        "show_all": multi_page and shown <= model_admin.list_max_show_all,
    }
    values = {
        "subtitle": position_label,
        "position_short": position_short,
        "site_url": script_name if site.site_url == "/" and script_name else site.site_url,
        "user_name": user.get_short_name() or user.get_username(),
        "utc_offset": str(int(timezone.localtime().utcoffset().total_seconds())),
        "csrf": get_token(request),
        "messages": _messages(request),
        "search": search,
        "search_hidden": mark_safe(
            "".join(
                f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
                for k, v in params.items()
                if k not in (SEARCH_VAR, PAGE_VAR)
            )
        ),
        "results_text": ngettext("%(counter)s result", "%(counter)s results", shown) % {"counter": shown},
        "total_text": gettext("%(full_result_count)s total") % {"full_result_count": total},
        "unfiltered_url": _query({POSITION_VAR: params[POSITION_VAR]}),
        "action_options": mark_safe(
            "".join(
                f'<option value="{escape(value)}"{"" if value else " selected"}>{escape(str(label))}</option>'
                for value, label in action_choices
            )
        ),
        "count_on_page": str(on_page),
        # Django's own notes (ModelAdmin.changelist_view).
        "selection_note": gettext("0 of %(cnt)s selected") % {"cnt": on_page},
        "selection_note_all": ngettext("%(total_count)s selected", "All %(total_count)s selected", shown)
        % {"total_count": shown},
        "select_all_text": gettext("Select all %(total_count)s %(module_name)s")
        % {"total_count": shown, "module_name": opts.verbose_name_plural},
        "rows": _rows_html(
            rows,
            texts,
            actions=shape["actions"],
            empty=conditional_escape(model_admin.get_empty_value_display()),
        ),
        "page_links": _page_links(params, pages, page) if multi_page else "",
        "result_count": str(shown),
        "verbose_name": str(opts.verbose_name if shown == 1 else opts.verbose_name_plural),
        "show_all_url": _query(params, **{ALL_VAR: ""}),
        "clear_filters_url": _query({SEARCH_VAR: search} if search else {}),
        "facets_url": _query(params, **{FACETS_VAR: "True"}),  # the ChangeList's filters with their counts
        "positions": _links(
            params,
            POSITION_VAR,
            [(gettext("All"), None, False)] + [(label, p, p == position_pk) for p, label, _s in closed],
        ),
        "decision_title": str(Review._meta.get_field("decision").verbose_name),
        "decisions": _links(
            params,
            DECISION_VAR,
            [(gettext("All"), None, decision is None)]
            + [(label, value, value == decision) for value, label in Decision.choices],
        ),
        **{f"sort_{f}": _query(params, **{ORDER_VAR: str(i)}) for f, i in SORTABLE.items()},
    }
    parts = _frame(model_admin, shape, values)
    out = list(parts)
    for i in range(1, len(parts), 2):
        value = values[parts[i]]
        out[i] = value if isinstance(value, SafeString) else escape(value)
    return HttpResponse("".join(out))
